"""The layers stay put at run time, as lint-imports checks them statically (pyproject.toml).

Each check imports modules in a fresh interpreter and looks at `sys.modules`: a lazy import
inside a function escapes a static reading only until it runs, but a module-level import of
Textual, the store or the sound code by the domain shows here. The domain is what the plain
command line, the store and the screens all share, so it must stay light and free of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What each layer must never load. A prefix matches the module and everything under it.
DOMAIN_FORBIDDEN = (
    "textual", "rich", "pacer_audio", "pacer.store", "pacer.services",
    "pacer.screens", "pacer.widgets", "pacer.app", "pacer.cli",
)
NO_FRONT_END = ("textual", "rich")


def loaded_after(imports: str, walk: str | None = None) -> list[str]:
    """Every module name in `sys.modules` after a fresh interpreter imports `imports`.

    `walk`, a package name, also imports each of its modules (found on disk), so a module
    nobody imports yet is checked too.
    """
    code = (
        "import importlib, json, pkgutil, sys\n"
        f"import {imports}\n"
        f"walk = {walk!r}\n"
        "if walk:\n"
        "    package = importlib.import_module(walk)\n"
        "    for info in pkgutil.walk_packages(package.__path__, walk + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))


def matching(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


def test_every_domain_module_loads_no_front_end_store_services_or_sound() -> None:
    modules = loaded_after("pacer.domain", walk="pacer.domain")
    assert "pacer.domain.patterns" in modules and "pacer.domain.arguments" in modules
    assert matching(modules, DOMAIN_FORBIDDEN) == []


def test_every_store_module_loads_no_textual() -> None:
    modules = loaded_after("pacer.store", walk="pacer.store")
    assert len([m for m in modules if m.startswith("pacer.store.")]) > 3
    assert matching(modules, NO_FRONT_END) == []


@pytest.mark.parametrize("front_end", ["pacer.plain", "pacer.calm_plain"])
def test_the_plain_front_ends_load_no_textual(front_end: str) -> None:
    assert matching(loaded_after(front_end), NO_FRONT_END) == []


def test_the_check_sees_a_forbidden_import() -> None:
    """The helper itself works: importing the app does load Textual."""
    assert "textual" in matching(loaded_after("pacer.app"), NO_FRONT_END)
