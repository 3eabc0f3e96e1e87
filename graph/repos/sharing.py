"""Sharing: access requests, grants and feedback (graph/cypher/common/requests/, grants/, feedback/).

One function per statement the sharing services run; each takes and returns read models
(server/domain/records/sharing.py) and builds the graph's properties for its writes itself.
Instants are stored as fixed-width ISO UTC strings (`utc_iso`), which compare as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import datetime
from enum import Enum
from typing import Any

from graph.repos._values import instant, strings, text
from graph.repos.audit import audit_properties
from graph.store import GraphStore
from server.domain.instants import utc_iso
from server.domain.records.audit import AuditEvent
from server.domain.records.catalog import ItemFacts
from server.domain.records.sharing import (
    AuthorizeFacts,
    ElementFacts,
    FeedbackRecord,
    FeedbackStatus,
    GrantRecord,
    NewFeedback,
    NewGrant,
    NewRequest,
    RequestFilter,
    RequestRecord,
    RequestStep,
    UseRecord,
)
from server.domain.requests import OPEN_STATUSES, GrantMode, RequestStatus
from server.domain.values import ItemStatus, MaskingRule, ShareType


# ---- stored properties → read models ------------------------------------------------------


def request_record(props: dict[str, Any]) -> RequestRecord:
    share_type = props.get("shareType")
    return RequestRecord(
        id=props["id"], item_id=props["itemId"], item_name=text(props.get("itemName")),
        provider_code=props["providerCode"], consumer_code=props["consumerCode"],
        share_type=ShareType(share_type) if share_type else None, applicant=text(props.get("applicant")),
        element_codes=strings(props.get("elements")), purpose=text(props.get("purpose")),
        scenario=text(props.get("scenario")), requested_until=instant(props["requestedUntil"]),  # type: ignore[arg-type]
        status=RequestStatus(props["status"]), version=props.get("version") or 1,
        created_at=instant(props["createdAt"]), review_due_at=instant(props["reviewDueAt"]),  # type: ignore[arg-type]
        review_due_provisional=bool(props.get("reviewDueProvisional")),
        review_region=props.get("reviewRegion"), coordination_region=props.get("coordinationRegion"),
        reviewed_at=instant(props.get("reviewedAt")), reviewed_by=props.get("reviewedBy"),
        review_late=props.get("reviewLate"), review_note=props.get("reviewNote"),
        forwarded_at=instant(props.get("forwardedAt")), answer_due_at=instant(props.get("answerDueAt")),
        answer_due_provisional=props.get("answerDueProvisional"), answer_days=props.get("answerDays"),
        answered_at=instant(props.get("answeredAt")), answered_by=props.get("answeredBy"),
        answer_late=props.get("answerLate"), answer_note=props.get("answerNote"),
        negotiation_opened_at=instant(props.get("negotiationOpenedAt")),
        negotiation_opened_by=props.get("negotiationOpenedBy"),
        negotiation_statement=props.get("negotiationStatement"),
        coordinated_at=instant(props.get("coordinatedAt")), coordinated_by=props.get("coordinatedBy"),
        coordination_decision=props.get("coordinationDecision"), grant_id=props.get("grantId"),
        closed_at=instant(props.get("closedAt")), withdrawal_request_id=props.get("withdrawalRequestId"),
    )


def grant_record(props: dict[str, Any]) -> GrantRecord:
    granted_at = instant(props["grantedAt"])
    revoked_at = instant(props.get("revokedAt"))
    if revoked_at is None and props.get("status") == "REVOKED":
        revoked_at = granted_at  # grants revoked before revocation was timed
    mode = props.get("mode")
    item_status = props.get("itemStatus")
    return GrantRecord(
        id=props["id"], item_id=props["itemId"], consumer_code=props["consumerCode"],
        granted_at=granted_at, expires_at=instant(props["expiresAt"]),  # type: ignore[arg-type]
        element_codes=strings(props.get("elements")), last_used_at=instant(props.get("lastUsedAt")),
        revoked_at=revoked_at, reinstated_at=instant(props.get("reinstatedAt")),
        item_name=text(props.get("itemName")), provider_code=props.get("providerCode"),
        applicant=props.get("applicant"), purpose=text(props.get("purpose")), scenario=text(props.get("scenario")),
        mode=GrantMode(mode) if mode else None, request_id=props.get("requestId"),
        granted_by=props.get("grantedBy"), revoked_by=props.get("revokedBy"),
        revoked_by_department=props.get("revokedByDepartment"),
        revoke_reason=props.get("revokeReason"), reinstated_by=props.get("reinstatedBy"),
        reinstate_reason=props.get("reinstateReason"),
        item_status=ItemStatus(item_status) if item_status else None,
        item_withdrawn_at=instant(props.get("itemWithdrawnAt")), withdrawal_reason=props.get("withdrawalReason"),
        version=props.get("version") or 0,
        suspended_at=instant(props.get("suspendedAt")), suspend_reason=props.get("suspendReason"),
        item_share_type=ShareType(props["itemShareType"]) if props.get("itemShareType") else None,
        item_scope_all=bool(props.get("itemScopeAll")), item_names_consumer=props.get("itemNamesConsumer"),
    )


def feedback_record(props: dict[str, Any]) -> FeedbackRecord:
    return FeedbackRecord(
        id=props["id"], item_id=props["itemId"], item_name=text(props.get("itemName")),
        consumer_code=props["consumerCode"], provider_code=props["providerCode"], reporter=props.get("reporter"),
        description=text(props.get("description")), status=FeedbackStatus(props["status"]),
        created_at=instant(props["createdAt"]), due_at=instant(props["dueAt"]),  # type: ignore[arg-type]
        due_provisional=bool(props.get("dueProvisional")), answered_at=instant(props.get("answeredAt")),
        answered_by=props.get("answeredBy"), answer=props.get("answer"), corrected=props.get("corrected"),
        late=props.get("late"),
    )


def _item_facts(props: dict[str, Any]) -> ItemFacts:
    """The few facts of an item the gateway's question reads (`i {.id, .name, .status, …}`); its
    scope, when read, as far as one consumer is concerned ([its code] or [])."""
    share_type, status = props.get("shareType"), props.get("status")
    return ItemFacts(
        provider_code=props.get("providerCode") or "", id=props.get("id"), name=text(props.get("name")),
        share_type=ShareType(share_type) if share_type else None,
        status=ItemStatus(status) if status else None, withdrawn_at=instant(props.get("withdrawnAt")),
        scope=strings(props["scope"]) if "scope" in props else None, scope_all=bool(props.get("shareScopeAll")),
    )


def _element_facts(props: dict[str, Any]) -> ElementFacts:
    return ElementFacts(
        code=props["code"], withheld=bool(props.get("withheld")), verify_only=bool(props.get("verifyOnly")),
        masking_rule=MaskingRule(props.get("maskingRule") or "NONE"),
    )


# ---- read models → stored properties ------------------------------------------------------


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


#: Python field → stored property where the two differ by more than camelCase.
_RENAMED = {"element_codes": "elements"}


def _properties(record: Any) -> dict[str, Any]:
    """A write model's fields as the graph's camelCase properties; None fields are left out."""
    out = {}
    for field in fields(record):
        value = getattr(record, field.name)
        if value is not None:
            out[_RENAMED.get(field.name, _camel(field.name))] = _stored(value)
    return out


# ---- requests (第二十六条 to 第三十条) --------------------------------------------------------


async def requests_by_ids(store: GraphStore, ids: list[str]) -> dict[str, RequestRecord]:
    rows = await store.read("requests/by_ids", ids=ids)
    return {row["request"]["id"]: request_record(row["request"]) for row in rows}


async def open_request_ids(store: GraphStore, item_id: str) -> list[str]:
    """The item's applications still being decided (第十九条: a withdrawal ends them)."""
    return list(await open_requests(store, item_id))


