"""Per-request DataLoaders over the catalog's repositories: a list of N items costs one query
per field asked for, not N (Strawberry's DataLoader batches the loads of one tick)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar

from strawberry.dataloader import DataLoader

from graph.repos import catalog as repo
from graph.store import GraphStore
from server.domain.records.catalog import DepartmentRecord, ElementRecord, ItemCounts, ItemRecord

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _batched(fetch: Callable[[GraphStore, list[K]], Awaitable[dict[K, V]]], store: GraphStore,
             missing: Callable[[], V | None] = lambda: None) -> DataLoader[K, V]:
    async def load(keys: list[K]) -> list[V]:
        found = await fetch(store, list(keys))
        return [found[key] if key in found else missing() for key in keys]  # type: ignore[misc]
    return DataLoader(load)


class Loaders:
    """One DataLoader per kind of per-item fetch."""

    def __init__(self, store: GraphStore) -> None:
        self.items: DataLoader[str, ItemRecord | None] = _batched(repo.items_by_ids, store)
        self.elements: DataLoader[str, list[ElementRecord]] = _batched(repo.elements_by_items, store, list)
        self.element_names: DataLoader[str, list[str]] = _batched(repo.element_names_by_items, store, list)
        self.item_themes: DataLoader[str, list[str]] = _batched(repo.themes_by_items, store, list)
        self.item_scopes: DataLoader[str, list[str]] = _batched(repo.scope_by_items, store, list)
        self.departments: DataLoader[str, DepartmentRecord | None] = _batched(repo.departments_by_codes, store)
        self.item_counts: DataLoader[str, ItemCounts] = _batched(repo.item_counts, store, lambda: ItemCounts(0, 0))

    def forget_item(self, item_id: str) -> None:
        """After a write in this request, the next read of the item goes to the graph again."""
        for loader in (self.items, self.elements, self.item_themes, self.item_scopes):
            if loader.cache_map.get(item_id) is not None:
                loader.clear(item_id)
