"""Search and browse (第二十七条): keyword search plus the three columns 部门资源 (by department),
政务主题 (by theme) and 省市级联 (by cascade level), with facets; and 一数一源 (第十五条).

Only published items are searched, and every department may read them (第二十七条), so a page
needs no check per item. The hot path reads the page and its counts side by side (graph/repos/
search.py), then the page's items in one batch; nothing more per item.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from graph.repos import search as repo
from server.context import Context
from server.domain import search_text
from server.domain.records.catalog import DepartmentRecord, ItemRecord
from server.domain.records.search import (
    ENUM_FACETS,
    DatumHolderRecord,
    FacetCount,
    MatchPage,
    SearchFacet,
    SearchFilters,
    SortOrder,
)
from server.domain.values import RegionLevel
from server.services import catalog, reference


@dataclass(frozen=True, slots=True)
class Hit:
    item: ItemRecord
    score: float  # relevance; 0 when browsing
    offset: int  # position in the whole result (the cursor)


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    skip: int
    hits: list[Hit]  # the page, in order
    facets: dict[SearchFacet, list[FacetCount]]  # labelled, most frequent first
    groups: list[list[str]]  # the query's token groups, for highlighting
    relaxed: bool = False  # no item matched every word, so items matching any word are shown


@dataclass(frozen=True, slots=True)
class DatumHolder:
    holder: DatumHolderRecord
    item: ItemRecord
    provider: DepartmentRecord


async def search_items(ctx: Context, text: str, filters: SearchFilters, sort: SortOrder, skip: int,
                       limit: int) -> SearchResult:
    """One page of the published items matching `text` and `filters`, with the exact total and
    facets. Empty text (or text that tokenises to nothing) browses, newest first unless another
    order is asked for. When no item holds every word, items holding any word are shown."""
    groups = search_text.query_terms(text)
    page, relaxed = await match_page(ctx, groups, filters, sort, skip, limit)
    return await _result(ctx, page, skip, groups, relaxed)


async def match_page(ctx: Context, groups: list[list[str]], filters: SearchFilters, sort: SortOrder, skip: int,
                     limit: int) -> tuple[MatchPage, bool]:
    """What the engine answers for a search (the page's ids and the counts) and whether it was
    relaxed to any word: the statements alone, without reading the items (bench/search_bench.py
    times this). Reads only `ctx.store`."""
    if filters.themes:
        filters = replace(filters, themes=tuple(await expand_themes(ctx, list(filters.themes))))
    order = sort if groups or sort is not SortOrder.RELEVANCE else SortOrder.RECENTLY_PUBLISHED
    if not groups:
        return await repo.browse(ctx.store, filters, order, skip, limit), False
    page = await repo.matching(ctx.store, groups, filters, order, skip, limit, require_all=True)
    if not page.total and len(groups) > 1:
        page = await repo.matching(ctx.store, groups, filters, order, skip, limit, require_all=False)
        return page, bool(page.total)
    return page, False


async def department_items(ctx: Context, department_code: str, include_subordinates: bool, text: str,
                           sort: SortOrder, skip: int, limit: int) -> SearchResult:
    """部门资源: what a department (and by default its subordinate units) publishes."""
    codes = [department_code]
    if include_subordinates:
        department = await reference.visible_department(ctx, department_code)
        codes += list(department.child_codes) if department else []
    return await search_items(ctx, text, SearchFilters(providers=tuple(codes)), sort, skip, limit)


async def theme_items(ctx: Context, theme_code: str, text: str, sort: SortOrder, skip: int, limit: int) -> SearchResult:
    """政务主题: the items of a theme and its sub-themes."""
    return await search_items(ctx, text, SearchFilters(themes=(theme_code,)), sort, skip, limit)


async def cascade_items(ctx: Context, level: RegionLevel, region_code: str | None, text: str, sort: SortOrder,
                        skip: int, limit: int) -> SearchResult:
    """省市级联: the items of one level (city, county, zone), optionally of one region."""
    filters = SearchFilters(levels=(level,), regions=(region_code,) if region_code else None)
    return await search_items(ctx, text, filters, sort, skip, limit)


async def _result(ctx: Context, page: MatchPage, skip: int, groups: list[list[str]], relaxed: bool) -> SearchResult:
    items = await catalog.items(ctx, [hit.item_id for hit in page.hits])
    hits = [
        Hit(item=item, score=hit.score, offset=skip + index)
        for index, (hit, item) in enumerate(zip(page.hits, items))
        if item is not None
    ]
    return SearchResult(total=page.total, skip=skip, hits=hits, facets=await _labelled(ctx, page.facets),
                        groups=groups, relaxed=relaxed)


async def _labelled(ctx: Context, facets: dict[SearchFacet, list[FacetCount]]) -> dict[SearchFacet, list[FacetCount]]:
    """Each facet value with its Chinese label: a value list's label, or the name of the
    department, region, theme or database (the code itself when unknown)."""
    names = await reference.reference_names(ctx)
    counted_departments = [count.value for count in facets.get(SearchFacet.DEPARTMENT, [])]
    labels: dict[SearchFacet, dict[str, str]] = {
        SearchFacet.DEPARTMENT: {d.code: d.name for d in await reference.departments(ctx, counted_departments)},
        SearchFacet.REGION: names["region"],
        SearchFacet.THEME: names["theme"],
        SearchFacet.DATABASE: names["database"],
        **{facet: {member.value: member.label for member in enum} for facet, enum in ENUM_FACETS.items()},
    }
    return {
        facet: [FacetCount(count.value, count.count, labels[facet].get(count.value, count.value)) for count in counts]
        for facet, counts in facets.items()
    }


async def expand_themes(ctx: Context, codes: list[str]) -> list[str]:
    """A theme filter means the theme and its whole subtree (政务主题 column)."""
    children: dict[str, list[str]] = {}
    for theme in await reference.theme_names(ctx):
        if theme.parent_code:
            children.setdefault(theme.parent_code, []).append(theme.code)
    result: list[str] = []
    stack = list(codes)
    while stack:
        code = stack.pop()
        if code not in result:
            result.append(code)
            stack.extend(children.get(code, []))
    return result


async def where_datum_lives(ctx: Context, name: str, skip: int, limit: int) -> tuple[int, list[DatumHolder]]:
    """一数一源 (第十五条): the published items holding a data element called `name` or a synonym,
    authoritative sources first; (how many, this page with each item and its provider)."""
    holders = await repo.items_holding_elements(ctx.store, search_text.synonyms_of(name))
    page = holders[skip: skip + limit]
    items = await catalog.items(ctx, [holder.item_id for holder in page])
    providers = await ctx.loaders.departments.load_many([holder.provider_code for holder in page])
    return len(holders), [
        DatumHolder(holder=holder, item=item, provider=provider)
        for holder, item, provider in zip(page, items, providers)
        if item is not None and provider is not None
    ]
