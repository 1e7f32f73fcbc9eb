"""Pacer's screens. Thin by design: timing lives in the domain, files in the store."""
