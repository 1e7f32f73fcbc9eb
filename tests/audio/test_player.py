"""Playback through miniaudio's NULL backend, and the silent fallback when there is no device."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from typing import ClassVar

import numpy as np
import pytest

from pacer.clock import FakeClock, MonotonicClock
from pacer.domain.session import Session
from pacer.domain.timeline import Timeline
from pacer_audio.cues import END_SECONDS, RATE
from pacer_audio.mixer import Mixer, Onset
from pacer_audio.player import (
    BUFFER_MS,
    NOTICE,
    NullPlayer,
    diagnose,
    open_player,
    requested_backends,
)
from pacer_audio.player import END_SECONDS as PLAYER_END_SECONDS
from pacer_audio.settings import SoundSettings
from tests.audio.conftest import timeline

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LEAD = 0.002  # the session is put this far before a boundary: the cue is due inside that pull
HALF_SAMPLE = 0.5 / RATE


class WatchedSession:
    """A Session on a FakeClock, seen from the device's thread: each pull reads `elapsed()`
    once, so counting those reads lets the test wait for the device instead of sleeping."""

    def __init__(self, line: Timeline) -> None:
        self.clock = FakeClock(start=1000.0)
        self.session = Session(line, self.clock)
        self.timeline = line
        self._pulls = 0
        self._pulled = threading.Condition()

    @property
    def started(self) -> bool:
        return self.session.started

    @property
    def paused(self) -> bool:
        return self.session.paused

    @property
    def ended(self) -> bool:
        return self.session.ended

    def elapsed(self) -> float:
        value = self.session.elapsed()
        with self._pulled:
            self._pulls += 1
            self._pulled.notify_all()
        return value

    def settle(self) -> None:
        """Return once the device has run a whole pull that began after this call.

        The pull that counts read `elapsed()` after the count was taken here; the one after it
        began only when that pull had returned, so its onsets are in place.
        """
        with self._pulled:
            target = self._pulls + 3
            assert self._pulled.wait_for(lambda: self._pulls >= target, timeout=10), (
                "the NULL device stopped pulling audio"
            )

    def hear(self, mixer: Mixer) -> list[np.ndarray]:
        """The blocks the device is handed from now on, newest last."""
        heard: list[np.ndarray] = []
        pull = mixer.pull

        def recorded(frames: int) -> np.ndarray:
            block = pull(frames)
            heard.append(block)
            return block

        mixer.pull = recorded  # type: ignore[method-assign]  # the stream looks it up per pull
        return heard

    def breathe_to(self, seconds: float, paused_for: float = 0.0) -> None:
        """Move the fake clock to `seconds` of breathing (after `paused_for` of pauses) and let
        the device pull there."""
        self.clock.set(1000.0 + paused_for + seconds)
        self.settle()


def assert_cue_on_its_sample(onset: Onset, at: float) -> None:
    """The cue for the boundary `at` started in the pull made just before it (the session
    stood LEAD seconds short of it), on the sample where `at` falls: neither early nor late."""
    assert onset.at == at, onset
    assert onset.elapsed == pytest.approx(max(0.0, at - LEAD)), onset
    assert abs(onset.late) <= HALF_SAMPLE, onset


def test_cues_start_on_the_sample_of_their_boundaries_on_the_null_device() -> None:
    """A real miniaudio stream (NULL backend: its own thread and pulls, no sound card) and the
    real mixer; session time comes from a fake clock that the test moves boundary by boundary.
    Within 20 ms of real time then follows from the device's 10 ms buffer (BUFFER_MS)."""
    watched = WatchedSession(timeline("0.5-0-0.5", 0.05))  # six phase changes and the end
    player = open_player(watched, SoundSettings(style="chime", swell=True), backend="null")
    assert player.audible and player.backend == "NULL"
    assert player.notice is None
    assert player.device.buffersize_msec == BUFFER_MS <= 20  # type: ignore[attr-defined]
    mixer: Mixer = player.mixer  # type: ignore[attr-defined]
    try:
        watched.session.start()
        for index, event in enumerate(mixer.schedule.events):
            watched.breathe_to(max(0.0, event.at - LEAD))
            assert len(mixer.onsets) == index + 1, (event, mixer.onsets)
            assert mixer.onsets[index].kind == event.kind
            assert_cue_on_its_sample(mixer.onsets[index], event.at)
    finally:
        player.close()
    assert mixer.failures == 0
    assert [(o.kind, o.at) for o in mixer.onsets] == [(e.kind, e.at) for e in mixer.schedule.events]


