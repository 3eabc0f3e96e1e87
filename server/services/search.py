"""Search and browse (第二十七条): keyword search plus the three columns 部门资源 (by department),
政务主题 (by theme) and 省市级联 (by cascade level), with facets.

The engine does the matching and filtering and returns one light row per candidate item;
totals, facet counts, sorting and the page are computed here from those rows, identically on
both engines. Text is tokenised in Python (server/domain/search_text.py) exactly as at write
time, so user input never reaches the engine's query syntax.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from graph.store import Row
from server.context import Context
from server.domain import search_text

MAX_CANDIDATES = 10_000  # rows one search considers; beyond this the facets count the best 10,000


class SortOrder(str, Enum):
    RELEVANCE = "RELEVANCE"
    RECENTLY_PUBLISHED = "RECENTLY_PUBLISHED"
    RECENTLY_UPDATED = "RECENTLY_UPDATED"
    MOST_REQUESTED = "MOST_REQUESTED"


FILTER_KEYS = (
    "providers", "regions", "levels", "themes", "databases",
    "shareTypes", "openTypes", "updateCycles", "formats", "shareModes",
)
# Facet name → the row column it counts; list-valued columns count each value once per item.
FACETS: dict[str, str] = {
    "department": "provider",
    "region": "region",
    "level": "level",
    "theme": "themes",
    "database": "database",
    "shareType": "shareType",
    "openType": "openType",
    "updateCycle": "updateCycle",
    "format": "format",
    "shareMode": "shareModes",
}


@dataclass
class SearchResult:
    total: int
    rows: list[Row]  # the page, in order
    facets: dict[str, list[tuple[str, int]]]
    groups: list[list[str]]  # the query's token groups, for highlighting
    truncated: bool
    relaxed: bool = False  # no item matched every word, so items matching any word are shown
    skip: int = 0


async def search_items(
    ctx: Context,
    text: str,
    filters: dict[str, list[str] | None],
    sort: SortOrder,
    skip: int,
    limit: int,
) -> SearchResult:
    """The engine pages, sorts and counts (exact totals and facets over every match, no cap);
    only the page's rows and the facet counts cross the wire."""
    groups = search_text.query_terms(text)
    params = {key: filters.get(key) or None for key in FILTER_KEYS}
    if params["themes"]:
        params["themes"] = await expand_themes(ctx, params["themes"])
    order = sort if groups or sort is not SortOrder.RELEVANCE else SortOrder.RECENTLY_PUBLISHED
    window = {"sort": order.value, "skip": skip, "limit": limit}
    relaxed = False
    if groups:
        rows, facets, total = await _matching(ctx, groups, params, window, require_all=True)
        if not total and len(groups) > 1:
            rows, facets, total = await _matching(ctx, groups, params, window, require_all=False)
            relaxed = bool(total)
    else:
        page, counted = await asyncio.gather(
            ctx.store.read("search/browse_page", **window, **params),
            ctx.store.read("search/browse_facets", **params),
        )
        rows, (facets, total) = page, _facets_of(counted)
    return SearchResult(total=total, rows=rows, facets=facets, groups=groups, truncated=False,
                        relaxed=relaxed, skip=skip)


async def _matching(
    ctx: Context, groups: list[list[str]], params: dict, window: dict, require_all: bool
) -> tuple[list[Row], dict[str, list[tuple[str, int]]], int]:
    weights = search_text.FIELD_WEIGHTS if ctx.store.engine == "neo4j" else None
    query = search_text.render_query(groups, ctx.store.engine, require_all=require_all, field_weights=weights)
    if not query:
        return [], {name: [] for name in FACETS}, 0
    page, counted = await asyncio.gather(
        ctx.store.read("search/items_page", q=query, **window, **params),
        ctx.store.read("search/items_facets", q=query, **params),
    )
    facets, total = _facets_of(counted)
    return page, facets, total


def _facets_of(counted: list[Row]) -> tuple[dict[str, list[tuple[str, int]]], int]:
    """Facet rows (facet, value, count) from the engine → {facet: [(value, count)]} and the total."""
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    total = 0
    for row in counted:
        if row["facet"] == "total":
            total = int(row["count"])
        else:
            facets[row["facet"]].append((row["value"], int(row["count"])))
    for pairs in facets.values():
        pairs.sort(key=lambda kv: (-kv[1], kv[0]))
    return facets, total


def sort_rows(rows: list[Row], sort: SortOrder) -> list[Row]:
    """Stable orders with the item id as the last key, so pages never overlap or skip."""
    if sort is SortOrder.RELEVANCE:
        key = lambda r: (-(r["score"] or 0), _desc(r.get("publishedOn")), r["id"])  # noqa: E731
    elif sort is SortOrder.RECENTLY_PUBLISHED:
        key = lambda r: (_desc(r.get("publishedOn")), r["id"])  # noqa: E731
    elif sort is SortOrder.RECENTLY_UPDATED:
        key = lambda r: (_desc(r.get("updatedAt")), r["id"])  # noqa: E731
    else:
        key = lambda r: (-(r.get("requestCount") or 0), _desc(r.get("publishedOn")), r["id"])  # noqa: E731
    return sorted(rows, key=key)


def _desc(value: str | None) -> tuple:
    """Sort key putting later ISO strings first and missing values last."""
    if not value:
        return (1, ())
    return (0, tuple(-ord(ch) for ch in value))


def count_facets(rows: list[Row]) -> dict[str, list[tuple[str, int]]]:
    facets: dict[str, list[tuple[str, int]]] = {}
    for name, column in FACETS.items():
        counter: Counter[str] = Counter()
        for row in rows:
            value = row.get(column)
            if isinstance(value, list):
                counter.update(set(value))
            elif value is not None:
                counter[value] += 1
        facets[name] = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return facets


async def expand_themes(ctx: Context, codes: list[str]) -> list[str]:
    """A theme filter means the theme and its whole subtree (政务主题 column)."""
    from server.services.reference import theme_parents

    children: dict[str, list[str]] = {}
    for row in await theme_parents(ctx):
        parent = row.get("parentCode")
        if parent:
            children.setdefault(parent, []).append(row["code"])
    result: list[str] = []
    stack = list(codes)
    while stack:
        code = stack.pop()
        if code not in result:
            result.append(code)
            stack.extend(children.get(code, []))
    return result


async def where_datum_lives(ctx: Context, name: str) -> list[Row]:
    """一数一源 (第十五条): the published items holding a data element called `name` or a synonym."""
    names = search_text.synonyms_of(name)
    return await ctx.store.read("search/items_holding_elements", names=names)
