"""The audit log (第三十八条): the events services write with their changes, the hash chain, and
the auditors' view.

A service makes the event of its change with `event(ctx, …)` — the caller from the token, the
instant of the request — and hands it to the repository, which writes it in the same statement as
the change. The chainer (`Chainer`, started in the app's lifespan) links new events by hash within
seconds; `verify` recomputes the whole chain (`mulu audit verify`).
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import os
from contextlib import asynccontextmanager
from collections.abc import AsyncIterator, Mapping
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any

from graph.repos import audit as repo
from graph.store import GraphStore
from server.context import Context
from server.domain import audit as chain_rules
from server.domain import audit_export
from server.domain.audit import Checkpoint, Verdict
from server.domain.errors import Invalid
from server.domain.instants import utc_iso
from server.domain.records.audit import (
    AuditAction,
    AuditActor,
    AuditEvent,
    AuditFilter,
    AuditOutcome,
    AuditTarget,
    AuditTargetKind,
)
from server.services.authorization import require

log = logging.getLogger("mulu.audit")

PAGE = 500  # events read per round trip by the chainer and verify


def actor_of(ctx: Context) -> AuditActor:
    """The caller as the audit log records them: user, department and roles from the token."""
    principal = ctx.principal
    return AuditActor(user=principal.user, department=principal.department_code,
                      roles=tuple(sorted(str(getattr(role, "value", role)) for role in principal.roles)))


def event(ctx: Context, action: AuditAction, kind: AuditTargetKind, target_id: str, *, code: str | None = None,
          reason: str = "", before: Mapping[str, Any] | None = None, after: Mapping[str, Any] | None = None,
          outcome: AuditOutcome = AuditOutcome.DONE) -> AuditEvent:
    """The event of a change the caller is about to make (written with it, or not at all)."""
    return AuditEvent(
        at=ctx.now, actor=actor_of(ctx), action=action, target=AuditTarget(kind, target_id, code), outcome=outcome,
        reason=reason, before=_plain(dict(before or {})), after=_plain(dict(after or {})),
    )


def _plain(value: Any) -> Any:
    """JSON-ready values: enums by value, instants as stored (ISO UTC), dates as ISO days."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# ---- the hash chain ------------------------------------------------------------------------------


async def _stored_events(store: GraphStore, after: int = 0) -> AsyncIterator[dict[str, Any]]:
    while True:
        page = await repo.stored_events_after(store, after, PAGE)
        for props in page:
            yield props
        if len(page) < PAGE:
            return
        last = page[-1].get("seq")
        if not isinstance(last, int):
            return
        after = last


async def chain(store: GraphStore, now: datetime | None = None) -> int:
    """Links the events written since the chain's head, in sequence order, until every event
    allocated when it started is linked; returns how many this call linked. Safe to run from
    several processes at once: each write is guarded on the head it started from, and a call that
    loses the race starts again from the new head."""
    target = (await repo.head(store)).allocated
    linked = 0
    for _ in range(1000):  # each round links a page, or finds another chainer moved the head
        head = await repo.head(store)
        if head.chained_seq >= target:
            return linked
        page = await repo.stored_events_after(store, head.chained_seq, PAGE)
        links = await asyncio.to_thread(_links, page, head)  # an import's events are large: hash off the loop
        if not links:
            return linked
        if await repo.chain(store, head.chained_seq, links, now or datetime.now(timezone.utc)):
            linked += len(links)
    return linked


def _links(page: list[dict[str, Any]], head: repo.ChainHead) -> list[tuple[int, str]]:
    """(seq, hash) of a page of events following the chain's head."""
    links: list[tuple[int, str]] = []
    previous, expected = head.chained_hash, head.chained_seq + 1
    for props in page:
        seq = props.get("seq")
        if not isinstance(seq, int):
            break
        if seq != expected:
            log.error("audit event %s is missing: the chain goes on from event %s (mulu audit verify names it)",
                      expected, seq)
        previous = props.get("hash") or chain_rules.link(previous, props)
        links.append((seq, previous))
        expected = seq + 1
    return links


async def verify(store: GraphStore, checkpoint: Checkpoint | None = None) -> Verdict:
    """Recomputes the chain from the first event (see server/domain/audit.py `verify`)."""
    head = await repo.head(store)
    unnumbered = await repo.unnumbered(store)
    events = [props async for props in _stored_events(store)]
    return chain_rules.verify(events, head.allocated, unnumbered, checkpoint)