def test_pause_silences_the_null_device_and_resume_keeps_the_schedule() -> None:
    watched = WatchedSession(timeline("0.5-0-0.5", 0.05))
    player = open_player(watched, SoundSettings(style="bowl"), backend="null")
    mixer: Mixer = player.mixer  # type: ignore[attr-defined]
    heard = watched.hear(mixer)
    events = mixer.schedule.events
    pause = 1.0
    try:
        watched.session.start()
        for event in events[:3]:  # cues at 0, 0.5 and 1.0 s
            watched.breathe_to(max(0.0, event.at - LEAD))
        watched.breathe_to(1.2)
        assert heard[-1].any()  # the bowl struck at 1.0 s still rings
        watched.session.pause()
        # Paused for a second: by the wall the 1.5 and 2.0 s boundaries have passed.
        watched.clock.advance(pause)
        watched.settle()
        assert not heard[-1].any()  # faded to silence
        assert len(mixer.onsets) == 3  # nothing starts while paused
        watched.session.resume()
        for index, event in enumerate(events[3:], start=3):
            watched.breathe_to(event.at - LEAD, paused_for=pause)
            assert len(mixer.onsets) == index + 1, (event, mixer.onsets)
            assert_cue_on_its_sample(mixer.onsets[index], event.at)
    finally:
        player.close()
    assert mixer.failures == 0
    assert [o.at for o in mixer.onsets] == [e.at for e in events]


def test_close_is_safe_twice_and_stops_the_stream() -> None:
    session = Session(timeline("resonance", 1), MonotonicClock())
    player = open_player(session, SoundSettings(), backend="null")
    player.close()
    player.close()
    assert not player.audible


class FakeTimer:
    """threading.Timer that the test fires by hand."""

    made: ClassVar[list[FakeTimer]] = []

    def __init__(self, interval: float, function: Callable[[], None]) -> None:
        self.interval, self.function = interval, function
        self.daemon = False
        self.started = False
        FakeTimer.made.append(self)

    def start(self) -> None:
        self.started = True


def test_close_later_lets_the_end_sound_ring_without_blocking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = Session(timeline("resonance", 1), MonotonicClock())
    player = open_player(session, SoundSettings(), backend="null")
    FakeTimer.made.clear()
    monkeypatch.setattr(threading, "Timer", FakeTimer)
    player.close(after=0.2)
    assert player.audible  # still ringing: close returned without waiting
    [timer] = FakeTimer.made
    # A daemon timer, so a closing app never waits on it.
    assert (timer.interval, timer.daemon, timer.started) == (0.2, True, True)
    timer.function()  # 0.2 s later
    assert not player.audible


def test_sound_off_is_silent_without_a_notice() -> None:
    session = Session(timeline(), MonotonicClock())
    player = open_player(session, SoundSettings(enabled=False), backend="null")
    assert isinstance(player, NullPlayer)
    assert player.notice is None and not player.audible


