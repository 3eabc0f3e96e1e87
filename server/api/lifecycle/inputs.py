"""Inputs and payloads of the lifecycle's mutations: each mutation takes one input and returns a
payload with the changed object (GitHub's API is the model).

The item's own input is generated from the domain model, so a field and its validation are
declared once (server/domain/models.py).
"""

from __future__ import annotations

from datetime import date

import strawberry
from pydantic import ValidationError
from strawberry.experimental.pydantic import input as pydantic_input

from server.api.catalog.types import CatalogItem
from server.api.lifecycle.types import ChangeEvent, SourceHint, WithdrawalRequest
from server.domain.errors import FieldProblem, Invalid
from server.domain.models import CatalogItem as CatalogItemModel
from server.domain.models import DataElement as DataElementModel
from server.domain.models import field_errors


@pydantic_input(model=DataElementModel, all_fields=True, description="数据项及数据字典 (a data element, 第十条)")
class DataElementInput:
    pass


@pydantic_input(model=CatalogItemModel, all_fields=True, description="目录条目，字段同第九条 (a catalog item)")
class CatalogItemInput:
    pass


def item_model(data: CatalogItemInput) -> CatalogItemModel:
    """Validates the whole item (第十一条); every problem is reported with its field."""
    try:
        return data.to_pydantic()
    except ValidationError as exc:
        raise Invalid([FieldProblem(e.field, e.message) for e in field_errors(exc)]) from exc


# ---- compile, update, submit, review (第九条 to 第十三条) -----------------------------------------


@strawberry.input(description="编制目录草稿 (compile a draft item, 第九条)")
class CreateDraftInput:
    item: CatalogItemInput = strawberry.field(description="目录内容 (the item's content)")


@strawberry.type(description="编制结果 (the compiled draft, with 一数一源 hints)")
class CreateDraftPayload:
    item: CatalogItem = strawberry.field(description="保存后的目录 (the item as saved)")
    source_hints: list[SourceHint] = strawberry.field(description="建议改为共享使用的数据项 (elements to take by sharing instead, 第十五条)")


@strawberry.input(description="修改目录 (edit an item)")
class UpdateItemInput:
    id: strawberry.ID = strawberry.field(description="目录 id (item id)")
    expected_version: int = strawberry.field(description="开始编辑时的版本号，防止覆盖他人修改 (the version the edit started from)")
    item: CatalogItemInput = strawberry.field(description="修改后的目录内容 (the item's new content)")
    reason: str = strawberry.field(default="", description="修改原因，已发布目录必填 (why; required for a published item)")


@strawberry.type(description="修改结果 (the edited item, with 一数一源 hints)")
class UpdateItemPayload:
    item: CatalogItem = strawberry.field(description="保存后的目录 (the item as saved)")
    source_hints: list[SourceHint] = strawberry.field(description="建议改为共享使用的数据项 (elements to take by sharing instead, 第十五条)")


@strawberry.input(description="提交审核 (submit an item for review)")
class SubmitItemInput:
    id: strawberry.ID = strawberry.field(description="目录 id (item id)")
    expected_version: int = strawberry.field(description="提交的版本号 (the version submitted)")


@strawberry.type(description="提交结果 (the submitted item)")
class SubmitItemPayload:
    item: CatalogItem = strawberry.field(description="已提交的目录 (the submitted item)")


@strawberry.input(description="审核目录 (review a submitted item, 第十三条)")
class ReviewItemInput:
    id: strawberry.ID = strawberry.field(description="目录 id (item id)")
    accept: bool = strawberry.field(description="通过并赋码发布为 true，退回为 false (true: accept, code and publish; false: return)")
    comment: str = strawberry.field(default="", description="审核意见，退回时必填 (comments; required to return)")


@strawberry.type(description="审核结果 (the reviewed item)")
class ReviewItemPayload:
    item: CatalogItem = strawberry.field(description="审核后的目录 (the item as reviewed)")


# ---- withdrawal (第十九条), data updates (第十八条), change events (第十二条) ---------------------------


@strawberry.input(description="申请撤销已发布目录 (ask to withdraw a published item, 第十九条)")
class RequestWithdrawalInput:
    item_id: strawberry.ID = strawberry.field(description="目录 id (item id)")
    reason: str = strawberry.field(description="撤销原因 (why)")


@strawberry.type(description="撤销申请结果 (the withdrawal request made)")
class RequestWithdrawalPayload:
    withdrawal_request: WithdrawalRequest = strawberry.field(description="撤销发布申请 (the withdrawal request)")


@strawberry.input(description="审核撤销申请 (decide a withdrawal request, 第十九条)")
class DecideWithdrawalInput:
    id: strawberry.ID = strawberry.field(description="撤销申请 id (withdrawal request id)")
    approve: bool = strawberry.field(description="同意撤销为 true (true: approve)")
    comment: str = strawberry.field(default="", description="审核意见，不同意时必填 (comments; required to refuse)")


@strawberry.type(description="撤销审核结果 (the decided withdrawal request)")
class DecideWithdrawalPayload:
    withdrawal_request: WithdrawalRequest = strawberry.field(description="撤销发布申请 (the withdrawal request)")


@strawberry.input(description="登记数据已更新 (record that an item's data was updated, 第十八条)")
class RecordDataUpdateInput:
    item_id: strawberry.ID = strawberry.field(description="目录 id (item id)")


@strawberry.type(description="登记结果 (the item with its data update recorded)")
class RecordDataUpdatePayload:
    item: CatalogItem = strawberry.field(description="目录 (the item)")


@strawberry.input(description="登记法规修订或职能变化 (record a change of law or duty, 第十二条)")
class RecordChangeEventInput:
    item_ids: list[strawberry.ID] = strawberry.field(description="受影响的目录 id (the affected items)")
    description: str = strawberry.field(description="修订的法规或变化的职能 (what changed)")
    published_on: date = strawberry.field(description="法规或职能变化公布日期 (published on)")


@strawberry.type(description="登记结果 (the change event recorded)")
class RecordChangeEventPayload:
    change_event: ChangeEvent = strawberry.field(description="变化事件 (the change event)")
