"""The audit log (第三十八条): events as stored, the chain's counters, the auditors' page
(graph/cypher/common/audit/).

Every write statement of a change ends with the same tail (`// 第三十八条: the change's audit
event, in the same write`): it takes the AuditLog's write lock, numbers the event one past the
last and creates it from `$audit`, the properties made HERE by `audit_properties` — the one place
an event's stored shape is decided, for every change.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.repos._values import instant, strings, text
from graph.store import GraphStore
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


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def audit_properties(event: AuditEvent) -> dict[str, Any]:
    """An event's stored properties (flat: strings and a list of strings; before/after as JSON
    text). The sequence number is given by the statement, the hash by the chainer."""
    props: dict[str, Any] = {
        "at": utc_iso(event.at),
        "actorUser": event.actor.user,
        "actorDepartment": event.actor.department,
        "actorRoles": sorted(event.actor.roles),
        "action": event.action.value,
        "targetKind": event.target.kind.value,
        "targetId": event.target.id,
        "outcome": event.outcome.value,
        "reason": event.reason,
        "before": _json(event.before),
        "after": _json(event.after),
    }
    if event.target.code is not None:
        props["targetCode"] = event.target.code
    return props


def audit_record(props: dict[str, Any]) -> AuditEvent:
    """An event as read back (a hand-made node may lack fields: they read as empty)."""
    def _loads(value: Any) -> dict[str, Any]:
        try:
            loaded = json.loads(value) if value else {}
        except (TypeError, ValueError):
            return {"text": str(value)}
        return loaded if isinstance(loaded, dict) else {"value": loaded}

    seq = props.get("seq")
    return AuditEvent(
        at=instant(props.get("at")),  # type: ignore[arg-type]
        actor=AuditActor(user=text(props.get("actorUser")), department=text(props.get("actorDepartment")),
                         roles=strings(props.get("actorRoles"))),
        action=AuditAction(props["action"]),
        target=AuditTarget(kind=AuditTargetKind(props["targetKind"]), id=text(props.get("targetId")),
                           code=props.get("targetCode")),
        outcome=AuditOutcome(props.get("outcome") or "DONE"), reason=text(props.get("reason")),
        before=_loads(props.get("before")), after=_loads(props.get("after")),
        seq=seq if isinstance(seq, int) else None, hash=props.get("hash"),
    )


@dataclass(frozen=True, slots=True)
class ChainHead:
    allocated: int  # the last sequence number handed out
    chained_seq: int  # the last event linked by hash
    chained_hash: str


async def head(store: GraphStore) -> ChainHead:
    [row] = await store.read("audit/head")
    return ChainHead(int(row["allocated"]), int(row["chainedSeq"]), text(row["chainedHash"]))


async def stored_events_after(store: GraphStore, after: int, limit: int) -> list[dict[str, Any]]:
    """Events as stored (every property, for hashing), in sequence order after `after`."""
    rows = await store.read("audit/events_after", after=after, limit=limit)
    return [row["event"] for row in rows]


async def unnumbered(store: GraphStore) -> int:
    [row] = await store.read("audit/unnumbered")
    return int(row["unnumbered"])


async def chain(store: GraphStore, from_seq: int, links: Sequence[tuple[int, str]], now: datetime) -> bool:
    """Sets the hashes of `links` ((seq, hash), in order after `from_seq`); False when another
    chainer moved the chain first (nothing written)."""
    last_seq, last_hash = links[-1]
    rows = await store.write("audit/chain", fromSeq=from_seq, toSeq=last_seq, toHash=last_hash, now=utc_iso(now),
                             links=[{"seq": seq, "hash": digest} for seq, digest in links])
    return bool(rows)


async def record(store: GraphStore, event: AuditEvent) -> int:
    """Appends an event that no change of the graph carries (a backup, a restore); its seq."""
    [row] = await store.write("audit/record", audit=audit_properties(event))
    return int(row["seq"])


async def page(store: GraphStore, which: AuditFilter, skip: int, limit: int) -> tuple[int, list[AuditEvent]]:
    """(how many match, this page of them newest first)."""
    [row] = await store.read(
        "audit/page", skip=skip, limit=limit, actor=which.actor, department=which.department,
        action=which.action.value if which.action else None,
        targetKind=which.target_kind.value if which.target_kind else None, targetId=which.target_id,
        since=utc_iso(which.since) if which.since else None, until=utc_iso(which.until) if which.until else None,
    )
    return int(row["total"]), [audit_record(props) for props in row["events"]]
