"""The catalog's lifecycle: compile, update, import, review and code, publish, withdraw, data
updates, change events, export (graph/cypher/common/lifecycle/).

An item's graph properties are made in ONE place, `item_properties`, used by create, update,
import and the generated seed alike, so the paths cannot drift apart (an imported item once
lacked its cascade level, 第二十七条).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from graph.repos._values import day, instant, strings, text
from graph.repos.audit import audit_properties
from graph.store import GraphStore
from server.domain import lifecycle as rules
from server.domain.coding import CodeTemplate
from server.domain.instants import utc_iso
from server.domain.models import CatalogItem
from server.domain.records.audit import AuditEvent
from server.domain.records.catalog import ElementRecord, ItemFacts, ItemRecord
from server.domain.records.lifecycle import (
    AffectedItemRecord,
    ChangeEventRecord,
    ExportedItem,
    FreshnessRecord,
    ItemStateRecord,
    ItemVersionRecord,
    ItemWrite,
    RevisionRecord,
    RevisionStatus,
    SourceHintRecord,
    WithdrawalRecord,
    WithdrawalStatus,
)
from server.domain.requests import OPEN_STATUSES
from server.domain.search_text import document_text
from server.domain.values import ItemStatus, ShareType, UpdateCycle

# ---- converters -----------------------------------------------------------------------------


def withdrawal_record(props: dict[str, Any]) -> WithdrawalRecord:
    return WithdrawalRecord(
        id=props["id"], item_id=props["itemId"], item_name=text(props.get("itemName")),
        provider_code=props["providerCode"], region_code=text(props.get("regionCode")), reason=text(props.get("reason")),
        status=WithdrawalStatus(props["status"]), requested_at=instant(props["requestedAt"]),  # type: ignore[arg-type]
        requested_by=text(props.get("requestedBy")), decided_at=instant(props.get("decidedAt")),
        decided_by=props.get("decidedBy"), comment=props.get("comment"),
        reported_to_city_at=instant(props.get("reportedToCityAt")),
    )


def _item_facts(props: dict[str, Any]) -> ItemFacts:
    """The few facts of an item a decision on it reads (provider, class, state, who compiled it)."""
    names = {*(props.get("editors") or ()), props.get("createdBy"), props.get("updatedBy"), props.get("submittedBy")}
    return ItemFacts(
        provider_code=props["providerCode"], id=props.get("id"),
        share_type=ShareType(props["shareType"]) if props.get("shareType") else None,
        status=ItemStatus(props["status"]) if props.get("status") else None,
        compilers=frozenset(name for name in names if name), name=text(props.get("name")),
    )


def _version_record(props: dict[str, Any], item_id: str) -> ItemVersionRecord:
    snapshot = props.get("snapshot")
    return ItemVersionRecord(
        item_id=props.get("itemId") or item_id, version=int(props["version"]), status=ItemStatus(props["status"]),
        saved_at=instant(props.get("savedAt")), saved_by=props.get("savedBy"),
        replaced_at=instant(props["replacedAt"]), replaced_by=text(props.get("replacedBy")),  # type: ignore[arg-type]
        reason=text(props.get("reason")), snapshot=json.loads(snapshot) if snapshot else {},
    )


def _change_event_record(event: dict[str, Any], items: list[dict[str, Any]]) -> ChangeEventRecord:
    return ChangeEventRecord(
        id=event["id"], description=text(event.get("description")),
        published_on=day(event["publishedOn"]), due_on=day(event["dueOn"]),  # type: ignore[arg-type]
        due_at=instant(event["dueAt"]), due_provisional=bool(event.get("dueProvisional")),  # type: ignore[arg-type]
        created_at=instant(event.get("createdAt")), created_by=event.get("createdBy"),
        items=tuple(
            AffectedItemRecord(id=item["id"], name=text(item.get("name")), provider_code=item["providerCode"],
                               updated=bool(item.get("updated")))
            for item in items
        ),
    )


# ---- an item's properties and content --------------------------------------------------------


def item_properties(write: ItemWrite, status: ItemStatus | None) -> dict[str, Any]:
    """The graph properties of a catalog item as compiled, updated, imported or seeded: the one
    place they are made. `status` None leaves the stored status alone (an import keeps a returned
    item returned; a new one becomes a draft in the statement)."""
    item = write.item
    content = item.to_graph()
    props = dict(content)
    for nested in ("elements", "shareScope"):
        props.pop(nested)
    if props.get("publishedOn") is None:
        props.pop("publishedOn")  # 发布日期 is set when the authority publishes; an edit keeps it
    props.update(
        id=write.item_id, providerCode=item.provider_code, regionCode=write.region_code,
        regionLevel=write.region_level,  # 第二十七条 省市级联: the cascade column filters on it
        updatedAt=utc_iso(write.at) if write.at else None, updatedBy=write.by,
        contentHash=rules.content_hash(content), shareScope=item.share_scope, elementCount=len(item.elements),
        **document_text(item.name, item.summary, [e.name for e in item.elements], extra=list(write.findable_by)),
    )
    if status is not None:
        props["status"] = status.value
    return props


def _element_rows(write: ItemWrite, existing: dict[str, str]) -> list[dict[str, Any]]:
    """Each element's properties and the element it is sourced from (第十五条), if resolved; an
    element keeps its node (and links) while its code stays (`existing`: code → element id)."""
    rows = []
    for seq, element in enumerate(write.item.elements, start=1):
        props = element.to_graph()
        props.pop("sourceItemCode")
        code = element.code.upper()
        props.update(id=existing.get(code) or f"{write.item_id}:{code}", itemId=write.item_id, seq=seq)
        rows.append({"props": props, "sourceElementId": write.sources.get(code)})
    return rows


def _links(item: CatalogItem) -> dict[str, Any]:
    """The item's themes, database and sharing scope, written in the same statement as the item."""
    return {"themeCodes": item.theme_codes, "databaseCode": item.database_code, "scope": item.share_scope}


