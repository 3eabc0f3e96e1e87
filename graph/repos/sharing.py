"""Sharing: access requests, grants and feedback (graph/cypher/common/requests/, grants/, feedback/)."""

from __future__ import annotations

from typing import Any

from graph.repos._values import instant, strings, text
from server.domain.records.sharing import FeedbackRecord, FeedbackStatus, GrantRecord, RequestRecord
from server.domain.requests import GrantMode, RequestStatus
from server.domain.values import ItemStatus, ShareType


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
        revoke_reason=props.get("revokeReason"), reinstated_by=props.get("reinstatedBy"),
        reinstate_reason=props.get("reinstateReason"),
        item_status=ItemStatus(item_status) if item_status else None,
        item_withdrawn_at=instant(props.get("itemWithdrawnAt")), withdrawal_reason=props.get("withdrawalReason"),
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
