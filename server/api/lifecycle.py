"""GraphQL for compiling, reviewing, versioning and comparing catalog items (第九条 to 第十八条).

The input types are generated from the domain models, so a field and its validation are
declared once (server/domain/models.py).
"""

from __future__ import annotations

import json

import strawberry
from pydantic import ValidationError
from strawberry.experimental.pydantic import input as pydantic_input

from server.api.types import CatalogItem, Ctx
from server.domain import lifecycle as rules
from server.domain.models import CatalogItem as CatalogItemModel
from server.domain.models import DataElement as DataElementModel
from server.domain.models import field_errors
from server.errors import BAD_USER_INPUT, api_error
from server.services import lifecycle


@pydantic_input(model=DataElementModel, all_fields=True, description="数据项及数据字典 (a data element, 第十条)")
class DataElementInput:
    pass


@pydantic_input(model=CatalogItemModel, all_fields=True, description="目录条目，字段同第九条 (a catalog item)")
class CatalogItemInput:
    pass


@strawberry.type(description="一数一源提示：该数据项已有权威来源 (this datum has a recorded source, 第十五条)")
class SourceHint:
    element_name: str
    source_item_id: strawberry.ID
    source_item_code: str | None
    source_item_name: str
    provider_code: str


@strawberry.type(description="保存结果 (the saved item, with 一数一源 hints)")
class SavedItem:
    item: CatalogItem
    source_hints: list[SourceHint] = strawberry.field(description="建议改为共享使用的数据项 (elements to take by sharing instead)")


@strawberry.type(description="目录历史版本 (a previous version of an item)")
class ItemVersion:
    version: int
    status: str
    saved_at: str | None
    saved_by: str | None
    replaced_at: str
    replaced_by: str
    reason: str


@strawberry.type(description="两版本间的字段差异 (a field that differs between two versions)")
class FieldChange:
    field: str
    before: str | None = strawberry.field(description="JSON")
    after: str | None = strawberry.field(description="JSON")


def _model(data: CatalogItemInput) -> CatalogItemModel:
    """Validates the whole item (第十一条); the first problem is reported with its field."""
    try:
        return data.to_pydantic()
    except ValidationError as exc:
        errors = field_errors(exc)
        raise api_error(BAD_USER_INPUT, errors[0].message, field=errors[0].field,
                        problems=[f"{e.field}: {e.message}" for e in errors]) from exc


async def _saved(info: Ctx, saved: lifecycle.Saved) -> SavedItem:
    info.context.loaders.forget_item(saved.item_id)
    row = await info.context.loaders.items.load(saved.item_id)
    return SavedItem(
        item=CatalogItem.from_row(row),
        source_hints=[SourceHint(element_name=h.element_name, source_item_id=strawberry.ID(h.source_item_id),
                                 source_item_code=h.source_item_code, source_item_name=h.source_item_name,
                                 provider_code=h.provider_code) for h in saved.hints],
    )


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@strawberry.type
class LifecycleQuery:
    @strawberry.field(description="目录的历史版本，最新在前 (an item's previous versions, newest first)")
    async def item_history(self, info: Ctx, item_id: strawberry.ID) -> list[ItemVersion]:
        rows = await lifecycle.history(info.context, str(item_id))
        return [ItemVersion(version=r["version"], status=r["status"], saved_at=r.get("savedAt"), saved_by=r.get("savedBy"),
                            replaced_at=r["replacedAt"], replaced_by=r["replacedBy"], reason=r.get("reason") or "")
                for r in rows]

    @strawberry.field(description="比较两个版本 (compare two versions of an item)")
    async def item_diff(self, info: Ctx, item_id: strawberry.ID, from_version: int, to_version: int) -> list[FieldChange]:
        before = await lifecycle.version_snapshot(info.context, str(item_id), from_version)
        after = await lifecycle.version_snapshot(info.context, str(item_id), to_version)
        return [FieldChange(field=c.field, before=_json(c.before), after=_json(c.after)) for c in rules.diff(before, after)]


@strawberry.type
class LifecycleMutation:
    @strawberry.mutation(description="编制目录草稿 (compile a draft item, 第九条)")
    async def create_draft(self, info: Ctx, input: CatalogItemInput) -> SavedItem:
        return await _saved(info, await lifecycle.create_draft(info.context, _model(input)))

    @strawberry.mutation(description="修改目录；已发布目录的修改保留原版本并须说明原因 (edit an item; published edits keep history)")
    async def update_item(self, info: Ctx, id: strawberry.ID, expected_version: int, input: CatalogItemInput, reason: str = "") -> SavedItem:
        return await _saved(info, await lifecycle.update_item(info.context, str(id), expected_version, _model(input), reason))

    @strawberry.mutation(description="提交主管部门审核 (submit for review, 第十三条)")
    async def submit_item(self, info: Ctx, id: strawberry.ID, expected_version: int) -> CatalogItem:
        return CatalogItem.from_row(await lifecycle.submit(info.context, str(id), expected_version))

    @strawberry.mutation(description="主管部门审核：通过并赋目录编码，或退回并写明意见 (accept and code, or return, 第十三条)")
    async def review_item(self, info: Ctx, id: strawberry.ID, accept: bool, comment: str = "") -> CatalogItem:
        return CatalogItem.from_row(await lifecycle.review(info.context, str(id), accept, comment))
