"""kitgen's command line: one module per group of commands, all on one Typer app.

User mistakes print every problem and exit 1, with no traceback; a bug in
kitgen exits 70 with the details in a file (kitgen.cli.app).
"""

from __future__ import annotations

from kitgen.cli import checks, i18n, library, make, serve, suggest  # noqa: F401 - each registers its commands
from kitgen.cli.app import app


def main() -> None:
    app()


if __name__ == "__main__":
    main()
