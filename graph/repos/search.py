"""Search and browse (第二十七条) and 一数一源 (第十五条): graph/cypher/*/search/.

Every search is a pair of statements run concurrently: `…_page` returns the page's item ids in
the order asked, `…_facets` the exact total and facet counts over every match (no cap). Only
those rows cross the wire; the engine does the matching, ordering and counting.

- Text goes through the engine's full-text index (`items_page`, `items_facets`, one file per
  engine). The query is tokenised in Python (server/domain/search_text.py) exactly as at write
  time and written in the engine's own syntax here (`engine_query`, graph/search_syntax.py), so
  user input never reaches the engine.
- Browsing without text starts from the narrowest filter given (`browse_start`): the providing
  departments for a department, or a region or level below the city (`browse_by_department_*`),
  the theme subtree's IN_THEME links for a theme (`browse_by_theme_*`), and every published item
  otherwise (`browse_*`). The start only narrows where the engine looks: all browse statements
  apply the same filter chain, so they return the same rows and counts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

from graph import search_syntax
from graph.repos._values import strings
from graph.store import GraphStore, Row
from server.domain.records.search import (
    DatumHolderRecord,
    FacetCount,
    MatchPage,
    SearchFacet,
    SearchFilters,
    SearchHit,
    SortOrder,
)
from server.domain.values import RegionLevel

# The facet column of `…_facets` rows → the facet.
_FACETS = {
    "department": SearchFacet.DEPARTMENT, "region": SearchFacet.REGION, "level": SearchFacet.LEVEL,
    "theme": SearchFacet.THEME, "database": SearchFacet.DATABASE, "shareType": SearchFacet.SHARE_TYPE,
    "openType": SearchFacet.OPEN_TYPE, "updateCycle": SearchFacet.UPDATE_CYCLE, "format": SearchFacet.FORMAT,
    "shareMode": SearchFacet.SHARE_MODE,
}


def _filter_params(filters: SearchFilters) -> dict[str, list[str] | None]:
    """The filter chain's parameters: every statement of a pair takes all ten."""
    def values(given: tuple | None) -> list[str] | None:
        return [item.value if isinstance(item, Enum) else str(item) for item in given] if given else None

    return {
        "providers": values(filters.providers), "regions": values(filters.regions),
        "levels": values(filters.levels), "themes": values(filters.themes),
        "databases": values(filters.databases), "shareTypes": values(filters.share_types),
        "openTypes": values(filters.open_types), "updateCycles": values(filters.update_cycles),
        "formats": values(filters.formats), "shareModes": values(filters.share_modes),
    }


def _window(order: SortOrder, skip: int, limit: int) -> dict[str, Any]:
    return {"sort": order.value, "skip": skip, "limit": limit}


def _hits(rows: list[Row]) -> list[SearchHit]:
    return [SearchHit(item_id=row["id"], score=float(row["score"] or 0.0)) for row in rows]


def _counts(rows: list[Row]) -> tuple[int, dict[SearchFacet, list[FacetCount]]]:
    """Facet rows (facet, value, count) → the total and {facet: counts}, most frequent first."""
    facets: dict[SearchFacet, list[FacetCount]] = {facet: [] for facet in SearchFacet}
    total = 0
    for row in rows:
        if row["facet"] == "total":
            total = int(row["count"])
        else:
            facets[_FACETS[row["facet"]]].append(FacetCount(value=str(row["value"]), count=int(row["count"])))
    for counts in facets.values():
        counts.sort(key=lambda c: (-c.count, c.value))
    return total, facets


# ---- one function per statement ----------------------------------------------------------------

async def browse_page(store: GraphStore, filters: SearchFilters, order: SortOrder, skip: int, limit: int) -> list[SearchHit]:
    return _hits(await store.read("search/browse_page", **_window(order, skip, limit), **_filter_params(filters)))


async def browse_facets(store: GraphStore, filters: SearchFilters) -> tuple[int, dict[SearchFacet, list[FacetCount]]]:
    return _counts(await store.read("search/browse_facets", **_filter_params(filters)))


async def browse_by_department_page(store: GraphStore, filters: SearchFilters, order: SortOrder, skip: int,
                                    limit: int) -> list[SearchHit]:
    return _hits(await store.read("search/browse_by_department_page", **_window(order, skip, limit),
                                  **_filter_params(filters)))


async def browse_by_department_facets(store: GraphStore, filters: SearchFilters) -> tuple[int, dict[SearchFacet, list[FacetCount]]]:
    return _counts(await store.read("search/browse_by_department_facets", **_filter_params(filters)))


async def browse_by_theme_page(store: GraphStore, filters: SearchFilters, order: SortOrder, skip: int,
                               limit: int) -> list[SearchHit]:
    return _hits(await store.read("search/browse_by_theme_page", **_window(order, skip, limit), **_filter_params(filters)))


