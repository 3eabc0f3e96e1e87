"""Read models of sharing: access requests, grants, feedback (第二十六条 to 第三十二条)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server.domain.records.catalog import ItemFacts
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
    closed_at: datetime | None = None  # ended without a decision: its item was withdrawn (第十九条)
    withdrawal_request_id: str | None = None


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
    revoked_by_department: str | None = None  # whose side may lift the revocation (第四十条)
    revoke_reason: str | None = None
    reinstated_by: str | None = None
    reinstate_reason: str | None = None
    item_status: ItemStatus | None = None  # the item's, when read with it
    item_withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None
    version: int = 0  # moves with every revocation and reinstatement: the guard of the next one
    suspended_at: datetime | None = None  # the item's class or scope stopped covering the holder (第二十二条)
    suspend_reason: str | None = None
    item_share_type: ShareType | None = None  # the item's, when read with it
    item_scope_all: bool = False
    item_names_consumer: bool | None = None  # the item's scope names the consumer (None: not read)


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


@dataclass(frozen=True, slots=True)
class AuthorizeFacts:
    """Everything the gateway's question needs about one asked item, read in one round trip
    (第三十一条, 第三十九条): the item, every grant the consumer holds on it (their element codes
    cut to the asked ones) and the dictionary facts of the asked elements."""

    item: ItemFacts
    grants: tuple[GrantRecord, ...]
    elements: tuple[ElementFacts, ...]


# ---- what a change writes (graph/repos/sharing.py turns these into the graph's properties) ----


@dataclass(frozen=True, slots=True)
class NewRequest:
    """An application as filed (第二十六条); the item's name, provider and share type are copied
    from the item by the write itself."""

    id: str
    item_id: str
    consumer_code: str
    applicant: str
    element_codes: tuple[str, ...]
    purpose: str
    scenario: str
    requested_until: datetime
    created_at: datetime
    review_due_at: datetime
    review_due_provisional: bool
    review_region: str | None  # 第二十八条: whose authority reviews, fixed at filing
    coordination_region: str | None  # 第三十条(三): whose authority coordinates


@dataclass(frozen=True, slots=True)
class RequestStep:
    """What one step records on a request (第二十八条 to 第三十条): who, when, why, late or not;
    fields left None are not written."""

    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    review_note: str | None = None
    review_late: bool | None = None
    forwarded_at: datetime | None = None
    answer_days: int | None = None
    answer_due_at: datetime | None = None
    answer_due_provisional: bool | None = None
    answered_at: datetime | None = None
    answered_by: str | None = None
    answer_note: str | None = None
    answer_late: bool | None = None
    negotiation_opened_at: datetime | None = None
    negotiation_opened_by: str | None = None
    negotiation_statement: str | None = None
    coordinated_at: datetime | None = None
    coordinated_by: str | None = None
    coordination_decision: str | None = None


@dataclass(frozen=True, slots=True)
class NewGrant:
    """A grant a step creates (第二十九条); its item, consumer, elements, purpose and expiry
    come from the request in the same write."""

    id: str
    mode: GrantMode
    granted_at: datetime
    granted_by: str


@dataclass(frozen=True, slots=True)
class NewFeedback:
    """A consumer's report as filed (第三十二条)."""

    id: str
    item_id: str
    consumer_code: str
    reporter: str
    description: str
    created_at: datetime
    due_at: datetime
    due_provisional: bool


@dataclass(frozen=True, slots=True)
class UseRecord:
    """The gateway used a grant at `at`; recorded only if its last use is before `before`
    (第三十一条 idle rule: lastUsedAt moves at most hourly)."""

    grant_id: str
    at: datetime
    before: datetime


@dataclass(frozen=True, slots=True)
class RequestFilter:
    """Which requests a work list shows (None: no condition). `authority_region`: the requests
    an authority reviews (第二十八条) or coordinates (第三十条(三)); `overdue_at`: a step still
    open after its deadline at that instant."""

    consumer_code: str | None = None
    provider_code: str | None = None
    statuses: tuple[RequestStatus, ...] | None = None
    authority_region: str | None = None
    overdue_at: datetime | None = None
