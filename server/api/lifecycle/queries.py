"""Lifecycle and supervision queries: an item's history and differences (第十三条), withdrawal
requests (第十九条), stale items (第十八条), change events (第十二条). Thin: each resolver asks a
service and wraps its records."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.catalog.types import CatalogItem
from server.api.core.info import Ctx
from server.api.core.pagination import After, Connection, First, connection, page_window
from server.api.lifecycle.types import (
    ChangeEvent, FieldChange, ItemRevision, ItemVersion, WithdrawalRequest, WithdrawalStatus,
)
from server.services import catalog, lifecycle

ItemId = Annotated[strawberry.ID, strawberry.argument(description="目录 id (item id)")]


@strawberry.type
class LifecycleQuery:
    @strawberry.field(description="目录的历史版本，最新在前；目录不存在或无权查看时为空 "
                                  "(an item's earlier versions, newest first; null when the item is missing or not visible)")
    async def item_history(self, info: Ctx, item_id: ItemId) -> list[ItemVersion] | None:
        versions = await lifecycle.history(info.context, str(item_id))
        return None if versions is None else [ItemVersion.of(version) for version in versions]

    @strawberry.field(description="目录待审核的修改；没有或无权查看时为空（第十三条）"
                                  "(the item's edit awaiting review; null when none or not visible)")
    async def pending_revision(self, info: Ctx, item_id: ItemId) -> ItemRevision | None:
        item = await catalog.visible_item(info.context, str(item_id))
        record = await lifecycle.pending_revision(info.context, item) if item else None
        return ItemRevision.of(record) if record else None

    @strawberry.field(description="待主管部门审核的已发布目录修改，最早在前（第十三条）"
                                  "(edits of published items awaiting the city authority, oldest first)")
    async def pending_revisions(self, info: Ctx, first: First = 20, after: After = None) -> Connection[ItemRevision]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, records = await lifecycle.pending_revisions(info.context, skip, limit)
        return connection([ItemRevision.of(record) for record in records], total, skip)

    @strawberry.field(description="比较目录的两个版本；目录不存在或无权查看时为空 "
                                  "(compare two versions of an item; null when the item is missing or not visible)")
    async def item_diff(
        self, info: Ctx, item_id: ItemId,
        from_version: Annotated[int, strawberry.argument(description="原版本号 (the earlier version)")],
        to_version: Annotated[int, strawberry.argument(description="新版本号 (the later version)")],
    ) -> list[FieldChange] | None:
        changes = await lifecycle.diff(info.context, str(item_id), from_version, to_version)
        return None if changes is None else [FieldChange.of(change) for change in changes]


@strawberry.type
class SupervisionQuery:
    @strawberry.field(description="撤销发布申请，最新在前：本部门的、管辖范围内的或县级报市备案的 "
                                  "(withdrawal requests the caller may see, newest first, 第十九条)")
    async def withdrawal_requests(
        self, info: Ctx,
        status: Annotated[WithdrawalStatus | None, strawberry.argument(description="只列此状态 (only this status)")] = None,
        own: Annotated[bool, strawberry.argument(description="只列本部门及下属单位的 (only the caller's departments)")] = False,
        reported_to_city: Annotated[bool | None, strawberry.argument(
            description="true：只列县级报市备案的；false：只列未报备的 (true: only county withdrawals reported to the city)")] = None,
        first: First = 20, after: After = None,
    ) -> Connection[WithdrawalRequest]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, records = await lifecycle.withdrawals(info.context, status, own, reported_to_city, skip, limit)
        return connection([WithdrawalRequest.of(record) for record in records], total, skip)

    @strawberry.field(description="数据超过更新周期未更新的已发布目录，最久未更新在前 "
                                  "(published items whose data is older than their cycle allows, longest first, 第十八条)")
    async def stale_items(
        self, info: Ctx,
        department_code: Annotated[str | None, strawberry.argument(description="只列此部门的 (only this department's)")] = None,
        first: First = 20, after: After = None,
    ) -> Connection[CatalogItem]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, records = await lifecycle.stale_items(info.context, department_code, skip, limit)
        return connection([CatalogItem.of(record) for record in records], total, skip)

    @strawberry.field(description="法规修订或职能变化及目录更新情况，期限最近在前 "
                                  "(change events and whether the items were updated, soonest due first, 第十二条)")
    async def change_events(
        self, info: Ctx,
        own: Annotated[bool, strawberry.argument(description="只列本部门及下属单位的 (only the caller's departments)")] = False,
        overdue_only: Annotated[bool, strawberry.argument(description="只列已超期的 (only those past due)")] = False,
        first: First = 20, after: After = None,
    ) -> Connection[ChangeEvent]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, records = await lifecycle.change_events(info.context, own, overdue_only, skip, limit)
        return connection([ChangeEvent.of(record, info.context.now) for record in records], total, skip)
