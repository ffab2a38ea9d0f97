"""The `sciplan` script and `python -m sciplan`.

The command line is imported here, inside a guard, so that even a Ctrl-C while Python is still
importing it ends with one line and exit code 130, not a traceback.
"""

import sys


def run() -> None:
    try:
        from sciplan.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("sciplan: error: interrupted\n")
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
