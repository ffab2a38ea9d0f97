"""The `sciplan` script and `python -m sciplan`.

The command line is imported here, inside a guard, so that even a Ctrl-C while Python is still
importing it ends with one line and exit code 130, not a traceback.
"""

import gc
import sys

# A run builds hundreds of thousands of records that live until it ends, and hardly any cycles:
# Python's collector, triggered every 700 allocations, re-scanned them again and again (~40% of a
# warm 10k-indicator status, ~20% of a cold check). Collected far less often here, in the
# command-line process only: a program that imports sciplan keeps its own settings. The youngest
# generation still goes every 100,000 allocations (a cycle made and dropped in passing is freed);
# what outlives it is records kept to the end, which the older generations only re-scanned: at
# 20 young collections a middle one, 1.5 s of a warm 100k-indicator `status -f json` (10.6 s).
# Peak memory is the same (a cold 100k `check`: 2,433 MB against 2,431 MB).
GC_THRESHOLD = (100_000, 1000, 10)


_PLUGINS = "pydantic.plugin._loader"


class _NoPlugins:
    """pydantic looks for plugins (package entry points) as it builds a model's validator, and to look
    it imports importlib.metadata: 23 ms of a cold run on the demo (an eighth), even with its own switch
    PYDANTIC_DISABLE_PLUGINS set, which it reads only after that import. sciplan's models take no
    plugins, so in the command-line process only (a program that imports sciplan keeps its plugins),
    when pydantic imports its plugin loader it gets one that finds none, as under
    PYDANTIC_DISABLE_PLUGINS=__all__; any other name it asks of it comes from the real one
    (tests/test_quick.py runs both). An import finder: nothing is loaded before pydantic asks."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> object:
        if name != _PLUGINS:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, _NoPlugins())  # type: ignore[arg-type]

    @staticmethod
    def create_module(spec: object) -> None:
        return None  # a plain module

    @staticmethod
    def exec_module(module: object) -> None:
        module.get_plugins = lambda: ()  # type: ignore[attr-defined]
        module.__getattr__ = _real_loader  # type: ignore[attr-defined]


def _real_loader(name: str) -> object:
    """`name` from pydantic's own plugin loader (loaded on first use; it imports importlib.metadata)."""
    if name.startswith("__"):  # what the import system asks of a module (__path__): a plain module's answer
        raise AttributeError(name)
    from importlib.machinery import PathFinder
    from importlib.util import module_from_spec

    import pydantic.plugin

    spec = PathFinder.find_spec(_PLUGINS, pydantic.plugin.__path__)
    if spec is None or spec.loader is None:
        raise AttributeError(name)
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def run() -> None:
    gc.set_threshold(*GC_THRESHOLD)
    if _PLUGINS not in sys.modules:
        sys.meta_path.insert(0, _NoPlugins)  # type: ignore[arg-type]
    try:
        from sciplan.cli import main

        main()  # it ends the process itself; a Ctrl-C before its own guard is up lands here
    except KeyboardInterrupt:
        sys.stderr.write("sciplan: error: interrupted\n")
        raise SystemExit(130) from None


if __name__ == "__main__":
    run()
