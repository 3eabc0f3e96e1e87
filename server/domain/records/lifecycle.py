"""Read models of the catalog's lifecycle: withdrawal requests (第十九条) and the like."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server.domain.values import LabelledEnum


class WithdrawalStatus(LabelledEnum):
    """撤销发布申请状态 — 第十九条."""

    PENDING = ("PENDING", "待审核")
    APPROVED = ("APPROVED", "已批准")
    REJECTED = ("REJECTED", "已驳回")


@dataclass(frozen=True, slots=True)
class WithdrawalRecord:
    """A provider's request to withdraw a published item and the authority's decision (第十九条)."""

    id: str
    item_id: str
    item_name: str
    provider_code: str
    region_code: str
    reason: str
    status: WithdrawalStatus
    requested_at: datetime
    requested_by: str
    decided_at: datetime | None = None
    decided_by: str | None = None
    comment: str | None = None
    reported_to_city_at: datetime | None = None
