"""Reference data: regions, the theme tree, databases, departments page by page."""

from __future__ import annotations

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


async def reference_names(ctx: Context) -> dict[str, dict[str, str]]:
    """Code → name for regions, themes and databases (facet labels), read once per request."""
    if ctx.reference_names is None:
        regions = await ctx.store.read("reference/regions")
        themes = await ctx.store.read("reference/themes")
        databases = await ctx.store.read("reference/databases")
        ctx.reference_names = {
            "region": {row["region"]["code"]: row["region"]["name"] for row in regions},
            "theme": {row["theme"]["code"]: row["theme"]["name"] for row in themes},
            "database": {row["database"]["code"]: row["database"]["name"] for row in databases},
        }
    return ctx.reference_names
