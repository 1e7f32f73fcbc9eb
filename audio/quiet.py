"""Keep the audio libraries' chatter off the terminal and out of the TUI.

With no sound card, ALSA prints dozens of "ALSA lib confmisc.c: cannot find card '0'" lines
straight onto file descriptor 2, and JACK prints "Cannot connect to server socket". Python's
`sys.stderr` cannot catch them: they come from C. Two tools, used together:

1. Error handlers installed into libasound and libjack themselves (through ctypes), so those
   libraries stay silent for the whole process, including messages from the audio thread later.
   This touches nothing else, which matters because Textual draws the TUI on stderr too.
2. Around device set-up and shutdown, file descriptor 2 pointed at /dev/null and then restored,
   for anything else a backend might print. Not used while Textual is running (it would swallow
   the TUI's own output); see `open_player(redirect_fd=...)`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

_lock = threading.Lock()
_handlers: list[Any] = []  # the ctypes callbacks must outlive every call into the libraries
_installed = False

# void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)
_ALSA_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)
# void handler(const char *message)
_JACK_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_char_p)


def _ignore(*_args: object) -> None:
    """The handler: drop the message."""


def install_library_handlers() -> None:
    """Silence libasound and libjack for the rest of the process (once; missing libs are fine)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
        with contextlib.suppress(OSError, AttributeError):
            asound = ctypes.CDLL("libasound.so.2")
            handler = _ALSA_HANDLER(_ignore)
            asound.snd_lib_error_set_handler(handler)
            _handlers.append(handler)
        with contextlib.suppress(OSError, AttributeError):
            jack = ctypes.CDLL("libjack.so.0")
            handler = _JACK_HANDLER(_ignore)
            jack.jack_set_error_function(handler)
            jack.jack_set_info_function(handler)
            _handlers.append(handler)


def textual_running() -> bool:
    """True when Textual has been imported: then stderr is the TUI's screen, not a log."""
    return "textual" in sys.modules


@contextlib.contextmanager
def silenced(redirect_fd: bool | None = None) -> Iterator[None]:
    """Run a block with the audio libraries unable to write to the terminal.

    `redirect_fd=None` decides for you: point fd 2 at /dev/null unless Textual is running.
    """
    install_library_handlers()
    if redirect_fd is None:
        redirect_fd = not textual_running()
    if not redirect_fd:
        yield
        return
    with _lock:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        saved = os.dup(2)
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 2)
            finally:
                os.close(devnull)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
