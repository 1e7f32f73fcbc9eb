"""The shared argument helpers, under the name `pacer/cli.py` imports them by.

They live in `pacer.domain.arguments` (so `audio` can use them without the command line);
new code imports them from there, and this module goes once the command line does too.
"""

from pacer.domain.arguments import (
    add_session_arguments,
    chosen_pattern,
    default_session,
    positive_float,
    ramp_for,
    typed,
)

__all__ = [
    "add_session_arguments",
    "chosen_pattern",
    "default_session",
    "positive_float",
    "ramp_for",
    "typed",
]
