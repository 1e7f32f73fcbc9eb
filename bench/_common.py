"""Shared helpers for the benchmarks: running programs in a pseudo-terminal and reporting.

A pty is a real terminal device to the program under test (Textual cannot tell it from
xterm), and reading it from here gives exact arrival times without a terminal emulator's own
polling in the way.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import shlex
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PYCACHE = Path(tempfile.gettempdir()) / "pacer-bench-pycache"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(name: str, line: str, ok: bool) -> bool:
    print(f"{name}: {line} {verdict(ok)}", flush=True)
    return ok


@dataclass
class PtyProcess:
    """A child process attached to a fresh pseudo-terminal of a given size."""

    argv: Sequence[str]
    env: dict[str, str] = field(default_factory=dict)
    size: tuple[int, int] = (80, 24)
    pid: int = 0
    fd: int = -1
    started: float = 0.0
    output: bytearray = field(default_factory=bytearray)

    def spawn(self) -> PtyProcess:
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **self.env}
        # Measure Python as people run it: with compiled bytecode cached. This machine sets
        # PYTHONDONTWRITEBYTECODE, which would recompile every module of ours at each launch.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.setdefault("PYTHONPYCACHEPREFIX", str(PYCACHE))
        self.started = time.monotonic()
        pid, fd = os.forkpty()
        if pid == 0:  # child
            try:
                os.execvpe(self.argv[0], list(self.argv), env)
            finally:
                os._exit(127)
        columns, rows = self.size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.pid, self.fd = pid, fd
        return self

    def read_for(self, seconds: float) -> None:
        """Drain output for `seconds` (a terminal that is not read blocks the program)."""
        self.read_until(None, seconds)

    def read_until(self, marker: bytes | None, timeout: float) -> float | None:
        """Read until `marker` appears; returns seconds since spawn, or None on timeout."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return None
            if not chunk:
                return None
            self.output += chunk
            if marker is not None and marker in self.output:
                return time.monotonic() - self.started
        return None

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the child so far, from /proc."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def bench_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a measured program gets: cached bytecode, as people run Python."""
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(extra or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(PYCACHE))
    return env


