"""Inputs and payloads of the lifecycle's mutations: each mutation takes one input and returns a
payload with the changed object (GitHub's API is the model).

The item's own input is generated from the domain model, so a field and its validation are
declared once (server/domain/models.py); the service validates it whole (第十一条).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import strawberry
from strawberry.experimental.pydantic import input as pydantic_input

from server.api.catalog.types import CatalogItem
from server.api.lifecycle.types import ChangeEvent, ItemRevision, SourceHint, WithdrawalRequest
from server.domain.models import CatalogItem as CatalogItemModel
from server.domain.models import DataElement as DataElementModel


@pydantic_input(model=DataElementModel, all_fields=True, description="数据项及数据字典 (a data element, 第十条)")
class DataElementInput:
    pass


@pydantic_input(model=CatalogItemModel, all_fields=True, description="目录条目，字段同第九条 (a catalog item)")
class CatalogItemInput:
    pass


def item_content(data: CatalogItemInput) -> dict[str, Any]:
    """The input as plain values under the GraphQL (camelCase) names, for the service to validate
    whole with the departments, themes and database it names: every problem at once, each named
    by its GraphQL field (``elements[2].code``). strawberry's `to_pydantic` built each element
    first and stopped at the first bad one, named ``code``, before the item itself was looked at."""
    return _plain(data)


def _plain(value: Any) -> Any:
    """A strawberry input built from a pydantic model as a dict under the model's aliases; lists
    item by item; anything else (enum members, dates, text) as it is."""
    model = getattr(type(value), "_pydantic_type", None)
    if model is not None and dataclasses.is_dataclass(value):
        return {(model.model_fields[f.name].alias or f.name): _plain(getattr(value, f.name))
                for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(part) for part in value]
    return value


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
    item: CatalogItem = strawberry.field(description="保存后的目录；已发布目录的修改待审核，此处仍为现行版本 (the item as saved; for a published item, still the version in force)")
    revision: ItemRevision | None = strawberry.field(description="已发布目录的修改：待主管部门审核（第十三条）(for a published item: the edit, awaiting the city authority)")
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


@strawberry.input(description="审核已发布目录的修改 (review an edit of a published item, 第十三条)")
class ReviewRevisionInput:
    item_id: strawberry.ID = strawberry.field(description="目录 id (item id)")
    accept: bool = strawberry.field(description="通过、成为新版本为 true，退回为 false (true: it becomes the new version; false: return it)")
    comment: str = strawberry.field(default="", description="审核意见，退回时必填 (comments; required to return)")


@strawberry.type(description="审核结果 (the item and the reviewed edit)")
class ReviewRevisionPayload:
    item: CatalogItem = strawberry.field(description="审核后的目录：通过时为新版本 (the item: the new version when accepted)")
    revision: ItemRevision = strawberry.field(description="审核后的修改 (the edit as reviewed)")


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
