"""GraphQL types of the audit log (第三十八条): events, their actor and target, the filter."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry

from server.api.core.enums import labelled_enum
from server.domain.records import audit as records

AuditAction = labelled_enum(records.AuditAction)
AuditTargetKind = labelled_enum(records.AuditTargetKind)
AuditOutcome = labelled_enum(records.AuditOutcome)


@strawberry.type(description="操作人 (who acted, as their token said)")
class AuditActor:
    user: str = strawberry.field(description="用户 (user)")
    department_code: str = strawberry.field(description="所属部门编码 (department code)")
    roles: list[str] = strawberry.field(description="角色 (roles)")


@strawberry.type(description="审计事件 (an audit event: one change, written in the same write as the change)")
class AuditEvent:
    seq: int = strawberry.field(description="序号，连续无间断 (sequence number, gapless)")
    at: datetime = strawberry.field(description="时间 (when)")
    actor: AuditActor = strawberry.field(description="操作人 (who)")
    action: AuditAction = strawberry.field(description="动作 (what was done)")  # type: ignore[valid-type]
    action_label: str = strawberry.field(description="动作的中文名称 (the action's Chinese label)")
    target_kind: AuditTargetKind = strawberry.field(description="对象类型 (kind of the changed thing)")  # type: ignore[valid-type]
    target_id: str = strawberry.field(description="对象 id (the changed thing's id)")
    target_code: str | None = strawberry.field(description="对象编码，如目录编码 (its code, e.g. the catalog code)")
    outcome: AuditOutcome = strawberry.field(description="结果 (outcome)")  # type: ignore[valid-type]
    reason: str = strawberry.field(description="理由或意见 (reason or comment)")
    before: str = strawberry.field(description="变更前的字段，JSON 文本 (the changed fields before, as JSON text)")
    after: str = strawberry.field(description="变更后的字段，JSON 文本 (the changed fields after, as JSON text)")
    hash: str | None = strawberry.field(
        description="哈希链中的哈希，写入后数秒内生成 (its hash in the chain; set within seconds of the write)")

    @staticmethod
    def of(event: records.AuditEvent) -> "AuditEvent":
        return AuditEvent(
            seq=event.seq or 0, at=event.at,
            actor=AuditActor(user=event.actor.user, department_code=event.actor.department, roles=list(event.actor.roles)),
            action=event.action, action_label=event.action.label, target_kind=event.target.kind,
            target_id=event.target.id, target_code=event.target.code, outcome=event.outcome, reason=event.reason,
            before=json.dumps(event.before, ensure_ascii=False, sort_keys=True),
            after=json.dumps(event.after, ensure_ascii=False, sort_keys=True), hash=event.hash,
        )


@strawberry.input(description="审计事件筛选条件，均可不填 (what to select; every field optional)")
class AuditEventFilter:
    actor: str | None = strawberry.field(default=None, description="操作人 (user)")
    department: str | None = strawberry.field(default=None, description="操作人所属部门编码 (the actor's department code)")
    action: AuditAction | None = strawberry.field(default=None, description="动作 (action)")  # type: ignore[valid-type]
    target_kind: AuditTargetKind | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="对象类型 (kind of target)")
    target_id: str | None = strawberry.field(default=None, description="对象 id (target id)")
    from_: datetime | None = strawberry.field(default=None, name="from", description="起始时间（含）(from, inclusive)")
    to: datetime | None = strawberry.field(default=None, description="截止时间（不含）(to, exclusive)")

    def to_record(self) -> records.AuditFilter:
        return records.AuditFilter(
            actor=self.actor, department=self.department, action=self.action, target_kind=self.target_kind,
            target_id=self.target_id, since=self.from_, until=self.to,
        )
