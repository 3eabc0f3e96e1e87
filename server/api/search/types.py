"""GraphQL types of search and browse (第二十七条) and of 一数一源 (第十五条)."""

from __future__ import annotations

import strawberry

from server.api.catalog.types import CatalogItem, Department
from server.api.core.enums import (
    DataFormat,
    OpenType,
    RegionLevel,
    ShareMode,
    ShareType,
    UpdateCycle,
    labelled_enum,
)
from server.api.core.info import Ctx
from server.api.core.pagination import PageInfo, encode_cursor
from server.api.search.highlight import Needles, marked_elements, needles_of
from server.domain import search_text
from server.domain.records import search as records
from server.services import catalog
from server.services.search import DatumHolder as DatumHolderResult
from server.services.search import SearchResult

SortOrder = labelled_enum(records.SortOrder)
SearchFacet = labelled_enum(records.SearchFacet)


def _tuple(values: list | None) -> tuple | None:
    return tuple(values) if values else None


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

    def filters(self) -> records.SearchFilters:
        return records.SearchFilters(
            providers=_tuple(self.department_codes), regions=_tuple(self.region_codes), levels=_tuple(self.levels),
            themes=_tuple(self.theme_codes), databases=_tuple(self.database_codes),
            share_types=_tuple(self.share_types), open_types=_tuple(self.open_types),
            update_cycles=_tuple(self.update_cycles), formats=_tuple(self.formats), share_modes=_tuple(self.share_modes),
        )


@strawberry.type(description="命中片段，匹配处以 <em> 标出 (highlighted matches, HTML-escaped)")
class Highlight:
    name: str = strawberry.field(description="数据资源名称 (name)")
    summary: str = strawberry.field(description="摘要 (summary)")
    elements: list[str] = strawberry.field(description="命中的数据项名称 (matching element names)")


@strawberry.type(description="检索结果中的一条 (a search hit)")
class SearchEdge:
    cursor: str = strawberry.field(description="分页游标 (cursor)")
    score: float = strawberry.field(description="相关度得分 (relevance score; 0 when browsing)")
    node: CatalogItem = strawberry.field(description="目录 (the item)")
    _groups: strawberry.Private[list[list[str]]]
    _needles: strawberry.Private[Needles]

    @strawberry.field(description="高亮 (highlights)")
    async def highlight(self, info: Ctx) -> Highlight:
        names = await catalog.element_names(info.context, str(self.node.id)) if self._groups else []
        return Highlight(
            name=search_text.highlight(self.node.name, self._groups),
            summary=search_text.highlight(self.node.summary, self._groups),
            elements=marked_elements(names, self._groups, self._needles),
        )


@strawberry.type(description="分面取值及计数 (a facet value with its count)")
class FacetValue:
    value: str = strawberry.field(description="取值：编码或枚举值 (the value: a code or an enum value)")
    label: str = strawberry.field(description="中文名称 (Chinese label)")
    count: int = strawberry.field(description="命中目录数 (matching items)")


@strawberry.type(description="分面 (a facet over all matching items, not just this page)")
class Facet:
    name: SearchFacet = strawberry.field(description="分面 (which facet)")  # type: ignore[valid-type]
    label: str = strawberry.field(description="中文名称 (Chinese label)")
    values: list[FacetValue] = strawberry.field(description="取值，最多的在前 (values, most frequent first)")


@strawberry.type(description="检索结果 (search results with facets)")
class SearchConnection:
    total_count: int = strawberry.field(description="命中总数 (total number of matching items)")
    edges: list[SearchEdge] = strawberry.field(description="本页命中 (this page's hits)")
    page_info: PageInfo = strawberry.field(description="分页信息 (page info)")
    facets: list[Facet] = strawberry.field(description="分面计数，覆盖全部命中 (facet counts over every match)")
    relaxed: bool = strawberry.field(description="没有同时包含全部词语的结果，已放宽为包含任一词语 (no item matched every word; showing items matching any)")

    @classmethod
    def of(cls, result: SearchResult) -> "SearchConnection":
        needles = needles_of(result.groups)
        edges = [
            SearchEdge(cursor=encode_cursor(hit.offset), score=hit.score, node=CatalogItem.of(hit.item),
                       _groups=result.groups, _needles=needles)
            for hit in result.hits
        ]
        return cls(
            total_count=result.total,
            edges=edges,
            page_info=PageInfo(
                has_next_page=result.skip + len(edges) < result.total,
                has_previous_page=result.skip > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            facets=[
                Facet(name=facet, label=facet.label,
                      values=[FacetValue(value=count.value, label=count.label, count=count.count) for count in counts])
                for facet, counts in result.facets.items()
            ],
            relaxed=result.relaxed,
        )


@strawberry.type(description="一数一源：某数据项所在的目录 (where a datum lives)")
class DatumHolder:
    element_name: str = strawberry.field(description="数据项名称 (element name)")
    element_code: str = strawberry.field(description="数据项编码 (element code)")
    is_source: bool = strawberry.field(description="是否权威来源 (is the authoritative source: copied by others, copies none)")
    copies: int = strawberry.field(description="以此为来源的数据项数 (elements that cite this one as source)")
    item: CatalogItem = strawberry.field(description="所在目录 (the item holding it)")
    provider: Department = strawberry.field(description="提供部门 (the item's provider)")
    source_item_id: strawberry.ID | None = strawberry.field(description="其权威来源目录 (the source this element is copied from)")

    @classmethod
    def of(cls, found: DatumHolderResult) -> "DatumHolder":
        holder = found.holder
        return cls(
            element_name=holder.element_name, element_code=holder.element_code, is_source=holder.is_source,
            copies=holder.copies, item=CatalogItem.of(found.item), provider=Department.of(found.provider),
            source_item_id=strawberry.ID(holder.source_item_id) if holder.source_item_id else None,
        )
