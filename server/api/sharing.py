"""GraphQL for requests, grants, the gateway's authorize question, and feedback (第二十六条 to 第三十二条)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import strawberry
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.repos._legacy import typed_facts
from graph.store import Row
from server.api.core.pagination import Connection, connection, page_window
from server.api.types import CatalogItem, Ctx, Department, MaskingRule
from server.domain import requests as rules
from server.domain import sharing as access
from server.domain.models import field_errors
from server.domain.workdays import SHANGHAI
from server.domain.errors import FieldProblem, Invalid
from server.services import sharing
from server.services.sharing import Application

RequestStatus = strawberry.enum(rules.RequestStatus, description="申请状态 (request status)")
GrantMode = strawberry.enum(rules.GrantMode, description="授权方式 (grant mode, 第二十九条)")
ElementAccess = strawberry.enum(access.ElementAccess, description="数据项访问结果 (element access)")


@strawberry.type(description="数据共享申请 (an access request, 第二十六条)")
class AccessRequest:
    id: strawberry.ID
    item_id: strawberry.ID
    item_name: str
    provider_code: str
    consumer_code: str
    applicant: str = strawberry.field(description="申请人 (applicant)")
    element_codes: list[str] = strawberry.field(description="申请的数据项 (requested elements)")
    purpose: str = strawberry.field(description="用途 (purpose)")
    scenario: str = strawberry.field(description="使用场景 (usage scenario)")
    requested_until: str = strawberry.field(description="申请授权至 UTC (period requested, end)")
    status: RequestStatus
    status_label: str
    created_at: str
    review_due_at: str = strawberry.field(description="主管部门审核期限 UTC (review deadline, 2 working days)")
    review_due_provisional: bool = strawberry.field(description="期限按周一至周五暂定，当年节假日安排未载入 (provisional deadline)")
    reviewed_at: str | None
    review_late: bool | None = strawberry.field(description="审核是否超期 (review was late)")
    review_note: str | None
    answer_due_at: str | None = strawberry.field(description="提供部门答复期限 UTC (provider deadline, 5 or 10 working days)")
    answer_due_provisional: bool | None
    answer_days: int | None
    answered_at: str | None
    answer_late: bool | None
    answer_note: str | None
    negotiation_statement: str | None = strawberry.field(description="协商意见 (consumer's objection)")
    coordination_decision: str | None = strawberry.field(description="协调决定 (the authority's binding decision)")
    grant_id: strawberry.ID | None

    @classmethod
    def from_row(cls, row: Row) -> "AccessRequest":
        status = rules.RequestStatus(row["status"])
        return cls(
            id=row["id"], item_id=row["itemId"], item_name=row.get("itemName") or "",
            provider_code=row["providerCode"], consumer_code=row["consumerCode"], applicant=row["applicant"],
            element_codes=row.get("elements") or [], purpose=row["purpose"], scenario=row["scenario"],
            requested_until=row["requestedUntil"], status=status, status_label=status.label,
            created_at=row["createdAt"], review_due_at=row["reviewDueAt"],
            review_due_provisional=bool(row.get("reviewDueProvisional")),
            reviewed_at=row.get("reviewedAt"), review_late=row.get("reviewLate"), review_note=row.get("reviewNote"),
            answer_due_at=row.get("answerDueAt"), answer_due_provisional=row.get("answerDueProvisional"),
            answer_days=row.get("answerDays"), answered_at=row.get("answeredAt"), answer_late=row.get("answerLate"),
            answer_note=row.get("answerNote"), negotiation_statement=row.get("negotiationStatement"),
            coordination_decision=row.get("coordinationDecision"), grant_id=row.get("grantId"),
        )

    @strawberry.field(description="申请的目录 (the item)")
    async def item(self, info: Ctx) -> CatalogItem | None:
        row = await info.context.row_loaders.items.load(str(self.item_id))
        return CatalogItem.from_row(row) if row else None

    @strawberry.field(description="申请部门 (consumer)")
    async def consumer(self, info: Ctx) -> Department | None:
        row = await info.context.row_loaders.departments.load(self.consumer_code)
        return Department.from_row(row) if row else None


@strawberry.type(description="授权 (a grant, 第三十一条)")
class Grant:
    id: strawberry.ID
    item_id: strawberry.ID
    item_name: str
    consumer_code: str
    provider_code: str
    element_codes: list[str]
    purpose: str
    mode: GrantMode
    granted_at: str
    expires_at: str = strawberry.field(description="到期时间 UTC，最长三年 (expires at, three years at most)")
    last_used_at: str | None = strawberry.field(description="最近使用 UTC，逾三个月未用即停止授权 (last used; idle after three months)")
    revoked_at: str | None
    revoke_reason: str | None
    withdrawal_reason: str | None = strawberry.field(description="目录撤销发布的原因 (why the item was withdrawn, 第十九条)")
    reinstated_at: str | None
    live: bool = strawberry.field(description="当前是否有效 (authorises now)")
    state_reason: str = strawberry.field(description="LIVE, EXPIRED, IDLE, REVOKED, ITEM_WITHDRAWN")
    state_message: str


@strawberry.type(description="数据项的访问结果 (decision for one element)")
class ElementDecision:
    code: str
    access: ElementAccess
    masking_rule: MaskingRule | None
    reason: str = strawberry.field(description="GRANTED, MASKED, VERIFY_ONLY, WITHHELD, NOT_GRANTED, UNKNOWN_ELEMENT, NO_LIVE_GRANT")


@strawberry.type(description="交换网关的鉴权结果 (the gateway's answer)")
class AuthorizeResult:
    item_id: strawberry.ID
    allowed: bool
    reason: str
    message: str
    grant_id: strawberry.ID | None
    expires_at: str | None
    elements: list[ElementDecision]


@strawberry.type(description="数据质量反馈 (feedback on doubtful or wrong data, 第三十二条)")
class FeedbackReport:
    id: strawberry.ID
    item_id: strawberry.ID
    item_name: str
    consumer_code: str
    provider_code: str
    description: str
    status: str
    created_at: str
    due_at: str = strawberry.field(description="答复期限 UTC，5 个工作日 (due, 5 working days)")
    due_provisional: bool
    answered_at: str | None
    answer: str | None
    corrected: bool | None
    late: bool | None

    @classmethod
    def from_row(cls, row: Row) -> "FeedbackReport":
        return cls(
            id=row["id"], item_id=row["itemId"], item_name=row.get("itemName") or "",
            consumer_code=row["consumerCode"], provider_code=row["providerCode"], description=row["description"],
            status=row["status"], created_at=row["createdAt"], due_at=row["dueAt"],
            due_provisional=bool(row.get("dueProvisional")), answered_at=row.get("answeredAt"),
            answer=row.get("answer"), corrected=row.get("corrected"), late=row.get("late"),
        )


# ---- inputs ---------------------------------------------------------------------------------


class ApplyInputModel(BaseModel):
    """Validation of an application; every message names the field."""

    model_config = ConfigDict(str_strip_whitespace=True)

    item_id: str = Field(min_length=1, alias="itemId")
    element_codes: list[str] = Field(min_length=1, max_length=500, alias="elementCodes")
    purpose: str = Field(min_length=4, max_length=1000)
    scenario: str = Field(min_length=4, max_length=1000)
    until: date


@strawberry.input(description="共享申请 (an application)")
class ApplyInput:
    item_id: strawberry.ID
    element_codes: list[str] = strawberry.field(description="需要的数据项编码 (element codes needed)")
    purpose: str = strawberry.field(description="数据使用用途，必填 (purpose, required, 第二十条)")
    scenario: str = strawberry.field(description="使用场景，必填 (usage scenario, required)")
    until: date = strawberry.field(description="需要使用至（含），最长三年 (needed until, inclusive; three years at most)")


@strawberry.input(description="鉴权问题 (one authorize question)")
class AuthorizeQuestion:
    item_id: strawberry.ID
    element_codes: list[str]


def _application(data: ApplyInput, end_of_day: datetime) -> Application:
    try:
        model = ApplyInputModel.model_validate({
            "itemId": str(data.item_id), "elementCodes": data.element_codes, "purpose": data.purpose,
            "scenario": data.scenario, "until": data.until,
        })
    except ValidationError as exc:
        raise Invalid([FieldProblem(e.field, e.message) for e in field_errors(exc)]) from exc
    return Application(
        item_id=model.item_id, element_codes=model.element_codes, purpose=model.purpose, scenario=model.scenario,
        until=end_of_day,
    )


def _until_instant(day: date) -> datetime:
    """The application's last day, inclusive: the end of that day in Asia/Shanghai, as UTC."""
    return datetime.combine(day, time(23, 59, 59), SHANGHAI).astimezone(timezone.utc)


