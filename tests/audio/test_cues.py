"""The synthesized sounds: lengths, format, headroom, soft edges, and inhale != exhale."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from pacer_audio import cues
from pacer_audio.cues import CUE_KINDS, CUE_PEAK, END_SECONDS, HOLD_PEAK, RATE, STYLES, cue

ALL = [(style, kind) for style in STYLES for kind in CUE_KINDS]


def dominant_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE)[np.argmax(spectrum)])


def test_styles_include_the_three_asked_for() -> None:
    assert {"chime", "bowl", "tone"} <= set(STYLES)


@pytest.mark.parametrize(("style", "kind"), ALL)
def test_cue_lengths(style: str, kind: str) -> None:
    seconds = len(cue(style, kind)) / RATE
    if kind == "end":
        assert len(cue(style, kind)) == round(END_SECONDS * RATE)  # part of the exact track length
    else:
        # Long enough to hear, short enough to end well inside the shortest built-in phase (1 s
        # top-up in cyclic sighing is covered by the voice limit, not by the cue's length).
        assert 0.3 <= seconds <= 3.2


@pytest.mark.parametrize(("style", "kind"), ALL)
def test_no_clipping_and_gentle_peaks(style: str, kind: str) -> None:
    samples = cue(style, kind)
    peak = float(np.max(np.abs(samples)))
    limit = HOLD_PEAK if kind == "hold" else CUE_PEAK
    assert peak == pytest.approx(limit, rel=1e-3)
    assert peak <= 0.25  # at least 12 dB below full scale
    pcm = cues.to_int16(samples)
    assert np.max(np.abs(pcm.astype(np.int32))) < 32767 // 3


@pytest.mark.parametrize(("style", "kind"), ALL)
def test_soft_edges_do_not_click(style: str, kind: str) -> None:
    samples = cue(style, kind)
    assert samples[0] == 0.0
    assert abs(float(samples[-1])) < 1e-4
    # The attack ramps up: no jump between neighbouring samples in the first millisecond.
    head = samples[: RATE // 1000]
    assert np.max(np.abs(np.diff(head))) < 0.05


@pytest.mark.parametrize("style", STYLES)
def test_inhale_and_exhale_are_clearly_different(style: str) -> None:
    inhale, exhale = cue(style, "inhale"), cue(style, "exhale")
    assert not np.array_equal(inhale, exhale)
    # A different main pitch, by more than a semitone.
    low, high = sorted((dominant_hz(inhale), dominant_hz(exhale)))
    assert high / low > 2 ** (1 / 12)
    # And different shapes overall, not the same sound shifted a little.
    n = min(len(inhale), len(exhale))
    a, b = inhale[:n], exhale[:n]
    correlation = float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))
    assert abs(correlation) < 0.5


@pytest.mark.parametrize("style", ["chime", "tone"])
def test_inhale_rises_and_exhale_falls(style: str) -> None:
    def pitch_path(samples: np.ndarray) -> tuple[float, float]:
        quarter = len(samples) // 4
        return dominant_hz(samples[:quarter]), dominant_hz(samples[2 * quarter : 3 * quarter])

    start, later = pitch_path(cue(style, "inhale"))
    assert later > start
    start, later = pitch_path(cue(style, "exhale"))
    assert later < start


def test_bowl_has_inharmonic_partials_and_a_slow_decay() -> None:
    samples = cue("bowl", "exhale").astype(np.float64)
    spectrum = np.abs(np.fft.rfft(samples))
    freqs = np.fft.rfftfreq(len(samples), 1 / RATE)
    f0 = dominant_hz(samples)
    # The second strongest region sits near 2.71 x f0: a bowl, not a harmonic (2x) tone.
    band = (freqs > 1.5 * f0) & (freqs < 4 * f0)
    second = freqs[band][np.argmax(spectrum[band])]
    assert second / f0 == pytest.approx(2.71, abs=0.05)
    # Still ringing after a second and a half, fading, not cut off.
    def rms(a: float, b: float) -> float:
        return float(np.sqrt(np.mean(samples[int(a * RATE) : int(b * RATE)] ** 2)))

    assert rms(0.1, 0.3) > rms(1.5, 1.7) > 0.02 * rms(0.1, 0.3)


def test_cues_are_cached_and_read_only() -> None:
    assert cue("bowl", "inhale") is cue("bowl", "inhale")
    with pytest.raises(ValueError):
        cue("bowl", "inhale")[0] = 1.0


def test_unknown_style_or_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        cue("gong", "inhale")
    with pytest.raises(ValueError):
        cue("bowl", "sigh")


def test_pydub_segments_have_the_right_format() -> None:
    segment = cues.cue_segment("chime", "inhale")
    assert segment.frame_rate == RATE == 44100
    assert segment.channels == 1
    assert segment.sample_width == 2
    assert len(segment) == round(len(cue("chime", "inhale")) / RATE * 1000)
    assert segment.max < 32767 // 3


def test_swell_loop_is_seamless_and_soft() -> None:
    loop = cues.swell_loop().astype(np.float64)
    assert np.max(np.abs(loop)) == pytest.approx(cues.SWELL_PEAK, rel=1e-3)
    typical_step = float(np.mean(np.abs(np.diff(loop))))
    assert abs(loop[0] - loop[-1]) < 6 * typical_step  # the join is like any other step


def test_pydub_stays_quiet_without_ffmpeg(tmp_path: os.PathLike[str]) -> None:
    """pydub warns about ffmpeg at import; through pacer_audio.cues nothing reaches stderr."""
    code = "from pacer_audio.cues import cue_segment; cue_segment('bowl', 'end')"
    env = {**os.environ, "PATH": str(tmp_path), "PYTHONWARNINGS": "default"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env,
                            cwd=os.getcwd(), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
