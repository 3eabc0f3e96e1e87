"""Writing reference data: regions, departments, themes and databases, as the seed and an
operator's reference files load them (graph/cypher/common/seed/, departments/create)."""

from __future__ import annotations

from graph.store import GraphStore
from server.domain.models import Database, Department, Region, Theme


def department_properties(department: Department) -> dict:
    """A department's node properties: its fields, with the data officer (第六条) flattened."""
    props = department.to_graph()
    officer = props.pop("dataOfficer")
    props.update(dataOfficerName=officer["name"], dataOfficerPhone=officer["phone"], dataOfficerEmail=officer.get("email"))
    return props


async def upsert_regions(store: GraphStore, regions: list[Region]) -> None:
    await store.write("seed/upsert_regions", rows=[region.to_graph() for region in regions])


async def link_regions(store: GraphStore, regions: list[Region]) -> None:
    rows = [{"code": region.code, "parentCode": region.parent_code} for region in regions if region.parent_code]
    await store.write("seed/link_regions", rows=rows)


async def upsert_departments(store: GraphStore, departments: list[Department]) -> None:
    await store.write("seed/upsert_departments", rows=[department_properties(d) for d in departments])


async def link_departments(store: GraphStore, departments: list[Department]) -> None:
    rows = [{"code": d.code, "parentCode": d.parent_code} for d in departments if d.parent_code]
    await store.write("seed/link_departments", rows=rows)


async def create_department(store: GraphStore, department: Department) -> None:
    """Creates one department; a code that exists already raises ConstraintViolation."""
    await store.write("departments/create", props=department_properties(department))


async def upsert_themes(store: GraphStore, themes: list[Theme]) -> None:
    await store.write("seed/upsert_themes", rows=[theme.to_graph() for theme in themes])


async def link_themes(store: GraphStore, themes: list[Theme]) -> None:
    rows = [{"code": theme.code, "parentCode": theme.parent_code} for theme in themes if theme.parent_code]
    await store.write("seed/link_themes", rows=rows)


async def upsert_databases(store: GraphStore, databases: list[Database]) -> None:
    await store.write("seed/upsert_databases", rows=[database.to_graph() for database in databases])
