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
* **Tamper-evident.** Each line carries `hash`: sha256 over the previous line's hash and the line
  (the audit log's rule, server/domain/audit.py `link`; a day's first line follows the file's name).
  The append holds the file's lock (flock) while it reads the last hash and writes, so processes
  extend one chain; `verify` (`mulu audit verify`) names the first line altered, inserted or deleted.

Reading is a scan of the days in the asked window (newest first), in a worker thread; lines are
pre-selected by the exact JSON text of the asked ids before they are parsed.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from graph.repos._values import instant
from server.domain.audit import link
from server.domain.instants import utc_iso
from server.domain.records.decisions import AuthorizeDecision, DecisionFilter, DecisionLogVerdict
from server.domain.sharing import AuthorizeReason, ElementAccess, ElementDecision, ElementReason
from server.domain.values import MaskingRule

SUFFIX = ".jsonl"


def decision_props(decision: AuthorizeDecision) -> dict[str, Any]:
    """One decision as the log keeps it (before its hash)."""
    return {
        "at": utc_iso(decision.at),
        "user": decision.user,
        "department": decision.department,
        "item": decision.item_id,
        "grant": decision.grant_id,
        "allowed": decision.allowed,
        "reason": decision.reason.value,
        "elements": [[e.code, e.access.value, e.masking_rule.value if e.masking_rule else None, e.reason.value]
                     for e in decision.elements],
    }


def decision_line(decision: AuthorizeDecision, previous_hash: str = "") -> tuple[bytes, str]:
    """One decision as one JSON line, chained to `previous_hash`; (the line, its hash)."""
    props = decision_props(decision)
    digest = link(previous_hash, props)
    return (json.dumps({**props, "hash": digest}, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"), digest


def genesis(day: date) -> str:
    """The "previous hash" of a day file's first line: the file's own name, so a line moved from
    one day's file to another does not verify."""
    return f"{day.isoformat()}{SUFFIX}"


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
        self._tail: tuple[int, str] | None = None  # (size, last hash) of the current file, as this process left it

    def _file(self, day: date) -> Path:
        return self.directory / f"{day.isoformat()}{SUFFIX}"

    def _open(self, day: date) -> int:
        if self._fd is not None and self._day == day:
            return self._fd
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._file(day), os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o640)
        fcntl.flock(fd, fcntl.LOCK_EX)  # no other process is mid-append while the end is looked at
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":  # a line cut by a crash must not swallow the next
                os.write(fd, b"\n")
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
        previous, self._fd, self._day, self._tail = self._fd, fd, day, None
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
        day = decisions[0].at.astimezone(timezone.utc).date()
        fd = self._open(day)
        fcntl.flock(fd, fcntl.LOCK_EX)  # held for a write's microseconds: other processes wait that long
        try:
            size = os.fstat(fd).st_size
            previous = self._tail[1] if self._tail and self._tail[0] == size else _last_hash(fd, size, day)
            lines = []
            for decision in decisions:
                line, previous = decision_line(decision, previous)
                lines.append(line)
            data = b"".join(lines)
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(f"decision log: short write ({written} of {len(data)} bytes)")
            self._tail = (size + written, previous)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
        self._written += 1
        if self._sync:
            await self._durable(self._written)

    async def _durable(self, ticket: int) -> None:
        """Group commit: one fdatasync covers every append made before it started. The sync itself
        moves `_synced` (not whoever started it), and every pass of the loop awaits a sync that is
        still running or a new one, so a caller never spins on a finished one."""
        while self._synced < ticket:
            syncing = self._syncing
            if syncing is None or syncing.done():
                # The current day's file: an earlier day's was synced when the day turned (`_open`),
                # so syncing the current one covers every append counted so far.
                syncing = self._syncing = asyncio.ensure_future(self._fdatasync(self._fd, self._written))
            await asyncio.shield(syncing)

    async def _fdatasync(self, fd: int | None, covered: int) -> None:
        if fd is None:  # closed meanwhile (the server stops); `close` synced what was written before
            raise OSError("decision log: closed")
        await asyncio.to_thread(os.fdatasync, fd)
        self._synced = max(self._synced, covered)

    def close(self) -> None:
        """Syncs and closes the files (the server stops): every append made so far is on disk."""
        if self._fd is not None:
            os.fdatasync(self._fd)
            self._synced = self._written
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


TAIL_BYTES = 64 * 1024  # far more than one line


def _last_hash(fd: int, size: int, day: date) -> str:
    """The hash of the file's last whole line (another process wrote last), or the day's genesis."""
    if size == 0:
        return genesis(day)
    tail = os.pread(fd, min(size, TAIL_BYTES), max(0, size - TAIL_BYTES))
    for line in reversed(tail.split(b"\n")):
        try:
            digest = json.loads(line).get("hash")
        except ValueError:
            continue  # a line cut by a crash, or the start of the tail window
        if isinstance(digest, str):
            return digest
    return genesis(day)


def verify(directory: Path) -> DecisionLogVerdict:
    """Recomputes every day file's chain and names the first line that breaks it."""
    directory = Path(directory)
    files = sorted(directory.glob(f"*{SUFFIX}")) if directory.is_dir() else []
    lines = torn = 0
    for path in files:
        try:
            day = date.fromisoformat(path.name[: -len(SUFFIX)])
        except ValueError:
            continue
        previous = genesis(day)
        with open(path, "rb") as content:
            for number, line in enumerate(content, start=1):
                where = f"{day.isoformat()}:{number}"
                try:
                    props = json.loads(line)
                except ValueError:
                    torn += 1  # a crash's half line: `_open` ended it with a newline
                    continue
                if not isinstance(props, dict) or not isinstance(props.get("hash"), str):
                    return DecisionLogVerdict(len(files), lines, "ALTERED", where,
                                              f"鉴权日志 {where} 不是日志写入的记录 (decision log {where} was not written by the log)", torn)
                stored = props.pop("hash")
                if link(previous, props) != stored:
                    return DecisionLogVerdict(len(files), lines, "ALTERED", where,
                                              f"鉴权日志 {where} 被改动、插入或其前一行被删除 "
                                              f"(decision log {where} was altered or inserted, or the line before it deleted)", torn)
                previous = stored
                lines += 1
    return DecisionLogVerdict(len(files), lines, torn=torn)


def _parsed(line: bytes, position: str) -> AuthorizeDecision | None:
    """A line back to its decision; a line cut by a crash is skipped (the next starts afresh)."""
    try:
        return _decision(json.loads(line), position)
    except (ValueError, KeyError, TypeError):
        return None
