"""Keeping the pace a sweep found: a "Your pace" custom pattern, and the default if asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pacer.domain.pace_finder import SWEEP, YOUR_PACE_ID
from pacer.services import SaveError, Services
from pacer.services.pace import earlier_pace, keep_your_pace
from pacer.store import Store


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return Services.open(Store(tmp_path / "data"))


def test_the_pace_is_kept_as_a_pattern_and_as_the_default(services: Services) -> None:
    kept = keep_your_pace(services, SWEEP[2], as_default=True)
    assert kept.record == {"id": "your-pace", "name": "Your pace", "rhythm": "4.4-0-6.5-0"}
    assert kept.replaced is None and kept.default
    custom = services.patterns.custom()
    assert custom[YOUR_PACE_ID].rhythm == "4.4-0-6.5-0"
    assert services.settings.load().values["default_pattern"] == YOUR_PACE_ID


def test_as_a_pattern_only_leaves_the_default_and_a_new_pace_replaces_the_old(
    services: Services,
) -> None:
    keep_your_pace(services, SWEEP[1], as_default=False)
    assert services.settings.load().values["default_pattern"] == "resonance"
    assert earlier_pace(services) == "4-0-6-0"
    kept = keep_your_pace(services, SWEEP[4], as_default=False)
    assert kept.replaced == "4-0-6-0"
    records = services.patterns.listing().items
    assert [r["rhythm"] for r in records] == ["5.3-0-8-0"]  # replaced in place, not added


def test_other_fields_of_the_old_record_are_kept(services: Services) -> None:
    root = services.folder
    root.mkdir(parents=True, exist_ok=True)
    (root / "patterns.json").write_text(json.dumps({"schema": 1, "patterns": [
        {"id": "your-pace", "name": "Your pace", "rhythm": "4-0-6-0", "note": "mine"}]}))
    keep_your_pace(services, SWEEP[0], as_default=False)
    saved = json.loads((root / "patterns.json").read_text())["patterns"]
    assert saved == [{"id": "your-pace", "name": "Your pace", "rhythm": "3.7-0-5.5-0",
                      "note": "mine"}]


def test_an_unreadable_earlier_pace_is_never_overwritten(services: Services) -> None:
    root = services.folder
    root.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"schema": 1, "patterns": [
        {"id": "your-pace", "name": "Your pace", "rhythm": "999-0-999"}]})
    (root / "patterns.json").write_text(text)
    with pytest.raises(SaveError, match="could not be read"):
        keep_your_pace(services, SWEEP[0], as_default=True)
    assert (root / "patterns.json").read_text() == text
    assert services.settings.load().values["default_pattern"] == "resonance"
