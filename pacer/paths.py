"""Where Pacer keeps its data.

This module only *computes* the data folder: it never creates or writes anything, and it never
imports Textual, so the command line and the store can use it cheaply.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "PACER_HOME"


def data_dir(cli_value: str | None = None) -> Path:
    """Return the data folder: ``--data-dir``, else ``$PACER_HOME``, else the platform default.

    The platform default comes from :mod:`platformdirs` (e.g. ``~/.local/share/pacer`` on Linux)
    so we never hand-write per-OS rules. ``~`` is expanded in explicit values because people type
    ``--data-dir ~/pacer`` in quotes. Empty strings count as "not given".
    """
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs  # imported lazily: only needed when nothing was given

    return Path(platformdirs.user_data_dir("pacer", appauthor=False))
