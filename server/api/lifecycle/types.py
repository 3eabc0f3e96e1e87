"""GraphQL types of the catalog's lifecycle (第九条 to 第十九条): earlier versions and their
differences, 一数一源 hints, withdrawal requests, change events — each made from its record."""

from __future__ import annotations

import json
from datetime import date, datetime

import strawberry

from server.api.catalog.types import CatalogItem
from server.api.core.enums import ItemStatus, labelled_enum
from server.api.core.info import Ctx
from server.api.core.node import Node
from server.domain.lifecycle import FieldChange as FieldChangeRecord
from server.domain.records import lifecycle as records
from server.services import catalog, lifecycle

WithdrawalStatus = labelled_enum(records.WithdrawalStatus, description="撤销发布申请状态 (withdrawal request status, 第十九条)")


@strawberry.type(description="一数一源提示：该数据项已有权威来源，建议共享使用 (this datum has a recorded source, 第十五条)")
class SourceHint:
    element_name: str = strawberry.field(description="正在编制的数据项名称 (the element being described)")
    source_item_id: strawberry.ID = strawberry.field(description="权威来源目录 id (the source item's id)")
    source_item_code: str | None = strawberry.field(description="权威来源目录编码 (the source item's catalog code)")
    source_item_name: str = strawberry.field(description="权威来源目录名称 (the source item's name)")
    provider_code: str = strawberry.field(description="权威来源提供部门编码 (the source's provider)")

    @classmethod
    def of(cls, record: records.SourceHintRecord) -> "SourceHint":
        return cls(element_name=record.element_name, source_item_id=strawberry.ID(record.source_item_id),
                   source_item_code=record.source_item_code, source_item_name=record.source_item_name,
                   provider_code=record.provider_code)


@strawberry.type(description="目录的一个历史版本 (an earlier version of an item, 第十三条)")
class ItemVersion(Node):
    id: strawberry.ID = strawberry.field(description="全局唯一 id：目录 id@版本号 (globally unique id: item id@version)")
    item_id: strawberry.ID = strawberry.field(description="目录 id (the item's id)")
    version: int = strawberry.field(description="版本号 (version number)")
    status: ItemStatus = strawberry.field(description="该版本当时的状态 (the item's status in that version)")
    saved_at: datetime | None = strawberry.field(description="该版本保存时间 (when that version was saved)")
    saved_by: str | None = strawberry.field(description="该版本保存人 (who saved that version)")
    replaced_at: datetime = strawberry.field(description="被新版本替换的时间 (when a newer version replaced it)")
    replaced_by: str = strawberry.field(description="替换人 (who replaced it)")
    reason: str = strawberry.field(description="修改原因 (why it was changed)")

    @classmethod
    def of(cls, record: records.ItemVersionRecord) -> "ItemVersion":
        return cls(id=strawberry.ID(record.id), item_id=strawberry.ID(record.item_id), version=record.version,
                   status=record.status, saved_at=record.saved_at, saved_by=record.saved_by,
                   replaced_at=record.replaced_at, replaced_by=record.replaced_by, reason=record.reason)


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@strawberry.type(description="两个版本间的一处字段差异 (a field that differs between two versions)")
class FieldChange:
    field: str = strawberry.field(description="字段名，数据项为 elements[编码] (field name; elements[CODE] for an element)")
    before: str | None = strawberry.field(description="原值，JSON (the value before, as JSON)")
    after: str | None = strawberry.field(description="新值，JSON (the value after, as JSON)")

    @classmethod
    def of(cls, change: FieldChangeRecord) -> "FieldChange":
        return cls(field=change.field, before=_json(change.before), after=_json(change.after))


RevisionStatus = labelled_enum(records.RevisionStatus, description="已发布目录修改的状态 (status of an edit of a published item, 第十三条)")


@strawberry.type(description="已发布目录的修改：主管部门审核通过后成为新版本，此前原版本继续有效（第十三条）"
                             "(an edit of a published item: the published version stays in force until the city authority accepts it)")
class ItemRevision:
    id: strawberry.ID = strawberry.field(description="修改 id (revision id)")
    item_id: strawberry.ID = strawberry.field(description="目录 id (the item's id)")
    base_version: int = strawberry.field(description="所修改的已发布版本 (the published version it edits)")
    status: RevisionStatus = strawberry.field(description="状态 (status)")
    reason: str = strawberry.field(description="修改原因 (why the item changes)")
    submitted_at: datetime = strawberry.field(description="提交时间 (proposed at)")
    submitted_by: str = strawberry.field(description="提交人 (who proposed it)")
    reviewed_at: datetime | None = strawberry.field(description="审核时间 (reviewed at)")
    reviewed_by: str | None = strawberry.field(description="审核人 (who reviewed it)")
    review_comment: str | None = strawberry.field(description="审核意见 (the authority's comment)")
    record: strawberry.Private[records.RevisionRecord]

    @classmethod
    def of(cls, record: records.RevisionRecord) -> "ItemRevision":
        return cls(id=strawberry.ID(record.id), item_id=strawberry.ID(record.item_id), base_version=record.base_version,
                   status=record.status, reason=record.reason, submitted_at=record.submitted_at,
                   submitted_by=record.submitted_by, reviewed_at=record.reviewed_at, reviewed_by=record.reviewed_by,
                   review_comment=record.review_comment, record=record)

    @strawberry.field(description="与现行版本相比的字段差异 (what it changes against the version in force, field by field)")
    async def changes(self, info: Ctx) -> list[FieldChange]:
        return [FieldChange.of(change) for change in await lifecycle.revision_changes(info.context, self.record)]


