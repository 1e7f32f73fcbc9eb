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

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import pacer
from pacer import cli
from pacer.domain.patterns import BUILTIN
from pacer.domain.timeline import Timeline

ROOT = Path(__file__).resolve().parents[1]
DIST = "pacer-breathe"

# What a wheel is built from in a clean checkout: pyproject.toml names every other file.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "pacer", "audio")

# The lines `breathe --plain` prints as each phase starts, e.g. "Breathe in, 5.5 seconds".
PHASE_LINE = re.compile(r"^(Breathe in|Breathe out|Hold), \d+(\.\d)? seconds?$")

VIRTUAL_TIME = '''\
"""Virtual time for the wheel test only: sleeping moves the monotonic clock, instantly."""
import time

_now = [time.monotonic()]


def _monotonic() -> float:
    return _now[0]


def _sleep(seconds: float) -> None:
    _now[0] += max(0.0, seconds)


time.monotonic = _monotonic
time.sleep = _sleep
'''


# --- the command line's own words (no wheel needed) ----------------------------------------


def test_help_says_plain_pacer_opens_the_app() -> None:
    text = " ".join(cli.build_parser().format_help().split())
    assert "Typing pacer on its own, with no command, opens the app." in text


def test_version_is_the_package_version_and_says_beta(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.build_parser().parse_args(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"pacer {pacer.__version__} (beta)"


def test_metadata_takes_its_version_from_the_one_place() -> None:
    """pyproject.toml reads the version from pacer/__init__.py: they cannot drift apart."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["name"] == DIST
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "pacer.__version__"}
    assert pacer.__version__.startswith("0.")
    assert "Development Status :: 4 - Beta" in project["project"]["classifiers"]


def test_every_package_folder_is_listed_for_the_wheel() -> None:
    """The packages are listed by hand (audio/ is mapped to pacer_audio): a new folder must be
    added there, or the wheel would ship without it."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in ROOT.glob("pacer/**/__init__.py")
    }
    assert (ROOT / "audio" / "__init__.py").is_file()
    assert setuptools["package-dir"] == {"pacer_audio": "audio"}
    assert set(setuptools["packages"]) == found | {"pacer_audio"}


# --- the wheel, installed in a fresh venv ----------------------------------------------------


@dataclass(frozen=True)
class Installed:
    """A fresh venv with the wheel in it, a data folder and a folder to run from."""

    wheel: Path
    venv: Path
    home: Path
    elsewhere: Path
    virtual_time: Path

    def run(self, *args: str, fast_clock: bool = False) -> subprocess.CompletedProcess[str]:
        env = {
            key: value for key, value in os.environ.items()
            if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")
        }
        env |= {"PACER_HOME": str(self.home), "PYTHONDONTWRITEBYTECODE": "1"}
        if fast_clock:
            env["PYTHONPATH"] = str(self.virtual_time)
        program = self.venv / "bin" / args[0]
        return subprocess.run(
            [str(program), *args[1:]], capture_output=True, text=True, env=env,
            cwd=self.elsewhere, stdin=subprocess.DEVNULL, timeout=120,
        )


def _check(command: list[str], cwd: Path) -> None:
    """Run a build step; on failure, show its output (pip explains itself there)."""
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in SOURCES:  # a copy: no build/ or egg-info left over from an earlier build
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = base / "dist"
    _check([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
            "--no-build-isolation", "--wheel-dir", str(dist), str(source)], cwd=base)
    (wheel,) = dist.glob("*.whl")

    venv = base / "venv"
    _check([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=base)
    asked = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True, timeout=60,
    )
    fresh_site = Path(asked.stdout.strip())
    # The test venv's folders as plain path entries: its .pth files (the editable install's
    # path to the source) are not read from there, so `pacer` can only come from the wheel.
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (fresh_site / "test-dependencies.pth").write_text("".join(f"{p}\n" for p in sorted(ours)))
    _check([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
            "--quiet", "--no-deps", "--no-index", str(wheel)], cwd=base)

    virtual_time = base / "virtual-time"
    virtual_time.mkdir()
    (virtual_time / "sitecustomize.py").write_text(VIRTUAL_TIME)
    home, elsewhere = base / "home", base / "elsewhere"
    home.mkdir(mode=0o700)
    elsewhere.mkdir()
    yield Installed(wheel, venv, home, elsewhere, virtual_time)



@pytest.mark.wheel
@pytest.mark.xdist_group("wheel")
def test_the_wheel_ships_pacer_and_pacer_audio_and_no_top_level_audio(
    installed: Installed,
) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = wheel.namelist()
        metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
    tops = {name.split("/")[0] for name in names}
    version = pacer.__version__
    assert tops == {"pacer", "pacer_audio", f"pacer_breathe-{version}.dist-info"}
    assert "pacer/pacer.tcss" in names
    shipped = {name for name in names if name.endswith(".py")}
    expected = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("pacer/**/*.py")} | {
        "pacer_audio/" + p.relative_to(ROOT / "audio").as_posix()
        for p in ROOT.glob("audio/**/*.py")
    }
    assert shipped == expected
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    text = metadata.decode()
    assert f"Name: {DIST}\n" in text
    assert f"Version: {version}\n" in text
    assert "License-Expression: MIT\n" in text


@pytest.mark.wheel
@pytest.mark.xdist_group("wheel")
def test_the_installed_command_runs_from_another_folder(installed: Installed) -> None:
    version = installed.run("pacer", "--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"pacer {pacer.__version__} (beta)")

    where = installed.run("python", "-c", textwrap.dedent("""
        import importlib.util, json, pacer, pacer_audio
        print(json.dumps([pacer.__file__, pacer_audio.__file__,
                          importlib.util.find_spec("audio") is None]))
    """))
    assert where.returncode == 0, where.stderr
    pacer_file, audio_file, no_audio = json.loads(where.stdout)
    site = str(installed.venv)
    assert pacer_file.startswith(site) and audio_file.startswith(site)
    assert no_audio, "a top-level `audio` package is importable"

    patterns = installed.run("pacer", "patterns")
    assert patterns.returncode == 0, patterns.stderr
    for pattern in BUILTIN.values():
        assert pattern.name in patterns.stdout


@pytest.mark.wheel
@pytest.mark.xdist_group("wheel")
def test_a_one_minute_plain_session_from_the_installed_command(installed: Installed) -> None:
    done = installed.run("pacer", "breathe", "--plain", "--minutes", "1", "--no-sound",
                         fast_clock=True)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    lines = done.stdout.splitlines()
    pattern = BUILTIN["resonance"]  # the default pattern of an empty data folder
    starts = list(Timeline.for_minutes(pattern, 1).phase_starts())
    assert lines[0].startswith(f"{pattern.name}: in for 4 seconds, out for 6 seconds. 1 minute.")
    phases = lines[1:-2]
    assert len(phases) == len(starts)
    assert all(PHASE_LINE.match(line) for line in phases), phases
    assert lines[-2].startswith("The session is over. Well done: ")
    assert "in 1 minute of" in lines[-2] and lines[-1] == "Saved."

    history = installed.run("pacer", "history", "--json")
    assert history.returncode == 0, history.stderr
    (record,) = json.loads(history.stdout)
    assert record["pattern"] == pattern.key
