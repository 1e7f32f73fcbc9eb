from __future__ import annotations

from pathlib import Path

import pytest

from pacer.store import Store
from tests.store.helpers import Syscalls


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "pacer-data"


@pytest.fixture
def store(root: Path) -> Store:
    return Store(root, lock_timeout=5.0)


@pytest.fixture
def syscalls(monkeypatch: pytest.MonkeyPatch) -> Syscalls:
    return Syscalls(monkeypatch)