@strawberry.type(description="撤销发布申请 (a request to withdraw a published item, 第十九条)")
class WithdrawalRequest(Node):
    id: strawberry.ID = strawberry.field(description="全局唯一 id (globally unique id)")
    item_id: strawberry.ID = strawberry.field(description="申请撤销的目录 id (the item's id)")
    item_name: str = strawberry.field(description="目录名称 (the item's name)")
    provider_code: str = strawberry.field(description="提供部门编码 (provider code)")
    region_code: str = strawberry.field(description="提供部门所属行政区划 (the provider's region)")
    reason: str = strawberry.field(description="撤销原因 (why the item is to be withdrawn)")
    status: WithdrawalStatus = strawberry.field(description="状态 (status)")
    requested_at: datetime = strawberry.field(description="申请时间 (requested at)")
    requested_by: str = strawberry.field(description="申请人 (requested by)")
    decided_at: datetime | None = strawberry.field(description="审核时间 (decided at)")
    decided_by: str | None = strawberry.field(description="审核人 (decided by)")
    comment: str | None = strawberry.field(description="审核意见 (the authority's comment)")
    reported_to_city_at: datetime | None = strawberry.field(
        description="县级撤销报市级备案时间 (when a county withdrawal was reported to the city)")

    @classmethod
    def of(cls, record: records.WithdrawalRecord) -> "WithdrawalRequest":
        return cls(
            id=strawberry.ID(record.id), item_id=strawberry.ID(record.item_id), item_name=record.item_name,
            provider_code=record.provider_code, region_code=record.region_code, reason=record.reason,
            status=record.status, requested_at=record.requested_at, requested_by=record.requested_by,
            decided_at=record.decided_at, decided_by=record.decided_by, comment=record.comment,
            reported_to_city_at=record.reported_to_city_at,
        )

    @strawberry.field(description="申请撤销的目录；无权查看时为空 (the item; null when not visible to the caller)")
    async def item(self, info: Ctx) -> CatalogItem | None:
        record = await catalog.visible_item(info.context, str(self.item_id))
        return CatalogItem.of(record) if record else None


@strawberry.type(description="受影响的目录及是否已更新 (an affected item and whether its entry was updated since)")
class AffectedItem:
    item_id: strawberry.ID = strawberry.field(description="目录 id (the item's id)")
    name: str = strawberry.field(description="目录名称 (the item's name)")
    provider_code: str = strawberry.field(description="提供部门编码 (provider code)")
    updated: bool = strawberry.field(description="事件登记后目录是否已更新 (updated since the event was recorded)")

    @strawberry.field(description="目录；无权查看时为空 (the item; null when not visible to the caller)")
    async def item(self, info: Ctx) -> CatalogItem | None:
        record = await catalog.visible_item(info.context, str(self.item_id))
        return CatalogItem.of(record) if record else None


@strawberry.type(description="法规修订或职能变化事件 (a change of law or duty, 第十二条)")
class ChangeEvent(Node):
    id: strawberry.ID = strawberry.field(description="全局唯一 id (globally unique id)")
    description: str = strawberry.field(description="修订的法规或变化的职能 (what changed)")
    published_on: date = strawberry.field(description="法规或职能变化公布日期 (published on)")
    due_on: date = strawberry.field(description="目录更新期限：公布后若干工作日（第十二条，规则参数 catalog.change_event_working_days）(catalog update due: rules.toml catalog.change_event_working_days)")
    due_at: datetime = strawberry.field(description="更新期限截止时刻 (the instant the update is due)")
    due_provisional: bool = strawberry.field(
        description="期限按尚未公布的节假日安排推算，可能调整 (due date counted on a calendar not yet official)")
    overdue: bool = strawberry.field(description="已超期且仍有目录未更新 (past due with items not updated)")
    created_at: datetime | None = strawberry.field(description="登记时间 (recorded at)")
    created_by: str | None = strawberry.field(description="登记人 (recorded by)")
    items: list[AffectedItem] = strawberry.field(description="受影响的目录（仅调用者可见的）(the affected items the caller may see)")

    @classmethod
    def of(cls, record: records.ChangeEventRecord, now: datetime) -> "ChangeEvent":
        return cls(
            id=strawberry.ID(record.id), description=record.description, published_on=record.published_on,
            due_on=record.due_on, due_at=record.due_at, due_provisional=record.due_provisional,
            overdue=record.overdue(now), created_at=record.created_at, created_by=record.created_by,
            items=[AffectedItem(item_id=strawberry.ID(i.id), name=i.name, provider_code=i.provider_code,
                                updated=i.updated) for i in record.items],
        )