async def open_requests(store: GraphStore, item_id: str) -> dict[str, str]:
    """The item's applications still being decided: request id → the applying department."""
    rows = await store.read("requests/open_on_item", itemId=item_id,
                            openStatuses=sorted(status.value for status in OPEN_STATUSES))
    return {row["id"]: row["consumerCode"] for row in rows}


async def create_request(store: GraphStore, request: NewRequest, open_statuses: Iterable[RequestStatus],
                         audit: AuditEvent) -> bool:
    """Files the application; False when the item is not published or it is a duplicate of an
    open one (the same department, elements and purpose)."""
    props = _properties(request)
    props["elements"] = sorted({code.upper() for code in request.element_codes})
    rows = await store.write(
        "requests/create", itemId=request.item_id, consumerCode=request.consumer_code,
        now=utc_iso(request.created_at), openStatuses=sorted(status.value for status in open_statuses),
        request=props, audit=audit_properties(audit),
    )
    return bool(rows)


async def request_page(store: GraphStore, which: RequestFilter, skip: int, limit: int) -> tuple[int, list[str]]:
    """(how many match, the ids of this page), newest first."""
    [page] = await store.read(
        "requests/page", skip=skip, limit=limit,
        consumerCode=which.consumer_code, providerCode=which.provider_code,
        statuses=[status.value for status in which.statuses] if which.statuses is not None else None,
        authorityRegion=which.authority_region,
        overdueAt=utc_iso(which.overdue_at) if which.overdue_at else None,
    )
    return page["total"], list(page["ids"])


