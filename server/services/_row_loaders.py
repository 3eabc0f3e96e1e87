"""TEMPORARY (issue 10 migration): DataLoaders that return untyped rows, for callers not yet
reading records. Deleted once `ctx.loaders` (server/services/loaders.py) is the only one."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from graph.store import GraphStore, Row


class RowLoaders:
    """TEMPORARY (issue 10 migration): the untyped loaders, until every caller reads records."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.items = DataLoader(self._items)
        self.elements = DataLoader(self._elements)
        self.element_names = DataLoader(self._element_names)
        self.item_themes = DataLoader(self._item_themes)
        self.item_scopes = DataLoader(self._item_scopes)
        self.departments = DataLoader(self._departments)
        self.item_counts = DataLoader(self._item_counts)

    def forget_item(self, item_id: str) -> None:
        """After a write in this request, the next read of the item goes to the graph again."""
        for loader in (self.items, self.elements, self.item_themes, self.item_scopes):
            if loader.cache_map.get(item_id) is not None:
                loader.clear(item_id)

    async def _items(self, ids: list[str]) -> list[Row | None]:
        rows = await self._store.read("catalog/items_by_ids", ids=ids)
        found = {row["item"]["id"]: row["item"] for row in rows}
        return [found.get(item_id) for item_id in ids]

    async def _elements(self, ids: list[str]) -> list[list[Row]]:
        rows = await self._store.read("catalog/elements_by_items", ids=ids)
        found = {row["itemId"]: row["elements"] for row in rows}
        return [found.get(item_id, []) for item_id in ids]

    async def _element_names(self, ids: list[str]) -> list[list[str]]:
        rows = await self._store.read("catalog/element_names_by_items", ids=ids)
        found = {row["itemId"]: row["names"] for row in rows}
        return [found.get(item_id, []) for item_id in ids]

    async def _item_themes(self, ids: list[str]) -> list[list[str]]:
        rows = await self._store.read("catalog/themes_by_items", ids=ids)
        found = {row["itemId"]: row["themeCodes"] for row in rows}
        return [sorted(found.get(item_id, [])) for item_id in ids]

    async def _item_scopes(self, ids: list[str]) -> list[list[str]]:
        rows = await self._store.read("catalog/scope_by_items", ids=ids)
        found = {row["itemId"]: row["departmentCodes"] for row in rows}
        return [sorted(found.get(item_id, [])) for item_id in ids]

    async def _departments(self, codes: list[str]) -> list[Row | None]:
        rows = await self._store.read("departments/by_codes", codes=codes)
        found = {row["department"]["code"]: {**row["department"], "childCodes": row["childCodes"]} for row in rows}
        return [found.get(code) for code in codes]

    async def _item_counts(self, codes: list[str]) -> list[tuple[int, int]]:
        rows = await self._store.read("departments/item_counts", codes=codes)
        found = {row["code"]: (row["ownCount"], row["totalCount"]) for row in rows}
        return [found.get(code, (0, 0)) for code in codes]
