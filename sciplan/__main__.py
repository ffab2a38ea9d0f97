"""The `sciplan` script and `python -m sciplan`.

The command line is imported here, inside a guard, so that even a Ctrl-C while Python is still
importing it ends with one line and exit code 130, not a traceback.
"""

import gc
import sys

# A run builds hundreds of thousands of records that live until it ends, and hardly any cycles:
# Python's collector, triggered every 700 allocations, re-scanned them again and again (~40% of a
# warm 10k-indicator status, ~20% of a cold check). Collected far less often here, in the
# command-line process only: a program that imports sciplan keeps its own settings.
GC_THRESHOLD = (100_000, 20, 10)


def run() -> None:
    gc.set_threshold(*GC_THRESHOLD)
    try:
        from sciplan.cli import main

        main()  # it ends the process itself; a Ctrl-C before its own guard is up lands here
    except KeyboardInterrupt:
        sys.stderr.write("sciplan: error: interrupted\n")
        raise SystemExit(130) from None


if __name__ == "__main__":
    run()
