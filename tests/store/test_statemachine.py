"""A hypothesis state machine: random adds, edits, deletes, reopens and real crashes.

The model is plain Python data; after every step a freshly opened Store must load exactly the
model. A crash step runs one operation in a forked child that SIGKILLs itself at a random
system call of the write path: afterwards the folder must hold either the state before or the
state after that operation (never a mix, never damage), and the model follows what happened.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from pacer.store import DEFAULT_SETTINGS, Store, upsert
from tests.store.helpers import run_killed, session, strip_logged

NOW = datetime.now(UTC).replace(microsecond=0)
notes = st.one_of(st.none(), st.text(max_size=24))
titles = st.text(max_size=16)


class Model:
    def __init__(self) -> None:
        self.goals: list[dict[str, Any]] = []
        self.sessions: list[dict[str, Any]] = []
        self.settings = dict(DEFAULT_SETTINGS)

    def copy(self) -> Model:
        return copy.deepcopy(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and vars(self) == vars(other)


Op = Callable[[Store], object]


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="pacer-sm-"))
        self.root = self.dir / "data"
        self.store = Store(self.root, lock_timeout=5)
        self.model = Model()
        self.counter = 0

    def teardown(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    # --- operations: each returns (what to run on a Store, the model after it) ---------------

    def _next_id(self) -> str:
        self.counter += 1
        return f"00000000-0000-4000-8000-{self.counter:012d}"

    def op_add_goal(self, title: str) -> tuple[Op, Model]:
        goal = {"id": self._next_id(), "title": title, "done": False}
        after = self.model.copy()
        after.goals.append(goal)

        def run(store: Store) -> object:
            return store.update_document(
                "goals.json", lambda d: {**d, "goals": upsert(d["goals"], [goal])}
            )

        return run, after

    def op_edit_goal(self, index: int, title: str) -> tuple[Op, Model]:
        after = self.model.copy()
        goal = after.goals[index]
        goal.update(title=title, done=not goal["done"])

        def run(store: Store) -> object:
            return store.update_document(
                "goals.json", lambda d: {**d, "goals": upsert(d["goals"], [goal])}
            )

        return run, after

    def op_delete_goal(self, index: int) -> tuple[Op, Model]:
        after = self.model.copy()
        gone = after.goals.pop(index)["id"]

        def run(store: Store) -> object:
            return store.update_document(
                "goals.json", lambda d: {**d, "goals": upsert(d["goals"], deleted=[gone])}
            )

        return run, after

    def op_add_session(
        self, days_ago: int, note: str | None, before: int | None
    ) -> tuple[Op, Model]:
        rec = {"id": self._next_id(), "schema": 1}
        rec.update(session(NOW - timedelta(days=days_ago), note=note, before=before))
        after = self.model.copy()
        after.sessions.append(rec)
        return (lambda store: store.append_session(rec)), after

    def op_edit_session(self, index: int, note: str | None) -> tuple[Op, Model]:
        after = self.model.copy()
        after.sessions[index]["note"] = note
        target = after.sessions[index]["id"]

        def change(records: list[dict[str, Any]]) -> None:
            for r in records:
                if r["id"] == target:
                    r["note"] = note

        return (lambda store: store.update_log("sessions.jsonl", change)), after

    def op_delete_session(self, index: int) -> tuple[Op, Model]:
        after = self.model.copy()
        gone = after.sessions.pop(index)["id"]

        def change(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [r for r in records if r["id"] != gone]

        return (lambda store: store.update_log("sessions.jsonl", change)), after

    def op_settings(self, minutes: int, sound: bool) -> tuple[Op, Model]:
        after = self.model.copy()
        after.settings.update(default_minutes=minutes, sound=sound)
        change = {"default_minutes": minutes, "sound": sound}
        return (lambda store: store.save_settings(change)), after

    def _apply(self, op_and_model: tuple[Op, Model]) -> None:
        run, after = op_and_model
        run(self.store)
        self.model = after

    # --- rules --------------------------------------------------------------------------------

    @rule(title=titles)
    def add_goal(self, title: str) -> None:
        self._apply(self.op_add_goal(title))

    @precondition(lambda self: self.model.goals)
    @rule(data=st.data(), title=titles)
    def edit_goal(self, data: st.DataObject, title: str) -> None:
        index = data.draw(st.integers(0, len(self.model.goals) - 1))
        self._apply(self.op_edit_goal(index, title))

    @precondition(lambda self: self.model.goals)
    @rule(data=st.data())
    def delete_goal(self, data: st.DataObject) -> None:
        self._apply(self.op_delete_goal(data.draw(st.integers(0, len(self.model.goals) - 1))))

    @rule(
        days_ago=st.integers(0, 3650), note=notes, before=st.one_of(st.none(), st.integers(0, 10))
    )
    def add_session(self, days_ago: int, note: str | None, before: int | None) -> None:
        self._apply(self.op_add_session(days_ago, note, before))

    @precondition(lambda self: self.model.sessions)
    @rule(data=st.data(), note=notes)
    def edit_session(self, data: st.DataObject, note: str | None) -> None:
        index = data.draw(st.integers(0, len(self.model.sessions) - 1))
        self._apply(self.op_edit_session(index, note))

    @precondition(lambda self: self.model.sessions)
    @rule(data=st.data())
    def delete_session(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(self.model.sessions) - 1))
        self._apply(self.op_delete_session(index))

    @rule(minutes=st.integers(1, 240), sound=st.booleans())
    def change_settings(self, minutes: int, sound: bool) -> None:
        self._apply(self.op_settings(minutes, sound))

    @rule()
    def reopen(self) -> None:
        self.store = Store(self.root, lock_timeout=5)

    @rule(data=st.data(), nth=st.integers(1, 8), after_call=st.booleans())
    def crash(self, data: st.DataObject, nth: int, after_call: bool) -> None:
        choices: list[Callable[[], tuple[Op, Model]]] = [
            lambda: self.op_add_goal(data.draw(titles)),
            lambda: self.op_add_session(data.draw(st.integers(0, 30)), data.draw(notes), None),
            lambda: self.op_settings(data.draw(st.integers(1, 240)), data.draw(st.booleans())),
        ]
        if self.model.goals:
            goals = st.integers(0, len(self.model.goals) - 1)
            choices.append(lambda: self.op_delete_goal(data.draw(goals)))
        if self.model.sessions:
            sessions = st.integers(0, len(self.model.sessions) - 1)
            choices.append(lambda: self.op_delete_session(data.draw(sessions)))
        run, after = data.draw(st.sampled_from(choices))()
        root = self.root
        killed = run_killed(lambda: run(Store(root, lock_timeout=5)), nth, after=after_call)
        loaded = self.load()
        if not killed:
            assert loaded == after
        else:
            assert loaded in (self.model, after), "a crash left a state that is neither"
        self.model = loaded
        self.store = Store(self.root, lock_timeout=5)

    @rule(cut=st.integers(1, 200))
    def torn_write(self, cut: int) -> None:
        """What a torn write (power cut mid-line) leaves: part of a line, no newline."""
        self.root.mkdir(exist_ok=True, mode=0o700)
        line = b'{"id": "00000000-0000-4000-8000-999999999999", "schema": 1, "started": "'
        with (self.root / "sessions.jsonl").open("ab") as f:
            f.write(line[: min(cut, len(line))])

    # --- checks -------------------------------------------------------------------------------

    def load(self) -> Model:
        store = Store(self.root, lock_timeout=5)
        loaded = Model()
        loaded.goals = store.read_document("goals.json")["goals"]
        loaded.sessions = strip_logged(store.sessions())
        loaded.settings = store.settings()
        assert all(p.tolerated for p in store.problems()), store.problems()
        return loaded

    @invariant()
    def loaded_state_equals_model(self) -> None:
        assert self.load() == self.model

    @invariant()
    def recent_sessions_match_model(self) -> None:
        cutoff = NOW - timedelta(days=40)
        expected = [
            s for s in self.model.sessions if datetime.fromisoformat(s["started"]) >= cutoff
        ]
        got = strip_logged(Store(self.root).sessions_since(cutoff))
        assert got == expected


StoreMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    database=None,  # keep the repository clean; failures print their reproduction anyway
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestStoreMachine = StoreMachine.TestCase
