"""Playback for a session: one output stream, or a calm silence when there is no device.

`open_player()` opens one miniaudio output stream for the whole session and drives it with
the mixer, in miniaudio's own thread: nothing here blocks the pacer or the UI. When no device
can be opened (no sound card, a server over SSH, a broken driver) it returns a `NullPlayer`
instead; it never raises, and it writes nothing to the terminal. The first fallback in a
process carries one short `notice` for the UI to show; `diagnose()` gives `pacer doctor` the
reason.

This module imports only the standard library at import time; miniaudio and numpy load when
a player is actually opened.

Backends: PACER_AUDIO_BACKEND (or `backend=`) may be "auto" (default: every system backend,
in miniaudio's order), "null" (miniaudio's NULL device: real timing, no sound; for tests and
benchmarks), "none" (behave as if no device exists), or a backend name such as "alsa",
"pulseaudio", "jack", "coreaudio", "wasapi", or a comma-separated list of them.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pacer_audio.quiet import silenced
from pacer_audio.session_protocol import SessionWithTimeline
from pacer_audio.settings import SoundSettings

if TYPE_CHECKING:
    from pacer_audio.mixer import Mixer

ENV_BACKEND = "PACER_AUDIO_BACKEND"
BUFFER_MS = 10  # one device period: the cue can never be more than this early or late
END_SECONDS = 5.0  # how long the end sound rings (pacer_audio.cues.END_SECONDS, without numpy)

NOTICE = "No sound device found, so this session is silent. `pacer doctor` can tell you why."

# miniaudio's own preference order, so "auto" picks what miniaudio would.
_ORDER = ("wasapi", "dsound", "winmm", "coreaudio", "sndio", "audio4", "oss", "pulseaudio",
          "alsa", "jack", "aaudio", "opensl", "webaudio")
_NAMES = {"pulseaudio": "PulseAudio", "alsa": "ALSA", "jack": "JACK", "coreaudio": "Core Audio",
          "wasapi": "WASAPI", "dsound": "DirectSound", "winmm": "WinMM", "null": "NULL"}
# miniaudio result codes seen when opening a device, in words.
_RESULTS = {-203: "not available", -204: "no device", -205: "library not found",
            -208: "not built in", -400: "could not start", -401: "could not open a device",
            -402: "could not start the device"}

_notice_given = False
_close_lock = threading.Lock()




class Player(Protocol):
    """What a screen holds for the length of one session."""

    notice: str | None  # one calm line to show, at most once per run of the app
    backend: str  # "ALSA", "NULL", ... or "silent"
    reason: str  # why there is no sound, when silent ("" otherwise)

    @property
    def audible(self) -> bool: ...

    def close(self, after: float = 0.0) -> None: ...


@dataclass
class NullPlayer:
    """Silence. Used when sound is off, or when no device could be opened."""

    notice: str | None = None
    reason: str = ""
    backend: str = "silent"
    mixer: Mixer | None = None

    @property
    def audible(self) -> bool:
        return False

    def close(self, after: float = 0.0) -> None:
        """Nothing to release."""

    def __enter__(self) -> NullPlayer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class DevicePlayer:
    """A miniaudio output stream fed by the session's mixer until `close()`."""

    device: Any
    mixer: Mixer
    backend: str
    redirect_fd: bool | None = None
    notice: str | None = None
    reason: str = ""
    _closed: bool = field(default=False, repr=False)

    @property
    def audible(self) -> bool:
        return not self._closed

    def close(self, after: float = 0.0) -> None:
        """Stop the stream and release the device (quietly; safe to call twice).

        `after` seconds > 0 returns at once and closes later on a timer thread, so a screen
        that goes away at the finish can still let the end sound ring out (END_SECONDS).
        """
        if after > 0:
            timer = threading.Timer(after, self.close)
            timer.daemon = True
            timer.start()
            return
        with _close_lock:
            if self._closed:
                return
            self._closed = True
        # A device that vanished mid-session is already closed: nothing to report.
        with silenced(self.redirect_fd), contextlib.suppress(Exception):
            self.device.close()

    def __enter__(self) -> DevicePlayer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def requested_backends(backend: str | None = None) -> list[str]:
    """Backend names to try, in order, from the argument or PACER_AUDIO_BACKEND."""
    text = (backend or os.environ.get(ENV_BACKEND) or "auto").strip().lower()
    if text in ("", "auto"):
        return list(_ORDER)
    if text in ("none", "off"):
        return []
    return [name.strip() for name in text.split(",") if name.strip()]


