"""Shared pieces for the sound tests: a session whose time the test sets, and clean state."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pacer.domain.patterns import BUILTIN, Pattern, parse_rhythm
from pacer.domain.timeline import Timeline


@dataclass
class FakeSession:
    """Just what the mixer reads; the test moves `now` (seconds of breathing) by hand."""

    timeline: Timeline
    now: float = 0.0
    started: bool = True
    paused: bool = False
    ended: bool = False

    def elapsed(self) -> float:
        return min(max(0.0, self.now), self.timeline.duration)


def timeline(pattern: str | Pattern = "resonance", minutes: float = 1.0) -> Timeline:
    chosen = pattern if isinstance(pattern, Pattern) else (
        BUILTIN[pattern] if pattern in BUILTIN else parse_rhythm(pattern)
    )
    return Timeline.for_minutes(chosen, minutes)


@pytest.fixture(autouse=True)
def _fresh_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a fresh run of the app: the one notice has not been given yet."""
    import pacer_audio.player

    monkeypatch.setattr(pacer_audio.player, "_notice_given", False)
    monkeypatch.delenv("PACER_AUDIO_BACKEND", raising=False)


@pytest.fixture
def no_ffmpeg(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A PATH on which ffmpeg and avconv cannot be found, even on machines that have them."""
    empty = tmp_path_factory.mktemp("empty-path")
    monkeypatch.setenv("PATH", str(empty))
