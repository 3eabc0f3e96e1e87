"""Browsing without text (第二十七条 部门资源, 政务主题, 省市级联): the per-column statements.

`search_items` starts a browse from the narrowest filter (`browse_statements`): the providing
departments, or the theme subtree's IN_THEME links, instead of every published item. That start
may only make the engine look at fewer items, never change the answer, so for every department,
theme, level and region of the demo catalog (and filters combined with them) each per-column
pair must return exactly what the generic pair `search/browse_*` returns: the same items in the
same order, the same total and the same facet counts. Runs on every reachable engine.
"""

from __future__ import annotations

from types import SimpleNamespace

from graph.store import GraphStore
from seed import demo
from server.domain.values import RegionLevel
from server.services import search as search_service

BY_DEPARTMENT = search_service.BROWSE_BY_DEPARTMENT
BY_THEME = search_service.BROWSE_BY_THEME
SORTS = [order.value for order in search_service.SortOrder]
WHOLE = 1000  # more than the demo's published items, so the page is the whole ordered list


def _params(**given: list[str]) -> dict[str, list[str] | None]:
    return {key: given.get(key) for key in search_service.FILTER_KEYS}


async def _answer(store: GraphStore, statements: tuple[str, str], params: dict, sort: str) -> tuple[list, list]:
    page_statement, facets_statement = statements
    page = await store.read(page_statement, sort=sort, skip=0, limit=WHOLE, **params)
    counted = await store.read(facets_statement, **params)
    return [row["id"] for row in page], sorted((row["facet"], row["value"], int(row["count"])) for row in counted)


async def _assert_same_as_generic(store: GraphStore, statements: tuple[str, str], params: dict, sorts: list[str]) -> int:
    """Compares `statements` with the generic pair; returns the number of matches."""
    total = 0
    for sort in sorts:
        expected = await _answer(store, search_service.BROWSE_ALL, params, sort)
        assert await _answer(store, statements, params, sort) == expected, (statements, params, sort)
        total = next((count for facet, _, count in expected[1] if facet == "total"), 0)
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
    ctx = SimpleNamespace(store=demo_store)  # all expand_themes needs
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
        found += await _assert_same_as_generic(demo_store, BY_DEPARTMENT, _params(levels=[level.value]), SORTS)
    assert found > 300
    for region in demo.demo_regions():
        await _assert_same_as_generic(demo_store, BY_DEPARTMENT, _params(levels=[region.level.value], regions=[region.code]), SORTS[1:2])
        await _assert_same_as_generic(demo_store, BY_DEPARTMENT, _params(regions=[region.code]), SORTS[1:2])


async def test_filters_combined_with_a_column_match_the_generic_browse(demo_store: GraphStore) -> None:
    ctx = SimpleNamespace(store=demo_store)
    themes = await search_service.expand_themes(ctx, [demo.demo_themes()[0].code])  # type: ignore[arg-type]
    combinations = [
        _params(providers=["140500-GAJ", "140500-SCJGJ"], shareTypes=["CONDITIONAL"]),
        _params(providers=["140500-GAJ"], themes=themes),
        _params(themes=themes, levels=["CITY"], shareModes=["API"]),
        _params(levels=["COUNTY"], updateCycles=["REALTIME", "DAILY"], formats=["DATABASE"]),
        _params(regions=["140525"], openTypes=["NOT_OPEN"]),
        _params(providers=["no-such-department"]),
        _params(themes=["no-such-theme"]),
    ]
    for params in combinations:
        chosen = search_service.browse_statements(params)
        assert chosen != search_service.BROWSE_ALL, params
        await _assert_same_as_generic(demo_store, chosen, params, SORTS[1:2])


def test_the_narrowest_filter_picks_the_statement() -> None:
    pick = search_service.browse_statements
    assert pick(_params()) == search_service.BROWSE_ALL
    assert pick(_params(shareTypes=["CONDITIONAL"])) == search_service.BROWSE_ALL
    assert pick(_params(providers=["140500-GAJ"], themes=["T01"])) == BY_DEPARTMENT
    assert pick(_params(themes=["T01"], levels=["CITY"])) == BY_THEME
    assert pick(_params(levels=["COUNTY"])) == BY_DEPARTMENT
    assert pick(_params(levels=["COUNTY"], regions=["140525"])) == BY_DEPARTMENT
    assert pick(_params(regions=["140525"])) == BY_DEPARTMENT
    # the city level is most of the catalog: reading every item is cheaper than following PROVIDES
    assert pick(_params(levels=["CITY"])) == search_service.BROWSE_ALL
    assert pick(_params(levels=["CITY", "COUNTY"], regions=["140500"])) == search_service.BROWSE_ALL
