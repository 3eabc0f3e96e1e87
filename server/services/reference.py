"""Reference data: regions, the theme tree, databases, departments page by page."""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass

from graph.store import GraphStore, Row
from server.context import Context
from server.domain.jurisdiction import DepartmentFacts, Jurisdiction


async def theme_tree(ctx: Context) -> list[tuple[Row, int, list]]:
    """The theme forest as (theme, item count, children) tuples, roots first, in code order."""
    rows = await ctx.store.read("reference/themes")
    nodes = {row["theme"]["code"]: (row["theme"], row["itemCount"], []) for row in rows}
    roots = []
    for code, node in nodes.items():
        parent = node[0].get("parentCode")
        (nodes[parent][2] if parent in nodes else roots).append(node)
    return roots


async def regions(ctx: Context) -> list[Row]:
    """Every region (行政区划) with its number of departments."""
    return await ctx.store.read("reference/regions")


async def databases(ctx: Context) -> list[Row]:
    """The basic and thematic databases (第十四条) with their lead and contributing departments."""
    return await ctx.store.read("reference/databases")


async def department_page(ctx: Context, region_code: str | None, skip: int, limit: int) -> tuple[int, list[Row]]:
    rows = await ctx.store.read("departments/page", regionCode=region_code, skip=skip, limit=limit)
    total, codes = (rows[0]["total"], rows[0]["codes"]) if rows else (0, [])
    departments = await ctx.row_loaders.departments.load_many(codes)
    return total, [row for row in departments if row]


_SNAPSHOT_TTL = 60.0  # reference data changes with a seed or an admin's edit, not per request


@dataclass(frozen=True)
class _Snapshot:
    taken: float
    names: dict[str, dict[str, str]]  # facet → code → name
    levels: dict[str, str]  # region code → CITY / COUNTY / …
    themes: list[dict]  # [{code, name, parentCode}]
    jurisdiction: Jurisdiction  # every department's region, level and authority


_snapshots: "weakref.WeakKeyDictionary[object, _Snapshot]" = weakref.WeakKeyDictionary()  # per store (graph)


async def _reference_snapshot(ctx: Context) -> _Snapshot:
    return await _snapshot_of(ctx.store)


async def _snapshot_of(store: GraphStore) -> _Snapshot:
    """Region/theme/database names, the theme tree's parent links and every department's
    jurisdiction facts, read at most once a minute per process instead of on every request."""
    now = time.monotonic()
    snapshot = _snapshots.get(store)
    if snapshot is None or now - snapshot.taken > _SNAPSHOT_TTL:
        regions = await store.read("reference/regions")
        themes = await store.read("reference/theme_names")
        databases = await store.read("reference/databases")
        departments = await store.read("policy/departments")
        levels = {row["region"]["code"]: row["region"]["level"] for row in regions}
        snapshot = _snapshots[store] = _Snapshot(
            taken=now,
            names={
                "region": {row["region"]["code"]: row["region"]["name"] for row in regions},
                "theme": {row["code"]: row["name"] for row in themes},
                "database": {row["database"]["code"]: row["database"]["name"] for row in databases},
            },
            levels=levels,
            themes=themes,
            jurisdiction=Jurisdiction({
                row["code"]: DepartmentFacts(
                    row["code"], row["regionCode"] or "", levels.get(row["regionCode"], ""), bool(row["isAuthority"]),
                    row["parentCode"],
                )
                for row in departments
            }),
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
    """Code → name for regions, themes and databases (facet labels)."""
    if ctx.reference_names is None:
        snapshot = await _reference_snapshot(ctx)
        ctx.reference_names = {key: dict(value) for key, value in snapshot.names.items()}
    return ctx.reference_names


async def theme_parents(ctx: Context) -> list[dict]:
    """[{code, name, parentCode}] for every theme."""
    return (await _reference_snapshot(ctx)).themes


async def region_level(ctx: Context, region_code: str | None) -> str | None:
    """The cascade level (省市级联) of a region, copied onto the items its departments provide."""
    return (await _reference_snapshot(ctx)).levels.get(region_code) if region_code else None
