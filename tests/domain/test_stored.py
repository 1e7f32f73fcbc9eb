"""Stored days and moments read back from hand-editable files: anything odd is no value."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain.stored import stored_day, stored_moment

PLUS_ONE = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-02", date(2026, 12, 2)),
        (date(2026, 12, 2), date(2026, 12, 2)),
        (datetime(2026, 12, 2, 9, 30), date(2026, 12, 2)),
        ("1899-12-31", None),  # outside the years a record may have
        ("9999-01-01", None),
        ("2026-02-30", None),
        ("soon", None),
        ("", None),
        (20261202, None),
        (None, None),
        (["2026-12-02"], None),
    ],
)
def test_stored_day(value: object, expected: date | None) -> None:
    assert stored_day(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-02T09:30:00+01:00", datetime(2026, 12, 2, 9, 30, tzinfo=PLUS_ONE)),
        (datetime(2026, 12, 2, 9, 30, tzinfo=PLUS_ONE),
         datetime(2026, 12, 2, 9, 30, tzinfo=PLUS_ONE)),
        ("2026-12-02T09:30:00", None),  # no UTC offset: which 9:30 is it?
        (datetime(2026, 12, 2, 9, 30), None),
        ("9999-12-31T23:59:00+00:00", None),
        ("tomorrow", None),
        (5, None),
        ({"when": "2026-12-02T09:30:00+01:00"}, None),
    ],
)
def test_stored_moment(value: object, expected: datetime | None) -> None:
    assert stored_moment(value) == expected


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)


@given(JSON)
def test_any_json_value_is_a_day_a_moment_or_none(value: object) -> None:
    day, moment = stored_day(value), stored_moment(value)
    assert day is None or isinstance(day, date)
    assert moment is None or moment.tzinfo is not None
