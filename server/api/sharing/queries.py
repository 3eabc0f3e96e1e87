"""Sharing queries: work lists of requests, grants, the gateway's authorize question and feedback.
Thin: each resolver asks a service and wraps its records."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.core.info import Ctx
from server.api.core.pagination import After, Connection, First, connection, page_window
from server.api.sharing.inputs import AuthorizeQuestion
from server.api.sharing.types import AccessRequest, AuthorizeResult, FeedbackReport, Grant, RequestStatus
from server.domain.errors import Invalid
from server.services import sharing

MAX_QUESTIONS = 1000  # one authorizeBatch request


async def _requests(info: Ctx, which: sharing.RequestList, first: int, after: str | None,
                    status: RequestStatus | None = None) -> Connection[AccessRequest]:
    skip, limit = page_window(first, after, info.context.settings.max_page_size)
    total, records = await sharing.request_page(info.context, which, status, skip, limit)
    return connection([AccessRequest.of(record) for record in records], total, skip)


async def _grants(info: Ctx, first: int, after: str | None, held: bool) -> Connection[Grant]:
    skip, limit = page_window(first, after, info.context.settings.max_page_size)
    total, records = await sharing.grant_page(info.context, held, skip, limit)
    return connection([Grant.of(record) for record in records], total, skip)


@strawberry.type
class SharingQuery:
    @strawberry.field(description="本部门提出的申请，新的在前 (my department's requests, newest first)")
    async def my_requests(
        self, info: Ctx,
        status: Annotated[RequestStatus | None, strawberry.argument(description="只看此状态 (only this status)")] = None,
        first: First = 20, after: After = None,
    ) -> Connection[AccessRequest]:
        return await _requests(info, sharing.RequestList.MINE, first, after, status)

    @strawberry.field(description="待我处理的申请：主管部门审核与协调，提供部门答复 (requests awaiting my action)")
    async def requests_awaiting_me(self, info: Ctx, first: First = 20, after: After = None) -> Connection[AccessRequest]:
        return await _requests(info, sharing.RequestList.AWAITING_ME, first, after)

    @strawberry.field(description="超期未办的申请 (overdue requests: a step still open after its deadline)")
    async def overdue_requests(self, info: Ctx, first: First = 20, after: After = None) -> Connection[AccessRequest]:
        return await _requests(info, sharing.RequestList.OVERDUE, first, after)

    @strawberry.field(description="一条申请；不存在或无权查看时为空 (one request; null when missing or not visible)")
    async def access_request(
        self, info: Ctx, id: Annotated[strawberry.ID, strawberry.argument(description="申请 id (request id)")],
    ) -> AccessRequest | None:
        record = await sharing.visible_request(info.context, str(id))
        return AccessRequest.of(record) if record else None

    @strawberry.field(description="一项授权；不存在或无权查看时为空 (one grant; null when missing or not visible)")
    async def grant(
        self, info: Ctx, id: Annotated[strawberry.ID, strawberry.argument(description="授权 id (grant id)")],
    ) -> Grant | None:
        record = await sharing.visible_grant(info.context, str(id))
        return Grant.of(record) if record else None

    @strawberry.field(description="本部门持有的授权 (grants my department holds)")
    async def my_grants(self, info: Ctx, first: First = 20, after: After = None) -> Connection[Grant]:
        return await _grants(info, first, after, held=True)

    @strawberry.field(description="本部门目录上的授权 (grants on my department's items)")
    async def grants_on_my_items(self, info: Ctx, first: First = 20, after: After = None) -> Connection[Grant]:
        return await _grants(info, first, after, held=False)

    @strawberry.field(description="闲置超过时限的授权，供提供部门或主管部门视情收回，闲置最久在前（第三十一条）"
                                  "(grants idle past the limit, for the provider or the authority to decide on; longest idle first)")
    async def idle_grants(
        self, info: Ctx,
        provider_code: Annotated[str | None, strawberry.argument(description="只看此提供部门 (only this provider)")] = None,
        first: First = 20, after: After = None,
    ) -> Connection[Grant]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, records = await sharing.idle_grants(info.context, provider_code, skip, limit)
        return connection([Grant.of(record) for record in records], total, skip)

    @strawberry.field(description="交换网关鉴权：本部门此刻能否读取某目录的这些数据项，并记录使用 (may my department read these elements now? records the use)")
    async def authorize(
        self, info: Ctx,
        item_id: Annotated[strawberry.ID, strawberry.argument(description="目录 id (item id)")],
        element_codes: Annotated[list[str], strawberry.argument(description="要读取的数据项编码 (element codes to read)")],
    ) -> AuthorizeResult:
        [answer] = await sharing.authorize(info.context, [(str(item_id), element_codes)])
        return AuthorizeResult.of(answer)

    @strawberry.field(description="批量鉴权，一次请求回答多个问题，按所问顺序 (many authorize questions in one request, answered in order)")
    async def authorize_batch(
        self, info: Ctx,
        questions: Annotated[list[AuthorizeQuestion], strawberry.argument(description="最多 1000 个问题 (at most 1000 questions)")],
    ) -> list[AuthorizeResult]:
        if len(questions) > MAX_QUESTIONS:
            raise Invalid.of("questions", f"一次最多 {MAX_QUESTIONS} 个问题 (at most {MAX_QUESTIONS} questions)")
        answers = await sharing.authorize(info.context, [(str(q.item_id), q.element_codes) for q in questions])
        return [AuthorizeResult.of(answer) for answer in answers]

    @strawberry.field(description="数据质量反馈：我提出的或待我答复的 (feedback I filed or must answer)")
    async def feedback_reports(
        self, info: Ctx,
        to_answer: Annotated[bool, strawberry.argument(description="待本部门答复的 (those my department must answer)")] = False,
        first: First = 20, after: After = None,
    ) -> Connection[FeedbackReport]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, records = await sharing.feedback_page(info.context, to_answer, skip, limit)
        return connection([FeedbackReport.of(record) for record in records], total, skip)

    @strawberry.field(description="超期未答复的数据反馈，超期最久在前（第三十二条、第四十一条）(feedback unanswered past its deadline, longest overdue first)")
    async def overdue_feedback(
        self, info: Ctx,
        provider_code: Annotated[str | None, strawberry.argument(description="只看此提供部门 (only this provider)")] = None,
        first: First = 20, after: After = None,
    ) -> Connection[FeedbackReport]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, records = await sharing.overdue_feedback(info.context, provider_code, skip, limit)
        return connection([FeedbackReport.of(record) for record in records], total, skip)

    @strawberry.field(description="一条数据反馈；不存在或无权查看时为空 (one feedback report; null when missing or not visible)")
    async def feedback_report(
        self, info: Ctx, id: Annotated[strawberry.ID, strawberry.argument(description="反馈 id (feedback id)")],
    ) -> FeedbackReport | None:
        record = await sharing.visible_feedback(info.context, str(id))
        return FeedbackReport.of(record) if record else None
