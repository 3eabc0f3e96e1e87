"""Read models of search and browse (第二十七条) and of 一数一源 (第十五条): the filters a clerk
sets, the order asked, a page of hits with its facet counts, and where a datum lives."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.domain.values import (
    DataFormat,
    LabelledEnum,
    OpenType,
    RegionLevel,
    ShareMode,
    ShareType,
    UpdateCycle,
)


class SortOrder(LabelledEnum):
    """排序 (sort order of a search or a browse column)."""

    RELEVANCE = ("RELEVANCE", "相关度")
    RECENTLY_PUBLISHED = ("RECENTLY_PUBLISHED", "最新发布")
    RECENTLY_UPDATED = ("RECENTLY_UPDATED", "最近更新")
    MOST_REQUESTED = ("MOST_REQUESTED", "申请最多")


class SearchFacet(LabelledEnum):
    """分面 (a facet the results are counted by)."""

    DEPARTMENT = ("DEPARTMENT", "提供部门")
    REGION = ("REGION", "行政区划")
    LEVEL = ("LEVEL", "层级")
    THEME = ("THEME", "政务主题")
    DATABASE = ("DATABASE", "基础库/主题库")
    SHARE_TYPE = ("SHARE_TYPE", "共享属性")
    OPEN_TYPE = ("OPEN_TYPE", "开放属性")
    UPDATE_CYCLE = ("UPDATE_CYCLE", "更新周期")
    FORMAT = ("FORMAT", "数据格式")
    SHARE_MODE = ("SHARE_MODE", "共享方式")


# The facets whose values are members of a value list (their labels are the members' labels).
ENUM_FACETS: dict[SearchFacet, type[LabelledEnum]] = {
    SearchFacet.LEVEL: RegionLevel,
    SearchFacet.SHARE_TYPE: ShareType,
    SearchFacet.OPEN_TYPE: OpenType,
    SearchFacet.UPDATE_CYCLE: UpdateCycle,
    SearchFacet.FORMAT: DataFormat,
    SearchFacet.SHARE_MODE: ShareMode,
}


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """AND across fields, OR within one; None (or empty) leaves a field unfiltered. A theme
    means the theme with its whole subtree once the service has expanded it."""

    providers: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    levels: tuple[RegionLevel, ...] | None = None
    themes: tuple[str, ...] | None = None
    databases: tuple[str, ...] | None = None
    share_types: tuple[ShareType, ...] | None = None
    open_types: tuple[OpenType, ...] | None = None
    update_cycles: tuple[UpdateCycle, ...] | None = None
    formats: tuple[DataFormat, ...] | None = None
    share_modes: tuple[ShareMode, ...] | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One item of a page, in the page's order; score 0 when browsing."""

    item_id: str
    score: float


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int
    label: str = ""  # filled by the service (names of departments, regions, themes, databases)


@dataclass(frozen=True, slots=True)
class MatchPage:
    """What the engine answers for one search or browse: the page and the exact counts over
    every match (no cap)."""

    total: int
    hits: tuple[SearchHit, ...]
    facets: dict[SearchFacet, list[FacetCount]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DatumHolderRecord:
    """一数一源 (第十五条): a published item holding an element of the asked name (or a synonym)."""

    item_id: str
    provider_code: str
    element_name: str
    element_code: str
    source_item_id: str | None  # the item this element is copied from
    copies: int  # elements that cite this one as their source

    @property
    def is_source(self) -> bool:
        """The authoritative source: copied by others, copies none."""
        return self.source_item_id is None and self.copies > 0
