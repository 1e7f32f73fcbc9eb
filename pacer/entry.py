"""The `pacer` command's first step: `pacer status` answers before anything else loads.

`pacer status` runs at every new shell (a line in ~/.bashrc), so it must cost about as much as
starting Python: :mod:`pacer.status` reads what it needs with the standard library's cheapest
parts. Everything else goes to :func:`pacer.cli.main`, which builds the full parser (and whose
imports are what the status line must not pay for). `python -m pacer` comes here too.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run `pacer` with ``argv`` (default: the command line's arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "status" in args:
        from pacer.status import fast

        code = fast(args)
        if code is not None:
            return code
    from pacer.cli import main as cli_main

    return cli_main(args)
