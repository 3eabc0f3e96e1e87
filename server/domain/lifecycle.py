"""The catalog item's life (第九条 to 第十九条) as pure rules: who may edit in which state, how
a published item is versioned and compared, when data is stale, when a change is due.

    DRAFT ──submit──▶ SUBMITTED ──accept (code assigned, 第十三条)──▶ PUBLISHED
      ▲                   └──return with comments──▶ RETURNED ──submit──▶ SUBMITTED
      └── edits: DRAFT, RETURNED; a PUBLISHED item's edit is a new version (history kept)
    PUBLISHED ──withdrawal approved by the authority (第十九条)──▶ WITHDRAWN
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from server.domain.grants import Period
from server.domain.values import ItemStatus, UpdateCycle

EDITABLE = (ItemStatus.DRAFT, ItemStatus.RETURNED, ItemStatus.PUBLISHED)
SUBMITTABLE = (ItemStatus.DRAFT, ItemStatus.RETURNED)


class LifecycleError(ValueError):
    """The item is not in a state where this step applies."""


def check_editable(status: ItemStatus) -> None:
    if status not in EDITABLE:
        raise LifecycleError(f"目录状态为“{status.label}”，不能修改 (an item {status.value} cannot be edited)")


def check_submittable(status: ItemStatus) -> None:
    if status not in SUBMITTABLE:
        raise LifecycleError(f"目录状态为“{status.label}”，不能提交审核 (an item {status.value} cannot be submitted)")


def content_hash(snapshot: dict[str, Any]) -> str:
    """Same content, same hash: an import of the same file, or a save without changes, changes nothing."""
    return hashlib.sha256(json.dumps(snapshot, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Field-by-field differences of two item snapshots; elements are compared by their code."""
    changes = [
        FieldChange(key, before.get(key), after.get(key))
        for key in sorted(set(before) | set(after))
        if key != "elements" and before.get(key) != after.get(key)
    ]
    old = {e["code"]: e for e in before.get("elements", [])}
    new = {e["code"]: e for e in after.get("elements", [])}
    for code in sorted(set(old) | set(new)):
        if old.get(code) != new.get(code):
            changes.append(FieldChange(f"elements[{code}]", old.get(code), new.get(code)))
    return changes


def fresh_until(cycle: UpdateCycle, data_updated_at: datetime, staleness: dict[UpdateCycle, Period]) -> datetime | None:
    """The instant after which data last updated at `data_updated_at` is stale; None when the
    cycle has no limit (其他). `staleness` is rules.toml [staleness] (第十七条, 第十八条)."""
    period = staleness.get(cycle)
    return period.add_to(data_updated_at) if period is not None else None


def is_stale(cycle: UpdateCycle, data_updated_at: datetime | None, now: datetime,
             staleness: dict[UpdateCycle, Period]) -> bool:
    """第十八条: data older than its update cycle allows (never updated counts as stale when the cycle has a limit)."""
    if data_updated_at is None:
        return cycle in staleness
    limit = fresh_until(cycle, data_updated_at, staleness)
    return limit is not None and now > limit
