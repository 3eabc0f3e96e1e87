"""Inputs of the sharing mutations: one `input` per mutation, ids inside it (GitHub's model);
an application's text is checked here, at the edge, with every problem naming its field."""

from __future__ import annotations

from datetime import date

import strawberry
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from server.domain.errors import Invalid
from server.domain.models import field_errors
from server.services.sharing import Application


class _ApplicationModel(BaseModel):
    """The application's rules; each field's title names it in the clerk's messages (models.field_errors)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    item_id: str = Field(min_length=1, alias="itemId", title="申请的目录")
    element_codes: list[str] = Field(min_length=1, max_length=500, alias="elementCodes", title="需要的数据项")
    purpose: str = Field(min_length=4, max_length=1000, title="数据使用用途")
    scenario: str = Field(min_length=4, max_length=1000, title="使用场景")
    until: date = Field(title="使用期限")


@strawberry.input(description="共享申请 (an application, 第二十六条)")
class ApplyForAccessInput:
    item_id: strawberry.ID = strawberry.field(description="申请的目录 id (the item applied for)")
    element_codes: list[str] = strawberry.field(description="需要的数据项编码 (element codes needed)")
    purpose: str = strawberry.field(description="数据使用用途，必填 (purpose, required, 第二十条)")
    scenario: str = strawberry.field(description="使用场景，必填 (usage scenario, required)")
    until: date = strawberry.field(description="需要使用至（含当日），不超过最长授权期限（第三十一条，规则参数 grants.max_period）(needed until, inclusive; within rules.toml grants.max_period)")

    def application(self) -> Application:
        try:
            model = _ApplicationModel.model_validate({
                "itemId": str(self.item_id), "elementCodes": self.element_codes, "purpose": self.purpose,
                "scenario": self.scenario, "until": self.until,
            })
        except ValidationError as exc:
            raise Invalid(field_errors(exc, _ApplicationModel)) from exc
        return Application(item_id=model.item_id, element_codes=tuple(model.element_codes), purpose=model.purpose,
                           scenario=model.scenario, until=model.until)


@strawberry.input(description="主管部门合规审核 (the authority's review, 第二十八条, 第三十条)")
class ReviewRequestInput:
    request_id: strawberry.ID = strawberry.field(description="申请 id (the request)")
    approve: bool = strawberry.field(description="通过或驳回 (approve or reject)")
    reason: str = strawberry.field(default="", description="审核意见，驳回须说明理由 (note; required when rejecting)")
    already_shared: bool = strawberry.field(
        default=True,
        description="数据已在平台共享：答复期限较短（第三十条，规则参数 requests.answer_shared_working_days / answer_unshared_working_days）(already shared: the shorter answer deadline of rules.toml)",
    )


@strawberry.input(description="提供部门答复 (the provider's answer, 第三十条)")
class AnswerRequestInput:
    request_id: strawberry.ID = strawberry.field(description="申请 id (the request)")
    approve: bool = strawberry.field(description="同意授权或不予共享 (grant or refuse)")
    reason: str = strawberry.field(default="", description="答复意见，不予共享须说明理由 (note; required when refusing)")


@strawberry.input(description="使用部门对不予共享提出协商 (the consumer objects to a refusal, 第三十条)")
class OpenNegotiationInput:
    request_id: strawberry.ID = strawberry.field(description="申请 id (the request)")
    statement: str = strawberry.field(description="协商意见，必填 (the objection, required)")


@strawberry.input(description="主管部门协调决定 (the authority's binding coordination, 第三十条(三))")
class CoordinateRequestInput:
    request_id: strawberry.ID = strawberry.field(description="申请 id (the request)")
    approve: bool = strawberry.field(description="予以共享或不予共享 (share or not)")
    reason: str = strawberry.field(description="协调决定，必填 (the decision, required)")


@strawberry.input(description="整体授权平台 (wholesale authorization to the platform, 第二十九条)")
class AuthorizePlatformInput:
    item_id: strawberry.ID = strawberry.field(description="本部门已发布的有条件共享目录 (a published item of your own)")


@strawberry.input(description="收回授权 (revoke a grant, 第三十一条)")
class RevokeGrantInput:
    grant_id: strawberry.ID = strawberry.field(description="授权 id (the grant)")
    reason: str = strawberry.field(description="收回原因，必填 (why, required)")


@strawberry.input(description="恢复授权 (reinstate a grant, 第三十一条)")
class ReinstateGrantInput:
    grant_id: strawberry.ID = strawberry.field(description="授权 id (the grant)")
    reason: str = strawberry.field(description="恢复原因，必填 (why, required)")


@strawberry.input(description="反馈数据疑义或错误 (report doubtful or wrong data, 第三十二条)")
class ReportFeedbackInput:
    item_id: strawberry.ID = strawberry.field(description="持有有效授权的目录 (an item your department holds a live grant on)")
    description: str = strawberry.field(description="问题描述，必填 (the problem, required)")


@strawberry.input(description="提供部门答复数据反馈 (the provider answers feedback, 第三十二条)")
class AnswerFeedbackInput:
    feedback_id: strawberry.ID = strawberry.field(description="反馈 id (the report)")
    answer: str = strawberry.field(description="核实结果，必填 (the answer, required)")
    corrected: bool = strawberry.field(description="是否已更正数据 (the data was corrected)")


@strawberry.input(description="鉴权问题 (one authorize question)")
class AuthorizeQuestion:
    item_id: strawberry.ID = strawberry.field(description="目录 id (the item)")
    element_codes: list[str] = strawberry.field(description="要读取的数据项编码 (element codes to read)")