async def browse_by_theme_facets(store: GraphStore, filters: SearchFilters) -> tuple[int, dict[SearchFacet, list[FacetCount]]]:
    return _counts(await store.read("search/browse_by_theme_facets", **_filter_params(filters)))


async def items_page(store: GraphStore, query: str, filters: SearchFilters, order: SortOrder, skip: int,
                     limit: int) -> list[SearchHit]:
    """`query` is in the engine's full-text syntax (`engine_query`)."""
    return _hits(await store.read("search/items_page", q=query, **_window(order, skip, limit), **_filter_params(filters)))


async def items_facets(store: GraphStore, query: str, filters: SearchFilters) -> tuple[int, dict[SearchFacet, list[FacetCount]]]:
    return _counts(await store.read("search/items_facets", q=query, **_filter_params(filters)))


async def items_holding_elements(store: GraphStore, names: list[str]) -> list[DatumHolderRecord]:
    """Published items holding an element of one of `names`, sources (most copied) first."""
    rows = await store.read("search/items_holding_elements", names=list(strings(names)))
    return [
        DatumHolderRecord(item_id=row["itemId"], provider_code=row["providerCode"], element_name=row["elementName"],
                          element_code=row["elementCode"], source_item_id=row["sourceItemId"], copies=int(row["copies"]))
        for row in rows
    ]


# ---- the pairs --------------------------------------------------------------------------------

Page = Callable[[GraphStore, SearchFilters, SortOrder, int, int], Awaitable[list[SearchHit]]]
Facets = Callable[[GraphStore, SearchFilters], Awaitable[tuple[int, dict[SearchFacet, list[FacetCount]]]]]


class BrowseStart(Enum):
    """Where a browse starts reading: every published item, the providing departments' PROVIDES
    links, or the theme subtree's IN_THEME links."""

    ALL = "all"
    BY_DEPARTMENT = "by_department"
    BY_THEME = "by_theme"


BROWSE: dict[BrowseStart, tuple[Page, Facets]] = {
    BrowseStart.ALL: (browse_page, browse_facets),
    BrowseStart.BY_DEPARTMENT: (browse_by_department_page, browse_by_department_facets),
    BrowseStart.BY_THEME: (browse_by_theme_page, browse_by_theme_facets),
}


def browse_start(filters: SearchFilters) -> BrowseStart:
    """The start that reads least for these filters, so the engine reads a department's or a
    theme's items instead of every item. A department provides a small share of the catalog and
    a theme subtree a larger one; a cascade level narrows only below the city (see
    `_below_the_city`). Engine time at 20,000 items, page + facets: a department 18 → 6 ms, a
    theme 44 → 13 ms, the county level 30 → 20 ms, one county 30 → 8 ms."""
    if filters.providers:
        return BrowseStart.BY_DEPARTMENT
    if filters.themes:
        return BrowseStart.BY_THEME
    if _below_the_city(filters):
        return BrowseStart.BY_DEPARTMENT
    return BrowseStart.ALL


def _below_the_city(filters: SearchFilters) -> bool:
    """Whether a region or level filter leaves a fraction of a city's catalog. Counties, districts
    and zones provide a fraction (18 % and 2 % of 20,000 generated items); the city's own
    departments provide most of it (80 %), and for those, following PROVIDES from each department
    costs more than reading every item (page 18 → 24 ms). A region code alone is usually a county's."""
    if filters.levels:
        return RegionLevel.CITY not in filters.levels
    return bool(filters.regions)


async def browse(store: GraphStore, filters: SearchFilters, order: SortOrder, skip: int, limit: int) -> MatchPage:
    """One page of the published items matching `filters` and the counts over all of them, read
    from the narrowest start; the page and the counts run side by side."""
    page, facets = BROWSE[browse_start(filters)]
    hits, (total, counts) = await asyncio.gather(page(store, filters, order, skip, limit), facets(store, filters))
    return MatchPage(total=total, hits=tuple(hits), facets=counts)


def engine_query(store: GraphStore, groups: list[list[str]], require_all: bool) -> str:
    """The query's token groups in the engine's full-text syntax (RediSearch on FalkorDB, Lucene
    on Neo4j, which also weighs the fields in the query); '' when nothing is left to ask."""
    return search_syntax.full_text_query(groups, store.engine, require_all=require_all)


async def matching(store: GraphStore, groups: list[list[str]], filters: SearchFilters, order: SortOrder,
                   skip: int, limit: int, require_all: bool = True) -> MatchPage:
    """One page of the published items matching the token groups (every group, or any when not
    `require_all`) and `filters`, with the exact total and facets."""
    query = engine_query(store, groups, require_all)
    if not query:
        return MatchPage(total=0, hits=(), facets={facet: [] for facet in SearchFacet})
    hits, (total, counts) = await asyncio.gather(
        items_page(store, query, filters, order, skip, limit), items_facets(store, query, filters))
    return MatchPage(total=total, hits=tuple(hits), facets=counts)
