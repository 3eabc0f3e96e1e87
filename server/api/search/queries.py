"""Search, the three browse columns (第二十七条) and 一数一源 lookups (第十五条). Thin: each
resolver turns its arguments into the service's terms and wraps the records it returns."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.core.enums import RegionLevel
from server.api.core.info import Ctx
from server.api.core.pagination import After, Connection, First, connection, page_window
from server.api.search.types import DatumHolder, SearchConnection, SearchFilter, SortOrder
from server.domain.records import search as records
from server.services import search as search_service

Text = Annotated[str, strawberry.argument(description="关键词，支持拼音、首字母、同义词；空即浏览 (keywords: pinyin, initials and synonyms work; empty browses)")]
Sort = Annotated[SortOrder, strawberry.argument(description="排序 (sort order)")]  # type: ignore[valid-type]


@strawberry.type
class SearchQuery:
    @strawberry.field(description="检索目录：关键词（支持拼音、首字母、同义词）与筛选，空关键词即浏览 (search the published catalog; empty text browses)")
    async def search(
        self,
        info: Ctx,
        text: Text = "",
        filter: Annotated[SearchFilter | None, strawberry.argument(description="筛选条件 (filters)")] = None,
        sort: Sort = records.SortOrder.RELEVANCE,
        first: First = 20,
        after: After = None,
    ) -> SearchConnection:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        filters = filter.filters() if filter else records.SearchFilters()
        return SearchConnection.of(await search_service.search_items(info.context, text, filters, sort, skip, limit))

    @strawberry.field(description="部门资源：某部门（默认含下属单位）发布的目录 (a department's items)")
    async def department_items(
        self,
        info: Ctx,
        department_code: Annotated[str, strawberry.argument(description="部门编码 (department code)")],
        include_subordinates: Annotated[bool, strawberry.argument(description="含下属单位 (include subordinate units)")] = True,
        text: Text = "",
        sort: Sort = records.SortOrder.RECENTLY_PUBLISHED,
        first: First = 20,
        after: After = None,
    ) -> SearchConnection:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        return SearchConnection.of(await search_service.department_items(
            info.context, department_code, include_subordinates, text, sort, skip, limit))

    @strawberry.field(description="政务主题：某主题及其子主题下的目录 (a theme subtree's items)")
    async def theme_items(
        self,
        info: Ctx,
        theme_code: Annotated[str, strawberry.argument(description="主题编码，含其子主题 (theme code, with its sub-themes)")],
        text: Text = "",
        sort: Sort = records.SortOrder.RECENTLY_PUBLISHED,
        first: First = 20,
        after: After = None,
    ) -> SearchConnection:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        return SearchConnection.of(await search_service.theme_items(info.context, theme_code, text, sort, skip, limit))

    @strawberry.field(description="省市级联：市级或县级（可指定区划）的目录 (city-level vs county-level items)")
    async def cascade_items(
        self,
        info: Ctx,
        level: Annotated[RegionLevel, strawberry.argument(description="层级 (cascade level)")],  # type: ignore[valid-type]
        region_code: Annotated[str | None, strawberry.argument(description="只看此行政区划 (only this region)")] = None,
        text: Text = "",
        sort: Sort = records.SortOrder.RECENTLY_PUBLISHED,
        first: First = 20,
        after: After = None,
    ) -> SearchConnection:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        return SearchConnection.of(await search_service.cascade_items(
            info.context, level, region_code, text, sort, skip, limit))

    @strawberry.field(description="一数一源：哪些目录含有某数据项（含同义名称），由谁提供，权威来源在前 (which items hold a datum, and who provides each; sources first)")
    async def where_datum_lives(
        self,
        info: Ctx,
        element_name: Annotated[str, strawberry.argument(description="数据项名称，同义名称一并查找 (element name; synonyms too)")],
        first: First = 20,
        after: After = None,
    ) -> Connection[DatumHolder]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, found = await search_service.where_datum_lives(info.context, element_name, skip, limit)
        return connection([DatumHolder.of(holder) for holder in found], total, skip)
