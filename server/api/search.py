"""GraphQL for search and the three browse columns (第二十七条), and 一数一源 lookups (第十五条)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import strawberry

from graph.store import Row
from server.api.core.pagination import Connection, PageInfo, encode_cursor, page_window
from server.api.types import (
    CatalogItem,
    Ctx,
    DataFormat,
    Department,
    OpenType,
    RegionLevel,
    ShareMode,
    ShareType,
    UpdateCycle,
)
from server.domain import search_text
from server.domain import values as v
from server.services import search as search_service
from server.services.reference import reference_names

SortOrder = strawberry.enum(search_service.SortOrder, description="排序 (sort order): 相关度、最新发布、最近更新、申请最多")


@strawberry.input(description="检索条件，各项之间为“且”，一项内为“或” (filters: AND across fields, OR within one)")
class SearchFilter:
    department_codes: list[str] | None = strawberry.field(default=None, description="提供部门 (providers)")
    region_codes: list[str] | None = strawberry.field(default=None, description="行政区划 (regions)")
    levels: list[RegionLevel] | None = strawberry.field(default=None, description="省市级联层级 (cascade levels)")
    theme_codes: list[str] | None = strawberry.field(default=None, description="主题，含子主题 (themes incl. sub-themes)")
    database_codes: list[str] | None = strawberry.field(default=None, description="基础库/主题库 (databases)")
    share_types: list[ShareType] | None = strawberry.field(default=None, description="共享属性 (share types)")
    open_types: list[OpenType] | None = strawberry.field(default=None, description="开放属性 (open types)")
    update_cycles: list[UpdateCycle] | None = strawberry.field(default=None, description="更新周期 (update cycles)")
    formats: list[DataFormat] | None = strawberry.field(default=None, description="数据格式 (formats)")
    share_modes: list[ShareMode] | None = strawberry.field(default=None, description="共享方式 (share modes)")

    def as_params(self) -> dict[str, list[str] | None]:
        def values(items: list | None) -> list[str] | None:
            return [item.value if isinstance(item, Enum) else str(item) for item in items] if items else None

        return {
            "providers": values(self.department_codes),
            "regions": values(self.region_codes),
            "levels": values(self.levels),
            "themes": values(self.theme_codes),
            "databases": values(self.database_codes),
            "shareTypes": values(self.share_types),
            "openTypes": values(self.open_types),
            "updateCycles": values(self.update_cycles),
            "formats": values(self.formats),
            "shareModes": values(self.share_modes),
        }


@strawberry.type(description="命中片段，匹配处以 <em> 标出 (highlighted matches, HTML-escaped)")
class Highlight:
    name: str
    summary: str
    elements: list[str] = strawberry.field(description="命中的数据项名称 (matching element names)")


@dataclass(frozen=True)
class Needles:
    """What a text must contain for `search_text.highlight` to mark anything in it.

    An item has dozens of element names and a match in few of them; highlighting them all was
    15 % of the server's CPU in a search. `highlight` marks a query token where it occurs in the
    normalised text (Han and latin tokens), and a pinyin token where it starts the full pinyin of
    a Han run from some character, or equals the initials of some characters of a run. Each
    needs the token as a substring of the normalised text, of a run's full pinyin or of a run's
    initials, so a name with none of them has nothing to mark and is skipped: same output.
    """

    tokens: tuple[str, ...]  # every token of the query
    pinyin: tuple[str, ...]  # the tokens that can match Han text by its pinyin or initials


def needles_of(groups: list[list[str]]) -> Needles:
    tokens = tuple(dict.fromkeys(token for group in groups for token in group if isinstance(token, str) and token))
    return Needles(tokens, tuple(token for token in tokens if len(token) >= 2 and token.isascii() and token.isalpha()))


def may_match(text: str, needles: Needles) -> bool:
    """False only when `search_text.highlight(text, groups)` would mark nothing (see Needles).
    Uses the same normalisation, Han runs and cached pinyin (`_segment`) as highlight does."""
    if not isinstance(text, str) or not text:
        return False
    normal = search_text.normalise(text[: search_text.MAX_INDEX_CHARS * 2])  # highlight's own cut
    if any(token in normal for token in needles.tokens):
        return True
    try:
        for run in search_text._HAN_RUN.findall(normal) if needles.pinyin else ():
            syllables = search_text._segment(run)[1]
            full, initials = "".join(syllables), "".join(s[:1] for s in syllables)
            if any(token in full or token in initials for token in needles.pinyin):
                return True
    except Exception:  # noqa: BLE001 — when unsure, let highlight decide (it never raises)
        return True
    return False


@strawberry.type(description="检索结果中的一条 (a search hit)")
class SearchEdge:
    cursor: str
    score: float = strawberry.field(description="相关度得分 (relevance score; 0 when browsing)")
    node: CatalogItem
    _groups: strawberry.Private[list[list[str]]]
    _needles: strawberry.Private[Needles]

    @strawberry.field(description="高亮 (highlights)")
    async def highlight(self, info: Ctx) -> Highlight:
        names = await info.context.row_loaders.element_names.load(str(self.node.id)) if self._groups else []
        marked = [search_text.highlight(name, self._groups) for name in names if may_match(name, self._needles)]
        return Highlight(
            name=search_text.highlight(self.node.name, self._groups),
            summary=search_text.highlight(self.node.summary, self._groups),
            elements=[text for text in marked if "<em>" in text],
        )


@strawberry.type(description="分面取值及计数 (a facet value with its count)")
class FacetValue:
    value: str
    label: str
    count: int


@strawberry.type(description="分面 (a facet over all matching items, not just this page)")
class Facet:
    name: str = strawberry.field(description="department, region, level, theme, database, shareType, openType, updateCycle, format, shareMode")
    label: str
    values: list[FacetValue]


@strawberry.type(description="检索结果 (search results with facets)")
class SearchConnection:
    total_count: int
    edges: list[SearchEdge]
    page_info: PageInfo
    facets: list[Facet]
    relaxed: bool = strawberry.field(description="没有同时包含全部词语的结果，已放宽为包含任一词语 (no item matched every word; showing items matching any)")


@strawberry.type(description="一数一源：某数据项所在的目录 (where a datum lives)")
class DatumHolder:
    element_name: str
    element_code: str
    is_source: bool = strawberry.field(description="是否权威来源 (is the authoritative source: copied by others, copies none)")
    copies: int = strawberry.field(description="以此为来源的数据项数 (elements that cite this one as source)")
    item: CatalogItem
    provider: Department
    source_item_id: strawberry.ID | None = strawberry.field(description="其权威来源目录 (the source this element is copied from)")


FACET_LABELS = {
    "department": "提供部门", "region": "行政区划", "level": "层级", "theme": "政务主题", "database": "基础库/主题库",
    "shareType": "共享属性", "openType": "开放属性", "updateCycle": "更新周期", "format": "数据格式", "shareMode": "共享方式",
}
ENUM_FACETS: dict[str, type[v.LabelledEnum]] = {
    "level": v.RegionLevel, "shareType": v.ShareType, "openType": v.OpenType,
    "updateCycle": v.UpdateCycle, "format": v.DataFormat, "shareMode": v.ShareMode,
}


async def _results(
    info: Ctx, text: str, params: dict, sort: search_service.SortOrder, first: int, after: str | None
) -> SearchConnection:
    skip, limit = page_window(first, after, info.context.settings.max_page_size)
    result = await search_service.search_items(info.context, text, params, sort, skip, limit)
    rows = await info.context.row_loaders.items.load_many([row["id"] for row in result.rows])
    needles = needles_of(result.groups)
    edges = [
        SearchEdge(cursor=encode_cursor(skip + index), score=float(hit["score"] or 0.0),
                   node=CatalogItem.from_row(row), _groups=result.groups, _needles=needles)
        for index, (hit, row) in enumerate(zip(result.rows, rows))
        if row is not None
    ]
    return SearchConnection(
        total_count=result.total,
        edges=edges,
        page_info=PageInfo(
            has_next_page=skip + len(result.rows) < result.total,
            has_previous_page=skip > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        facets=await _facets(info, result.facets),
        relaxed=result.relaxed,
    )


async def _facets(info: Ctx, counted: dict[str, list[tuple[str, int]]]) -> list[Facet]:
    names = await reference_names(info.context)
    department_rows = await info.context.row_loaders.departments.load_many([code for code, _ in counted["department"]])
    names["department"] = {row["code"]: row["name"] for row in department_rows if row}
    facets = []
    for facet, pairs in counted.items():
        if facet in ENUM_FACETS:
            enum = ENUM_FACETS[facet]
            labels = {member.value: member.label for member in enum}
        else:
            labels = names.get(facet, {})
        facets.append(Facet(
            name=facet,
            label=FACET_LABELS[facet],
            values=[FacetValue(value=value, label=labels.get(value, value), count=count) for value, count in pairs],
        ))
    return facets


@strawberry.type
class SearchQuery:
    @strawberry.field(description="检索目录：关键词（支持拼音、首字母、同义词）与筛选，空关键词即浏览 (search the published catalog; empty text browses)")
    async def search(
        self,
        info: Ctx,
        text: str = "",
        filter: SearchFilter | None = None,
        sort: SortOrder = search_service.SortOrder.RELEVANCE,
        first: int = 20,
        after: str | None = None,
    ) -> SearchConnection:
        params = filter.as_params() if filter else {}
        return await _results(info, text, params, sort, first, after)

    @strawberry.field(description="部门资源：某部门（默认含下属单位）发布的目录 (a department's items)")
    async def department_items(
        self,
        info: Ctx,
        department_code: str,
        include_subordinates: bool = True,
        text: str = "",
        sort: SortOrder = search_service.SortOrder.RECENTLY_PUBLISHED,
        first: int = 20,
        after: str | None = None,
    ) -> SearchConnection:
        codes = [department_code]
        if include_subordinates:
            row = await info.context.row_loaders.departments.load(department_code)
            codes += row["childCodes"] if row else []
        return await _results(info, text, {"providers": codes}, sort, first, after)

    @strawberry.field(description="政务主题：某主题及其子主题下的目录 (a theme subtree's items)")
    async def theme_items(
        self,
        info: Ctx,
        theme_code: str,
        text: str = "",
        sort: SortOrder = search_service.SortOrder.RECENTLY_PUBLISHED,
        first: int = 20,
        after: str | None = None,
    ) -> SearchConnection:
        return await _results(info, text, {"themes": [theme_code]}, sort, first, after)

    @strawberry.field(description="省市级联：市级或县级（可指定区划）的目录 (city-level vs county-level items)")
    async def cascade_items(
        self,
        info: Ctx,
        level: RegionLevel,
        region_code: str | None = None,
        text: str = "",
        sort: SortOrder = search_service.SortOrder.RECENTLY_PUBLISHED,
        first: int = 20,
        after: str | None = None,
    ) -> SearchConnection:
        params = {"levels": [level.value], "regions": [region_code] if region_code else None}
        return await _results(info, text, params, sort, first, after)

    @strawberry.field(description="一数一源：哪些目录含有某数据项（含同义名称），由谁提供 (which items hold a datum, and who provides each)")
    async def where_datum_lives(self, info: Ctx, element_name: str) -> list[DatumHolder]:
        rows = await search_service.where_datum_lives(info.context, element_name)
        items = await info.context.row_loaders.items.load_many([row["itemId"] for row in rows])
        providers = await info.context.row_loaders.departments.load_many([row["providerCode"] for row in rows])
        return [
            _holder(row, item, provider)
            for row, item, provider in zip(rows, items, providers)
            if item is not None and provider is not None
        ]


def _holder(row: Row, item: Row, provider: Row) -> DatumHolder:
    return DatumHolder(
        element_name=row["elementName"],
        element_code=row["elementCode"],
        is_source=row["sourceItemId"] is None and row["copies"] > 0,
        copies=row["copies"],
        item=CatalogItem.from_row(item),
        provider=Department.from_row(provider),
        source_item_id=row["sourceItemId"],
    )


__all__ = ["SearchQuery", "Connection"]
