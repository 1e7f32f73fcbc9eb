"""Pacer: pace stress the way a marathoner paces a race."""

__version__ = "0.1.0"