_SNAPSHOT_FIELDS = (
    ("name", "name"), ("summary", "summary"), ("providerCode", "provider_code"), ("storageLevel", "storage_level"),
    ("category", "category"), ("grade", "grade"), ("format", "format"), ("formatDetail", "format_detail"),
    ("shareType", "share_type"), ("shareCondition", "share_condition"), ("legalBasis", "legal_basis"),
    ("shareModes", "share_modes"), ("openType", "open_type"), ("openMode", "open_mode"),
    ("updateCycle", "update_cycle"), ("updateCycleNote", "update_cycle_note"), ("publishedOn", "published_on"),
    ("databaseCode", "database_code"),
)
_ELEMENT_FIELDS = (
    ("name", "name"), ("code", "code"), ("type", "type"), ("length", "length"), ("description", "description"),
    ("sensitivity", "sensitivity"), ("maskingRule", "masking_rule"), ("verifyOnly", "verify_only"),
    ("withheld", "withheld"),
)


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)


def item_snapshot(item: ItemRecord, elements: Sequence[ElementRecord], scope: Sequence[str],
                  themes: Sequence[str]) -> dict[str, Any]:
    """An item's content as kept with each version and compared by `itemDiff` (第十三条)."""
    out: dict[str, Any] = {name: _plain(getattr(item, attribute)) for name, attribute in _SNAPSHOT_FIELDS}
    out.update(shareScope=sorted(scope), shareScopeAll=item.scope_all, themeCodes=sorted(themes))
    out["elements"] = [{name: _plain(getattr(e, attribute)) for name, attribute in _ELEMENT_FIELDS} for e in elements]
    return out


def content_snapshot(item: CatalogItem) -> dict[str, Any]:
    """The content being saved, in the shape of `item_snapshot` (so the two compare field by field:
    an audit event's before and after, 第三十八条)."""
    out: dict[str, Any] = {name: _plain(getattr(item, attribute, None)) for name, attribute in _SNAPSHOT_FIELDS}
    out.update(shareScope=sorted(item.share_scope), shareScopeAll=item.share_scope_all, themeCodes=sorted(item.theme_codes))
    out["elements"] = [{name: _plain(getattr(e, attribute)) for name, attribute in _ELEMENT_FIELDS}
                       for e in item.elements]
    return out


