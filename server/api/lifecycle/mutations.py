"""Lifecycle and supervision mutations (第九条 to 第十九条): each takes one input and returns a
payload with the changed object. Thin: validation of the item is the domain model's, run by the
service with the references it names (every problem at once), every decision the services'."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.catalog.types import CatalogItem
from server.api.core.info import INPUT, Ctx
from server.api.lifecycle.types import ItemRevision
from server.api.lifecycle.inputs import (
    CreateDraftInput,
    CreateDraftPayload,
    DecideWithdrawalInput,
    DecideWithdrawalPayload,
    RecordChangeEventInput,
    RecordChangeEventPayload,
    RecordDataUpdateInput,
    RecordDataUpdatePayload,
    RequestWithdrawalInput,
    RequestWithdrawalPayload,
    ReviewItemInput,
    ReviewItemPayload,
    ReviewRevisionInput,
    ReviewRevisionPayload,
    SubmitItemInput,
    SubmitItemPayload,
    UpdateItemInput,
    UpdateItemPayload,
    item_content,
)
from server.api.lifecycle.types import ChangeEvent, SourceHint, WithdrawalRequest
from server.services import lifecycle


@strawberry.type
class LifecycleMutation:
    @strawberry.mutation(description="编制目录草稿 (compile a draft item, 第九条)")
    async def create_draft(self, info: Ctx, input: Annotated[CreateDraftInput, INPUT]) -> CreateDraftPayload:
        saved = await lifecycle.create_draft(info.context, item_content(input.item))
        return CreateDraftPayload(item=CatalogItem.of(saved.item), source_hints=[SourceHint.of(h) for h in saved.hints])

    @strawberry.mutation(description="修改目录；已发布目录的修改保留原版本并须说明原因 (edit an item; a published item's edit keeps history)")
    async def update_item(self, info: Ctx, input: Annotated[UpdateItemInput, INPUT]) -> UpdateItemPayload:
        saved = await lifecycle.update_item(info.context, str(input.id), input.expected_version,
                                            item_content(input.item), input.reason)
        return UpdateItemPayload(item=CatalogItem.of(saved.item), source_hints=[SourceHint.of(h) for h in saved.hints],
                                 revision=ItemRevision.of(saved.revision) if saved.revision else None)

    @strawberry.mutation(description="提交主管部门审核 (submit for review, 第十三条)")
    async def submit_item(self, info: Ctx, input: Annotated[SubmitItemInput, INPUT]) -> SubmitItemPayload:
        return SubmitItemPayload(item=CatalogItem.of(await lifecycle.submit(info.context, str(input.id), input.expected_version)))

    @strawberry.mutation(description="主管部门审核：通过并赋目录编码，或退回并写明意见 (accept and code, or return, 第十三条)")
    async def review_item(self, info: Ctx, input: Annotated[ReviewItemInput, INPUT]) -> ReviewItemPayload:
        record = await lifecycle.review(info.context, str(input.id), input.accept, input.comment)
        return ReviewItemPayload(item=CatalogItem.of(record))

    @strawberry.mutation(description="主管部门审核已发布目录的修改：通过后成为新版本，或退回 (accept an edit of a published item as its new version, or return it, 第十三条)")
    async def review_revision(self, info: Ctx, input: Annotated[ReviewRevisionInput, INPUT]) -> ReviewRevisionPayload:
        item, revision = await lifecycle.review_revision(info.context, str(input.item_id), input.accept, input.comment)
        return ReviewRevisionPayload(item=CatalogItem.of(item), revision=ItemRevision.of(revision))


@strawberry.type
class SupervisionMutation:
    @strawberry.mutation(description="申请撤销已发布目录 (ask to withdraw a published item, 第十九条)")
    async def request_withdrawal(self, info: Ctx, input: Annotated[RequestWithdrawalInput, INPUT]) -> RequestWithdrawalPayload:
        record = await lifecycle.request_withdrawal(info.context, str(input.item_id), input.reason)
        return RequestWithdrawalPayload(withdrawal_request=WithdrawalRequest.of(record))

    @strawberry.mutation(description="主管部门审核撤销申请 (the authority decides a withdrawal, 第十九条)")
    async def decide_withdrawal(self, info: Ctx, input: Annotated[DecideWithdrawalInput, INPUT]) -> DecideWithdrawalPayload:
        record = await lifecycle.decide_withdrawal(info.context, str(input.id), input.approve, input.comment)
        return DecideWithdrawalPayload(withdrawal_request=WithdrawalRequest.of(record))

    @strawberry.mutation(description="登记数据已更新 (record that the data was updated, 第十八条)")
    async def record_data_update(self, info: Ctx, input: Annotated[RecordDataUpdateInput, INPUT]) -> RecordDataUpdatePayload:
        record = await lifecycle.record_data_update(info.context, str(input.item_id))
        return RecordDataUpdatePayload(item=CatalogItem.of(record))

    @strawberry.mutation(description="登记法规修订或职能变化，受影响目录须在 15 个工作日内更新 (record a change of law or duty, 第十二条)")
    async def record_change_event(self, info: Ctx, input: Annotated[RecordChangeEventInput, INPUT]) -> RecordChangeEventPayload:
        record = await lifecycle.record_change_event(info.context, [str(i) for i in input.item_ids], input.description,
                                                     input.published_on)
        return RecordChangeEventPayload(change_event=ChangeEvent.of(record, info.context.now))
