"""GraphQL types of the audit log (第三十八条): events, their actor and target, the filter."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry

from server.api.core.enums import labelled_enum
from server.api.sharing.types import AuthorizeReason, ElementDecision
from server.domain.audit import Verdict
from server.domain.records.decisions import DecisionLogVerdict
from server.domain.records import audit as records
from server.domain.records import decisions as decision_records

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


@strawberry.type(description="交换网关的一次鉴权结果，见于鉴权日志 (one authorize answer, as the decision log keeps it; 第三十九条)")
class AuthorizeDecision:
    position: str = strawberry.field(
        description="在日志中的位置 日期:行号，即所有服务进程共同的先后顺序 (day:line in the log: the one order of all decisions)")
    at: datetime = strawberry.field(description="时间 (when)")
    user: str = strawberry.field(description="提问的用户 (who asked, as their token said)")
    department_code: str = strawberry.field(description="使用部门编码 (the consumer department)")
    item_id: strawberry.ID = strawberry.field(description="目录 id，如所问 (item id, as asked)")
    grant_id: strawberry.ID | None = strawberry.field(description="所依据的授权 (the grant it rested on)")
    allowed: bool = strawberry.field(description="是否允许 (allowed)")
    reason: AuthorizeReason = strawberry.field(description="原因代码 (reason code)")
    elements: list[ElementDecision] = strawberry.field(description="逐项结果 (per asked element)")

    @staticmethod
    def of(decision: decision_records.AuthorizeDecision) -> "AuthorizeDecision":
        return AuthorizeDecision(
            position=decision.position or "", at=decision.at, user=decision.user,
            department_code=decision.department, item_id=strawberry.ID(decision.item_id),
            grant_id=strawberry.ID(decision.grant_id) if decision.grant_id else None, allowed=decision.allowed,
            reason=decision.reason, elements=[ElementDecision.of(e) for e in decision.elements],
        )


@strawberry.input(description="鉴权日志筛选条件，均可不填 (what to select from the decision log; every field optional)")
class AuthorizeDecisionFilter:
    department: str | None = strawberry.field(default=None, description="使用部门编码 (consumer department code)")
    item_id: strawberry.ID | None = strawberry.field(default=None, description="目录 id (item id)")
    grant_id: strawberry.ID | None = strawberry.field(default=None, description="授权 id (grant id)")
    allowed: bool | None = strawberry.field(default=None, description="仅允许或仅拒绝的 (only allowed, or only refused)")
    from_: datetime | None = strawberry.field(default=None, name="from", description="起始时间（含）(from, inclusive)")
    to: datetime | None = strawberry.field(default=None, description="截止时间（不含）(to, exclusive)")

    def to_record(self) -> decision_records.DecisionFilter:
        return decision_records.DecisionFilter(
            department=self.department, item_id=self.item_id, grant_id=self.grant_id, allowed=self.allowed,
            since=self.from_, until=self.to,
        )


@strawberry.type(description="审计日志哈希链的校验结果 (the audit log's hash chain, recomputed from event 1; 第三十八条)")
class AuditVerification:
    ok: bool = strawberry.field(description="链完好 (the chain holds)")
    events: int = strawberry.field(description="读到的事件数 (events read)")
    chained_through: int = strawberry.field(description="已核对哈希的最后一个事件序号 (the last event whose hash was checked)")
    head_hash: str = strawberry.field(description="该事件的哈希，可作检查点 (its hash: with chainedThrough, a checkpoint)")
    unchained: int = strawberry.field(description="尚未链接的新事件数（写入后数秒内链接）(newer events not chained yet)")
    problem: str | None = strawberry.field(
        description="问题：ALTERED 被篡改, INSERTED 被插入, MISSING 缺失, CHECKPOINT 与检查点不符 (what is wrong, if anything)")
    seq: int | None = strawberry.field(description="第一个有问题的事件序号 (the first event concerned)")
    message: str = strawberry.field(description="说明 (what the operator should know)")
    decision_log: "DecisionLogVerification" = strawberry.field(
        description="鉴权日志各日文件的哈希链 (the decision log's day files, each a hash chain; 第三十九条)")

    @staticmethod
    def of(verdict: Verdict, decisions: DecisionLogVerdict) -> "AuditVerification":
        return AuditVerification(ok=verdict.ok and decisions.ok, events=verdict.events,
                                 chained_through=verdict.chained_through, head_hash=verdict.head_hash,
                                 unchained=verdict.unchained, problem=verdict.problem, seq=verdict.seq,
                                 message=verdict.message, decision_log=DecisionLogVerification(
                                     ok=decisions.ok, files=decisions.files, lines=decisions.lines,
                                     problem=decisions.problem, position=decisions.position,
                                     message=decisions.message, torn=decisions.torn))


@strawberry.type(description="鉴权日志的校验结果 (the decision log recomputed; 第三十九条)")
class DecisionLogVerification:
    ok: bool = strawberry.field(description="各日文件的链完好 (every day file's chain holds)")
    files: int = strawberry.field(description="日文件数 (day files)")
    lines: int = strawberry.field(description="已核对的记录数 (lines checked)")
    problem: str | None = strawberry.field(description="ALTERED 被改动、插入或删除 (what is wrong, if anything)")
    position: str | None = strawberry.field(description="第一处问题 日期:行号 (the first line concerned)")
    message: str = strawberry.field(description="说明 (what the operator should know)")
    torn: int = strawberry.field(description="因故障截断而跳过的行 (lines cut by a crash, skipped)")
