"""The one error type for sound work that failed for a reason outside the person's input.

Bad input (an unknown style, a file name Pacer cannot write) is `InputError` and exit code 2, as
everywhere else. `AudioError` is for the machine: ffmpeg missing, an encoder failing, a disk
full. The command line shows its message on one line and exits 1.
"""


class AudioError(RuntimeError):
    """Sound could not be made or saved; the message says why and what to do, in plain words."""
