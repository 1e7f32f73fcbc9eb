"""The few plain ranges that modules needing no msgspec share with :mod:`pacer.domain.records`.

Why a module of its own: :mod:`pacer.status` runs at every new shell and must cost about as
much as starting Python, and it words its line with :mod:`pacer.domain.appointments` and
:mod:`pacer.domain.wait`. Those need these numbers, and :mod:`pacer.domain.records` (where the
ranges live, "in one place") loads msgspec. So the numbers are written here once, and
records re-exports them: ``records.YEARS`` is this ``YEARS``.
"""

from __future__ import annotations

#: The years a date in a record may have. Outside them date arithmetic overflows (year 9999
#: plus a day) and nothing a person practises or plans is that far away.
YEARS = (1900, 2200)

#: The kinds of appointment (keys of appointments.json ``kind``); labels live in the domain.
APPOINTMENT_KINDS = (
    "scan", "blood-test", "results", "oncologist", "treatment", "new-symptom", "palliative",
    "other",
)
#: How many questions a person can mark as their top ones (they come first on the sheet).
TOP_QUESTIONS = 3
