"""Reference data: regions, the theme tree, the databases of 第十四条, every department's
jurisdiction facts (graph/cypher/common/reference/, policy/departments)."""

from __future__ import annotations

from graph.repos._values import strings, text
from graph.store import GraphStore
from server.domain.jurisdiction import DepartmentFacts
from server.domain.records.catalog import DatabaseRecord, RegionRecord, ThemeRecord
from server.domain.values import DatabaseKind, RegionLevel


async def regions(store: GraphStore) -> list[RegionRecord]:
    rows = await store.read("reference/regions")
    return [
        RegionRecord(code=row["region"]["code"], name=row["region"]["name"], level=RegionLevel(row["region"]["level"]),
                     parent_code=row["region"].get("parentCode"), department_count=row["departmentCount"])
        for row in rows
    ]


async def themes(store: GraphStore) -> list[ThemeRecord]:
    """Every theme with its published item count, in code order (flat; services build the tree)."""
    rows = await store.read("reference/themes")
    return [
        ThemeRecord(code=row["theme"]["code"], name=row["theme"]["name"], parent_code=row["theme"].get("parentCode"),
                    item_count=row["itemCount"])
        for row in rows
    ]


async def theme_names(store: GraphStore) -> list[ThemeRecord]:
    rows = await store.read("reference/theme_names")
    return [ThemeRecord(code=row["code"], name=row["name"], parent_code=row["parentCode"]) for row in rows]


async def databases(store: GraphStore) -> list[DatabaseRecord]:
    rows = await store.read("reference/databases")
    return [
        DatabaseRecord(code=row["database"]["code"], name=row["database"]["name"],
                       kind=DatabaseKind(row["database"]["kind"]), description=text(row["database"].get("description")),
                       lead_department_code=row["database"]["leadDepartmentCode"],
                       contributor_codes=strings(row["contributorCodes"]))
        for row in rows
    ]


async def department_facts(store: GraphStore, levels: dict[str, str]) -> list[DepartmentFacts]:
    """Every department's region, level (from `levels`: region code → level), parent and whether
    it is a data authority — what the questions of jurisdiction read."""
    rows = await store.read("policy/departments")
    return [
        DepartmentFacts(row["code"], row["regionCode"] or "", levels.get(row["regionCode"], ""), bool(row["isAuthority"]),
                        row["parentCode"])
        for row in rows
    ]
