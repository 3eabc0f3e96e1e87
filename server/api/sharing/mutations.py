"""Sharing mutations (第二十六条 to 第三十二条): each takes one `input` and returns a payload
holding the changed object. Thin: each asks a service and wraps its record."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.catalog.types import CatalogItem
from server.api.core.info import INPUT, Ctx
from server.api.sharing.inputs import (
    AnswerFeedbackInput,
    AnswerRequestInput,
    ApplyForAccessInput,
    AuthorizePlatformInput,
    CoordinateRequestInput,
    OpenNegotiationInput,
    ReinstateGrantInput,
    ReportFeedbackInput,
    RevokeGrantInput,
    ReviewRequestInput,
)
from server.api.sharing.types import AccessRequest, FeedbackReport, Grant
from server.domain.requests import Action
from server.services import sharing


@strawberry.type(description="共享申请的结果 (the filed application)")
class ApplyForAccessPayload:
    access_request: AccessRequest = strawberry.field(description="变更后的申请 (the request afterwards)")


@strawberry.type(description="审核的结果 (the request after review)")
class ReviewRequestPayload:
    access_request: AccessRequest = strawberry.field(description="变更后的申请 (the request afterwards)")


@strawberry.type(description="答复的结果 (the request after the answer)")
class AnswerRequestPayload:
    access_request: AccessRequest = strawberry.field(description="变更后的申请 (the request afterwards)")


@strawberry.type(description="提出协商的结果 (the request in negotiation)")
class OpenNegotiationPayload:
    access_request: AccessRequest = strawberry.field(description="变更后的申请 (the request afterwards)")


@strawberry.type(description="协调的结果 (the request after coordination)")
class CoordinateRequestPayload:
    access_request: AccessRequest = strawberry.field(description="变更后的申请 (the request afterwards)")


@strawberry.type(description="整体授权的结果 (the item after wholesale authorization)")
class AuthorizePlatformPayload:
    item: CatalogItem = strawberry.field(description="整体授权后的目录 (the item afterwards)")


@strawberry.type(description="收回授权的结果 (the grant after revocation)")
class RevokeGrantPayload:
    grant: Grant = strawberry.field(description="收回后的授权 (the grant afterwards)")


@strawberry.type(description="恢复授权的结果 (the grant after reinstatement)")
class ReinstateGrantPayload:
    grant: Grant = strawberry.field(description="恢复后的授权 (the grant afterwards)")


@strawberry.type(description="反馈的结果 (the filed report)")
class ReportFeedbackPayload:
    feedback_report: FeedbackReport = strawberry.field(description="提交的反馈 (the report)")


@strawberry.type(description="答复反馈的结果 (the report after the answer)")
class AnswerFeedbackPayload:
    feedback_report: FeedbackReport = strawberry.field(description="答复后的反馈 (the report afterwards)")


@strawberry.type
class SharingMutation:
    @strawberry.mutation(description="申请共享数据 (apply for an item, 第二十六条)")
    async def apply_for_access(self, info: Ctx, input: Annotated[ApplyForAccessInput, INPUT]) -> ApplyForAccessPayload:
        record = await sharing.apply(info.context, input.application())
        return ApplyForAccessPayload(access_request=AccessRequest.of(record))

    @strawberry.mutation(description="主管部门合规审核：通过（无条件共享即授权，有条件共享转提供部门）或驳回 (the authority's review, 第三十条)")
    async def review_request(self, info: Ctx, input: Annotated[ReviewRequestInput, INPUT]) -> ReviewRequestPayload:
        record = await sharing.decide(info.context, Action.REVIEW, str(input.request_id), input.approve, input.reason,
                                      input.already_shared)
        return ReviewRequestPayload(access_request=AccessRequest.of(record))

    @strawberry.mutation(description="提供部门答复：同意授权或不予共享（须说明理由）(the provider's answer, 第三十条)")
    async def answer_request(self, info: Ctx, input: Annotated[AnswerRequestInput, INPUT]) -> AnswerRequestPayload:
        record = await sharing.decide(info.context, Action.ANSWER, str(input.request_id), input.approve, input.reason)
        return AnswerRequestPayload(access_request=AccessRequest.of(record))

    @strawberry.mutation(description="使用部门对不予共享提出协商 (the consumer objects to a refusal, 第三十条)")
    async def open_negotiation(self, info: Ctx, input: Annotated[OpenNegotiationInput, INPUT]) -> OpenNegotiationPayload:
        record = await sharing.decide(info.context, Action.NEGOTIATE, str(input.request_id), True, input.statement)
        return OpenNegotiationPayload(access_request=AccessRequest.of(record))

    @strawberry.mutation(description="主管部门协调决定，具有约束力 (the authority's binding coordination, 第三十条)")
    async def coordinate_request(self, info: Ctx, input: Annotated[CoordinateRequestInput, INPUT]) -> CoordinateRequestPayload:
        record = await sharing.decide(info.context, Action.COORDINATE, str(input.request_id), input.approve, input.reason)
        return CoordinateRequestPayload(access_request=AccessRequest.of(record))

    @strawberry.mutation(description="提供部门将有条件共享目录整体授权给平台 (wholesale authorization to the platform, 第二十九条)")
    async def authorize_platform(self, info: Ctx, input: Annotated[AuthorizePlatformInput, INPUT]) -> AuthorizePlatformPayload:
        record = await sharing.authorize_platform(info.context, str(input.item_id))
        return AuthorizePlatformPayload(item=CatalogItem.of(record))

    @strawberry.mutation(description="收回授权 (revoke a grant, 第三十一条)")
    async def revoke_grant(self, info: Ctx, input: Annotated[RevokeGrantInput, INPUT]) -> RevokeGrantPayload:
        return RevokeGrantPayload(grant=Grant.of(await sharing.revoke(info.context, str(input.grant_id), input.reason)))

    @strawberry.mutation(description="恢复授权，重新开始闲置计时 (reinstate a grant; restarts the idle clock)")
    async def reinstate_grant(self, info: Ctx, input: Annotated[ReinstateGrantInput, INPUT]) -> ReinstateGrantPayload:
        return ReinstateGrantPayload(grant=Grant.of(await sharing.reinstate(info.context, str(input.grant_id), input.reason)))

    @strawberry.mutation(description="反馈数据疑义或错误 (report doubtful or wrong data, 第三十二条)")
    async def report_feedback(self, info: Ctx, input: Annotated[ReportFeedbackInput, INPUT]) -> ReportFeedbackPayload:
        record = await sharing.report_feedback(info.context, str(input.item_id), input.description)
        return ReportFeedbackPayload(feedback_report=FeedbackReport.of(record))

    @strawberry.mutation(description="提供部门答复数据反馈 (the provider answers feedback, 第三十二条)")
    async def answer_feedback(self, info: Ctx, input: Annotated[AnswerFeedbackInput, INPUT]) -> AnswerFeedbackPayload:
        record = await sharing.answer_feedback(info.context, str(input.feedback_id), input.answer, input.corrected)
        return AnswerFeedbackPayload(feedback_report=FeedbackReport.of(record))
