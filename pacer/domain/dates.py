"""One grammar for every date a person types: appointments, check-ins, results, the command line.

People say "friday 9:00", "next tuesday", "3 dec", "tomorrow 9am" or "in 2 weeks"; making them
count days or type "2026-12-04 09:00" on a tired day is work Pacer can do for them. This module
reads all of those (and ISO dates), and writes the date back in words so the person can see what
was understood before saving ("Fri 4 Dec, 09:00").

Why a small grammar of our own and not a library: the forms people use are few, the rules below
need to be ours (a weekday that is today, month ends, the year a bare "3 dec" means), and a
tested grammar costs nothing at launch.

The rules, decided once:

* A bare weekday ("friday", "fri 9:00", "this friday") is the next such day. When it is today,
  it means today if the time is still ahead (or no time is given: the day is not over), else
  the same weekday next week.
* "next friday" is the next Friday after today: this coming one, or a week today on a Friday.
* A day and month with no year ("3 dec", "dec 3rd") is this year, unless that day has already
  gone by this year: then it is next year. A day that does not exist in that year ("29 feb" in
  2027) is an error that says to add the year.
* "in N days/weeks/months" counts calendar days and calendar months; a month later than the
  last day of a shorter month is that month's last day (Jan 31 + 1 month = Feb 28 or 29).
* A time alone ("14:00") is today if it is still ahead, else tomorrow.
* 12-hour times: 12am is midnight (00:00), 12pm is noon (12:00).
* Results carry the time zone of ``now`` (a zoneinfo zone, with the offset in force on *that*
  date). A fixed offset that is the computer's own (what ``datetime.now().astimezone()`` gives)
  is read as the computer's zone, so a summer date typed in winter gets the summer offset. A
  time that does not exist (the hour the clocks go forward) is an error naming the time to use
  instead; a time that happens twice (the clocks go back) is the first of the two.

Pure: no clock, no files, no Textual. ``now`` always comes in as an argument. Every error is a
:class:`DateError` (an :class:`~pacer.domain.errors.InputError`) with one line that names the
text typed and gives examples that work.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Final

from pacer.domain.errors import InputError
from pacer.domain.records import YEARS

#: Forms that work, for error messages: no year in them, so they never go out of date.
WHEN_EXAMPLES: Final = ("friday 9:30", "3 dec 14:00", "tomorrow 9am")
DAY_EXAMPLES: Final = ("friday", "3 dec", "in 2 weeks")

WEEKDAYS: Final[dict[str, int]] = {
    **{name: i for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}
MONTHS: Final[dict[str, int]] = {
    **{name: i + 1 for i, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"))},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_UNITS: Final[dict[str, str]] = {
    "d": "day", "day": "day", "days": "day",
    "w": "week", "wk": "week", "wks": "week", "week": "week", "weeks": "week",
    "m": "month", "mo": "month", "mos": "month", "month": "month", "months": "month",
}
_COUNT_WORDS: Final[dict[str, int]] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_FILLER: Final = frozenset({"at", "on", "the", "of", "this", "coming"})
_NAMED_TIMES: Final[dict[str, time]] = {
    "noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0),
}
_MERIDIEM: Final[dict[str, str]] = {"am": "am", "a.m.": "am", "a.m": "am",
                                    "pm": "pm", "p.m.": "pm", "p.m": "pm"}

# ISO with an explicit offset ("2026-12-03T09:30+01:00", "...Z"): kept as written.
_ISO_OFFSET = re.compile(
    r"^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})$"
)
_TOKEN = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}"  # an ISO date
    r"|\d{1,2}[:.h]\d{2}(?::\d{2})?"  # a clock time: 9:30, 9.30, 9h30, 09:30:00
    r"|\d+(?:st|nd|rd|th)?"  # a number, a day of the month (3rd)
    r"|[ap]\.m\.?"  # a.m., p.m.
    r"|[a-z]+\.?"  # a word (dec. and sept. too)
    r"|\S"  # anything else: one character, which will not fit the grammar
)


class DateError(InputError):
    """A typed date that cannot be used; the message is one line naming the text."""


def _examples(need_time: bool) -> str:
    first, second, third = WHEN_EXAMPLES if need_time else DAY_EXAMPLES
    return f"{first}, {second} or {third}"


def _unreadable(text: str, need_time: bool) -> DateError:
    what = "a date and time" if need_time else "a date"
    return DateError(f"'{text}' is not {what} Pacer can read; try {_examples(need_time)}")


def _too_far(text: str) -> DateError:
    return DateError(
        f"'{text}' is too far away; please use a year from {YEARS[0]} to {YEARS[1]}"
    )


# --- reading ----------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    lowered = text.strip().lower().replace(",", " ")
    lowered = re.sub(r"(\d)t(\d)", r"\1 \2", lowered)  # 2026-12-03T09:30
    return _TOKEN.findall(lowered)


def _clock(tokens: list[str], text: str) -> tuple[time | None, list[str]]:
    """Take the time of day out of the tokens: (the time or None, the tokens left)."""
    found: list[time] = []
    left: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        clock = re.fullmatch(r"(\d{1,2})[:.h](\d{2})(?::(\d{2}))?", token)
        plain_hour = re.fullmatch(r"\d{1,2}", token)
        if token in _NAMED_TIMES:
            found.append(_NAMED_TIMES[token])
            i += 1
            continue
        if clock or (plain_hour and following in _MERIDIEM):
            hour = int(clock[1] if clock else token)
            minute = int(clock[2]) if clock else 0
            meridiem = _MERIDIEM.get(following)
            if meridiem is not None:
                if not 1 <= hour <= 12:
                    raise DateError(f"'{text}' is not a real time; with am or pm use 1 to 12, "
                                    "like 9am or 2:30pm")
                hour = hour % 12 + (12 if meridiem == "pm" else 0)
                i += 1
            if hour > 23 or minute > 59 or (clock and clock[3] and int(clock[3]) > 59):
                raise DateError(f"'{text}' is not a real time; use 00:00 to 23:59, or 9am, 2:30pm")
            found.append(time(hour, minute))
            i += 1
            continue
        left.append(token)
        i += 1
    if len(found) > 1:
        raise DateError(f"'{text}' has more than one time; give one, like {WHEN_EXAMPLES[0]}")
    return (found[0] if found else None), left


def _number(token: str) -> int | None:
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", token)
    return int(match[1]) if match else None


def _real_day(year: int, month: int, day: int, text: str) -> date:
    if not YEARS[0] <= year <= YEARS[1]:
        raise _too_far(text)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"'{text}' is not a real date; check the month and the day") from None


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; past a short month's end, its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not YEARS[0] <= year <= YEARS[1]:
        raise OverflowError(f"year {year}")
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("every month has at least 28 days")  # pragma: no cover


def _next_weekday(today: date, weekday: int, *, skip_today: bool) -> date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and skip_today:
        ahead = 7
    return today + timedelta(days=ahead)


def _day_month(
    day_token: str, month: int, year_token: str | None, today: date, text: str
) -> date:
    number = _number(day_token)
    if number is None or not 1 <= number <= 31:
        raise _unreadable(text, need_time=False)
    if year_token is not None:
        year = _number(year_token)
        if year is None or len(year_token) != 4:
            raise DateError(f"'{text}': write the year in full, like {number} dec {today.year + 1}")
        return _real_day(year, month, number, text)
    year = today.year
    try:
        if date(year, month, number) < today:
            year += 1
    except ValueError:
        # Not a day this year (29 feb in 2026): the year after is the one meant, if it has it.
        year += 1 if (month, number) < (today.month, today.day) else 0
    try:
        return date(year, month, number)
    except ValueError:
        name = date(2000, month, 1).strftime("%B")
        if month == 2 and number == 29:
            leap = next(y for y in range(year, year + 8) if _is_leap(y))
            raise DateError(
                f"'{text}': there is no 29 February in {year}; add the year, like 29 feb {leap}"
            ) from None
        raise DateError(f"'{text}' is not a real date; {name} has fewer days") from None


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _calendar_day(
    tokens: list[str], today: date, text: str, need_time: bool
) -> tuple[date | None, bool]:
    """The day the tokens name: (day or None for no day at all, whether it was a bare weekday)."""
    words = [token.rstrip(".") for token in tokens if token.rstrip(".") not in _FILLER]
    if not words:
        return None, False
    if len(words) == 1:
        word = words[0]
        if word in ("today", "tonight"):
            return today, False
        if word == "tomorrow":
            return today + timedelta(days=1), False
        if word == "yesterday":
            return today - timedelta(days=1), False
        if word in WEEKDAYS:
            return _next_weekday(today, WEEKDAYS[word], skip_today=False), True
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word)
        if iso:
            return _real_day(int(iso[1]), int(iso[2]), int(iso[3]), text), False
    if len(words) == 2 and words[0] == "next":
        if words[1] in WEEKDAYS:
            return _next_weekday(today, WEEKDAYS[words[1]], skip_today=True), False
        if words[1] == "week":
            return today + timedelta(days=7), False
        if words[1] == "month":
            return _months_later(today, 1, text), False
    counted = words[1:] if words[0] == "in" else words
    if len(counted) == 1:  # "10d", "2w" came apart into two tokens; "in2weeks" did not
        split = re.fullmatch(r"(\d+)([a-z]+)", counted[0])
        counted = [split[1], split[2]] if split else counted
    if len(counted) == 2 and counted[1] in _UNITS:
        count = _COUNT_WORDS.get(counted[0], _number(counted[0]) if counted[0].isdigit() else None)
        if count is None:
            raise _unreadable(text, need_time)
        unit = _UNITS[counted[1]]
        if unit == "month":
            return _months_later(today, count, text), False
        try:
            later = today + timedelta(days=count * (7 if unit == "week" else 1))
        except OverflowError:
            raise _too_far(text) from None
        if not YEARS[0] <= later.year <= YEARS[1]:
            raise _too_far(text)
        return later, False
    named_weekday = words[0] if len(words) in (3, 4) and words[0] in WEEKDAYS else None
    dated = words[1:] if named_weekday else words  # "Fri 4 Dec": how Pacer writes it back
    if len(dated) in (2, 3):
        year_token = dated[2] if len(dated) == 3 else None
        day: date | None = None
        if dated[1] in MONTHS and dated[0] not in MONTHS:
            day = _day_month(dated[0], MONTHS[dated[1]], year_token, today, text)
        elif dated[0] in MONTHS:
            day = _day_month(dated[1], MONTHS[dated[0]], year_token, today, text)
        if day is not None:
            if named_weekday and WEEKDAYS[named_weekday] != day.weekday():
                raise DateError(
                    f"'{text}': {day.day} {day:%b %Y} is a {day:%A}; check the day or the date"
                )
            return day, False
    if "/" in tokens:
        what = "a date and time" if need_time else "a date"
        raise DateError(
            f"'{text}' is not {what} Pacer can read: with slashes the day and the month can be "
            f"read either way; try {_examples(need_time)}"
        )
    raise _unreadable(text, need_time)


def _months_later(today: date, count: int, text: str) -> date:
    try:
        return add_months(today, count)
    except OverflowError:
        raise _too_far(text) from None


def _zone(now: datetime, tz: tzinfo | None) -> tzinfo | None:
    """The zone to read a typed wall-clock time in; None means the computer's own zone."""
    if tz is not None:
        return tz
    zone = now.tzinfo
    if zone is None:
        return None
    if isinstance(zone, timezone):
        own = now.replace(tzinfo=None).astimezone().utcoffset()
        return None if own == now.utcoffset() else zone
    return zone