GRANT_STATES = {
    "LIVE": "有效 (live)",
    "EXPIRED": "已到期 (expired)",
    "IDLE": "超过三个月未使用，已停止授权 (idle for more than the limit)",
    "REVOKED": "已撤销 (revoked)",
    "ITEM_WITHDRAWN": "目录已撤销发布 (the item was withdrawn)",
}


def _grant(info: Ctx, row: Row) -> Grant:
    item = {"status": row.get("itemStatus"), "withdrawnAt": row.get("itemWithdrawnAt")}
    facts = typed_facts(grant=row, item=item)
    live, state = info.context.authorizer.grant_state(facts["grant"], facts["item"], info.context.now)
    mode = rules.GrantMode(row["mode"])
    return Grant(
        id=row["id"], item_id=row["itemId"], item_name=row.get("itemName") or "", consumer_code=row["consumerCode"],
        provider_code=row["providerCode"], element_codes=row.get("elements") or [], purpose=row.get("purpose") or "",
        mode=mode, granted_at=row["grantedAt"], expires_at=row["expiresAt"], last_used_at=row.get("lastUsedAt"),
        revoked_at=row.get("revokedAt"), revoke_reason=row.get("revokeReason"),
        withdrawal_reason=row.get("withdrawalReason"), reinstated_at=row.get("reinstatedAt"),
        live=live, state_reason=state, state_message=GRANT_STATES[state],
    )