async def checkpoint(store: GraphStore) -> Checkpoint | None:
    """The last event linked by hash, verified, as (seq, hash); None while nothing is chained."""
    verdict = await verify(store)
    if not verdict.ok:
        raise ValueError(verdict.message)
    return Checkpoint(verdict.chained_through, verdict.head_hash) if verdict.chained_through else None


class Chainer:
    """Links new events by hash in the background: every `interval` seconds, and soon after a
    nudge. One per server process; processes sharing a graph do not get in each other's way."""

    def __init__(self, store: GraphStore, interval: float = 1.0) -> None:
        self._store = store
        self._interval = interval
        self._wake = asyncio.Event()

    def nudge(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self._interval)
            except TimeoutError:
                pass
            self._wake.clear()
            try:
                await chain(self._store)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the engine may be down; the next round tries again
                log.warning("audit chainer: could not link new events this round", exc_info=True)


@asynccontextmanager
async def audit_chainer(store: GraphStore, interval: float = 1.0) -> AsyncIterator[Chainer]:
    """Runs a `Chainer` for as long as the server runs (the app's lifespan)."""
    chainer = Chainer(store, interval)
    task = asyncio.create_task(chainer.run(), name="audit-chainer")
    try:
        yield chainer
    finally:
        # Shutdown never waits on the engine: a round stuck on a dying connection is left behind
        # (the next start chains what it did not).
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=2)
        if not done:
            log.warning("audit chainer did not stop within 2 s; leaving it")


async def last_seq(store: GraphStore) -> int:
    """The last sequence number the audit log handed out (0: no event yet)."""
    return (await repo.head(store)).allocated


def command_event(action: AuditAction, kind: AuditTargetKind, target_id: str, code: str | None = None, *,
                  after: Mapping[str, Any] | None = None, reason: str = "") -> AuditEvent:
    """The event of an operation a `mulu` command performs on the server's machine (a backup, a
    restore, an installed calendar): the actor is the operating-system user who ran it."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a container): still say it was the command
        user = f"uid {os.getuid()}"
    return AuditEvent(at=datetime.now(timezone.utc), actor=AuditActor(user=user, roles=("CLI",)), action=action,
                      target=AuditTarget(kind, target_id, code), reason=reason, after=_plain(dict(after or {})))


async def record_operation(store: GraphStore, event: AuditEvent) -> int:
    """第三十七条: a backup taken or a snapshot restored by the `mulu` command (no caller, no policy:
    whoever runs the command on the server's machine owns its data directory). Its seq."""
    return await repo.record(store, event)


# ---- for auditors ----------------------------------------------------------------------------------


async def events_page(ctx: Context, which: AuditFilter, skip: int, limit: int) -> tuple[int, list[AuditEvent]]:
    """第三十八条: the audit log for AUDITOR (policy action `audit`), newest first."""
    await require(ctx, "audit", "catalog")
    return await repo.page(ctx.store, which, skip, limit)


async def verification(ctx: Context, checkpoint: str | None) -> Verdict:
    """`mulu audit verify --server`: the chain recomputed by the running server, for AUDITOR."""
    await require(ctx, "audit", "catalog")
    try:
        point = Checkpoint.parse(checkpoint) if checkpoint else None
    except ValueError as exc:
        raise Invalid.of("checkpoint", str(exc)) from exc
    return await verify(ctx.store, point)


EXPORT_PAGE = 1000


async def export_events(ctx: Context, which: AuditFilter, fmt: str) -> bytes:
    """第三十八条: the events `which` selects, newest first, as a csv or xlsx file (AUDITOR)."""
    await require(ctx, "audit", "catalog")
    total, events = await repo.page(ctx.store, which, 0, EXPORT_PAGE)
    if total > audit_export.EXPORT_MAX_ROWS:
        raise Invalid.of("from", f"所选事件 {total} 条，超过一次导出的上限 {audit_export.EXPORT_MAX_ROWS} 条，请缩小时间范围 "
                                 f"({total} events: more than {audit_export.EXPORT_MAX_ROWS} in one file; narrow the window)")
    while len(events) < total:
        _, more = await repo.page(ctx.store, which, len(events), EXPORT_PAGE)
        if not more:
            break
        events += more
    return await asyncio.to_thread(audit_export.write_file, fmt, "审计日志", audit_export.EVENT_HEADERS,
                                   list(audit_export.event_rows(events)))