def _localize(naive: datetime, zone: tzinfo | None, text: str) -> datetime:
    """``naive`` in ``zone``, refusing a wall-clock time the clocks skip."""
    try:
        if zone is None:
            return naive.astimezone()
        aware = naive.replace(tzinfo=zone)
        real = aware.astimezone(UTC).astimezone(zone)
    except (OverflowError, ValueError, OSError):
        raise DateError(f"'{text}' is not a date this computer can use") from None
    if real.replace(tzinfo=None) != naive:
        raise DateError(
            f"'{text}': the clocks go forward that night, so {naive:%H:%M} does not happen; "
            f"try {real:%H:%M}"
        )
    return aware


def parse_when(
    text: str,
    now: datetime,
    *,
    tz: tzinfo | None = None,
    allow_past: bool = False,
) -> datetime:
    """A typed date and time ("fri 9:00", "3 dec 14:30", "tomorrow 9am", "2026-12-03 09:30").

    ``now`` must be aware; the result is aware (see the module's rules for the zone). A time is
    required: "3 dec" alone raises a :class:`DateError` that says to add one. The past is
    refused unless ``allow_past``.
    """
    raw = text.strip()
    if not raw:
        raise DateError(f"the date and time are empty; type them like {_examples(True)}")
    if _ISO_OFFSET.match(raw.lower()):
        try:
            when = datetime.fromisoformat(raw.upper().replace(" ", "T"))
        except ValueError:
            raise DateError(f"'{text}' is not a real date and time; check each part") from None
        if not YEARS[0] <= when.year <= YEARS[1]:
            raise _too_far(text)
        return _not_past(when, now, text, allow_past)
    zone = _zone(now, tz)
    local_now = now.astimezone(zone) if zone is not None else now.astimezone()
    today = local_now.date()
    clock, rest = _clock(_tokens(raw), text)
    day, bare_weekday = _calendar_day(rest, today, text, need_time=True)
    if clock is None:
        if day is None:
            raise _unreadable(text, need_time=True)
        raise DateError(f"'{text}' has no time; add one, like {raw} 9:30")
    if day is None:
        day = today if clock > local_now.time().replace(tzinfo=None) else today + timedelta(days=1)
    when = _localize(datetime.combine(day, clock), zone, text)
    if bare_weekday and day == today and when <= now:
        when = _localize(datetime.combine(day + timedelta(days=7), clock), zone, text)
    return _not_past(when, now, text, allow_past)


