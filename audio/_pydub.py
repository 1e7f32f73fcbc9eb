"""pydub, imported and used without a word on the terminal.

pydub warns "Couldn't find ffmpeg or avconv" the moment it is imported on a machine without
ffmpeg, and again when it looks for ffprobe; on Python 3.11-3.12 its `import audioop` also
raises a DeprecationWarning. Those warnings would land in the middle of the TUI,
so every pydub import and call goes through here with its RuntimeWarnings silenced.
"""

from __future__ import annotations

import contextlib
import shutil
import warnings
from collections.abc import Iterator
from functools import cache
from typing import Any


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence pydub's warnings (ffmpeg missing, audioop deprecated) for the duration of a call."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


@cache
def audio_segment() -> Any:
    """The pydub AudioSegment class, imported quietly once."""
    with quiet():
        from pydub import AudioSegment
    return AudioSegment


def find_ffmpeg() -> str | None:
    """The ffmpeg (or avconv) program pydub would use, or None when neither is installed."""
    return shutil.which("ffmpeg") or shutil.which("avconv")
