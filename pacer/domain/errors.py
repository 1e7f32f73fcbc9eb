"""The one error type for input a person typed that cannot be used.

The command line turns it into a one-line message and exit code 2; screens show it inline.
"""


class InputError(ValueError):
    """Bad input; the message names the bad value in plain words."""
