"""The package as a Python user gets it: a wheel built from the source, installed in a fresh
virtual environment and run from another folder.

The editable install the tests run against hides packaging mistakes (a file left out of the
wheel, a package installed under a generic top-level name, a command that only works from the
repository), so this builds the wheel offline with the venv's own setuptools, installs it with
no network (`--no-index --no-deps`; the dependencies are reached through the test venv's
site-packages folder) and runs the installed `pacer` command the way a person would.

The one-minute `pacer breathe --plain` runs on virtual time: a `sitecustomize` module placed
only on that process's path makes `time.monotonic` advance by exactly what `time.sleep` is
asked for, so the real command, unchanged, breathes a whole minute in well under a second.
"""

from __future__ import annotations

import pytest

import pacer
from pacer import cli

# --- the command line's own words (no wheel needed) ----------------------------------------


def test_help_says_plain_pacer_opens_the_app() -> None:
    text = " ".join(cli.build_parser().format_help().split())
    assert "Plain `pacer`, with no command, opens the app." in text


def test_version_is_the_package_version_and_says_beta(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.build_parser().parse_args(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"pacer {pacer.__version__} (beta)"
