"""Catalog and reference queries: who is calling, one item, the department tree, themes, regions,
databases and the value lists. Thin: each resolver asks a service and wraps its records."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.catalog.types import CatalogItem, Database, Department, Me, Region, Theme, ValueList
from server.api.core.info import Ctx
from server.api.core.pagination import After, Connection, First, connection, page_window
from server.domain.errors import Invalid
from server.domain.values import ALL_VALUE_LISTS
from server.services import catalog, reference



@strawberry.type
class CatalogQuery:
    @strawberry.field(description="当前调用者 (who is calling)")
    def me(self, info: Ctx) -> Me:
        return Me.of(info.context.principal)

    @strawberry.field(description="按 id 或目录编码取一条目录；不存在或无权查看时为空 (one catalog item by id or catalog code; null when missing or not visible)")
    async def catalog_item(
        self,
        info: Ctx,
        id: Annotated[strawberry.ID | None, strawberry.argument(description="目录 id (item id)")] = None,
        code: Annotated[str | None, strawberry.argument(description="目录编码 (catalog code, 第十三条)")] = None,
    ) -> CatalogItem | None:
        if id:
            record = await catalog.visible_item(info.context, str(id))
        elif code:
            record = await catalog.visible_item_by_code(info.context, code)
        else:
            raise Invalid.of("id", "请提供 id 或 code 之一 (give id or code)")
        return CatalogItem.of(record) if record else None

    @strawberry.field(description="部门树：顶级部门分页，含下属单位与目录数 (department tree with item counts)")
    async def departments(
        self,
        info: Ctx,
        region_code: Annotated[str | None, strawberry.argument(description="只列此行政区划的部门 (only this region's departments)")] = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[Department]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, records = await reference.department_page(info.context, region_code, skip, limit)
        return connection([Department.of(record) for record in records], total, skip)

    @strawberry.field(description="按编码取部门；不存在时为空 (one department by code; null when there is none)")
    async def department(
        self, info: Ctx, code: Annotated[str, strawberry.argument(description="部门编码 (department code)")]
    ) -> Department | None:
        record = await reference.visible_department(info.context, code)
        return Department.of(record) if record else None

    @strawberry.field(description="主题树 (theme tree, roots with their sub-themes)")
    async def themes(self, info: Ctx) -> list[Theme]:
        return [Theme.of(record) for record in await reference.theme_tree(info.context)]

    @strawberry.field(description="行政区划：市、县（市、区）、开发区 (regions)")
    async def regions(self, info: Ctx) -> list[Region]:
        return [Region.of(record) for record in await reference.regions(info.context)]

    @strawberry.field(description="基础库与主题库 (basic and thematic databases, 第十四条)")
    async def databases(self, info: Ctx) -> list[Database]:
        return [Database.of(record) for record in await reference.databases(info.context)]

    @strawberry.field(description="值列表及中文名称 (value lists with Chinese labels)")
    def value_lists(self) -> list[ValueList]:
        return [ValueList.of(enum) for enum in ALL_VALUE_LISTS]