async def transition_request(
    store: GraphStore, request_id: str, now: datetime, from_status: RequestStatus, to_status: RequestStatus,
    step: RequestStep, audit: AuditEvent,
) -> bool:
    """One guarded step; False when the request is no longer in `from_status`."""
    rows = await store.write(
        "requests/transition", id=request_id, now=utc_iso(now), fromStatus=from_status.value,
        toStatus=to_status.value, changes=_properties(step), audit=audit_properties(audit),
    )
    return bool(rows)


async def transition_request_with_grant(
    store: GraphStore, request_id: str, now: datetime, from_status: RequestStatus, step: RequestStep, grant: NewGrant,
    audit: AuditEvent,
) -> bool:
    """The step that grants, and the grant, in one guarded write; False on a lost race."""
    rows = await store.write(
        "requests/transition_with_grant", id=request_id, now=utc_iso(now), fromStatus=from_status.value,
        changes=_properties(step), grant=_properties(grant), audit=audit_properties(audit),
    )
    return bool(rows)


# ---- grants (第二十九条, 第三十一条) -----------------------------------------------------------


def grant_properties(grant: GrantRecord) -> dict[str, Any]:
    """A grant's own stored properties (its item's name and provider are copied by the write)."""
    props = {
        "id": grant.id, "itemId": grant.item_id, "consumerCode": grant.consumer_code, "requestId": grant.request_id,
        "mode": grant.mode, "elements": grant.element_codes, "purpose": grant.purpose, "scenario": grant.scenario,
        "applicant": grant.applicant, "grantedAt": grant.granted_at, "grantedBy": grant.granted_by,
        "expiresAt": grant.expires_at, "lastUsedAt": grant.last_used_at, "revokedAt": grant.revoked_at,
        "revokedBy": grant.revoked_by,
        "revokedByDepartment": grant.revoked_by_department, "revokeReason": grant.revoke_reason, "reinstatedAt": grant.reinstated_at,
        "reinstatedBy": grant.reinstated_by, "reinstateReason": grant.reinstate_reason, "version": grant.version,
    }
    return {name: _stored(value) for name, value in props.items() if value is not None}


async def import_grants(store: GraphStore, grants: Iterable[GrantRecord]) -> int:
    """Imports grants as they are (a migration from another platform, a benchmark's or a test's
    set-up), keyed by id and linked to their item and consumer; returns how many."""
    rows = await store.write("grants/upsert_for_import", rows=[grant_properties(grant) for grant in grants])
    return rows[0]["imported"] if rows else 0


async def grants_by_ids(store: GraphStore, ids: list[str]) -> dict[str, GrantRecord]:
    rows = await store.read("grants/by_ids", ids=ids)
    return {row["grant"]["id"]: grant_record(row["grant"]) for row in rows}


async def grant_page(
    store: GraphStore, consumer_code: str | None, provider_code: str | None, skip: int, limit: int
) -> tuple[int, list[str]]:
    """(how many, the ids of this page) of the grants a department holds or gave, newest first."""
    [page] = await store.read("grants/page", skip=skip, limit=limit, consumerCode=consumer_code,
                              providerCode=provider_code)
    return page["total"], list(page["ids"])


async def grants_for_consumer_items(
    store: GraphStore, item_ids: list[str], consumer_code: str
) -> dict[str, tuple[ItemFacts, list[GrantRecord]]]:
    """Per existing item: its facts and every grant the consumer holds on it."""
    rows = await store.read("grants/for_consumer_items", itemIds=item_ids, consumerCode=consumer_code)
    return {row["itemId"]: (_item_facts(row["item"]), [grant_record(g) for g in row["grants"]]) for row in rows}


async def authorize_facts(
    store: GraphStore, consumer_code: str, questions: Mapping[str, Iterable[str]]
) -> dict[str, AuthorizeFacts]:
    """The gateway's facts in one round trip, per asked item that exists (`questions`: item id →
    the asked element codes, upper-cased)."""
    rows = await store.read(
        "grants/authorize_facts", consumerCode=consumer_code,
        questions=[{"itemId": item_id, "codes": sorted(codes)} for item_id, codes in questions.items()],
    )
    return {
        row["itemId"]: AuthorizeFacts(
            item=_item_facts(row["item"]),
            grants=tuple(grant_record(grant) for grant in row["grants"]),
            elements=tuple(_element_facts(element) for element in row["elements"]),
        )
        for row in rows
    }


