"""Reusable Pacer widgets; each carries its own DEFAULT_CSS so it looks right anywhere."""
