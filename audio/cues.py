"""Every sound Pacer makes, synthesized here: no audio files are downloaded or shipped.

Each style has an inhale cue, an exhale cue (clearly different: people breathing with their
eyes closed must tell them apart), a very soft hold cue, and an end-of-session sound. The
optional swell is a soft, shaped noise that loops seamlessly; the mixer and the exporter scale it
with the breath.

Samples are synthesized with numpy (fast) as mono float32 in -1..1 and cached in memory: a cue
is rendered once per process. `segment()` wraps them as pydub AudioSegments for anyone who wants
pydub's tools. Every cue starts from silence with a raised-cosine attack and ends at exactly 0,
so nothing clicks, and peaks stay far below full scale so three overlapping cues plus the swell
still cannot clip (see `mixer.MAX_VOICES`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from pacer_audio.settings import STYLES

__all__ = [
    "CUE_KINDS",
    "CUE_PEAK",
    "END_PEAK",
    "END_SECONDS",
    "HOLD_PEAK",
    "RATE",
    "STYLES",
    "SWELL_PEAK",
    "cue",
    "cue_segment",
    "segment",
    "swell_loop",
    "to_int16",
]

RATE = 44100  # samples per second; CD rate, played and exported as mono 16-bit
CUE_KINDS: tuple[str, ...] = ("inhale", "hold", "exhale", "end")

CUE_PEAK = 0.25  # about -12 dBFS: gentle, and 3 cues + swell stay under full scale
HOLD_PEAK = 0.08  # a hold is a whisper: present for those who want it, easy to ignore
END_PEAK = 0.25
SWELL_PEAK = 0.12
END_SECONDS = 5.0  # the end sound has a fixed length, so an exported track's length is exact

Array = np.ndarray[Any, np.dtype[np.float32]]


def _time(seconds: float) -> np.ndarray:
    return np.arange(round(seconds * RATE), dtype=np.float64) / RATE


def _envelope(n: int, attack: float, release: float) -> np.ndarray:
    """1 in the middle, raised-cosine ramps from 0 and back to 0: no click at either end."""
    env = np.ones(n)
    a = max(1, min(n // 2, round(attack * RATE)))
    r = max(1, min(n // 2, round(release * RATE)))
    env[:a] = 0.5 - 0.5 * np.cos(np.pi * np.arange(a) / a)
    env[n - r :] = 0.5 + 0.5 * np.cos(np.pi * (np.arange(1, r + 1)) / r)
    return env


def _finish(wave: np.ndarray, peak: float) -> Array:
    """Normalise to `peak`, make it float32 and read-only (the cache hands out one array)."""
    top = float(np.max(np.abs(wave)))
    out = (wave * (peak / top if top else 0.0)).astype(np.float32)
    out.setflags(write=False)
    return out


def _bowl(f0: float, seconds: float, decay: float) -> np.ndarray:
    """A singing bowl: inharmonic partials, each a slowly beating pair, higher ones fade first."""
    t = _time(seconds)
    wave = np.zeros_like(t)
    # (frequency ratio, amplitude, decay factor): ratios measured on real bowls are near these.
    for ratio, amp, factor in ((1.0, 1.0, 1.0), (2.71, 0.45, 0.6), (5.15, 0.2, 0.4),
                               (8.43, 0.08, 0.25)):
        f = f0 * ratio
        beat = 0.6 * np.sqrt(ratio)  # the slow "wah" of a bowl comes from near-equal pairs
        pair = np.sin(2 * np.pi * (f - beat / 2) * t) + np.sin(2 * np.pi * (f + beat / 2) * t)
        wave += amp * pair * np.exp(-t / (decay * factor))
    return wave * _envelope(len(t), 0.015, 0.25)


def _bell(freqs: list[float], gap: float, seconds: float, decay: float) -> np.ndarray:
    """A soft chime: bell-like notes started `gap` seconds apart."""
    t = _time(seconds)
    wave = np.zeros_like(t)
    for k, f0 in enumerate(freqs):
        start = k * gap
        local = np.clip(t - start, 0.0, None)
        on = t >= start
        note = np.zeros_like(t)
        for ratio, amp in ((1.0, 1.0), (2.0, 0.3), (3.01, 0.1), (4.2, 0.05)):
            note += amp * np.sin(2 * np.pi * f0 * ratio * local) * np.exp(-local * ratio / decay)
        strike = _envelope(len(t), 0.006, 0.0001) if k == 0 else np.clip(local / 0.006, 0, 1)
        wave += np.where(on, note * strike, 0.0)
    return wave * _envelope(len(t), 0.006, 0.2)


def _glide(f_from: float, f_to: float, seconds: float) -> np.ndarray:
    """A soft sine that glides in pitch: up for breathing in, down for breathing out."""
    t = _time(seconds)
    freq = f_from + (f_to - f_from) * (0.5 - 0.5 * np.cos(np.pi * t / seconds))
    phase = 2 * np.pi * np.cumsum(freq) / RATE
    wave = np.sin(phase) + 0.12 * np.sin(2 * phase)
    return wave * _envelope(len(t), 0.12, 0.4)


def _chord(freqs: list[float], seconds: float) -> np.ndarray:
    t = _time(seconds)
    wave = sum(np.sin(2 * np.pi * f * t) for f in freqs) * np.exp(-t / 1.8)
    return np.asarray(wave) * _envelope(len(t), 0.3, 1.5)


def _fit(wave: np.ndarray, seconds: float) -> np.ndarray:
    """Pad or cut to an exact length (the end sound's length is part of the track length)."""
    n = round(seconds * RATE)
    out = np.zeros(n)
    out[: min(n, len(wave))] = wave[:n]
    return out


def _synthesize(style: str, kind: str) -> tuple[np.ndarray, float]:
    if style == "bowl":
        table = {
            "inhale": (lambda: _bowl(293.66, 3.0, 0.9), CUE_PEAK),  # D4: brighter, lifts
            "exhale": (lambda: _bowl(196.0, 3.0, 1.0), CUE_PEAK),  # G3: lower, settles
            "hold": (lambda: _bowl(587.33, 0.8, 0.2), HOLD_PEAK),
            "end": (lambda: _fit(_bowl(146.83, END_SECONDS, 1.6), END_SECONDS), END_PEAK),
        }
    elif style == "chime":
        table = {
            "inhale": (lambda: _bell([659.25, 987.77], 0.14, 1.6, 0.6), CUE_PEAK),  # rising
            "exhale": (lambda: _bell([987.77, 659.25], 0.14, 1.6, 0.6), CUE_PEAK),  # falling
            "hold": (lambda: _bell([1318.5], 0.0, 0.5, 0.15), HOLD_PEAK),
            "end": (lambda: _fit(_bell([987.77, 783.99, 659.25], 0.35, END_SECONDS, 1.2),
                                 END_SECONDS), END_PEAK),
        }
    elif style == "tone":
        table = {
            "inhale": (lambda: _glide(261.63, 349.23, 1.0), CUE_PEAK),  # C4 up to F4
            "exhale": (lambda: _glide(329.63, 220.0, 1.2), CUE_PEAK),  # E4 down to A3, longer
            "hold": (lambda: _glide(311.13, 311.13, 0.6), HOLD_PEAK),
            "end": (lambda: _fit(_chord([261.63, 392.0, 523.25], END_SECONDS), END_SECONDS),
                    END_PEAK),
        }
    else:
        raise ValueError(f"unknown sound style {style!r}")
    make, peak = table[kind]
    return make(), peak


@cache
def cue(style: str, kind: str) -> Array:
    """The cue for a phase kind ("inhale", "hold", "exhale") or "end", mono float32 at RATE."""
    if kind not in CUE_KINDS:
        raise ValueError(f"unknown cue {kind!r}")
    wave, peak = _synthesize(style, kind)
    return _finish(wave, peak)


@cache
def swell_loop(seconds: float = 6.0) -> Array:
    """Soft, breathy noise that loops without a seam, at peak SWELL_PEAK before the breath gain.

    Shaped in the frequency domain (random phases, a gentle low band): the inverse FFT of any
    spectrum is periodic, so the loop's end joins its start exactly. A fixed seed keeps exports
    reproducible.
    """
    n = round(seconds * RATE)
    rng = np.random.default_rng(7)
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    shape = np.zeros_like(freqs)
    band = freqs > 40
    shape[band] = 1.0 / np.sqrt(freqs[band])  # pink-ish: warm, not hissy
    shape *= 1.0 / (1.0 + (freqs / 1200.0) ** 4)  # roll off the top like a distant sea
    spectrum = shape * np.exp(2j * np.pi * rng.random(len(freqs)))
    wave = np.fft.irfft(spectrum, n)
    return _finish(wave, SWELL_PEAK)


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float -1..1 to 16-bit PCM, rounded and clipped (clipping should never be needed)."""
    return np.clip(np.rint(samples * 32767.0), -32768, 32767).astype(np.int16)


def segment(samples: np.ndarray) -> Any:
    """A pydub AudioSegment (mono, 16-bit, RATE) holding these float samples."""
    from pacer_audio._pydub import audio_segment

    return audio_segment()(
        data=to_int16(samples).tobytes(), sample_width=2, frame_rate=RATE, channels=1
    )


@cache
def cue_segment(style: str, kind: str) -> Any:
    """A cue as a pydub AudioSegment, cached like the samples."""
    return segment(cue(style, kind))
