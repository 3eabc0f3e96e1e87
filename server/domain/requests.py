"""The access request's life (第二十六条 to 第三十条), as a pure state machine.

    PENDING_REVIEW ──authority approves──▶ GRANTED            (无条件共享: the platform grants, 第二十九条)
         │                           └──▶ GRANTED (PLATFORM) (有条件共享 already authorized wholesale, 整体授权)
         │                           └──▶ FORWARDED          (有条件共享: to the provider, 第三十条)
         └──authority rejects──▶ REJECTED
    FORWARDED ──provider approves──▶ GRANTED (DIRECT)
         └──provider refuses (reason)──▶ REFUSED ──consumer objects──▶ NEGOTIATING
    NEGOTIATING ──authority coordinates──▶ GRANTED (COORDINATED) | CLOSED

Deadlines (第三十条, 第三十二条): the authority's review, the provider's answer (shorter when the
data is shared already) and the answer to feedback, in working days. The numbers live in
`policies/rules.toml` ([requests], [feedback]; `server.domain.rules`), so a new rule set
changes configuration, not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from server.domain.values import LabelledEnum, ShareType


class RequestStatus(LabelledEnum):
    PENDING_REVIEW = ("PENDING_REVIEW", "待主管部门审核")
    FORWARDED = ("FORWARDED", "待提供部门答复")
    GRANTED = ("GRANTED", "已授权")
    REJECTED = ("REJECTED", "审核未通过")
    REFUSED = ("REFUSED", "提供部门不予共享")
    NEGOTIATING = ("NEGOTIATING", "协商中")
    CLOSED = ("CLOSED", "协调后不予共享")
    ITEM_WITHDRAWN = ("ITEM_WITHDRAWN", "目录已撤销，申请终止（第十九条）")
    SHARING_CHANGED = ("SHARING_CHANGED", "目录共享属性或范围已变更，不再包括申请部门，申请终止（第二十二条、第二十三条）")


#: Applications still being decided: a second identical one is a duplicate (第二十六条).
OPEN_STATUSES = frozenset({RequestStatus.PENDING_REVIEW, RequestStatus.FORWARDED, RequestStatus.NEGOTIATING})


class GrantMode(LabelledEnum):
    """第二十九条: who authorized the use."""

    PLATFORM = ("PLATFORM", "平台授权（无条件共享或整体授权）")
    DIRECT = ("DIRECT", "提供部门直接授权")
    COORDINATED = ("COORDINATED", "主管部门协调授权")


class Action(str, Enum):
    REVIEW = "review"
    ANSWER = "answer"
    NEGOTIATE = "negotiate"
    COORDINATE = "coordinate"


class TransitionError(ValueError):
    """The request is not in a state where this action applies."""


@dataclass(frozen=True)
class Outcome:
    status: RequestStatus
    grant_mode: GrantMode | None = None  # set when the outcome creates a grant


FROM_STATE: dict[Action, RequestStatus] = {
    Action.REVIEW: RequestStatus.PENDING_REVIEW,
    Action.ANSWER: RequestStatus.FORWARDED,
    Action.NEGOTIATE: RequestStatus.REFUSED,
    Action.COORDINATE: RequestStatus.NEGOTIATING,
}


def outcome(
    action: Action,
    current: RequestStatus,
    approve: bool,
    share_type: ShareType,
    platform_authorized: bool = False,
) -> Outcome:
    """Where `action` takes a request in `current`; raises TransitionError naming the state."""
    expected = FROM_STATE[action]
    if current is not expected:
        raise TransitionError(
            f"申请当前状态为“{current.label}”，不能执行该操作 "
            f"(request is {current.value}; {action.value} needs {expected.value})"
        )
    if action is Action.REVIEW:
        if not approve:
            return Outcome(RequestStatus.REJECTED)
        if share_type is ShareType.UNCONDITIONAL or platform_authorized:
            return Outcome(RequestStatus.GRANTED, GrantMode.PLATFORM)
        return Outcome(RequestStatus.FORWARDED)
    if action is Action.ANSWER:
        return Outcome(RequestStatus.GRANTED, GrantMode.DIRECT) if approve else Outcome(RequestStatus.REFUSED)
    if action is Action.NEGOTIATE:
        return Outcome(RequestStatus.NEGOTIATING)
    return Outcome(RequestStatus.GRANTED, GrantMode.COORDINATED) if approve else Outcome(RequestStatus.CLOSED)


def needs_reason(action: Action, approve: bool) -> bool:
    """A refusal or rejection must say why (第三十条); so must a coordination decision and an objection."""
    return not approve or action in (Action.COORDINATE, Action.NEGOTIATE)