def _not_past(when: datetime, now: datetime, text: str, allow_past: bool) -> datetime:
    if not allow_past and when < now:
        raise DateError(f"'{text}' is in the past; type a date and time still to come")
    return when


def parse_day(text: str, today: date, *, allow_past: bool = True) -> date:
    """A typed day with no time ("friday", "next tue", "3 dec", "in 2 weeks", "2026-12-03").

    For check-in and results dates. A time in the text is refused (it would be dropped
    silently otherwise). The past is allowed unless ``allow_past=False``.
    """
    raw = text.strip()
    if not raw:
        raise DateError(f"the date is empty; type it like {_examples(False)}")
    clock, rest = _clock(_tokens(raw), text)
    if clock is not None:
        raise DateError(f"'{text}' has a time; a day is enough here, like {DAY_EXAMPLES[0]}")
    day, _ = _calendar_day(rest, today, text, need_time=False)
    if day is None:
        raise _unreadable(text, need_time=False)
    if not allow_past and day < today:
        raise DateError(f"'{text}' is in the past; type a day still to come")
    return day


# --- writing ----------------------------------------------------------------------------------


def _day_words(day: date, this_year: int) -> str:
    year = f" {day.year}" if day.year != this_year else ""
    return f"{day:%a} {day.day} {day:%b}{year}"


