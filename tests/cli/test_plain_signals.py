"""The one way out of the plain modes: a closed window (SIGHUP), `kill -TERM` and a reader that
stops reading (`| head -2`) all save what was practised or typed, with its real length.

Real processes, a tmp data folder, and no fixed sleeps: each test reads the output until the
line it waits for has appeared, then acts.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

# A 1-second breath: fast enough for a test, long enough to be a real breath (CYCLE_SECONDS).
FAST = "0.5-0-0.5"
WAIT = 30.0  # seconds before a test gives up on a line that never comes


def start(
    home: Path, *args: str, stdin: int | None = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PACER_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "pacer", *args],
        stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )


def read_until(stream: IO[bytes], text: str, seen: bytearray) -> str:
    """Read ``stream`` (unbuffered, so prompts without a newline count) until ``text`` shows."""
    fd = stream.fileno()
    deadline = time.monotonic() + WAIT
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while text.encode() not in seen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never appeared; output so far: {bytes(seen)!r}"
            if selector.select(left):
                chunk = os.read(fd, 4096)
                assert chunk, f"output ended before {text!r}: {bytes(seen)!r}"
                seen += chunk
    return seen.decode()


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=WAIT)
    return process.returncode, (out or b"").decode(), (err or b"").decode()


def records(path: Path) -> list[dict]:
    assert path.exists(), f"{path.name} was not written"
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.parametrize("signo", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_in_plain_breathing_saves_a_partial_with_its_real_length(
    signo: signal.Signals, tmp_path: Path
) -> None:
    process = start(tmp_path, "breathe", "--plain", "--no-sound", "--pattern", FAST,
                    "--minutes", "1")
    assert process.stdout is not None
    seen = bytearray()
    read_until(process.stdout, "Breathe in", seen)
    read_until(process.stdout, "Breathe out", seen)  # half a second breathed, at least
    process.send_signal(signo)
    code, _out, err = finish(process)
    assert code == 128 + signo
    assert "Traceback" not in err and "Exception" not in err
    (record,) = records(tmp_path / "sessions.jsonl")
    assert record["completed"] is False and record["source"] == "plain"
    assert 0.5 <= record["seconds"] < 60 and record["planned_seconds"] == 60
    assert record["pattern"] == FAST


def test_a_closed_pipe_saves_a_partial_quietly(tmp_path: Path) -> None:
    """`pacer breathe --plain --minutes 1 | head -2`: head reads two lines, then goes."""
    process = start(tmp_path, "breathe", "--plain", "--no-sound", "--pattern", FAST,
                    "--minutes", "1")
    assert process.stdout is not None
    seen = bytearray()
    read_until(process.stdout, "Breathe in", seen)
    assert len(bytes(seen).splitlines()) == 2  # the pattern's line, then the first cue
    process.stdout.close()  # the reader is gone: the next cue cannot be written
    process.stdout = None
    code, _out, err = finish(process)
    assert err == ""  # no traceback, no "Exception ignored in: <stdout>"
    assert code == 128 + signal.SIGPIPE
    (record,) = records(tmp_path / "sessions.jsonl")
    assert record["completed"] is False and 0.4 <= record["seconds"] < 60


def test_head_2_in_a_shell_exits_141_quietly_and_saves(tmp_path: Path) -> None:
    """The command as people type it, with the pipeline's own exit status of pacer."""
    env = {**os.environ, "PACER_HOME": str(tmp_path)}
    script = (f"{sys.executable} -m pacer breathe --plain --no-sound --pattern {FAST} "
              "--minutes 1 | head -2; exit ${PIPESTATUS[0]}")
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env,
                            timeout=WAIT * 2)
    assert result.stdout.splitlines()[1] == "Breathe in, 0.5 seconds"
    assert result.stderr == ""
    assert result.returncode == 128 + signal.SIGPIPE
    (record,) = records(tmp_path / "sessions.jsonl")
    assert record["completed"] is False and record["seconds"] < 60


@pytest.mark.parametrize("signo", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_the_routines_breathing_saves_session_and_routine(
    signo: signal.Signals, tmp_path: Path
) -> None:
    (tmp_path / "settings.json").write_text(json.dumps(
        {"schema": 1, "routine_pattern": FAST, "routine_minutes": 1}
    ))
    process = start(tmp_path, "calm", "--plain", stdin=subprocess.PIPE)
    assert process.stdout is not None and process.stdin is not None
    seen = bytearray()
    read_until(process.stdout, "from 0 to 10?", seen)
    process.stdin.write(b"6\n")
    process.stdin.flush()
    read_until(process.stdout, "Start the breathing now?", seen)
    process.stdin.write(b"y\n")
    process.stdin.flush()
    read_until(process.stdout, "Breathe out", seen)
    process.send_signal(signo)
    code, _out, err = finish(process)
    assert code == 128 + signo
    assert "Traceback" not in err
    (session,) = records(tmp_path / "sessions.jsonl")
    assert session["completed"] is False and session["before"] == 6
    assert 0.5 <= session["seconds"] < 60
    (routine,) = records(tmp_path / "journal.jsonl")
    assert routine["kind"] == "routine" and routine["session_id"] == session["id"]
    assert routine["checkin"] == 6 and routine["finished"] is False
    assert routine["left_at"] == "breathe"


@pytest.mark.parametrize("window_closed", [False, True])
def test_a_signal_mid_reappraisal_keeps_the_words_as_a_partial_entry(
    window_closed: bool, tmp_path: Path
) -> None:
    """SIGTERM with the terminal still there, or SIGHUP with it gone (nothing can be printed
    any more, as when the window closes): the words and the routine are kept either way."""
    process = start(tmp_path, "calm", "--plain", stdin=subprocess.PIPE)
    assert process.stdout is not None and process.stdin is not None
    seen = bytearray()
    answers = [("from 0 to 10?", "5"), ("Start the breathing now?", "n"), ("N, New", "y"),
               ("U, Unpredictable", "n"), ("T, Threat", "n"), ("S, Sense of control", "n")]
    for prompt, answer in answers:
        read_until(process.stdout, prompt, seen)
        process.stdin.write(answer.encode() + b"\n")
        process.stdin.flush()
    read_until(process.stdout, "What is new here", seen)
    process.stdin.write(b"The new machine\n")
    process.stdin.flush()
    read_until(process.stdout, "When did you handle", seen)  # waiting for the next answer
    signo = signal.SIGHUP if window_closed else signal.SIGTERM
    if window_closed:
        process.stdout.close()
        process.stdout = None
    process.send_signal(signo)
    code, _out, err = finish(process)
    assert code == 128 + signo and "Traceback" not in err
    entry, routine = records(tmp_path / "journal.jsonl")
    assert entry["kind"] == "reappraisal" and entry["complete"] is False
    assert entry["answers"]["novel"][0]["answer"] == "The new machine"
    assert routine["journal_id"] == entry["id"] and routine["left_at"] == "reappraise"