async def _request_page(info: Ctx, which: sharing.RequestList, first: int, after: str | None,
                        status: RequestStatus | None = None) -> Connection[AccessRequest]:
    skip, limit = page_window(first, after, info.context.settings.max_page_size)
    total, rows = await sharing.request_page(info.context, which, status, skip, limit)
    return connection([AccessRequest.from_row(row) for row in rows], total, skip)


@strawberry.type
class SharingQuery:
    @strawberry.field(description="本部门提出的申请 (my department's requests)")
    async def my_requests(self, info: Ctx, status: RequestStatus | None = None, first: int = 20, after: str | None = None) -> Connection[AccessRequest]:
        return await _request_page(info, sharing.RequestList.MINE, first, after, status)

    @strawberry.field(description="待我处理的申请：主管部门审核与协调，提供部门答复 (requests awaiting my action)")
    async def requests_awaiting_me(self, info: Ctx, first: int = 20, after: str | None = None) -> Connection[AccessRequest]:
        return await _request_page(info, sharing.RequestList.AWAITING_ME, first, after)

    @strawberry.field(description="超期未办的申请 (overdue requests: a step still open after its deadline)")
    async def overdue_requests(self, info: Ctx, first: int = 20, after: str | None = None) -> Connection[AccessRequest]:
        return await _request_page(info, sharing.RequestList.OVERDUE, first, after)

    @strawberry.field(description="一条申请 (one request, if it concerns my department)")
    async def access_request(self, info: Ctx, id: strawberry.ID) -> AccessRequest:
        return AccessRequest.from_row(await sharing.visible_request(info.context, str(id)))

    @strawberry.field(description="本部门持有的授权 (grants my department holds)")
    async def my_grants(self, info: Ctx, first: int = 20, after: str | None = None) -> Connection[Grant]:
        return await _grant_page(info, first, after, held=True)

    @strawberry.field(description="本部门目录上的授权 (grants on my department's items)")
    async def grants_on_my_items(self, info: Ctx, first: int = 20, after: str | None = None) -> Connection[Grant]:
        return await _grant_page(info, first, after, held=False)

    @strawberry.field(description="交换网关鉴权：本部门此刻能否读取某目录的这些数据项，并记录使用 (may my department read these elements now?)")
    async def authorize(self, info: Ctx, item_id: strawberry.ID, element_codes: list[str]) -> AuthorizeResult:
        [answer] = await sharing.authorize(info.context, [(str(item_id), element_codes)])
        return _answer(answer)

    @strawberry.field(description="批量鉴权，一次请求回答多个问题 (many authorize questions in one request)")
    async def authorize_batch(self, info: Ctx, questions: list[AuthorizeQuestion]) -> list[AuthorizeResult]:
        if len(questions) > 1000:
            raise Invalid.of("questions", "一次最多 1000 个问题 (at most 1000 questions)")
        answers = await sharing.authorize(info.context, [(str(q.item_id), q.element_codes) for q in questions])
        return [_answer(answer) for answer in answers]

    @strawberry.field(description="数据质量反馈：我提出的或待我答复的 (feedback I filed or must answer)")
    async def feedback_reports(self, info: Ctx, to_answer: bool = False, first: int = 20, after: str | None = None) -> Connection[FeedbackReport]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, rows = await sharing.feedback_page(info.context, to_answer, skip, limit)
        return connection([FeedbackReport.from_row(row) for row in rows], total, skip)