async def record_use(store: GraphStore, uses: list[UseRecord]) -> int:
    """Moves lastUsedAt of the grants whose last use is older than each use's threshold."""
    touches = [{"id": use.grant_id, "at": utc_iso(use.at), "before": utc_iso(use.before)} for use in uses]
    rows = await store.write("grants/touch", touches=touches)
    return rows[0]["touched"] if rows else 0


async def authorize_platform(store: GraphStore, item_id: str, provider_code: str, now: datetime, actor: str,
                             audit: AuditEvent) -> bool:
    """整体授权 (第二十九条); False unless the item is the provider's and published."""
    rows = await store.write("grants/authorize_platform", itemId=item_id, providerCode=provider_code,
                             now=utc_iso(now), actor=actor, audit=audit_properties(audit))
    return bool(rows)


async def revoke_grant(store: GraphStore, grant: GrantRecord, reason: str, now: datetime, actor: str,
                       department: str, audit: AuditEvent) -> bool:
    """False when the grant is already revoked (and not reinstated since), or changed since `grant` was read."""
    rows = await store.write("grants/revoke", id=grant.id, reason=reason, now=utc_iso(now), actor=actor,
                             department=department, version=grant.version, audit=audit_properties(audit))
    return bool(rows)


async def reinstate_grant(
    store: GraphStore, grant: GrantRecord, reason: str, now: datetime, actor: str, audit: AuditEvent,
) -> bool:
    """False when the grant changed since `grant` was read, or has expired. The revocation stays
    on the grant (its reinstatement is later)."""
    rows = await store.write("grants/reinstate", id=grant.id, reason=reason, now=utc_iso(now), actor=actor,
                             version=grant.version, audit=audit_properties(audit))
    return bool(rows)


# ---- feedback (第三十二条) -------------------------------------------------------------------


async def feedback_by_ids(store: GraphStore, ids: list[str]) -> dict[str, FeedbackRecord]:
    rows = await store.read("feedback/by_ids", ids=ids)
    return {row["feedback"]["id"]: feedback_record(row["feedback"]) for row in rows}


async def feedback_page(
    store: GraphStore, consumer_code: str | None, provider_code: str | None,
    statuses: tuple[FeedbackStatus, ...] | None, skip: int, limit: int,
) -> tuple[int, list[FeedbackRecord]]:
    [page] = await store.read(
        "feedback/page", consumerCode=consumer_code, providerCode=provider_code,
        statuses=[status.value for status in statuses] if statuses is not None else None, skip=skip, limit=limit,
    )
    return page["total"], [feedback_record(report) for report in page["page"]]


async def grants_on_item(store: GraphStore, item_id: str) -> list[GrantRecord]:
    """Every grant on one item, whatever its state."""
    return [grant_record(row["grant"]) for row in await store.read("grants/on_item", itemId=item_id)]


async def overdue_feedback(store: GraphStore, now: datetime, provider_code: str | None, limit: int) -> list[FeedbackRecord]:
    """Open feedback past its deadline at `now`, the longest overdue first (at most `limit`)."""
    rows = await store.read("feedback/overdue", now=utc_iso(now), providerCode=provider_code, limit=limit)
    return [feedback_record(row["report"]) for row in rows]


async def idle_grant_ids(store: GraphStore, now: datetime, idle_before: datetime, provider_code: str | None,
                         limit: int) -> list[str]:
    """Ids of unexpired, unrevoked, unsuspended grants idle since before `idle_before`, longest idle first."""
    rows = await store.read("grants/idle", now=utc_iso(now), idleBefore=utc_iso(idle_before),
                            providerCode=provider_code, limit=limit)
    return [row["id"] for row in rows]


async def create_feedback(store: GraphStore, feedback: NewFeedback, audit: AuditEvent) -> bool:
    rows = await store.write("feedback/create", feedback=_properties(feedback), audit=audit_properties(audit))
    return bool(rows)


async def answer_feedback(
    store: GraphStore, feedback_id: str, provider_code: str, answer: str, corrected: bool, now: datetime, actor: str,
    audit: AuditEvent,
) -> FeedbackRecord | None:
    """The report afterwards; None when it was already answered (or is not the provider's)."""
    rows = await store.write("feedback/answer", id=feedback_id, providerCode=provider_code, answer=answer,
                             corrected=corrected, now=utc_iso(now), actor=actor, audit=audit_properties(audit))
    return feedback_record(rows[0]["feedback"]) if rows else None
