"""Reading the catalog: who may see which item, and what an item shows (第九条, 第十条, 第十三条,
第十五条, 第二十七条).

Published items are visible to every department (第二十七条); drafts and items under review only
to the provider's officers, the competent authority and auditors (the policy's `read_unpublished`)
— to anyone else they do not exist, so their names do not leak. What hangs off a visible item
(elements, themes, scope, related published items) is read through the request's DataLoaders:
a list of N items costs one query per field asked for, not N.
"""

from __future__ import annotations

from graph.repos import catalog as repo
from server.context import Context
from server.domain.records.catalog import DepartmentRecord, ElementRecord, ItemRecord, RelatedItemRecord
from server.domain.values import ItemStatus
from server.services.authorization import allowed


async def visible_item(ctx: Context, item_id: str) -> ItemRecord | None:
    """The item if the caller may see it; None when it is missing or not visible to the caller."""
    item = await ctx.loaders.items.load(item_id)
    if item is None:
        return None
    action = "read_published" if item.status is ItemStatus.PUBLISHED else "read_unpublished"
    return item if await allowed(ctx, action, "item", item=item) else None


async def visible_item_by_code(ctx: Context, code: str) -> ItemRecord | None:
    """The item of a catalog code (第十三条), if the caller may see it."""
    item_id = await repo.item_id_by_code(ctx.store, code)
    return await visible_item(ctx, item_id) if item_id else None


async def items(ctx: Context, item_ids: list[str]) -> list[ItemRecord | None]:
    """Items already known to be visible (ids of a search page, of related or holding items:
    published by the statement that found them), in order; None for one gone meanwhile."""
    return await ctx.loaders.items.load_many(item_ids)


async def elements(ctx: Context, item_id: str) -> list[ElementRecord]:
    """The item's data elements in order (第十条)."""
    return await ctx.loaders.elements.load(item_id)


async def element_names(ctx: Context, item_id: str) -> list[str]:
    """The names of the item's data elements (highlighting a search hit)."""
    return await ctx.loaders.element_names.load(item_id)


async def theme_codes(ctx: Context, item_id: str) -> list[str]:
    return await ctx.loaders.item_themes.load(item_id)


async def share_scope(ctx: Context, item_id: str) -> list[DepartmentRecord]:
    """共享范围 (第二十三条): the departments a conditional item may be shared with."""
    codes = await ctx.loaders.item_scopes.load(item_id)
    found = await ctx.loaders.departments.load_many(codes)
    return [department for department in found if department is not None]


async def related_items(ctx: Context, item_id: str, limit: int) -> list[tuple[RelatedItemRecord, ItemRecord]]:
    """Published items linked to this one by 一数一源 or by elements of the same name (第十五条),
    strongest links first, with each item read once for the page."""
    limit = max(0, min(limit, ctx.settings.max_page_size))
    related = await repo.related_items(ctx.store, item_id, limit)
    found = await ctx.loaders.items.load_many([link.item_id for link in related])
    return [(link, item) for link, item in zip(related, found) if item is not None]
