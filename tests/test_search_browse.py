"""Browsing without text (第二十七条 部门资源, 政务主题, 省市级联): the per-column statements.

`search_items` starts a browse from the narrowest filter (graph/repos/search.py `browse_start`): the providing
departments, or the theme subtree's IN_THEME links, instead of every published item. That start
may only make the engine look at fewer items, never change the answer, so for every department,
theme, level and region of the demo catalog (and filters combined with them) each per-column
pair must return exactly what the generic pair `browse_page`/`browse_facets` returns: the same items in the
same order, the same total and the same facet counts. Runs on every reachable engine.
"""

from __future__ import annotations

from types import SimpleNamespace

from graph.repos import search as repo
from graph.repos.search import BROWSE, BrowseStart
from graph.store import GraphStore
from seed import demo
from server.domain.records.search import SearchFilters, SortOrder
from server.domain.values import DataFormat, OpenType, RegionLevel, ShareMode, ShareType, UpdateCycle
from server.services import search as search_service

BY_DEPARTMENT = BrowseStart.BY_DEPARTMENT
BY_THEME = BrowseStart.BY_THEME
SORTS = list(SortOrder)
WHOLE = 1000  # more than the demo's published items, so the page is the whole ordered list


def _params(**given: list[str]) -> SearchFilters:
    return SearchFilters(**{key: tuple(values) for key, values in given.items()})


async def _answer(store: GraphStore, start: BrowseStart, filters: SearchFilters, sort: SortOrder) -> tuple[list, list]:
    page, facets = BROWSE[start]
    hits = await page(store, filters, sort, 0, WHOLE)
    total, counted = await facets(store, filters)
    return [hit.item_id for hit in hits], [total, sorted((facet, c.value, c.count) for facet, counts in counted.items() for c in counts)]


async def _assert_same_as_generic(store: GraphStore, start: BrowseStart, filters: SearchFilters, sorts: list[SortOrder]) -> int:
    """Compares the browse from `start` with the generic one; returns the number of matches."""
    total = 0
    for sort in sorts:
        expected = await _answer(store, BrowseStart.ALL, filters, sort)
        assert await _answer(store, start, filters, sort) == expected, (start, filters, sort)
        total = expected[1][0]
    return total


async def test_department_column_matches_the_generic_browse(demo_store: GraphStore) -> None:
    departments = demo.demo_departments()
    children: dict[str, list[str]] = {}
    for department in departments:
        if department.parent_code:
            children.setdefault(department.parent_code, []).append(department.code)
    found = 0
    for department in departments:
        found += await _assert_same_as_generic(demo_store, BY_DEPARTMENT, _params(providers=[department.code]), SORTS[1:2])
        if department.code in children:
            rolled = _params(providers=[department.code, *children[department.code]])
            found += await _assert_same_as_generic(demo_store, BY_DEPARTMENT, rolled, SORTS[1:2])
    assert found > 300
    await _assert_same_as_generic(demo_store, BY_DEPARTMENT, _params(providers=["140500-GAJ"]), SORTS)


async def test_theme_column_matches_the_generic_browse(demo_store: GraphStore) -> None:
    ctx = SimpleNamespace(store=demo_store)  # all expand_themes needs (the reference snapshot is per store)
    found = 0
    for theme in demo.demo_themes():
        themes = await search_service.expand_themes(ctx, [theme.code])  # type: ignore[arg-type]
        found += await _assert_same_as_generic(demo_store, BY_THEME, _params(themes=themes), SORTS[1:2])
    assert found > 300
    roots = [theme.code for theme in demo.demo_themes() if not theme.parent_code]
    everything = await search_service.expand_themes(ctx, roots)  # type: ignore[arg-type]
    await _assert_same_as_generic(demo_store, BY_THEME, _params(themes=everything), SORTS)


async def test_cascade_column_matches_the_generic_browse(demo_store: GraphStore) -> None:
    found = 0
    for level in RegionLevel:
        found += await _assert_same_as_generic(demo_store, BY_DEPARTMENT, _params(levels=[level]), SORTS)
    assert found > 300
    for region in demo.demo_regions():
        await _assert_same_as_generic(demo_store, BY_DEPARTMENT, _params(levels=[region.level], regions=[region.code]), SORTS[1:2])
        await _assert_same_as_generic(demo_store, BY_DEPARTMENT, _params(regions=[region.code]), SORTS[1:2])


async def test_filters_combined_with_a_column_match_the_generic_browse(demo_store: GraphStore) -> None:
    ctx = SimpleNamespace(store=demo_store)
    themes = await search_service.expand_themes(ctx, [demo.demo_themes()[0].code])  # type: ignore[arg-type]
    combinations = [
        _params(providers=["140500-GAJ", "140500-SCJGJ"], share_types=[ShareType.CONDITIONAL]),
        _params(providers=["140500-GAJ"], themes=themes),
        _params(themes=themes, levels=[RegionLevel.CITY], share_modes=[ShareMode.API]),
        _params(levels=[RegionLevel.COUNTY], update_cycles=[UpdateCycle.REALTIME, UpdateCycle.DAILY], formats=[DataFormat.DATABASE]),
        _params(regions=["140525"], open_types=[OpenType.NOT_OPEN]),
        _params(providers=["no-such-department"]),
        _params(themes=["no-such-theme"]),
    ]
    for params in combinations:
        chosen = repo.browse_start(params)
        assert chosen is not BrowseStart.ALL, params
        await _assert_same_as_generic(demo_store, chosen, params, SORTS[1:2])


def test_the_narrowest_filter_picks_the_statement() -> None:
    pick = repo.browse_start
    assert pick(_params()) == BrowseStart.ALL
    assert pick(_params(share_types=[ShareType.CONDITIONAL])) == BrowseStart.ALL
    assert pick(_params(providers=["140500-GAJ"], themes=["T01"])) == BY_DEPARTMENT
    assert pick(_params(themes=["T01"], levels=[RegionLevel.CITY])) == BY_THEME
    assert pick(_params(levels=[RegionLevel.COUNTY])) == BY_DEPARTMENT
    assert pick(_params(levels=[RegionLevel.COUNTY], regions=["140525"])) == BY_DEPARTMENT
    assert pick(_params(regions=["140525"])) == BY_DEPARTMENT
    # the city level is most of the catalog: reading every item is cheaper than following PROVIDES
    assert pick(_params(levels=[RegionLevel.CITY])) == BrowseStart.ALL
    assert pick(_params(levels=[RegionLevel.CITY, RegionLevel.COUNTY], regions=["140500"])) == BrowseStart.ALL
