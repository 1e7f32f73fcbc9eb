"""Where the data folder is, and that the store stays light to import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from pacer.paths import data_dir


def test_cli_value_wins_over_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PACER_HOME", str(tmp_path / "env"))
    assert data_dir(str(tmp_path / "cli")) == tmp_path / "cli"


def test_environment_wins_over_platform_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PACER_HOME", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert data_dir("") == tmp_path / "env"  # an empty --data-dir counts as not given


def test_platform_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PACER_HOME", raising=False)
    assert data_dir() == Path(platformdirs.user_data_dir("pacer", appauthor=False))


def test_tilde_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_dir("~/pacer") == tmp_path / "pacer"


def test_data_dir_creates_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PACER_HOME", str(tmp_path / "not-yet"))
    data_dir()
    assert not (tmp_path / "not-yet").exists()


def test_store_and_paths_never_import_textual() -> None:
    code = (
        "import sys, pacer.paths, pacer.store, pacer.store.tools;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'filelock', 'pydantic')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
