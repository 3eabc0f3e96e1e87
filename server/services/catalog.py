"""Reading the catalog: who may see which item (第九条, 第十三条, 第二十七条)."""

from __future__ import annotations

from graph.store import Row
from server.context import Context
from server.services.authorization import allowed
from server.domain.values import ItemStatus


async def find_item(ctx: Context, item_id: str | None, code: str | None) -> Row | None:
    """The item by id or catalog code, if the caller may see it; None otherwise.

    Published items are visible to every department (第二十七条); drafts and items under
    review only to the provider's data officer and the authority — to anyone else they do
    not exist, so their names do not leak.
    """
    if item_id is None and code:
        rows = await ctx.store.read("catalog/item_id_by_code", code=code)
        item_id = rows[0]["id"] if rows else None
    if item_id is None:
        return None
    row = await ctx.row_loaders.items.load(item_id)
    if row is None:
        return None
    action = "read_published" if row["status"] == ItemStatus.PUBLISHED.value else "read_unpublished"
    return row if await allowed(ctx, action, "item", item=row) else None


async def related_items(ctx: Context, item_id: str, limit: int) -> list[Row]:
    """Items linked to this one by 一数一源 or by elements of the same name (第十五条)."""
    return await ctx.store.read("catalog/related_items", itemId=item_id, limit=limit)
