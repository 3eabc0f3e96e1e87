"""GraphQL for compiling, reviewing, versioning and comparing catalog items (第九条 to 第十八条).

The input types are generated from the domain models, so a field and its validation are
declared once (server/domain/models.py).
"""

from __future__ import annotations

import json
from datetime import date

import strawberry
from pydantic import ValidationError
from strawberry.experimental.pydantic import input as pydantic_input

from server.api.types import CatalogItem, Ctx
from server.domain import lifecycle as rules
from server.domain.models import CatalogItem as CatalogItemModel
from server.domain.models import DataElement as DataElementModel
from server.domain.models import field_errors
from server.domain.instants import utc_iso
from server.domain.errors import FieldProblem, Invalid
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
    """Validates the whole item (第十一条); every problem is reported with its field."""
    try:
        return data.to_pydantic()
    except ValidationError as exc:
        raise Invalid([FieldProblem(e.field, e.message) for e in field_errors(exc)]) from exc


async def _saved(info: Ctx, saved: lifecycle.Saved) -> SavedItem:
    info.context.row_loaders.forget_item(saved.item_id)
    row = await info.context.row_loaders.items.load(saved.item_id)
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


@strawberry.type(description="撤销发布申请 (a withdrawal request, 第十九条)")
class WithdrawalRequest:
    id: strawberry.ID
    item_id: strawberry.ID
    item_name: str
    provider_code: str
    region_code: str
    reason: str
    status: str = strawberry.field(description="PENDING, APPROVED, REJECTED")
    requested_at: str
    requested_by: str
    decided_at: str | None
    comment: str | None
    reported_to_city_at: str | None = strawberry.field(description="县级撤销报市级备案时间 (county withdrawal reported to the city)")

    @classmethod
    def from_row(cls, row: dict) -> "WithdrawalRequest":
        return cls(
            id=row["id"], item_id=row["itemId"], item_name=row.get("itemName") or "", provider_code=row["providerCode"],
            region_code=row.get("regionCode") or "", reason=row["reason"], status=row["status"],
            requested_at=row["requestedAt"], requested_by=row["requestedBy"], decided_at=row.get("decidedAt"),
            comment=row.get("comment"), reported_to_city_at=row.get("reportedToCityAt"),
        )


@strawberry.type(description="受影响目录及是否已更新 (an affected item and whether it was updated since)")
class AffectedItem:
    id: strawberry.ID
    name: str
    provider_code: str
    updated: bool


@strawberry.type(description="法规修订或职能变化事件 (a change of law or duty, 第十二条)")
class ChangeEvent:
    id: strawberry.ID
    description: str
    published_on: str = strawberry.field(description="法规或职能变化公布日期 (published on)")
    due_on: str = strawberry.field(description="目录更新期限，15 个工作日 (catalog update due, 15 working days)")
    due_provisional: bool
    overdue: bool = strawberry.field(description="已超期且仍有目录未更新 (past due with items not updated)")
    items: list[AffectedItem]


@strawberry.type
class SupervisionQuery:
    @strawberry.field(description="撤销发布申请：待审、本部门的或县级报市备案的 (withdrawal requests)")
    async def withdrawal_requests(self, info: Ctx, status: str | None = None, own: bool = False,
                                  reported_to_city: bool | None = None) -> list[WithdrawalRequest]:
        rows = await lifecycle.withdrawals(info.context, status, own, reported_to_city)
        return [WithdrawalRequest.from_row(row) for row in rows]

    @strawberry.field(description="数据超过更新周期未更新的目录 (published items whose data is older than their cycle allows, 第十八条)")
    async def stale_items(self, info: Ctx, department_code: str | None = None) -> list[CatalogItem]:
        ids = await lifecycle.stale_item_ids(info.context, department_code)
        rows = await info.context.row_loaders.items.load_many(ids[: info.context.settings.max_page_size])
        return [CatalogItem.from_row(row) for row in rows if row]

    @strawberry.field(description="法规修订或职能变化及目录更新情况 (change events and whether items were updated, 第十二条)")
    async def change_events(self, info: Ctx, own: bool = False, overdue_only: bool = False) -> list[ChangeEvent]:
        events = []
        for row in await lifecycle.change_events(info.context, own):
            event = row["event"]
            pending = any(not item["updated"] for item in row["items"])
            overdue = pending and utc_iso(info.context.now) > event["dueAt"]
            if overdue_only and not overdue:
                continue
            events.append(ChangeEvent(
                id=event["id"], description=event["description"], published_on=event["publishedOn"],
                due_on=event["dueOn"], due_provisional=bool(event.get("dueProvisional")), overdue=overdue,
                items=[AffectedItem(id=i["id"], name=i["name"], provider_code=i["providerCode"], updated=bool(i["updated"]))
                       for i in row["items"]],
            ))
        return events


@strawberry.type
class SupervisionMutation:
    @strawberry.mutation(description="申请撤销已发布目录 (ask to withdraw a published item, 第十九条)")
    async def request_withdrawal(self, info: Ctx, item_id: strawberry.ID, reason: str) -> strawberry.ID:
        return strawberry.ID(await lifecycle.request_withdrawal(info.context, str(item_id), reason))

    @strawberry.mutation(description="主管部门审核撤销申请 (the authority decides a withdrawal)")
    async def decide_withdrawal(self, info: Ctx, id: strawberry.ID, approve: bool, comment: str = "") -> WithdrawalRequest:
        return WithdrawalRequest.from_row(await lifecycle.decide_withdrawal(info.context, str(id), approve, comment))

    @strawberry.mutation(description="登记数据已更新 (record that the data was updated, 第十八条)")
    async def record_data_update(self, info: Ctx, item_id: strawberry.ID) -> CatalogItem:
        return CatalogItem.from_row(await lifecycle.record_data_update(info.context, str(item_id)))

    @strawberry.mutation(description="登记法规修订或职能变化，受影响目录须在 15 个工作日内更新 (record a change of law or duty)")
    async def record_change_event(self, info: Ctx, item_ids: list[strawberry.ID], description: str, published_on: date) -> strawberry.ID:
        return strawberry.ID(await lifecycle.record_change_event(info.context, [str(i) for i in item_ids], description, published_on))
