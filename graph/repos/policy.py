"""Policy administration: the versions of the Casbin rules in the graph, and the stored grants and
published items a dry run replays (graph/cypher/common/policy/). Every department's facts come
from `graph.repos.reference.department_facts` (policy/departments)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.repos._values import instant, strings, text
from graph.repos.audit import audit_properties
from graph.repos.sharing import grant_record
from graph.store import GraphStore
from server.domain.instants import utc_iso
from server.domain.records.audit import AuditEvent
from server.domain.records.catalog import ItemFacts
from server.domain.records.policy import PolicyVersionRecord
from server.domain.records.sharing import GrantRecord
from server.domain.values import ItemStatus, ShareType


def _version_record(props: dict[str, Any]) -> PolicyVersionRecord:
    return PolicyVersionRecord(
        version=int(props["version"]), author=text(props.get("author")), reason=text(props.get("reason")),
        saved_at=instant(props.get("savedAt")), restored_from=props.get("restoredFrom"), based_on=props.get("basedOn"),
        model=props.get("model"), policy=props.get("policy"), rules=props.get("rules"),
    )


def _item_facts(props: dict[str, Any], scope: list[str]) -> ItemFacts:
    return ItemFacts(
        provider_code=props["providerCode"], id=props["id"],
        share_type=ShareType(props["shareType"]) if props.get("shareType") else None,
        status=ItemStatus(props["status"]) if props.get("status") else None,
        scope=strings(scope), withdrawn_at=instant(props.get("withdrawnAt")),
    )


async def active(store: GraphStore) -> int | None:
    """The active (newest) version number; None while no version is stored (the files are version 1)."""
    rows = await store.read("policy/active")
    return int(rows[0]["version"]) if rows and rows[0]["version"] is not None else None


async def version(store: GraphStore, number: int) -> PolicyVersionRecord | None:
    """One stored version with its texts."""
    rows = await store.read("policy/version", version=number)
    return _version_record(rows[0]["version"]) if rows else None


async def versions(store: GraphStore, skip: int, limit: int) -> list[PolicyVersionRecord]:
    """Stored versions newest first, without their texts."""
    rows = await store.read("policy/versions", skip=skip, limit=limit)
    return [_version_record(row["version"]) for row in rows]


async def save_version(store: GraphStore, *, expected_version: int, model: str, policy: str, rules: str, author: str,
                       reason: str, restored_from: int | None, now: datetime, base: PolicyVersionRecord,
                       audit: AuditEvent) -> int | None:
    """Version expected_version + 1, only while expected_version is active (None otherwise); with
    nothing stored yet, `base` (the shipped files) is stored as version 1 in the same statement.
    May raise ConstraintViolation when a concurrent save made the same number first."""
    rows = await store.write(
        "policy/save_version", expectedVersion=expected_version, model=model, policy=policy, rules=rules,
        author=author, reason=reason, restoredFrom=restored_from, now=utc_iso(now), baseModel=base.model,
        basePolicy=base.policy, baseRules=base.rules, baseAuthor=base.author, baseReason=base.reason,
        audit=audit_properties(audit),
    )
    return int(rows[0]["version"]) if rows else None


async def grants(store: GraphStore, after: str, limit: int) -> list[tuple[GrantRecord, ItemFacts]]:
    """A page of stored grants in id order after `after`, each with its item's facts and scope."""
    rows = await store.read("policy/grants", after=after, limit=limit)
    return [(grant_record(row["grant"]), _item_facts(row["item"], row["scope"])) for row in rows]


async def items(store: GraphStore, after: str, limit: int) -> list[ItemFacts]:
    """A page of published items in id order after `after`, with their class and scope."""
    rows = await store.read("policy/items", after=after, limit=limit)
    return [_item_facts(row["item"], row["scope"]) for row in rows]
