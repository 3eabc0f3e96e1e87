"""Reference data: regions, the theme tree, databases (第十四条), departments (第二条, 第六条) page
by page, and a once-a-minute snapshot of names and jurisdiction facts for the hot paths.

Every authenticated caller may read the reference data: it names who provides what, not what
the data holds (第二十七条: the catalog is open to every department)."""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass

from graph.repos import catalog as catalog_repo
from graph.repos import reference as repo
from graph.store import GraphStore
from server.context import Context
from server.domain.jurisdiction import Jurisdiction
from server.domain.records.catalog import DatabaseRecord, DepartmentRecord, ItemCounts, RegionRecord, ThemeRecord


async def theme_tree(ctx: Context) -> list[ThemeRecord]:
    """The theme forest, roots first in code order, each with its sub-themes as `children`."""
    themes = await repo.themes(ctx.store)
    by_code = {theme.code: theme for theme in themes}
    roots = []
    for theme in themes:
        parent = by_code.get(theme.parent_code) if theme.parent_code else None
        (parent.children if parent is not None else roots).append(theme)
    return roots


async def regions(ctx: Context) -> list[RegionRecord]:
    """Every region (行政区划) with its number of departments."""
    return await repo.regions(ctx.store)


async def databases(ctx: Context) -> list[DatabaseRecord]:
    """The basic and thematic databases (第十四条) with their lead and contributing departments."""
    return await repo.databases(ctx.store)


async def department_page(ctx: Context, region_code: str | None, skip: int, limit: int) -> tuple[int, list[DepartmentRecord]]:
    """(how many top-level departments, this page of them); subordinate units come as children."""
    total, codes = await catalog_repo.department_page(ctx.store, region_code, skip, limit)
    return total, await departments(ctx, codes)


async def visible_department(ctx: Context, code: str) -> DepartmentRecord | None:
    """The department by code, or None when there is none. Every department is visible to every
    caller: the catalog names who provides what (第六条, 第二十七条)."""
    return await ctx.loaders.departments.load(code)


async def departments(ctx: Context, codes: list[str] | tuple[str, ...]) -> list[DepartmentRecord]:
    """The departments of `codes` that exist, in that order (one batched read per request tick)."""
    found = await ctx.loaders.departments.load_many(list(codes))
    return [department for department in found if department is not None]


async def item_counts(ctx: Context, code: str) -> ItemCounts:
    """Published items of the department itself and with its subordinate units."""
    return await ctx.loaders.item_counts.load(code)


_SNAPSHOT_TTL = 60.0  # reference data changes with a seed or an admin's edit, not per request


@dataclass(frozen=True)
class _Snapshot:
    taken: float
    names: dict[str, dict[str, str]]  # "region" / "theme" / "database" → code → name
    levels: dict[str, str]  # region code → CITY / COUNTY / …
    themes: list[ThemeRecord]  # code, name and parent of every theme
    jurisdiction: Jurisdiction  # every department's region, level and authority
    databases: dict[str, DatabaseRecord]  # code → the database with its lead department (第十四条)


_snapshots: "weakref.WeakKeyDictionary[object, _Snapshot]" = weakref.WeakKeyDictionary()  # per store (graph)


async def _reference_snapshot(ctx: Context) -> _Snapshot:
    return await _snapshot_of(ctx.store)


async def _snapshot_of(store: GraphStore) -> _Snapshot:
    """Region/theme/database names, the theme tree's parent links and every department's
    jurisdiction facts, read at most once a minute per process instead of on every request."""
    now = time.monotonic()
    snapshot = _snapshots.get(store)
    if snapshot is None or now - snapshot.taken > _SNAPSHOT_TTL:
        regions_ = await repo.regions(store)
        themes = await repo.theme_names(store)
        databases_ = await repo.databases(store)
        levels = {region.code: region.level.value for region in regions_}
        facts = await repo.department_facts(store, levels)
        snapshot = _snapshots[store] = _Snapshot(
            taken=now,
            names={
                "region": {region.code: region.name for region in regions_},
                "theme": {theme.code: theme.name for theme in themes},
                "database": {database.code: database.name for database in databases_},
            },
            levels=levels,
            themes=themes,
            jurisdiction=Jurisdiction({department.code: department for department in facts}),
            databases={database.code: database for database in databases_},
        )
    return snapshot


async def jurisdiction(ctx: Context) -> Jurisdiction:
    """Every department's region, level and whether it is an authority (at most a minute old)."""
    return (await _reference_snapshot(ctx)).jurisdiction


async def department_exists(store: GraphStore, department_code: str) -> bool:
    """Whether the department is known (a token's `dept`); a code missing from the snapshot is
    looked up once more in the graph (a department created in the last minute)."""
    if (await _snapshot_of(store)).jurisdiction.of(department_code) is not None:
        return True
    _snapshots.pop(store, None)
    return (await _snapshot_of(store)).jurisdiction.of(department_code) is not None


async def reference_names(ctx: Context) -> dict[str, dict[str, str]]:
    """Code → name for regions, themes and databases (facet labels), under "region", "theme" and
    "database"."""
    if ctx.reference_names is None:
        snapshot = await _reference_snapshot(ctx)
        ctx.reference_names = {key: dict(value) for key, value in snapshot.names.items()}
    return ctx.reference_names


async def database_by_code(ctx: Context, code: str, fresh: bool = False) -> DatabaseRecord | None:
    """The basic or thematic database of `code` with its lead department (第十四条), at most a
    minute old — a database's lead is reference data no request changes — or, `fresh`, as the
    graph holds it now."""
    if fresh:
        return next((found for found in await repo.databases(ctx.store) if found.code == code), None)
    return (await _reference_snapshot(ctx)).databases.get(code)


async def theme_names(ctx: Context) -> list[ThemeRecord]:
    """Code, name and parent of every theme (no counts), at most a minute old."""
    return (await _reference_snapshot(ctx)).themes


async def region_level(ctx: Context, region_code: str | None) -> str | None:
    """The cascade level (省市级联) of a region, copied onto the items its departments provide."""
    return (await _reference_snapshot(ctx)).levels.get(region_code) if region_code else None
