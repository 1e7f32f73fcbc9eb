"""`pacer breathe --find-pace --plain`: the pace sweep as plain text, for screen readers.

The same rules as the TUI (:mod:`pacer.domain.pace_finder`): five paces from 6.5 down to 4.5
breaths a minute, each breathed with one printed line per phase (``run_plain``, exactly as
`pacer breathe --plain`), then "How easy was that, 0-10?" typed. ``s`` or ``stop`` ends the
sweep, ``strain`` ends it as a strain, and a rating of 3 or less ends it too. A value that is
not an answer is named and asked again on a terminal; when stdin is not a terminal (a script)
it is one line on stderr and exit code 2, after everything breathed so far has been saved.

Each pace breathed is a session in sessions.jsonl (it is practice, and it counts); the result is
kept only when the person says so, as the "Your pace" pattern (:mod:`pacer.services.pace`).
No Textual here: this is imported by the command line, which must start fast.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from pacer.clock import Clock, local_now
from pacer.domain.errors import InputError
from pacer.domain.pace_finder import (
    COMFORT,
    DRAFT_KIND,
    INTRO,
    QUESTION,
    SCALE_WORDS,
    SOURCES,
    STEP_SECONDS,
    SWEEP,
    YOUR_PACE_ID,
    PaceStep,
    Sweep,
    parse_answer,
    rated_words,
    result_words,
)
from pacer.domain.patterns import GENTLE_NOT_DEEP
from pacer.domain.session import Session
from pacer.domain.text import plural
from pacer.domain.timeline import Timeline
from pacer.plain import (
    WayOut,
    record_session,
    run_plain,
    spoken_length,
    summary,
)
from pacer.services import SaveError, Services

#: How to answer, said once before the first pace (one rule, said once, is easier to hold).
HOW_TO_ANSWER = (
    "After each pace, type a number from 0 to 10. " + SCALE_WORDS + " Type s to stop at any "
    "point, or strain if it was a strain."
)
KEEP_QUESTION = (
    "Keep it? Type d to use it as your default, p to keep it as a pattern only, "
    "or n for not now."
)


class _Leave(Exception):
    """End of input (Ctrl+D) or Ctrl+C at a question: end the sweep where it is."""


class _Later(Exception):
    """End of input at "Carry on from there?": leave now, the draft kept as it was."""


class PacePlain:
    """One run of the plain sweep; :meth:`run` returns the exit code."""

    def __init__(
        self,
        services: Services,
        input_fn: Callable[[], str],
        output: TextIO,
        clock: Clock,
        *,
        interactive: bool,
        wait: Callable[[float], None],
        step_seconds: float = STEP_SECONDS,
        way_out: WayOut | None = None,
        wall_clock: Callable[[], datetime] = local_now,
    ) -> None:
        """``interactive``: stdin is a terminal, so a bad answer is asked again (else exit 2).
        ``wait(deadline)`` blocks until the clock reaches it (tests move a FakeClock)."""
        self.services = services
        self.input_fn = input_fn
        self.out = output
        self.clock = clock
        self.interactive = interactive
        self.wait = wait
        self.step_seconds = step_seconds
        self.way_out = way_out
        self.wall_clock = wall_clock
        self.sweep = Sweep()
        self.sessions: list[Session] = []
        self._draft_id: str | None = None

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        self.out.write(prompt + " ")
        self.out.flush()
        try:
            return self.input_fn().strip()
        except (EOFError, KeyboardInterrupt):
            self.say()
            raise _Leave from None

    def _held(self) -> contextlib.AbstractContextManager[None]:
        return self.way_out.held() if self.way_out else contextlib.nullcontext()

    # --- the sweep -----------------------------------------------------------------------------

    def run(self) -> int:
        self.say(f"Find your pace. {INTRO}")
        self.say(f"{COMFORT} {GENTLE_NOT_DEEP}")
        self.say(f"The idea comes from {SOURCES}.")
        self.say(HOW_TO_ANSWER)
        try:
            try:
                self._carry_on()
            except _Leave:
                raise _Later from None
            while (step := self.sweep.current) is not None:
                if not self.breathe(step):
                    self.sweep.stop()
                    break
                self.rate()
        except _Leave:
            self.sweep.stop()
        except _Later:
            self.say("Your ratings are still kept for next time.")
            return 0
        except BaseException:  # a signal, a closed pipe, a bad answer from a script
            self._keep_draft()
            raise
        try:
            self.say()
            self.say(result_words(self.sweep))
            found = self.sweep.result()
            if found is not None:
                self.offer(found)
        except BaseException:
            self._keep_draft()
            raise
        self._drop_draft()
        return 0

    # --- a sweep left part-way (the same ``pace`` draft as the TUI) --------------------------

    def _carry_on(self) -> None:
        """Offer the ratings a sweep left part-way kept; n starts afresh (the draft goes)."""
        draft = self.services.drafts.find(DRAFT_KIND, None)
        if draft is None:
            return
        answers = draft.get("answers")
        kept = Sweep.from_answers(answers if isinstance(answers, dict) else {})
        self._draft_id = str(draft["id"])
        if not kept.ratings:
            return
        count = len(kept.ratings)
        while True:
            text = self.ask(f"Last time you rated {plural(count, 'pace')} of {len(SWEEP)}. "
                            "Carry on from there? Type y to carry on, or n to start afresh.")
            answer = text.lower()
            if answer in ("y", "yes", ""):
                self.sweep = kept
                self.say(f"Carrying on. Rated so far: {rated_words(kept)}.")
                return
            if answer in ("n", "no"):
                return
            problem = f"'{text}' is not y or n"
            if not self.interactive:
                raise InputError(problem)
            self.say(f"{problem}; please type y or n.")

    def _keep_draft(self) -> None:
        """Keep the ratings so far as the ``pace`` draft (leaving part-way); never raises."""
        if not self.sweep.ratings:
            return
        try:
            with self._held():
                self.services.drafts.put({
                    "id": self._draft_id or str(uuid.uuid4()),
                    "kind": DRAFT_KIND,
                    "target": None,
                    "answers": self.sweep.answers(),
                    "step": str(len(self.sweep.ratings)),
                    "updated": self.wall_clock().isoformat(timespec="seconds"),
                })
        except Exception:
            return

    def _drop_draft(self) -> None:
        """The sweep is settled (kept, not now, or no result): its draft goes."""
        if self._draft_id is None:
            return
        with contextlib.suppress(SaveError), self._held():
            self.services.drafts.drop(DRAFT_KIND, None)

    def breathe(self, step: PaceStep) -> bool:
        """Breathe one pace (saved as a session); False when it was stopped (Ctrl+C)."""
        self.say()
        breaths = step.breaths(self.step_seconds)
        session = Session(Timeline(step.pattern, breaths), self.clock)
        self.say(f"{self.sweep.position}: {step.words}. {plural(breaths, 'breath')}, about "
                 f"{spoken_length(session.timeline.duration)}.")
        try:
            run_plain(session, self.out, self.wait)
        except BaseException:  # a signal or a closed output: keep what was breathed, then go
            with self._held():
                self._save(session)
            raise
        with self._held():
            self._save(session)
        self.say(summary(session))
        return session.finished

    def _save(self, session: Session) -> None:
        session.end()
        if not session.started or any(s is session for s in self.sessions):
            return
        self.sessions.append(session)
        _saved, problem = record_session(self.services, session.record(source="plain"))
        if problem is not None:
            self.say(f"Pacer could not save this pace: {problem}")

    def rate(self) -> None:
        """Ask how easy it was until the answer is one (a terminal), or exit 2 (a script)."""
        while True:
            text = self.ask(f"{QUESTION} Or s to stop.")
            try:
                answer = parse_answer(text)
            except InputError as error:
                if not self.interactive:
                    raise
                self.say(f"{error}.")
                continue
            if answer == "stop":
                self.sweep.stop()
            elif answer == "strain":
                self.sweep.strain()
            else:
                self.sweep.rate(answer)
            return

    def offer(self, found: PaceStep) -> None:
        """Keep the pace as "Your pace" (and the default), as a pattern only, or not now."""
        while True:
            try:
                text = self.ask(KEEP_QUESTION).lower()
            except _Leave:
                text = "n"
            if text in ("d", "default"):
                self._keep(found, as_default=True)
                return
            if text in ("p", "pattern"):
                self._keep(found, as_default=False)
                return
            if text in ("n", "no", "not now", ""):
                self.say("Not kept. You can find your pace again any time.")
                return
            problem = f"'{text}' is not d, p or n"
            if not self.interactive:
                raise InputError(problem)
            self.say(f"{problem}; please type d, p or n.")

    def _keep(self, found: PaceStep, *, as_default: bool) -> None:
        from pacer.services.pace import keep_your_pace

        try:
            with self._held():
                kept = keep_your_pace(self.services, found, as_default=as_default)
        except SaveError as error:
            self.say(f"Pacer could not keep your pace: {error}")
            return
        replaced = f" It replaces your earlier pace, {kept.replaced}." if kept.replaced else ""
        if as_default:
            self.say(f"Kept as Your pace, {found.rhythm}, and it is now your default: "
                     f"pacer breathe uses it.{replaced}")
        else:
            self.say(f"Kept as Your pace, {found.rhythm}. To breathe it: "
                     f"pacer breathe --pattern {YOUR_PACE_ID}.{replaced}")


__all__ = ["SWEEP", "PacePlain"]