def _previous_version(current: ItemRecord, elements: Sequence[ElementRecord], scope: Sequence[str],
                      themes: Sequence[str], at: datetime, by: str, reason: str) -> dict[str, Any]:
    """The stored ItemVersion of `current`, replaced at `at` by `by` (update, and import over a draft)."""
    return {
        "itemId": current.id, "version": current.version, "status": current.status.value,
        "savedAt": utc_iso(current.updated_at) if current.updated_at else None, "savedBy": current.updated_by,
        "replacedAt": utc_iso(at), "replacedBy": by, "reason": reason,
        "snapshot": json.dumps(item_snapshot(current, elements, scope, themes), ensure_ascii=False),
    }


# ---- compile, update, import (第九条) -------------------------------------------------------------


async def create_item(store: GraphStore, write: ItemWrite, audit: AuditEvent) -> bool:
    """A new draft with its elements, sources, themes, database and scope, in one statement;
    False when the provider already has an item of that name that is not withdrawn."""
    assert write.at is not None
    props = item_properties(write, ItemStatus.DRAFT)
    props.update(version=1, createdAt=props["updatedAt"], createdBy=write.by, requestCount=0)
    rows = await store.write("lifecycle/create_item", providerCode=write.item.provider_code, props=props,
                             actor=write.by, now=utc_iso(write.at), elements=_element_rows(write, {}),
                             audit=audit_properties(audit), **_links(write.item))
    return bool(rows)


async def update_item(store: GraphStore, write: ItemWrite, current: ItemRecord, elements: Sequence[ElementRecord],
                      scope: Sequence[str], themes: Sequence[str], expected_version: int, reason: str,
                      audit: AuditEvent, accepted: AcceptedRevision | None = None) -> int | None:
    """Saves an edit of a draft on `expected_version` — or, with `accepted`, the pending revision of a
    published item (第十三条), suspending the grants its class or scope no longer covers — keeping
    `current` as an earlier version (who, when, why); the new version number, or None when the
    item changed meanwhile."""
    assert write.at is not None and write.by is not None
    previous = _previous_version(current, elements, scope, themes, write.at, write.by, reason)
    props = item_properties(write, current.status)
    if current.status is ItemStatus.PUBLISHED:
        props["changeReason"] = reason
    rows = await store.write(
        "lifecycle/update_item", id=current.id, expectedVersion=expected_version, now=utc_iso(write.at),
        actor=write.by, previous=previous, props=props,
        elements=_element_rows(write, {e.code.upper(): e.id for e in elements}), audit=audit_properties(audit),
        revisionId=accepted.revision_id if accepted else None, reviewer=accepted.reviewer if accepted else None,
        reviewComment=accepted.comment if accepted else None, grantCount=accepted.grant_count if accepted else None,
        closing=list(accepted.closing) if accepted else [], openStatuses=sorted(s.value for s in OPEN_STATUSES),
        **_links(write.item),
    )
    return int(rows[0]["version"]) if rows else None


@dataclass(frozen=True)
class AcceptedRevision:
    """The city authority's acceptance of a published item's pending revision (第十三条)."""

    revision_id: str
    reviewer: str
    comment: str
    grant_count: int  # the grants on the item when the acceptance was decided (its audit event names them)
    closing: tuple[str, ...] = ()  # open applications of departments the new class or scope leaves out


def revision_record(props: dict[str, Any]) -> RevisionRecord:
    return RevisionRecord(
        id=props["id"], item_id=props["itemId"], base_version=int(props["baseVersion"]),
        status=RevisionStatus(props["status"]), reason=text(props.get("reason")),
        submitted_at=instant(props["submittedAt"]),  # type: ignore[arg-type]
        submitted_by=props["submittedBy"], content=json.loads(props["content"]), snapshot=json.loads(props["snapshot"]),
        reviewed_at=instant(props.get("reviewedAt")), reviewed_by=props.get("reviewedBy"),
        review_comment=props.get("reviewComment"),
    )