async def _grant_page(info: Ctx, first: int, after: str | None, held: bool) -> Connection[Grant]:
    skip, limit = page_window(first, after, info.context.settings.max_page_size)
    total, rows = await sharing.grant_page(info.context, held, skip, limit)
    return connection([_grant(info, row) for row in rows], total, skip)


def _answer(answer: sharing.AuthorizeAnswer) -> AuthorizeResult:
    return AuthorizeResult(
        item_id=answer.item_id, allowed=answer.allowed, reason=answer.reason, message=answer.message,
        grant_id=answer.grant_id, expires_at=answer.expires_at,
        elements=[
            ElementDecision(code=e.code, access=e.access, masking_rule=e.masking_rule, reason=e.reason)
            for e in answer.elements
        ],
    )


@strawberry.type
class SharingMutation:
    @strawberry.mutation(description="申请共享数据 (apply for an item, 第二十六条)")
    async def apply_for_access(self, info: Ctx, input: ApplyInput) -> AccessRequest:
        application = _application(input, _until_instant(input.until))
        request_id = await sharing.apply(info.context, application)
        return AccessRequest.from_row(await sharing.load_request(info.context, request_id))

    @strawberry.mutation(description="主管部门合规审核：通过（无条件共享即授权，有条件共享转提供部门）或驳回 (the authority's review, 第三十条)")
    async def review_request(self, info: Ctx, id: strawberry.ID, approve: bool, reason: str = "", already_shared: bool = True) -> AccessRequest:
        row = await sharing.decide(info.context, rules.Action.REVIEW, str(id), approve, reason, already_shared)
        return AccessRequest.from_row(row)

    @strawberry.mutation(description="提供部门答复：同意授权或不予共享（须说明理由）(the provider's answer, 第三十条)")
    async def answer_request(self, info: Ctx, id: strawberry.ID, approve: bool, reason: str = "") -> AccessRequest:
        return AccessRequest.from_row(await sharing.decide(info.context, rules.Action.ANSWER, str(id), approve, reason))

    @strawberry.mutation(description="使用部门对不予共享提出协商 (the consumer objects to a refusal, 第三十条)")
    async def open_negotiation(self, info: Ctx, id: strawberry.ID, statement: str) -> AccessRequest:
        return AccessRequest.from_row(await sharing.decide(info.context, rules.Action.NEGOTIATE, str(id), True, statement))

    @strawberry.mutation(description="主管部门协调决定，具有约束力 (the authority's binding coordination, 第三十条)")
    async def coordinate_request(self, info: Ctx, id: strawberry.ID, grant: bool, reason: str) -> AccessRequest:
        return AccessRequest.from_row(await sharing.decide(info.context, rules.Action.COORDINATE, str(id), grant, reason))

    @strawberry.mutation(description="提供部门将有条件共享目录整体授权给平台 (wholesale authorisation to the platform, 第二十九条)")
    async def authorise_platform(self, info: Ctx, item_id: strawberry.ID) -> bool:
        await sharing.authorise_platform(info.context, str(item_id))
        return True

    @strawberry.mutation(description="撤销授权 (revoke a grant, 第三十一条)")
    async def revoke_grant(self, info: Ctx, id: strawberry.ID, reason: str) -> Grant:
        return _grant(info, await sharing.revoke(info.context, str(id), reason))

    @strawberry.mutation(description="恢复授权，重新开始闲置计时 (reinstate a grant; restarts the idle clock)")
    async def reinstate_grant(self, info: Ctx, id: strawberry.ID, reason: str) -> Grant:
        return _grant(info, await sharing.reinstate(info.context, str(id), reason))

    @strawberry.mutation(description="反馈数据疑义或错误 (report doubtful or wrong data, 第三十二条)")
    async def report_feedback(self, info: Ctx, item_id: strawberry.ID, description: str) -> strawberry.ID:
        return strawberry.ID(await sharing.report_feedback(info.context, str(item_id), description))

    @strawberry.mutation(description="提供部门答复数据反馈 (the provider answers feedback)")
    async def answer_feedback(self, info: Ctx, id: strawberry.ID, answer: str, corrected: bool) -> FeedbackReport:
        return FeedbackReport.from_row(await sharing.answer_feedback(info.context, str(id), answer, corrected))
