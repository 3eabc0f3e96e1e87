"""Read models of sharing: access requests, grants, feedback (第二十六条 to 第三十二条)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server.domain.requests import GrantMode, RequestStatus
from server.domain.values import ItemStatus, LabelledEnum, MaskingRule, ShareType


class FeedbackStatus(LabelledEnum):
    """数据反馈状态 — 第三十二条."""

    OPEN = ("OPEN", "待答复")
    ANSWERED = ("ANSWERED", "已答复")


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """An access request (第二十六条) with its deadlines and every step's who, when and why (第三十条)."""

    id: str
    item_id: str
    item_name: str
    provider_code: str
    consumer_code: str
    share_type: ShareType | None
    applicant: str
    element_codes: tuple[str, ...]
    purpose: str
    scenario: str
    requested_until: datetime
    status: RequestStatus
    version: int
    created_at: datetime
    review_due_at: datetime
    review_due_provisional: bool
    review_region: str | None
    coordination_region: str | None
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    review_late: bool | None = None
    review_note: str | None = None
    forwarded_at: datetime | None = None
    answer_due_at: datetime | None = None
    answer_due_provisional: bool | None = None
    answer_days: int | None = None
    answered_at: datetime | None = None
    answered_by: str | None = None
    answer_late: bool | None = None
    answer_note: str | None = None
    negotiation_opened_at: datetime | None = None
    negotiation_opened_by: str | None = None
    negotiation_statement: str | None = None
    coordinated_at: datetime | None = None
    coordinated_by: str | None = None
    coordination_decision: str | None = None
    grant_id: str | None = None


@dataclass(frozen=True, slots=True)
class GrantRecord:
    """A grant (第三十一条): who holds which elements of which item, for what, until when.

    The gateway's question reads only the facts of its decision, so the descriptive fields
    may be absent (None) on a grant read for `authorize`."""

    id: str
    item_id: str
    consumer_code: str
    granted_at: datetime
    expires_at: datetime
    element_codes: tuple[str, ...]
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    reinstated_at: datetime | None = None
    item_name: str = ""
    provider_code: str | None = None
    applicant: str | None = None
    purpose: str = ""
    scenario: str = ""
    mode: GrantMode | None = None
    request_id: str | None = None
    granted_by: str | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None
    reinstated_by: str | None = None
    reinstate_reason: str | None = None
    item_status: ItemStatus | None = None  # the item's, when read with it
    item_withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None


@dataclass(frozen=True, slots=True)
class ElementFacts:
    """What decides one asked element's access (第二十二条): withheld, verify-only, masking."""

    code: str
    withheld: bool
    verify_only: bool
    masking_rule: MaskingRule


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """A consumer's report of doubtful or wrong data and the provider's answer (第三十二条)."""

    id: str
    item_id: str
    item_name: str
    consumer_code: str
    provider_code: str
    reporter: str | None
    description: str
    status: FeedbackStatus
    created_at: datetime
    due_at: datetime
    due_provisional: bool
    answered_at: datetime | None = None
    answered_by: str | None = None
    answer: str | None = None
    corrected: bool | None = None
    late: bool | None = None