def understood(value: date | datetime, now: date | datetime) -> str:
    """What was understood, to show beside the field: "Fri 4 Dec, 09:00", "Fri 4 Dec".

    The year is added when it is not this year. A date-time is shown in its own zone: the wall
    clock the person typed, not a conversion.
    """
    this_year = now.year
    if isinstance(value, datetime):
        return f"{_day_words(value.date(), this_year)}, {value:%H:%M}"
    return _day_words(value, this_year)


def relative(value: date | datetime, now: datetime) -> str:
    """A stored date for display, worked out when shown: "today 09:30", "tomorrow", "Fri 4 Dec".

    Today, tomorrow and yesterday are words (with the time for a date-time); other days are
    named, with ", 09:30" for a date-time. A date-time is shown in ``now``'s zone.
    """
    if isinstance(value, datetime):
        local = value.astimezone(now.tzinfo) if value.tzinfo and now.tzinfo else value
        day, clock = local.date(), f"{local:%H:%M}"
    else:
        day, clock = value, ""
    today = now.date()
    words = {today: "today", today + timedelta(days=1): "tomorrow",
             today - timedelta(days=1): "yesterday"}
    if day in words:
        return f"{words[day]} {clock}" if clock else words[day]
    named = _day_words(day, now.year)
    return f"{named}, {clock}" if clock else named


def when_placeholder(now: datetime) -> str:
    """A hint for a date-and-time field, always in the future: "fri 9:30 or 11 dec 14:00"."""
    soon = now.date() + timedelta(days=3)
    later = now.date() + timedelta(days=10)
    return f"{soon:%a} 9:30 or {later.day} {later:%b} 14:00".lower()


def day_placeholder(today: date) -> str:
    """A hint for a day field, always in the future: "in 2 weeks, fri or 11 dec"."""
    soon = today + timedelta(days=3)
    later = today + timedelta(days=10)
    return f"in 2 weeks, {soon:%a} or {later.day} {later:%b}".lower()


def note(
    text: str, now: datetime, *, need_time: bool = True, allow_past: bool = False
) -> tuple[str, bool]:
    """What a form shows beside a date field as the person types: (words, understood).

    ("Fri 4 Dec, 09:00", True) when the text reads as a date; (the one-line error, False) when
    it does not; ("", True) for an empty field. Never raises: it runs on every key.
    """
    if not text.strip():
        return "", True
    try:
        if need_time:
            return understood(parse_when(text, now, allow_past=allow_past), now), True
        return understood(parse_day(text, now.date(), allow_past=allow_past), now), True
    except DateError as error:
        return str(error), False
