"""Export speed: a 20-minute guided track, one pass, against naive pydub concatenation.

Ours: `pacer_audio.export.export_track` (numpy, each block rendered once, cues added at their sample
offsets, the swell as one vector per block, written as it goes), timed from a cold cache.
Baseline, in the same run: the same track built the way pydub makes easy, one phase at a time
(a silent phase, the cue overlaid on it, the swell overlaid with a fade that follows the
breath) and `track = track + piece`, which copies the whole track at every phase.
Targets: at most 3 s, and at least 10x faster than the baseline.

The baseline grows quadratically. If its 5-minute run predicts more than a minute for 20
minutes, it is scaled linearly from 5 minutes instead (an underestimate, which favours the
baseline) and the output says so.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import report

from pacer.domain.patterns import BUILTIN
from pacer.domain.timeline import Timeline
from pacer_audio.export import export_track

MINUTES = 20.0
STYLE = "bowl"
TARGET_SECONDS = 3.0
TARGET_SPEEDUP = 10.0
NAIVE_BUDGET = 60.0


def naive_pydub(minutes: float, folder: Path) -> float:
    """Build and save the track with pydub `+` per phase; returns seconds taken."""
    from pacer_audio._pydub import audio_segment, quiet
    from pacer_audio.cues import RATE, cue_segment, segment, swell_loop

    with quiet():
        segment_class = audio_segment()
        started = time.perf_counter()
        timeline = Timeline.for_minutes(BUILTIN["resonance"], minutes)
        loop = segment(swell_loop())
        track = segment_class.empty().set_frame_rate(RATE)
        for phase in timeline.phase_starts():
            frames = round((phase.at + phase.seconds) * RATE) - round(phase.at * RATE)
            piece = segment_class(data=bytes(2 * frames), sample_width=2, frame_rate=RATE,
                                  channels=1)
            swell = (loop * 2)[: len(piece)]
            kind = str(phase.phase.kind)
            swell = swell.fade_in(len(piece)) if kind == "inhale" else swell.fade_out(len(piece))
            piece = piece.overlay(swell).overlay(cue_segment(STYLE, kind))
            track = track + piece
        track = track + cue_segment(STYLE, "end")
        track.export(str(folder / "naive.wav"), format="wav")
        return time.perf_counter() - started


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        started = time.perf_counter()
        export_track(BUILTIN["resonance"], MINUTES, style=STYLE, swell=True,
                     output=folder / "ours.wav")
        ours = time.perf_counter() - started

        five = naive_pydub(5.0, folder)
        predicted = five * (MINUTES / 5.0) ** 2
        if predicted <= NAIVE_BUDGET:
            naive = naive_pydub(MINUTES, folder)
            how = "measured"
        else:
            naive = five * MINUTES / 5.0
            how = f"scaled linearly from 5 min ({five:.1f} s), an underestimate"
    ratio = ours / naive
    ok = ours <= TARGET_SECONDS and naive / ours >= TARGET_SPEEDUP
    return 0 if report(
        f"audio export ({MINUTES:g} min, {STYLE}+swell)",
        f"{ours:.2f} s vs naive pydub concat {naive:.1f} s ({how}) -> ratio {ratio:.3f}, "
        f"{naive / ours:.0f}x faster (target <= {TARGET_SECONDS:g} s and >= "
        f"{TARGET_SPEEDUP:g}x faster)",
        ok,
    ) else 1


if __name__ == "__main__":
    sys.exit(main())
