"""Reference data: regions, the theme tree, databases, departments page by page."""

from __future__ import annotations

import time

from graph.store import Row
from server.context import Context


async def theme_tree(ctx: Context) -> list[tuple[Row, int, list]]:
    """The theme forest as (theme, item count, children) tuples, roots first, in code order."""
    rows = await ctx.store.read("reference/themes")
    nodes = {row["theme"]["code"]: (row["theme"], row["itemCount"], []) for row in rows}
    roots = []
    for code, node in nodes.items():
        parent = node[0].get("parentCode")
        (nodes[parent][2] if parent in nodes else roots).append(node)
    return roots


async def department_page(ctx: Context, region_code: str | None, skip: int, limit: int) -> tuple[int, list[Row]]:
    rows = await ctx.store.read("departments/page", regionCode=region_code, skip=skip, limit=limit)
    total, codes = (rows[0]["total"], rows[0]["codes"]) if rows else (0, [])
    departments = await ctx.loaders.departments.load_many(codes)
    return total, [row for row in departments if row]


_NAMES_TTL = 60.0
_names_cache: tuple[float, dict[str, dict[str, str]], list[dict]] | None = None


async def _reference_snapshot(ctx: Context) -> tuple[dict[str, dict[str, str]], list[dict]]:
    """Region/theme/database names and the theme tree's parent links, read at most once a minute."""
    global _names_cache
    now = time.monotonic()
    if _names_cache is None or now - _names_cache[0] > _NAMES_TTL:
        regions = await ctx.store.read("reference/regions")
        themes = await ctx.store.read("reference/theme_names")
        databases = await ctx.store.read("reference/databases")
        names = {
            "region": {row["region"]["code"]: row["region"]["name"] for row in regions},
            "theme": {row["code"]: row["name"] for row in themes},
            "database": {row["database"]["code"]: row["database"]["name"] for row in databases},
        }
        _names_cache = (now, names, themes)
    return _names_cache[1], _names_cache[2]


async def reference_names(ctx: Context) -> dict[str, dict[str, str]]:
    """Code → name for regions, themes and databases (facet labels)."""
    if ctx.reference_names is None:
        names, _ = await _reference_snapshot(ctx)
        ctx.reference_names = {key: dict(value) for key, value in names.items()}
    return ctx.reference_names


async def theme_parents(ctx: Context) -> list[dict]:
    """[{code, name, parentCode}] for every theme."""
    _, themes = await _reference_snapshot(ctx)
    return themes