async def propose_revision(store: GraphStore, revision: RevisionRecord, expected_version: int, audit: AuditEvent) -> bool:
    """Keeps an edit of a published item as its pending revision; False when the item changed
    meanwhile or another revision is pending."""
    rows = await store.write(
        "lifecycle/propose_revision", itemId=revision.item_id, expectedVersion=expected_version,
        actor=revision.submitted_by, audit=audit_properties(audit),
        revision={
            "id": revision.id, "itemId": revision.item_id, "baseVersion": revision.base_version,
            "status": revision.status.value, "reason": revision.reason, "submittedAt": utc_iso(revision.submitted_at),
            "submittedBy": revision.submitted_by, "content": json.dumps(revision.content, ensure_ascii=False),
            "snapshot": json.dumps(revision.snapshot, ensure_ascii=False),
        },
    )
    return bool(rows)


async def namesake(store: GraphStore, provider_code: str, name: str, item_id: str) -> str | None:
    """Another item of the provider with this name (第十一条: no duplicate entries), if any."""
    rows = await store.read("lifecycle/namesake", providerCode=provider_code, itemName=name, id=item_id)
    return rows[0]["id"] if rows else None


async def revisions_by_ids(store: GraphStore, ids: Sequence[str]) -> dict[str, RevisionRecord]:
    rows = await store.read("lifecycle/revisions_by_ids", ids=list(ids))
    return {row["revision"]["id"]: revision_record(row["revision"]) for row in rows}


async def pending_revision_ids(store: GraphStore, limit: int) -> list[str]:
    """Revisions awaiting the city authority, the oldest first."""
    return [row["id"] for row in await store.read("lifecycle/pending_revisions", limit=limit)]


async def return_revision(store: GraphStore, item_id: str, revision_id: str, now: datetime, actor: str, comment: str,
                          audit: AuditEvent) -> bool:
    """Returns a pending revision with the authority's comment; False when it is no longer pending."""
    rows = await store.write("lifecycle/return_revision", itemId=item_id, revisionId=revision_id, now=utc_iso(now),
                             actor=actor, comment=comment, audit=audit_properties(audit))
    return bool(rows)


@dataclass(frozen=True)
class ImportedOver:
    """An existing draft an import replaces, as read before the write: kept as a version."""

    current: ItemRecord
    elements: Sequence[ElementRecord]
    scope: Sequence[str]
    themes: Sequence[str]


async def import_drafts(store: GraphStore, writes: Sequence[ItemWrite], now: datetime, actor: str,
                        existing: dict[str, ImportedOver], audits: Sequence[AuditEvent]) -> set[str]:
    """A whole file's items as drafts in one statement; the ids actually saved (changed content).
    An existing draft (`existing`, by item id) is kept as an earlier version; each saved item's
    event of `audits` (one per item, by target id) is written with it. The rows of a large file
    are built in a worker thread: the server keeps answering meanwhile (issue 11, point 7)."""
    items, audit_rows = await asyncio.to_thread(_import_rows, writes, now, actor, existing, audits)
    rows = await store.write("lifecycle/import_drafts", items=items, now=utc_iso(now), actor=actor, audits=audit_rows)
    return set(rows[0]["saved"]) if rows else set()


