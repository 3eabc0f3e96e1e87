"""GraphQL types of sharing (第二十六条 to 第三十二条): requests, grants, the gateway's answer and
feedback, declared once and built from the read models (`AccessRequest.of(record)`)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from server.api.catalog.types import CatalogItem, Department
from server.api.core.enums import MaskingRule, labelled_enum
from server.api.core.info import Ctx
from server.api.core.node import Node
from server.domain import grants as grant_rules
from server.domain import requests as request_rules
from server.domain import sharing as access
from server.domain.records import sharing as records
from server.domain.workdays import SHANGHAI
from server.services import catalog, reference, sharing

RequestStatus = labelled_enum(request_rules.RequestStatus, description="申请状态 (request status, 第二十八条 to 第三十条)")
GrantMode = labelled_enum(request_rules.GrantMode, description="授权方式 (grant mode, 第二十九条)")
GrantWarningKind = labelled_enum(grant_rules.GrantWarning, name="GrantWarningKind")


@strawberry.type(description="授权提醒 (a warning to the holder of a live grant, 第三十一条)")
class GrantWarning:
    kind: GrantWarningKind = strawberry.field(description="提醒类别 (what is coming)")
    at: datetime = strawberry.field(description="所涉时间：到期或闲置停止的时刻 (when: the expiry or the idle stop)")
    message: str = strawberry.field(description="提醒内容 (the warning as a clerk reads it)")


GrantStateReason = labelled_enum(grant_rules.GrantReason, name="GrantStateReason",
                                 description="授权状态 (whether a grant authorizes now, and if not why, 第三十一条)")
ElementAccess = labelled_enum(access.ElementAccess, description="数据项访问结果 (access to one element, 第二十二条)")
ElementReason = labelled_enum(access.ElementReason, description="数据项访问结果的原因 (why an element is given or denied)")
AuthorizeReason = labelled_enum(access.AuthorizeReason,
                                description="鉴权结果的原因：共享策略的原因代码 (the policy's reason code for an authorize answer)")
FeedbackStatus = labelled_enum(records.FeedbackStatus, description="数据反馈状态 (feedback status, 第三十二条)")


@strawberry.type(description="数据共享申请 (an access request, 第二十六条)")
class AccessRequest(Node):
    id: strawberry.ID = strawberry.field(description="全局唯一 id (globally unique id)")
    item_id: strawberry.ID = strawberry.field(description="申请的目录 id (the item's id)")
    item_name: str = strawberry.field(description="目录名称 (the item's name)")
    provider_code: str = strawberry.field(description="提供部门编码 (provider's code)")
    consumer_code: str = strawberry.field(description="申请部门编码 (consumer's code)")
    applicant: str = strawberry.field(description="申请人 (applicant)")
    element_codes: list[str] = strawberry.field(description="申请的数据项编码 (requested element codes)")
    purpose: str = strawberry.field(description="用途 (purpose)")
    scenario: str = strawberry.field(description="使用场景 (usage scenario)")
    requested_until: datetime = strawberry.field(description="申请授权至（所填日期的末刻）(period requested, its last instant)")
    status: RequestStatus = strawberry.field(description="状态 (status)")
    status_label: str = strawberry.field(description="状态的中文名称 (the status as a clerk reads it)")
    created_at: datetime = strawberry.field(description="申请时间 (filed at)")
    review_due_at: datetime = strawberry.field(description="主管部门审核期限（第三十条，申请时的规则参数）(review deadline, by the rules in force when filed)")
    review_due_provisional: bool = strawberry.field(description="期限按周一至周五暂定，当年节假日安排未载入 (provisional deadline: the year's holidays are not loaded)")
    reviewed_at: datetime | None = strawberry.field(description="审核时间 (reviewed at)")
    review_late: bool | None = strawberry.field(description="审核是否超期 (the review was late)")
    review_note: str | None = strawberry.field(description="审核意见 (the authority's note)")
    forwarded_at: datetime | None = strawberry.field(description="转提供部门时间 (forwarded to the provider at)")
    answer_due_at: datetime | None = strawberry.field(description="提供部门答复期限（第三十条，转送时的规则参数）(provider's deadline, by the rules in force when forwarded)")
    answer_due_provisional: bool | None = strawberry.field(description="答复期限为暂定 (the answer deadline is provisional)")
    answer_days: int | None = strawberry.field(description="答复期限的工作日数 (working days the provider has)")
    answered_at: datetime | None = strawberry.field(description="答复时间 (answered at)")
    answer_late: bool | None = strawberry.field(description="答复是否超期 (the answer was late)")
    answer_note: str | None = strawberry.field(description="答复意见，不予共享须说明理由 (the provider's note; a refusal's reason)")
    negotiation_statement: str | None = strawberry.field(description="协商意见 (consumer's objection)")
    coordinated_at: datetime | None = strawberry.field(description="协调时间 (coordinated at)")
    coordination_decision: str | None = strawberry.field(description="协调决定 (the authority's binding decision)")
    grant_id: strawberry.ID | None = strawberry.field(description="由此产生的授权 (the grant it resulted in)")
    reviewed_by: str | None = strawberry.field(description="审核人 (who reviewed it, 第二十八条)")
    answered_by: str | None = strawberry.field(description="提供部门答复人 (who answered for the provider, 第三十条)")
    negotiation_opened_at: datetime | None = strawberry.field(description="提请协商时间 (negotiation opened at)")
    negotiation_opened_by: str | None = strawberry.field(description="提请协商人 (who opened the negotiation)")
    coordinated_by: str | None = strawberry.field(description="协调人 (who coordinated, 第三十条(三))")
    closed_at: datetime | None = strawberry.field(
        description="因目录撤销而终止的时间 (ended at, when its item was withdrawn before a decision; 第十九条)")
    withdrawal_request_id: strawberry.ID | None = strawberry.field(
        description="终止该申请的撤销发布申请 (the withdrawal that ended it)")

    @classmethod
    def of(cls, record: records.RequestRecord) -> "AccessRequest":
        return cls(
            id=strawberry.ID(record.id), item_id=strawberry.ID(record.item_id), item_name=record.item_name,
            provider_code=record.provider_code, consumer_code=record.consumer_code, applicant=record.applicant,
            element_codes=list(record.element_codes), purpose=record.purpose, scenario=record.scenario,
            requested_until=record.requested_until, status=record.status, status_label=record.status.label,
            created_at=record.created_at, review_due_at=record.review_due_at,
            review_due_provisional=record.review_due_provisional, reviewed_at=record.reviewed_at,
            review_late=record.review_late, review_note=record.review_note, forwarded_at=record.forwarded_at,
            answer_due_at=record.answer_due_at, answer_due_provisional=record.answer_due_provisional,
            answer_days=record.answer_days, answered_at=record.answered_at, answer_late=record.answer_late,
            answer_note=record.answer_note, negotiation_statement=record.negotiation_statement,
            coordinated_at=record.coordinated_at, coordination_decision=record.coordination_decision,
            grant_id=strawberry.ID(record.grant_id) if record.grant_id else None,
            reviewed_by=record.reviewed_by, answered_by=record.answered_by,
            negotiation_opened_at=record.negotiation_opened_at, negotiation_opened_by=record.negotiation_opened_by,
            coordinated_by=record.coordinated_by, closed_at=record.closed_at,
            withdrawal_request_id=strawberry.ID(record.withdrawal_request_id) if record.withdrawal_request_id else None,
        )

    @strawberry.field(description="申请的目录；无权查看时为空 (the item; null when not visible to the caller)")
    async def item(self, info: Ctx) -> CatalogItem | None:
        record = await catalog.visible_item(info.context, str(self.item_id))
        return CatalogItem.of(record) if record else None

    @strawberry.field(description="申请部门 (consumer)")
    async def consumer(self, info: Ctx) -> Department | None:
        record = await reference.visible_department(info.context, self.consumer_code)
        return Department.of(record) if record else None

    @strawberry.field(description="提供部门 (provider)")
    async def provider(self, info: Ctx) -> Department | None:
        record = await reference.visible_department(info.context, self.provider_code)
        return Department.of(record) if record else None


GRANT_STATE_MESSAGES = {
    grant_rules.GrantReason.LIVE: "有效 (live)",
    grant_rules.GrantReason.EXPIRED: "已到期，续期须重新申请 (expired: renewal is a new request)",
    grant_rules.GrantReason.IDLE: "超过闲置时限未使用，已停止授权（第三十一条）(idle for more than the limit)",
    grant_rules.GrantReason.REVOKED: "已收回 (revoked)",
    grant_rules.GrantReason.ITEM_WITHDRAWN: "目录已撤销发布 (the item was withdrawn)",
    grant_rules.GrantReason.SUSPENDED: "目录共享属性或共享范围已变更，授权中止，须重新申请 (the item's class or scope changed: apply again)",
}


@strawberry.type(description="授权 (a grant, 第三十一条)")
class Grant(Node):
    id: strawberry.ID = strawberry.field(description="全局唯一 id (globally unique id)")
    item_id: strawberry.ID = strawberry.field(description="目录 id (the item's id)")
    item_name: str = strawberry.field(description="目录名称 (the item's name)")
    consumer_code: str = strawberry.field(description="使用部门编码 (the consumer's code)")
    provider_code: str | None = strawberry.field(description="提供部门编码 (the provider's code)")
    element_codes: list[str] = strawberry.field(description="授权的数据项编码 (granted element codes)")
    purpose: str = strawberry.field(description="用途 (purpose)")
    mode: GrantMode | None = strawberry.field(description="授权方式；迁移导入的授权为空 (how it was granted; null for imported grants)")
    request_id: strawberry.ID | None = strawberry.field(description="来源申请 (the request it came of)")
    granted_at: datetime = strawberry.field(description="授权时间 (granted at)")
    expires_at: datetime = strawberry.field(description="到期时间，不超过最长授权期限（第三十一条）(expires at, within the maximum period)")
    last_used_at: datetime | None = strawberry.field(description="最近使用；超过闲置时限未用即停止授权（第三十一条，规则参数 grants.idle_limit）(last used; idle after rules.toml grants.idle_limit)")
    revoked_at: datetime | None = strawberry.field(
        description="最近一次收回的时间；恢复后仍保留，晚于恢复时间即为已收回 (the last revocation; kept after a "
                    "reinstatement: revoked while later than reinstatedAt)")
    revoke_reason: str | None = strawberry.field(description="收回原因 (why it was revoked)")
    withdrawal_reason: str | None = strawberry.field(description="目录撤销发布的原因 (why the item was withdrawn, 第十九条)")
    reinstated_at: datetime | None = strawberry.field(description="恢复时间，闲置计时由此重新开始 (reinstated at; restarts the idle clock)")
    granted_by: str | None = strawberry.field(description="授权人 (who granted it)")
    revoked_by: str | None = strawberry.field(
        description="收回人；恢复后仍保留最近一次收回 (who revoked it; kept after a reinstatement, 第三十八条)")
    revoked_by_department: str | None = strawberry.field(
        description="收回人所属部门，只有该部门或其同级主管部门可恢复 (the revoker's department: only it, or its "
                    "own-level authority, lifts the revocation)")
    reinstated_by: str | None = strawberry.field(description="恢复人 (who reinstated it)")
    reinstate_reason: str | None = strawberry.field(description="恢复理由 (why it was reinstated)")
    record: strawberry.Private[records.GrantRecord]

    @classmethod
    def of(cls, record: records.GrantRecord) -> "Grant":
        return cls(
            id=strawberry.ID(record.id), item_id=strawberry.ID(record.item_id), item_name=record.item_name,
            consumer_code=record.consumer_code, provider_code=record.provider_code,
            element_codes=list(record.element_codes), purpose=record.purpose, mode=record.mode,
            request_id=strawberry.ID(record.request_id) if record.request_id else None,
            granted_at=record.granted_at, expires_at=record.expires_at, last_used_at=record.last_used_at,
            revoked_at=record.revoked_at, revoke_reason=record.revoke_reason,
            withdrawal_reason=record.withdrawal_reason, reinstated_at=record.reinstated_at, record=record,
            granted_by=record.granted_by, revoked_by=record.revoked_by,
            revoked_by_department=record.revoked_by_department, reinstated_by=record.reinstated_by,
            reinstate_reason=record.reinstate_reason,
        )

    @strawberry.field(description="当前是否有效 (authorizes now)")
    def live(self, info: Ctx) -> bool:
        return sharing.grant_state(info.context, self.record) is grant_rules.GrantReason.LIVE

    @strawberry.field(description="授权状态 (LIVE, or why not)")
    def state_reason(self, info: Ctx) -> GrantStateReason:
        return sharing.grant_state(info.context, self.record)

    @strawberry.field(description="授权状态说明 (the state as a clerk reads it)")
    def state_message(self, info: Ctx) -> str:
        return GRANT_STATE_MESSAGES[sharing.grant_state(info.context, self.record)]

    @strawberry.field(description="中止时间：目录共享属性或范围变更后不再包括本部门 (suspended at: the item's sharing stopped covering the holder, 第二十二条)")
    def suspended_at(self) -> datetime | None:
        return self.record.suspended_at

    @strawberry.field(description="中止原因 (why it was suspended)")
    def suspend_reason(self) -> str | None:
        return self.record.suspend_reason

    @strawberry.field(description="提醒：即将到期、即将因闲置停止、闲置已超时限 (warnings: expiry or an idle stop ahead, idleness past the limit)")
    def warnings(self, info: Ctx) -> list[GrantWarning]:
        return [
            GrantWarning(kind=kind, at=at, message=f"{kind.label}：{at.astimezone(SHANGHAI).date().isoformat()} "
                                                   f"({kind.value.lower().replace('_', ' ')}: {at.date().isoformat()})")
            for kind, at in sharing.grant_warnings(info.context, self.record)
        ]

    @strawberry.field(description="授权的目录；无权查看时为空 (the item; null when not visible to the caller)")
    async def item(self, info: Ctx) -> CatalogItem | None:
        record = await catalog.visible_item(info.context, str(self.item_id))
        return CatalogItem.of(record) if record else None


@strawberry.type(description="数据项的访问结果 (the decision for one element)")
class ElementDecision:
    code: str = strawberry.field(description="数据项编码，如所问 (element code, as asked)")
    access: ElementAccess = strawberry.field(description="访问结果 (access)")
    masking_rule: MaskingRule | None = strawberry.field(description="脱敏规则，仅 MASK 时 (masking rule, for MASK only)")
    reason: ElementReason = strawberry.field(description="原因 (reason)")

    @classmethod
    def of(cls, decision: access.ElementDecision) -> "ElementDecision":
        return cls(code=decision.code, access=decision.access, masking_rule=decision.masking_rule,
                   reason=decision.reason)


@strawberry.type(description="交换网关的鉴权结果 (the gateway's answer)")
class AuthorizeResult:
    item_id: strawberry.ID = strawberry.field(description="目录 id，如所问 (item id, as asked)")
    allowed: bool = strawberry.field(description="是否允许读取 (may read now)")
    reason: AuthorizeReason = strawberry.field(description="原因代码 (reason code)")
    message: str = strawberry.field(description="说明，供经办人阅读 (message for the clerk)")
    grant_id: strawberry.ID | None = strawberry.field(description="所依据的有效授权 (the live grant it rests on)")
    expires_at: datetime | None = strawberry.field(description="该授权的到期时间 (that grant's expiry)")
    elements: list[ElementDecision] = strawberry.field(description="逐项结果，按所问顺序 (per asked element, in order)")

    @classmethod
    def of(cls, answer: sharing.AuthorizeAnswer) -> "AuthorizeResult":
        return cls(
            item_id=strawberry.ID(answer.item_id), allowed=answer.allowed, reason=answer.reason,
            message=answer.message, grant_id=strawberry.ID(answer.grant_id) if answer.grant_id else None,
            expires_at=answer.expires_at, elements=[ElementDecision.of(e) for e in answer.elements],
        )


@strawberry.type(description="数据质量反馈 (feedback on doubtful or wrong data, 第三十二条)")
class FeedbackReport(Node):
    id: strawberry.ID = strawberry.field(description="全局唯一 id (globally unique id)")
    item_id: strawberry.ID = strawberry.field(description="目录 id (the item's id)")
    item_name: str = strawberry.field(description="目录名称 (the item's name)")
    consumer_code: str = strawberry.field(description="反馈部门编码 (the reporting department)")
    provider_code: str = strawberry.field(description="提供部门编码 (the provider, who answers)")
    description: str = strawberry.field(description="问题描述 (the problem)")
    status: FeedbackStatus = strawberry.field(description="状态 (status)")
    created_at: datetime = strawberry.field(description="反馈时间 (filed at)")
    due_at: datetime = strawberry.field(description="答复期限（第三十二条，收到反馈时的规则参数）(due, by the rules in force at receipt)")
    due_provisional: bool = strawberry.field(description="期限为暂定 (the deadline is provisional)")
    answered_at: datetime | None = strawberry.field(description="答复时间 (answered at)")
    answered_by: str | None = strawberry.field(description="答复人 (who answered for the provider)")
    answer: str | None = strawberry.field(description="核实结果 (the provider's answer)")
    corrected: bool | None = strawberry.field(description="是否已更正 (the data was corrected)")
    late: bool | None = strawberry.field(description="答复是否超期 (the answer was late)")

    @classmethod
    def of(cls, record: records.FeedbackRecord) -> "FeedbackReport":
        return cls(
            id=strawberry.ID(record.id), item_id=strawberry.ID(record.item_id), item_name=record.item_name,
            consumer_code=record.consumer_code, provider_code=record.provider_code,
            description=record.description, status=record.status, created_at=record.created_at,
            due_at=record.due_at, due_provisional=record.due_provisional, answered_at=record.answered_at,
            answered_by=record.answered_by,
            answer=record.answer, corrected=record.corrected, late=record.late,
        )
