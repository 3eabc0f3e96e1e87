"""Audit events (第三十八条 日志审计): who changed what, when, why, and the fields before and after.

A service builds an `AuditEvent` for each change it makes (it knows the caller and the records it
read); the repository writes it in the SAME statement as the change (graph/repos/audit.py
`audit_properties`), so a change and its event are committed together or not at all, and a
refused or conflicting change leaves no event. The graph numbers events (`seq`, gapless) and a
chainer in the server links them by hash (`hash`, server/domain/audit_chain.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from server.domain.values import LabelledEnum


class AuditAction(LabelledEnum):
    """审计动作 — what the change was (第三十八条)."""

    ITEM_CREATE = ("ITEM_CREATE", "编制目录")
    ITEM_UPDATE = ("ITEM_UPDATE", "修改目录")
    ITEM_REVISE = ("ITEM_REVISE", "提交已发布目录的修改")
    ITEM_REVISION_ACCEPT = ("ITEM_REVISION_ACCEPT", "审核通过已发布目录的修改")
    ITEM_REVISION_RETURN = ("ITEM_REVISION_RETURN", "退回已发布目录的修改")
    ITEM_IMPORT = ("ITEM_IMPORT", "导入目录")
    ITEM_SUBMIT = ("ITEM_SUBMIT", "提交审核")
    ITEM_RETURN = ("ITEM_RETURN", "退回修改")
    ITEM_PUBLISH = ("ITEM_PUBLISH", "审核通过、赋码并发布")
    DATA_UPDATE = ("DATA_UPDATE", "登记数据更新")
    CHANGE_EVENT = ("CHANGE_EVENT", "登记法规职能变化")
    WITHDRAWAL_REQUEST = ("WITHDRAWAL_REQUEST", "申请撤销发布")
    WITHDRAWAL_DECIDE = ("WITHDRAWAL_DECIDE", "审批撤销发布")
    REQUEST_CREATE = ("REQUEST_CREATE", "提出共享申请")
    REQUEST_REVIEW = ("REQUEST_REVIEW", "审核共享申请")
    REQUEST_ANSWER = ("REQUEST_ANSWER", "提供部门答复")
    REQUEST_NEGOTIATE = ("REQUEST_NEGOTIATE", "提请协商")
    REQUEST_COORDINATE = ("REQUEST_COORDINATE", "协调裁决")
    PLATFORM_AUTHORIZE = ("PLATFORM_AUTHORIZE", "整体授权平台")
    GRANT_REVOKE = ("GRANT_REVOKE", "收回授权")
    GRANT_REINSTATE = ("GRANT_REINSTATE", "恢复授权")
    FEEDBACK_REPORT = ("FEEDBACK_REPORT", "反馈数据问题")
    FEEDBACK_ANSWER = ("FEEDBACK_ANSWER", "答复数据问题")
    POLICY_SAVE = ("POLICY_SAVE", "保存共享策略")
    POLICY_RESTORE = ("POLICY_RESTORE", "恢复共享策略")
    DEPARTMENT_CREATE = ("DEPARTMENT_CREATE", "登记部门")
    BACKUP = ("BACKUP", "数据备份")
    RESTORE = ("RESTORE", "数据恢复")
    CALENDAR_LOAD = ("CALENDAR_LOAD", "载入节假日安排")
    BULK_LOAD = ("BULK_LOAD", "批量载入基础数据或目录")


class AuditTargetKind(LabelledEnum):
    """审计对象类型 — what kind of thing changed."""

    ITEM = ("ITEM", "目录")
    REQUEST = ("REQUEST", "共享申请")
    GRANT = ("GRANT", "授权")
    WITHDRAWAL = ("WITHDRAWAL", "撤销发布申请")
    FEEDBACK = ("FEEDBACK", "数据问题反馈")
    CHANGE_EVENT = ("CHANGE_EVENT", "法规职能变化")
    POLICY = ("POLICY", "共享策略")
    DEPARTMENT = ("DEPARTMENT", "部门")
    SNAPSHOT = ("SNAPSHOT", "备份快照")
    CALENDAR = ("CALENDAR", "工作日历")
    GRAPH = ("GRAPH", "目录数据库（批量载入）")


class AuditOutcome(LabelledEnum):
    """审计结果 — a change that was refused writes no event, so every event is one that happened;
    a decision says which way it went."""

    DONE = ("DONE", "已完成")
    APPROVED = ("APPROVED", "同意")
    REJECTED = ("REJECTED", "不同意")


@dataclass(frozen=True, slots=True)
class AuditActor:
    """Who acted: the user, their department and roles as their token said (第三十八条)."""

    user: str
    department: str = ""
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AuditTarget:
    kind: AuditTargetKind
    id: str
    code: str | None = None  # a catalog code, a department code, a policy version …


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One change as the audit log keeps it. `before`/`after` hold only the fields the change
    touched (plain JSON values); `seq` and `hash` are given by the graph and the chainer."""

    at: datetime
    actor: AuditActor
    action: AuditAction
    target: AuditTarget
    outcome: AuditOutcome = AuditOutcome.DONE
    reason: str = ""
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    seq: int | None = None
    hash: str | None = None


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What an auditor asks for; every field is optional (None: any)."""

    actor: str | None = None
    department: str | None = None
    action: AuditAction | None = None
    target_kind: AuditTargetKind | None = None
    target_id: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
