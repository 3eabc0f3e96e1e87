"""The decision log (第三十九条): every `authorize` answer, appended to a file before it is sent.

Why a file and not the graph: the gateway asks on every exchange, and a graph write per question
would take `authorize` far below its benchmark figures (bench/README.md). Appending a line to a
local file costs microseconds; making it durable (fdatasync) costs a fraction of a millisecond,
and one sync covers every line written while the previous one ran (group commit).

What it promises, and how:

* **Recorded before answered.** `append` writes the lines and waits until they are synced to
  disk; a caller that got an answer can count on its decision being in the log, through a kill
  of the server or of the machine. A log that cannot be written fails the question (503) rather
  than answer unrecorded.
* **One order across processes.** Every server process (`mulu serve --workers N`) appends to
  the same day file opened with O_APPEND, each call's lines in ONE write: the kernel appends
  whole writes one after the other, so the file's line order is the one order of decisions. A
  decision's position is "day:line".
* **Append-only, one file per UTC day** (`<data dir>/decisions/YYYY-MM-DD.jsonl`): nothing here
  rewrites or deletes a line; `mulu backup` copies the files up to their last whole line.

Reading is a scan of the days in the asked window (newest first), in a worker thread; lines are
pre-selected by the exact JSON text of the asked ids before they are parsed.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from graph.repos._values import instant
from server.domain.instants import utc_iso
from server.domain.records.decisions import DecisionFilter, AuthorizeDecision
from server.domain.sharing import AuthorizeReason, ElementAccess, ElementDecision, ElementReason
from server.domain.values import MaskingRule

SUFFIX = ".jsonl"


def decision_line(decision: AuthorizeDecision) -> bytes:
    """One decision as the log keeps it: one JSON object, one line."""
    return (json.dumps({
        "at": utc_iso(decision.at),
        "user": decision.user,
        "department": decision.department,
        "item": decision.item_id,
        "grant": decision.grant_id,
        "allowed": decision.allowed,
        "reason": decision.reason.value,
        "elements": [[e.code, e.access.value, e.masking_rule.value if e.masking_rule else None, e.reason.value]
                     for e in decision.elements],
    }, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _decision(props: dict[str, Any], position: str) -> AuthorizeDecision:
    return AuthorizeDecision(
        at=instant(props["at"]) or datetime.min.replace(tzinfo=timezone.utc),
        user=str(props["user"]), department=str(props["department"]), item_id=str(props["item"]),
        grant_id=props.get("grant"), allowed=bool(props["allowed"]), reason=AuthorizeReason(props["reason"]),
        elements=tuple(
            ElementDecision(code, ElementAccess(access), MaskingRule(rule) if rule else None, ElementReason(why))
            for code, access, rule, why in props.get("elements") or ()
        ),
        position=position,
    )


class DecisionLog:
    """Append-only JSON-lines files, one per UTC day, in `directory` (see the module's docstring)."""

    def __init__(self, directory: Path, sync: bool = True) -> None:
        self.directory = Path(directory)
        self._sync = sync
        self._day: date | None = None
        self._fd: int | None = None
        self._written = 0  # appends made by this process
        self._synced = 0  # of them, how many are on disk
        self._syncing: asyncio.Future[None] | None = None
        self._retired: list[int] = []  # earlier days' files, closed a day later

    def _file(self, day: date) -> Path:
        return self.directory / f"{day.isoformat()}{SUFFIX}"

    def _open(self, day: date) -> int:
        if self._fd is not None and self._day == day:
            return self._fd
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._file(day), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
        if os.fstat(fd).st_size:  # a line cut by a crash must not swallow the next one
            with open(self._file(day), "rb") as tail:
                tail.seek(-1, os.SEEK_END)
                if tail.read(1) != b"\n":
                    os.write(fd, b"\n")
        previous, self._fd, self._day = self._fd, fd, day
        if previous is not None:  # the day turned: the old file's lines go to disk now, once
            os.fdatasync(previous)
            for old in self._retired:  # a day old: no sync of theirs can still be running
                os.close(old)
            self._retired = [previous]
        return fd

    async def append(self, decisions: Sequence[AuthorizeDecision]) -> None:
        """Writes the decisions (one write) and returns once they are on disk."""
        if not decisions:
            return
        data = b"".join(decision_line(decision) for decision in decisions)
        fd = self._open(decisions[0].at.astimezone(timezone.utc).date())
        written = os.write(fd, data)
        if written != len(data):
            raise OSError(f"decision log: short write ({written} of {len(data)} bytes)")
        self._written += 1
        if self._sync:
            await self._durable(self._written, fd)

    async def _durable(self, ticket: int, fd: int) -> None:
        """Group commit: one fdatasync covers every append made before it started. The sync itself
        moves `_synced` (not whoever started it), and every pass of the loop awaits a sync that is
        still running or a new one, so a caller never spins on a finished one."""
        while self._synced < ticket:
            syncing = self._syncing
            if syncing is None or syncing.done():
                syncing = self._syncing = asyncio.ensure_future(self._fdatasync(fd, self._written))
            await asyncio.shield(syncing)

    async def _fdatasync(self, fd: int, covered: int) -> None:
        await asyncio.to_thread(os.fdatasync, fd)
        self._synced = max(self._synced, covered)

    def close(self) -> None:
        for fd in [*self._retired, *([self._fd] if self._fd is not None else [])]:
            os.close(fd)
        self._fd, self._day, self._retired = None, None, []

    async def page(self, which: DecisionFilter, skip: int, limit: int) -> tuple[int, list[AuthorizeDecision]]:
        """The decisions `which` selects, newest first: (how many in all, the page)."""
        return await asyncio.to_thread(self._page, which, skip, limit)

    def _days(self, which: DecisionFilter) -> list[date]:
        if not self.directory.is_dir():
            return []
        days = []
        for path in self.directory.glob(f"*{SUFFIX}"):
            try:
                days.append(date.fromisoformat(path.name[: -len(SUFFIX)]))
            except ValueError:
                continue
        first = which.since.astimezone(timezone.utc).date() if which.since else date.min
        last = (which.until - timedelta(microseconds=1)).astimezone(timezone.utc).date() if which.until else date.max
        return sorted((day for day in days if first <= day <= last), reverse=True)

    def _page(self, which: DecisionFilter, skip: int, limit: int) -> tuple[int, list[AuthorizeDecision]]:
        needles = [json.dumps(value, ensure_ascii=False).encode("utf-8") for value in
                   (which.department, which.item_id, which.grant_id) if value is not None]
        total, out = 0, []
        for day in self._days(which):
            matching = []
            with open(self._file(day), "rb") as lines:
                for number, line in enumerate(lines, start=1):
                    if not line.endswith(b"\n") or not all(needle in line for needle in needles):
                        continue  # the last line is being written, or cannot match
                    decision = _parsed(line, f"{day.isoformat()}:{number}")
                    if decision is not None and which.admits(decision):
                        matching.append(decision)
            for decision in reversed(matching):
                if skip <= total < skip + limit:
                    out.append(decision)
                total += 1
        return total, out


def _parsed(line: bytes, position: str) -> AuthorizeDecision | None:
    """A line back to its decision; a line cut by a crash is skipped (the next starts afresh)."""
    try:
        return _decision(json.loads(line), position)
    except (ValueError, KeyError, TypeError):
        return None
