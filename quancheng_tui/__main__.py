"""Entry point of the `quancheng` command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:  # an admin's script: no need to load the CLI
        from . import __version__

        print(f"quancheng {__version__}")
        return 0
    from .commands.state import plain_tui

    plain = plain_tui(sys.argv[1:] if argv is None else argv)
    if plain is not None:  # the counter's TUI, without loading the command line (issue 17: start-up)
        from .commands.tui import run_plain

        return run_plain(*plain)
    from .cli import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