class Tmux:
    """A private tmux server, read through one control-mode client.

    A real terminal emulator between the program and the reader: what `capture-pane` returns
    is what tmux has drawn. Commands go through one long-lived control client (`tmux -C`), so
    reading the pane every few milliseconds costs a line on a pipe, not a new process each
    time. The socket is private (`PACER_BENCH_TMUX_SOCKET` names it, else one per process).
    """

    def __init__(self, size: tuple[int, int] = (80, 24), env: dict[str, str] | None = None):
        self.socket = os.environ.get("PACER_BENCH_TMUX_SOCKET") or f"pacer-bench-{os.getpid()}"
        self.size = size
        self.env = bench_env(env)
        self._client: subprocess.Popen[str] | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="pacer-bench-tmux-")
        self._scripts = 0

    def _argv(self, *args: str) -> list[str]:
        return ["tmux", "-L", self.socket, "-f", "/dev/null", *args]

    def __enter__(self) -> Tmux:
        columns, rows = self.size
        # A placeholder window keeps the server up. A control client has no size of its own,
        # so every window opened later keeps this size: the same picture as in a pty.
        subprocess.run(
            self._argv("new-session", "-d", "-s", "bench", "-x", str(columns), "-y", str(rows),
                       "sleep 86400"),
            env=self.env, check=True, capture_output=True, timeout=20,
        )
        try:
            self._client = subprocess.Popen(
                self._argv("-C", "attach", "-t", "bench"), env=self.env, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                bufsize=1,
            )
            assert self._client.stdout is not None
            for line in self._client.stdout:  # attached once tmux says which session it shows
                if line.startswith("%session-changed"):
                    break
            self.command("refresh-client -f no-output")  # no copy of every byte panes get
            [size], _ = self.command("display -p -t bench '#{window_width}x#{window_height}'")
            if size != f"{columns}x{rows}":
                raise RuntimeError(f"tmux window is {size}, not {columns}x{rows}")
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_: object) -> None:
        subprocess.run(self._argv("kill-server"), capture_output=True, timeout=20)
        if self._client is not None:
            with contextlib.suppress(OSError):
                self._client.kill()
            self._client.wait(timeout=20)
        self._folder.cleanup()

    def command(self, line: str) -> tuple[list[str], float]:
        """Run one tmux command; its output lines and the moment its reply arrived."""
        client = self._client
        assert client is not None and client.stdin is not None and client.stdout is not None
        client.stdin.write(line + "\n")
        client.stdin.flush()
        output: list[str] = []
        inside = False
        for raw in client.stdout:
            text = raw.rstrip("\n")
            if text.startswith("%begin") and text.endswith(" 1"):  # 1: a command of ours
                inside, output = True, []
            elif inside and text.startswith(("%end", "%error")):
                if text.startswith("%error"):
                    raise RuntimeError(f"tmux {line!r}: {' '.join(output)}")
                return output, time.monotonic()
            elif inside:
                output.append(text)
        raise RuntimeError(f"tmux control client closed during {line!r}")

    def open(self, argv: Sequence[str]) -> tuple[str, float]:
        """Start `argv` in a new 80x24 window; its pane id and the moment tmux started it.

        The command goes through a one-line script: a control client reads one command per
        line, and an argument may hold newlines (the bare app's `-c` program)."""
        self._scripts += 1
        script = Path(self._folder.name) / f"run-{self._scripts}.sh"
        script.write_text(f"exec {shlex.join(argv)}\n", encoding="utf-8")
        [pane], at = self.command(
            "new-window -d -P -F '#{pane_id}' " + shlex.quote(f"sh {shlex.quote(str(script))}")
        )
        return pane, at

    def screen(self, pane: str) -> tuple[list[str], float]:
        """The pane's text as drawn now, and when it was read."""
        return self.command(f"capture-pane -p -t {pane}")

    def wait_for(self, pane: str, marker: str, timeout: float) -> float | None:
        """Read the pane until `marker` shows; the moment it was first seen, or None."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines, at = self.screen(pane)
            if any(marker in line for line in lines):
                return at
            time.sleep(POLL)
        return None

    def close(self, pane: str) -> None:
        self.command(f"kill-pane -t {pane}")


#: How long to sleep between two readings of a tmux pane (each reading takes ~0.3 ms more).
POLL = 0.002


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


BARE_APP = """
import sys, time
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Ready", id="line")

    def on_mount(self):
        if "--animate" in sys.argv:
            self.set_interval(1 / 30, self.tick)

    def tick(self):
        self.query_one("#line", Static).update(f"Ready {time.monotonic():.3f}")

Bare().run()
"""


def bare_app_argv(animate: bool) -> list[str]:
    """A bare Textual app: one line of text, redrawn 30 times a second when animating."""
    return [PYTHON, "-c", BARE_APP, *(["--animate"] if animate else [])]


def pacer_argv(data_dir: str, *args: str) -> list[str]:
    return [PYTHON, "-m", "pacer", "--data-dir", data_dir, "--no-sound", *args]


def seed_sessions(folder: Path, count: int, years: float = 10.0) -> None:
    """Write `count` realistic session records spread over `years`, oldest first, directly."""
    import json
    import uuid
    from datetime import datetime, timedelta

    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = datetime.now().astimezone()
    start = now - timedelta(days=365 * years)
    step = (now - start) / max(count, 1)
    lines = []
    for i in range(count):
        started = start + step * i
        seconds = 300.0 if i % 3 else 172.5
        lines.append(json.dumps({
            "id": str(uuid.UUID(int=i + 1)),
            "schema": 1,
            "started": started.isoformat(timespec="seconds"),
            "ended": (started + timedelta(seconds=seconds)).isoformat(timespec="seconds"),
            "pattern": "resonance",
            "rhythm": "4-0-6-0",
            "seconds": seconds,
            "planned_seconds": 300.0,
            "completed": bool(i % 3),
            "before": 6 if i % 2 else None,
            "after": 3 if i % 2 else None,
            "note": None,
            "source": "app",
        }))
    path = folder / "sessions.jsonl"
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    path.chmod(0o600)
