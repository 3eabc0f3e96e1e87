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
