"""A guided session saved as an audio file, built in one pass.

The track is rendered straight into 16-bit samples, ten seconds at a time: each block gets the
swell as one vector and every cue overlapping it added at its exact sample offset, then goes to
the file. No segment is ever appended to or overlaid on a growing track (pydub's `+` and
`overlay` copy the whole track each time: quadratic, 20 minutes took 22 s and 80 s that way).

The track is the session plus the whole end sound, so its length is known to the sample
(`Schedule.track_frames`), and each cue starts on round(boundary * RATE).

Nothing partial is ever left behind: the file is written under a temporary name in the same
folder and renamed at the end; on any error or Ctrl+C the temporary file is removed. WAV is
written with the standard library and always works; MP3, OGG and FLAC go through pydub and
ffmpeg, which is checked before any work starts.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from pacer.domain.patterns import Pattern
from pacer.domain.timeline import Ramp, Timeline
from pacer_audio._pydub import audio_segment, find_ffmpeg, quiet
from pacer_audio.cues import RATE, cue, swell_loop, to_int16
from pacer_audio.errors import AudioError
from pacer_audio.formats import NEEDS_FFMPEG, output_format, parse_output
from pacer_audio.schedule import SWELL_IN_SECONDS, Schedule, cue_part, loop_slice
from pacer_audio.settings import parse_style, volume_gain

CHUNK_FRAMES = RATE * 10
ENCODE_SHARE = 0.9  # for MP3/OGG/FLAC the progress bar reaches 90% when rendering is done
_ENCODE_ARGS: dict[str, dict[str, object]] = {
    "mp3": {"bitrate": "96k"},  # mono: plenty for bowls and breath
    "ogg": {"codec": "libvorbis", "parameters": ["-q:a", "4"]},
    "flac": {},
}

Progress = Callable[[float], None]


def render(
    timeline: Timeline,
    *,
    style: str = "bowl",
    swell: bool = False,
    volume: int = 100,
    chunk_frames: int = CHUNK_FRAMES,
) -> Iterator[np.ndarray]:
    """The whole track as successive int16 blocks; their lengths add up to `track_frames`."""
    schedule = Schedule(timeline, style)
    total = schedule.track_frames
    cues = {kind: cue(style, kind) for kind in ("inhale", "hold", "exhale", "end")}
    events = schedule.events
    loop = swell_loop() if swell else None
    ease_frames = SWELL_IN_SECONDS * RATE
    first = 0  # events before this one have finished sounding
    for a in range(0, total, chunk_frames):
        b = min(total, a + chunk_frames)
        out = np.zeros(b - a, dtype=np.float32)
        if loop is not None:
            gain = schedule.swell_gain(np.arange(a, b) / RATE)
            if a < ease_frames:  # the swell eases in over its first moments, as when played
                gain *= np.clip((np.arange(a, b) + 1) / ease_frames, 0.0, 1.0).astype(np.float32)
            out += loop_slice(loop, a, b - a) * gain
        for i in range(first, len(events)):
            event = events[i]
            if event.frame >= b:
                break
            samples = cues[event.kind]
            end = event.frame + min(event.stop, len(samples))
            if end <= a:
                if i == first:
                    first += 1
                continue
            lo, hi = max(a, event.frame), min(b, end)
            part = cue_part(samples, event.stop, lo - event.frame, hi - event.frame)
            out[lo - a : lo - a + len(part)] += part
        yield to_int16(out * np.float32(volume_gain(volume)))


def _write_wav(path: Path, blocks: Iterator[np.ndarray], total: int, progress: Progress) -> None:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.setnframes(total)
        done = 0
        for block in blocks:
            # native int16 (no copy); wave byte-swaps on big-endian hosts
            writer.writeframesraw(block.data)
            done += len(block)
            progress(done / total)


def _encode(source: Path, target: Path, fmt: str, ffmpeg: str) -> None:
    """One pydub call: read the finished WAV, let ffmpeg write the compressed file."""
    with quiet():
        segment_class = audio_segment()
        segment_class.converter = ffmpeg
        try:
            segment = segment_class.from_wav(str(source))
            segment.export(str(target), format=fmt, **_ENCODE_ARGS[fmt]).close()
        except Exception as error:
            detail = str(error).strip().splitlines()
            last = detail[-1][:200] if detail else type(error).__name__
            raise AudioError(f"ffmpeg could not make the {fmt.upper()} file ({last}); "
                             "saving as .wav always works") from None


def _temp_beside(output: Path, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=suffix)
    os.close(handle)
    return Path(name)


def _normal_mode(path: Path) -> None:
    """mkstemp makes 0600 files; give the finished track the mode any new file would get."""
    mask = os.umask(0o022)
    os.umask(mask)
    with contextlib.suppress(OSError):
        path.chmod(0o666 & ~mask)


def ffmpeg_missing_message(fmt: str) -> str:
    return (f"saving as {fmt.upper()} needs ffmpeg, which is not installed. Install it "
            "(for example `sudo apt install ffmpeg` or `brew install ffmpeg`) and try again, "
            "or save as .wav, which always works.")


def export_timeline(
    timeline: Timeline,
    output: Path | str,
    *,
    style: str = "bowl",
    swell: bool = False,
    volume: int = 100,
    progress: Progress | None = None,
) -> Path:
    """Render `timeline` to `output` (format from its extension); returns the final path.

    Raises InputError for a bad style or file name, AudioError when ffmpeg is missing or the
    file cannot be written. Either way no file, partial or temporary, is left behind.
    """
    output = parse_output(str(output))
    fmt = output_format(output)
    style = parse_style(style)
    report = progress or (lambda _fraction: None)
    ffmpeg = find_ffmpeg() if fmt in NEEDS_FFMPEG else None
    if fmt in NEEDS_FFMPEG and ffmpeg is None:
        raise AudioError(ffmpeg_missing_message(fmt))
    total = Schedule(timeline, style).track_frames
    share = 1.0 if ffmpeg is None else ENCODE_SHARE
    temps: list[Path] = []
    try:
        wav = _temp_beside(output, ".wav.part")
        temps.append(wav)
        blocks = render(timeline, style=style, swell=swell, volume=volume)
        _write_wav(wav, blocks, total, lambda done: report(done * share))
        final = wav
        if ffmpeg is not None:
            final = _temp_beside(output, f".{fmt}.part")
            temps.append(final)
            _encode(wav, final, fmt, ffmpeg)
        _normal_mode(final)
        os.replace(final, output)
        report(1.0)
        return output
    except OSError as error:
        reason = error.strerror or str(error)
        raise AudioError(f"could not save '{output}': {reason}") from None
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()


def export_track(
    pattern: Pattern,
    minutes: float,
    *,
    style: str = "bowl",
    swell: bool = False,
    output: Path | str,
    ramp: Ramp | None = None,
    volume: int = 100,
    progress: Progress | None = None,
) -> Path:
    """A guided session of `pattern` for about `minutes` (ending on a whole breath), saved."""
    timeline = Timeline.for_minutes(pattern, minutes, ramp)
    return export_timeline(
        timeline, output, style=style, swell=swell, volume=volume, progress=progress
    )
