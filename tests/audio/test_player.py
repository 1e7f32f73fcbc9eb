"""Playback through miniaudio's NULL backend, and the silent fallback when there is no device."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
import textwrap
import time

import pytest

from audio.cues import END_SECONDS
from audio.player import END_SECONDS as PLAYER_END_SECONDS
from audio.player import NOTICE, NullPlayer, diagnose, open_player, requested_backends
from audio.settings import SoundSettings
from pacer.clock import MonotonicClock
from pacer.domain.session import Session
from tests.audio.conftest import timeline

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOLERANCE = 0.020  # the promise: a cue starts within 20 ms of its phase boundary


def test_cues_are_pulled_within_20_ms_of_their_boundaries_on_the_null_device() -> None:
    """A real miniaudio stream (NULL backend: real timing, no sound card) and the real mixer."""
    line = timeline("0.5-0-0.5", 0.05)  # 3 s: six phase changes and the end sound
    clock = MonotonicClock()
    session = Session(line, clock)
    player = open_player(session, SoundSettings(style="chime", swell=True), backend="null")
    assert player.audible and player.backend == "NULL"
    assert player.notice is None
    try:
        session.start()
        start = clock.now()  # Session.elapsed() is measured from this instant
        time.sleep(line.duration + 0.3)
    finally:
        player.close()
    mixer = player.mixer  # type: ignore[attr-defined]
    assert mixer.failures == 0
    expected = [(e.kind, e.at) for e in mixer.schedule.events]
    assert [(o.kind, o.at) for o in mixer.onsets] == expected
    for onset in mixer.onsets:
        boundary = start + onset.at
        # When the device pulled the buffer holding the cue's first sample...
        assert abs(onset.pulled - boundary) <= TOLERANCE, onset
        # ...and when that sample plays on the stream's own timing.
        assert abs(onset.due - boundary) <= TOLERANCE, onset


def test_pause_silences_the_null_device_and_resume_keeps_the_schedule() -> None:
    line = timeline("0.5-0-0.5", 0.05)
    clock = MonotonicClock()
    session = Session(line, clock)
    player = open_player(session, SoundSettings(style="bowl"), backend="null")
    try:
        session.start()
        start = clock.now()
        time.sleep(1.2)  # cues at 0, 0.5 and 1.0 s
        paused_at = clock.now()
        session.pause()
        time.sleep(1.0)
        resumed_at = clock.now()
        session.resume()
        time.sleep(line.duration - 1.2 + 0.3)
    finally:
        player.close()
    pause = resumed_at - paused_at
    mixer = player.mixer  # type: ignore[attr-defined]
    assert [o.at for o in mixer.onsets] == [e.at for e in mixer.schedule.events]
    for onset in mixer.onsets:
        assert not paused_at < onset.pulled < resumed_at  # nothing starts while paused
        boundary = start + onset.at + (pause if onset.at > 1.2 else 0.0)
        assert abs(onset.due - boundary) <= TOLERANCE, onset


def test_close_is_safe_twice_and_stops_the_stream() -> None:
    session = Session(timeline("resonance", 1), MonotonicClock())
    player = open_player(session, SoundSettings(), backend="null")
    player.close()
    player.close()
    assert not player.audible


def test_close_later_lets_the_end_sound_ring_without_blocking() -> None:
    session = Session(timeline("resonance", 1), MonotonicClock())
    player = open_player(session, SoundSettings(), backend="null")
    started = time.monotonic()
    player.close(after=0.2)
    assert time.monotonic() - started < 0.1 and player.audible
    time.sleep(0.5)
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
    from audio.player import open_player, diagnose
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
        import audio, audio.player, audio.command, audio.settings, audio.formats, audio.errors
        heavy = sorted(m for m in ("numpy", "pydub", "miniaudio") if m in sys.modules)
        print(",".join(heavy))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().strip() == ""
