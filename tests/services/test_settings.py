"""The settings service: one range per setting (from pacer.domain.records), messages naming the
value and the range, and a file that changes only where the person changed something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pacer.domain.records import SESSION_MINUTES, VOLUME, WEEKLY_TARGET_MINUTES
from pacer.services.settings import SettingsService, range_of
from pacer.store import Store


@pytest.fixture
def service(tmp_path: Path) -> SettingsService:
    return SettingsService(Store(tmp_path / "data"))


def write(service: SettingsService, doc: dict) -> Path:
    path = service._store.root / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))
    return path


def test_ranges_come_from_the_records_module() -> None:
    assert range_of("volume") == VOLUME
    assert range_of("weekly_target_minutes") == WEEKLY_TARGET_MINUTES
    assert range_of("default_minutes") == (1, int(SESSION_MINUTES[1]))
    assert range_of("theme") is None


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"volume": 150}, ("volume", "150", "0 to 100")),
        ({"volume": -1}, ("volume", "-1", "0 to 100")),
        ({"default_minutes": 0}, ("default_minutes", "0", "1 to 120")),
        ({"weekly_target_minutes": 99999}, ("99999", "0 to 10080")),
    ],
)
def test_an_out_of_range_value_is_named_with_its_range(
    service: SettingsService, changes: dict, words: tuple[str, ...]
) -> None:
    problem = service.check(changes)
    assert problem is not None and "\n" not in problem
    for word in words:
        assert word in problem


def test_a_good_value_passes(service: SettingsService) -> None:
    assert service.check({"volume": 30}) is None
    assert service.check({"default_pattern": "my-evening"}) is None


def test_load_keeps_values_this_version_does_not_list(service: SettingsService) -> None:
    write(service, {"default_pattern": "my-evening", "theme": "solarized", "default_minutes": 200})
    loaded = service.load()
    assert loaded.values["default_pattern"] == "my-evening"
    assert loaded.values["theme"] == "solarized"
    assert loaded.values["default_minutes"] == 5
    assert any("default_minutes" in p and "200" in p for p in loaded.problems)


def test_change_writes_only_the_changed_field(service: SettingsService) -> None:
    path = write(service, {"default_pattern": "my-evening", "default_minutes": 200, "mine": [1]})
    service.change({"theme": "pacer-light"})
    doc = json.loads(path.read_text())
    assert doc["default_pattern"] == "my-evening"
    assert doc["default_minutes"] == 200  # a bad value the person did not touch stays as it was
    assert doc["mine"] == [1]
    assert doc["theme"] == "pacer-light"