def _describe(error: BaseException) -> str:
    code = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], int) else None
    if code is not None:
        return f"{_RESULTS.get(code, 'failed')} (error {code})"
    return str(error.args[0] if error.args else error) or type(error).__name__


def _open_device(names: Sequence[str], buffer_ms: int) -> tuple[Any, str, list[str]]:
    """Try each backend on its own, in order; returns (device or None, backend, reasons).

    One backend at a time, because miniaudio settles on the first backend whose library loads
    (ALSA loads even with no card) and would not go on to the next when its device fails.
    """
    import miniaudio

    reasons: list[str] = []
    enabled = {b.name.lower(): b for b in miniaudio.get_enabled_backends()}
    for name in names:
        label = _NAMES.get(name, name)
        member = enabled.get(name)
        if member is None:
            if name not in _ORDER and name != "null":
                reasons.append(f"{name}: unknown backend")
            continue
        try:
            device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=44100,
                buffersize_msec=buffer_ms,
                backends=[member],
                app_name="Pacer",
            )
        except Exception as error:
            reasons.append(f"{label}: {_describe(error)}")
            continue
        return device, label, reasons
    if not names:
        reasons.append(f"sound turned off with {ENV_BACKEND}=none")
    elif not reasons:
        reasons.append("no audio system found")
    return None, "", reasons


def _fallback(reasons: list[str]) -> NullPlayer:
    global _notice_given
    notice = None if _notice_given else NOTICE
    _notice_given = True
    return NullPlayer(notice=notice, reason="; ".join(reasons))


def open_player(
    session: SessionWithTimeline,
    sound: SoundSettings | None = None,
    *,
    backend: str | None = None,
    redirect_fd: bool | None = None,
    buffer_ms: int = BUFFER_MS,
) -> Player:
    """Open the session's one output stream and start it; never raises, never prints.

    Call it before `session.start()`: the stream plays silence until the session starts, so
    the first cue lands on time even when the device is slow to open. Pause and resume need
    no call here (the mixer follows the session); call `close()` when the session screen goes.
    `redirect_fd=None` points fd 2 at /dev/null during device set-up unless Textual is running.
    """
    sound = sound or SoundSettings()
    if not sound.enabled:
        return NullPlayer()
    try:
        with silenced(redirect_fd):
            from pacer_audio.mixer import Mixer, stream

            device, label, reasons = _open_device(requested_backends(backend), buffer_ms)
            if device is None:
                return _fallback(reasons)
            mixer = Mixer(
                session.timeline, session, style=sound.style, swell=sound.swell,
                volume=sound.volume,
            )
            feed = stream(mixer)
            next(feed)
            try:
                device.start(feed)
            except Exception as error:
                device.close()
                return _fallback([f"{label}: {_describe(error)}"])
            return DevicePlayer(device, mixer, label, redirect_fd)
    except Exception as error:  # anything at all: a session without sound beats no session
        return _fallback([f"{type(error).__name__}: {error}"])


def diagnose(backend: str | None = None) -> str:
    """One line for `pacer doctor`: which device Pacer would use, or why it runs silently."""
    try:
        with silenced():
            device, label, reasons = _open_device(requested_backends(backend), BUFFER_MS)
            if device is not None:
                device.close()
    except Exception as error:
        return f"Sound: cannot use the audio library ({type(error).__name__}: {error}); " \
               "Pacer runs silently."
    if device is None:
        return f"Sound: no output device found ({'; '.join(reasons)}); Pacer runs silently."
    return f"Sound: ok, backend {label}, default output device."