def test_no_device_falls_back_to_silence_with_one_calm_notice(
    capfd: pytest.CaptureFixture[str],
) -> None:
    session = Session(timeline(), MonotonicClock())
    first = open_player(session, SoundSettings(), backend="none")
    second = open_player(session, SoundSettings(), backend="none")
    assert isinstance(first, NullPlayer) and isinstance(second, NullPlayer)
    assert first.notice == NOTICE and "\n" not in NOTICE
    assert second.notice is None  # once per run of the app, not at every session
    assert "PACER_AUDIO_BACKEND=none" in first.reason
    first.close()
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_device_that_raises_anything_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    import miniaudio

    def explode(*args: object, **kwargs: object) -> None:
        raise OSError("the driver fell over")

    monkeypatch.setattr(miniaudio, "PlaybackDevice", explode)
    player = open_player(Session(timeline(), MonotonicClock()), backend="null")
    assert isinstance(player, NullPlayer)
    assert player.notice == NOTICE
    assert "the driver fell over" in player.reason


def test_the_players_end_length_matches_the_end_sound() -> None:
    assert PLAYER_END_SECONDS == END_SECONDS


def test_backend_choice_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "null" not in requested_backends()  # auto never picks the silent NULL device
    monkeypatch.setenv("PACER_AUDIO_BACKEND", "null")
    assert requested_backends() == ["null"]
    monkeypatch.setenv("PACER_AUDIO_BACKEND", "ALSA, pulseaudio")
    assert requested_backends() == ["alsa", "pulseaudio"]
    assert requested_backends("none") == []


def test_doctor_lines() -> None:
    assert diagnose("null") == "Sound: ok, backend NULL, default output device."
    line = diagnose("none")
    assert line.startswith("Sound: no output device found (")
    assert line.endswith("Pacer runs silently.")
    assert "\n" not in line


def _alsa_available() -> bool:
    try:
        import miniaudio
    except ImportError:
        return False
    return (sys.platform.startswith("linux") and ctypes.util.find_library("asound") is not None
            and miniaudio.Backend.ALSA in miniaudio.get_enabled_backends())


FALLBACK = textwrap.dedent("""
    import sys
    {before}
    from pacer_audio.player import open_player, diagnose
    from pacer.clock import MonotonicClock
    from pacer.domain.patterns import BUILTIN
    from pacer.domain.session import Session
    from pacer.domain.timeline import Timeline

    session = Session(Timeline.for_minutes(BUILTIN["resonance"], 1), MonotonicClock())
    player = open_player(session)
    print(type(player).__name__)
    print(player.notice)
    print(diagnose())
    player.close()
""")


@pytest.mark.skipif(not _alsa_available(), reason="needs ALSA (Linux) to fail for real")
@pytest.mark.parametrize("before", ["", "import textual  # the TUI draws on stderr"])
def test_real_alsa_failure_writes_nothing_to_stderr(before: str) -> None:
    """ALSA with a missing configuration fails and chatters on fd 2 on any Linux machine."""
    env = {**os.environ, "PACER_AUDIO_BACKEND": "alsa", "ALSA_CONFIG_PATH": "/nonexistent",
           "PYTHONWARNINGS": "default"}
    # The control: miniaudio on its own really does print ALSA's complaints.
    bare = "import miniaudio as m\ntry: m.PlaybackDevice(backends=[m.Backend.ALSA])\n" \
           "except Exception: pass"
    control = subprocess.run([sys.executable, "-c", bare], capture_output=True, env=env,
                             timeout=60)
    assert b"ALSA lib" in control.stderr
    result = subprocess.run([sys.executable, "-c", FALLBACK.format(before=before)],
                            capture_output=True, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "NullPlayer"
    assert lines[1] == NOTICE
    assert lines[2].startswith("Sound: no output device found (ALSA: ")


def test_importing_audio_stays_cheap() -> None:
    """App launch is benchmarked: the light modules must not drag in numpy, pydub or miniaudio."""
    code = textwrap.dedent("""
        import sys
        import pacer_audio, pacer_audio.player, pacer_audio.command, pacer_audio.settings
        import pacer_audio.formats, pacer_audio.errors
        heavy = sorted(m for m in ("numpy", "pydub", "miniaudio") if m in sys.modules)
        print(",".join(heavy))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().strip() == ""
