"""Drive Pacer in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """One tmux session of a fixed size running one command."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)):
        self.name = f"pacer-e2e-{uuid.uuid4().hex[:8]}"
        self.socket = f"pacer-e2e-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        line = f"env {exports} {shlex.join(command)}; echo '[exited]' $?; sleep 600"
        columns, rows = size
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(columns), "-y", str(rows), line)

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, timeout=20, check=True,
        )
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = 20.0) -> str:
        """Poll the screen until `predicate` holds (or the text appears); fail with the screen."""
        check = (lambda s: predicate in s) if isinstance(predicate, str) else predicate
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.05)
        pytest.fail(f"timed out waiting for {predicate!r}; the screen was:\n{screen}")

    def pane_pid(self) -> int:
        """The process tmux started in the pane (the shell that runs the command)."""
        return int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def program_pid(self, timeout: float = 10.0) -> int:
        """The command itself (the pane shell's child), e.g. to send it a signal."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = children(self.pane_pid())
            if found:
                return found[0]
            time.sleep(0.05)
        pytest.fail("the command in the pane never started")

    def close_window(self) -> None:
        """What closing the terminal window does: tmux hangs up the pane (SIGHUP)."""
        self._tmux("kill-session", "-t", self.name)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


def children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (read from /proc, so no ps or pgrep is needed)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return sorted(found)


def is_gone(pid: int) -> bool:
    """True once ``pid`` has exited (or is a zombie waiting for its parent)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment for one run: its own HOME, plain terminal settings, no animations."""
    return {
        "TERM": "xterm-256color",
        "HOME": str(home),
        "PATH": os.environ.get("PATH", ""),
        "TEXTUAL_ANIMATIONS": "none",
        **extra,
    }


def pacer_command(data_dir: Path, *args: str, welcome: bool = False) -> list[str]:
    """Pacer on `data_dir` without sound. Unless `welcome`, the first-run welcome and the
    per-pattern safety notes are skipped (PACER_SKIP_WELCOME=1), so a test starts on Today."""
    command = [sys.executable, "-m", "pacer", "--data-dir", str(data_dir), "--no-sound", *args]
    return command if welcome else ["env", "PACER_SKIP_WELCOME=1", *command]
