"""Which audio files Pacer can write, checked from the name a person typed (stdlib only).

Kept apart from `pacer_audio.export` so argparse can validate `-o FILE` without loading numpy.
"""

from __future__ import annotations

from pathlib import Path

from pacer.domain.errors import InputError

# File extension -> ffmpeg/pydub format name. WAV is written by Pacer itself; the rest need ffmpeg.
FORMATS: dict[str, str] = {".wav": "wav", ".mp3": "mp3", ".ogg": "ogg", ".flac": "flac"}
NEEDS_FFMPEG = frozenset({"mp3", "ogg", "flac"})


def output_format(path: Path) -> str:
    """The format for a file name, from its extension; InputError names the file if unknown."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        choices = ", ".join(FORMATS)
        raise InputError(f"'{path}': Pacer can save {choices} files; end the name with one of them")
    return fmt


def parse_output(text: str) -> Path:
    """An output file as typed: a known extension, in a folder that exists, not a folder itself."""
    if not text.strip():
        raise InputError("the output file name is empty; give one like session.wav")
    path = Path(text).expanduser()
    output_format(path)
    if path.is_dir():
        raise InputError(f"'{text}' is a folder; give a file name like {path / 'session.wav'}")
    parent = path.parent
    if not parent.is_dir():
        raise InputError(f"folder '{parent}' does not exist; create it first or pick another")
    return path