def _import_rows(writes: Sequence[ItemWrite], now: datetime, actor: str, existing: dict[str, ImportedOver],
                 audits: Sequence[AuditEvent]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    items = []
    for write in writes:
        props = item_properties(write, None)  # a new item becomes a draft; a returned one stays returned
        over = existing.get(write.item_id)
        previous = (_previous_version(over.current, over.elements, over.scope, over.themes, now, actor,
                                      "导入覆盖 (replaced by an import)") if over else None)
        items.append({"props": props, "elements": _element_rows(write, {}), "previous": previous,
                      **_links(write.item)})
    return items, [audit_properties(audit) for audit in audits]


async def item_states(store: GraphStore, ids: list[str]) -> list[ItemStateRecord]:
    rows = await store.read("lifecycle/item_states", ids=ids)
    return [ItemStateRecord(id=row["id"], status=ItemStatus(row["status"]), name=row["name"],
                            provider_code=row["providerCode"]) for row in rows]


async def similar_elements(store: GraphStore, names: list[str], provider_code: str) -> list[SourceHintRecord]:
    """第十五条: other departments' published elements of these names that others take as source."""
    rows = await store.read("lifecycle/similar_elements", names=names, providerCode=provider_code)
    return [SourceHintRecord(element_name=row["name"], source_item_id=row["itemId"], source_item_code=row["itemCode"],
                             source_item_name=row["itemName"], provider_code=row["providerCode"]) for row in rows]


# ---- submit, review and code, publish (第十三条) ---------------------------------------------------


async def set_status(store: GraphStore, item_id: str, from_status: ItemStatus, to_status: ItemStatus,
                     expected_version: int | None, at: datetime, by: str, audit: AuditEvent,
                     comment: str = "") -> bool:
    """A review step (submit; return with comments), guarded on the state and, when given, the
    version the caller saw; False when another step came first."""
    stamp = utc_iso(at)
    if to_status is ItemStatus.SUBMITTED:
        changes: dict[str, Any] = {"submittedAt": stamp, "submittedBy": by}
    else:
        changes = {"reviewComment": comment, "reviewedAt": stamp, "reviewedBy": by}
    rows = await store.write("lifecycle/set_status", id=item_id, now=stamp, fromStatus=from_status.value,
                             toStatus=to_status.value, expectedVersion=expected_version, changes=changes,
                             audit=audit_properties(audit))
    return bool(rows)


async def publish(store: GraphStore, item_id: str, template: CodeTemplate, at: datetime, by: str, comment: str,
                  published_on: date, audit: AuditEvent) -> bool:
    """Accepts a submitted item: the next code of its sequence and the publication, in one statement."""
    stamp = utc_iso(at)
    rows = await store.write(
        "lifecycle/publish", id=item_id, now=stamp, sequenceKey=template.key, codePrefix=template.prefix,
        codeWidth=template.width, codeSuffix=template.suffix,
        changes={"reviewComment": comment, "reviewedAt": stamp, "reviewedBy": by,
                 "publishedOn": published_on.isoformat(), "dataUpdatedAt": stamp},
        audit=audit_properties(audit),
    )
    return bool(rows)


async def set_code_sequences(store: GraphStore, sequences: dict[str, int]) -> None:
    """After a bulk load, moves each department/category sequence past the highest code in use."""
    await store.write("lifecycle/set_code_sequences", rows=[{"key": k, "value": v} for k, v in sequences.items()])


async def versions(store: GraphStore, item_id: str) -> list[ItemVersionRecord]:
    """An item's earlier versions, newest first."""
    rows = await store.read("lifecycle/versions", id=item_id)
    return [_version_record(row["version"], item_id) for row in rows]


# ---- withdrawal (第十九条) ----------------------------------------------------------------------


async def request_withdrawal(store: GraphStore, item_id: str, request_id: str, reason: str, at: datetime,
                             by: str, audit: AuditEvent) -> WithdrawalRecord | None:
    """A pending request, or None when the item is not published or one is pending already."""
    rows = await store.write("lifecycle/request_withdrawal", itemId=item_id, now=utc_iso(at),
                             audit=audit_properties(audit), request={
        "id": request_id, "itemId": item_id, "reason": reason, "requestedAt": utc_iso(at), "requestedBy": by,
    })
    return withdrawal_record(rows[0]["request"]) if rows else None


async def withdrawal_by_id(store: GraphStore, request_id: str) -> tuple[WithdrawalRecord, ItemFacts] | None:
    """The request with its item's facts (provider, who compiled it), or None."""
    rows = await store.read("lifecycle/withdrawal_by_id", id=request_id)
    return (withdrawal_record(rows[0]["request"]), _item_facts(rows[0]["item"])) if rows else None


async def decide_withdrawal(store: GraphStore, request_id: str, approve: bool, comment: str, at: datetime, by: str,
                            city_region: str | None, closing: list[str], audit: AuditEvent) -> WithdrawalRecord | None:
    """The decision (an approval withdraws the item, ends the pending applications `closing`; a
    county's is marked reported to the city), or None when the request was decided already or the
    item is no longer published."""
    rows = await store.write("lifecycle/decide_withdrawal", id=request_id, approve=approve, comment=comment,
                             now=utc_iso(at), actor=by, cityCode=city_region, closing=closing,
                             openStatuses=[status.value for status in OPEN_STATUSES], audit=audit_properties(audit))
    return withdrawal_record(rows[0]["request"]) if rows else None


async def withdrawals(store: GraphStore, status: WithdrawalStatus | None, provider_codes: list[str] | None,
                      reported_to_city: bool | None, skip: int, limit: int) -> tuple[int, list[WithdrawalRecord]]:
    """(how many, this page) of the requests, newest first; `provider_codes` None: every department."""
    rows = await store.read("lifecycle/withdrawals", status=status.value if status else None,
                            providerCodes=provider_codes, reportedToCity=reported_to_city, skip=skip, limit=limit)
    if not rows:
        return 0, []
    return rows[0]["total"], [withdrawal_record(props) for props in rows[0]["requests"]]


# ---- freshness (第十八条) and change events (第十二条) ----------------------------------------------


async def record_data_update(store: GraphStore, item_id: str, provider_code: str, at: datetime, by: str,
                             audit: AuditEvent) -> bool:
    rows = await store.write("lifecycle/record_data_update", itemId=item_id, providerCode=provider_code,
                             at=utc_iso(at), actor=by, audit=audit_properties(audit))
    return bool(rows)


async def freshness(store: GraphStore, provider_code: str | None) -> list[FreshnessRecord]:
    rows = await store.read("lifecycle/freshness", providerCode=provider_code)
    return [FreshnessRecord(item_id=row["id"], update_cycle=UpdateCycle(row["updateCycle"]),
                            data_updated_at=instant(row["dataUpdatedAt"])) for row in rows]


async def create_change_event(store: GraphStore, item_ids: list[str], event: ChangeEventRecord,
                              audit: AuditEvent) -> bool:
    """False when the same change (description and publication date) is already recorded on one of
    the items."""
    rows = await store.write("lifecycle/create_change_event", itemIds=sorted(set(item_ids)), audit=audit_properties(audit), event={
        "id": event.id, "description": event.description, "publishedOn": event.published_on.isoformat(),
        "dueOn": event.due_on.isoformat(), "dueAt": utc_iso(event.due_at), "dueProvisional": event.due_provisional,
        "createdAt": utc_iso(event.created_at) if event.created_at else None, "createdBy": event.created_by,
    })
    return bool(rows)


async def change_events(store: GraphStore, provider_codes: list[str] | None, draft_provider_codes: list[str] | None,
                        now: datetime, overdue_only: bool, skip: int, limit: int,
                        event_id: str | None = None) -> tuple[int, list[ChangeEventRecord]]:
    """(how many, this page) of the events soonest due first, with the affected items of
    `provider_codes` (None: every department) — unpublished ones only of `draft_provider_codes`
    (None: every department); `event_id` picks one."""
    rows = await store.read("lifecycle/change_events", id=event_id, providerCodes=provider_codes,
                            draftProviderCodes=draft_provider_codes, now=utc_iso(now),
                            overdueOnly=overdue_only, skip=skip, limit=limit)
    if not rows:
        return 0, []
    return rows[0]["total"], [_change_event_record(row["event"], row["items"]) for row in rows[0]["events"]]


# ---- export (第二十一条) ------------------------------------------------------------------------


_NOT_CONTENT = ("id", "code", "status", "updatedAt")
_EXPORTED_ELEMENT_FIELDS = ("name", "code", "type", "length", "description", "sensitivity", "maskingRule",
                            "verifyOnly", "withheld")


async def export_items(store: GraphStore, provider_code: str | None, statuses: list[ItemStatus]) -> list[ExportedItem]:
    """A department's (or the whole) catalog in these states, as the template and DCAT write it."""
    rows = await store.read("lifecycle/export_items", providerCode=provider_code, statuses=[s.value for s in statuses])
    out = []
    for row in rows:
        props = row["item"]
        data = {key: value for key, value in props.items() if key not in _NOT_CONTENT and value is not None}
        data["shareScope"] = sorted(strings(row["scope"]))
        data["elements"] = [
            {key: element.get(key) for key in _EXPORTED_ELEMENT_FIELDS if element.get(key) is not None}
            | ({"sourceItemCode": element["sourceKey"]} if element.get("sourceKey") else {})
            for element in row["elements"]
        ]
        out.append(ExportedItem(id=props["id"], code=props.get("code"), status=ItemStatus(props["status"]),
                                updated_at=instant(props.get("updatedAt")), provider_name=text(row["providerName"]),
                                item=CatalogItem.model_validate(data)))
    return out
