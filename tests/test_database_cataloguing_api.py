"""第十四条: 基础库、主题库由牵头部门负责编目 — only a basic or thematic database's lead department
catalogues items into it; a contributing department's items stay in its own catalog. Through the
real ASGI app with real tokens, on a fresh demo world per engine: create, update and bulk import
by a department that does not lead 人口基础库 are refused naming `databaseCode`, and nothing is
saved; its lead, 晋城市公安局, catalogues into it; the statements' own guard refuses the same when
the service's (minute-old) facts say otherwise; and the demo shows each database with its lead's
items only, its contributors as contributors."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import datetime, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from seed import demo
from server.auth import Role
from server.domain import catalog_template
from server.domain.coding import stable_item_id
from server.domain.models import CatalogItem
from server.domain.records.catalog import DatabaseRecord
from server.services import lifecycle
from tests.helpers import ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings()
MZJ_OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")  # contributes to 人口基础库
GAJ_OFFICER = auth(SETTINGS, "140500-GAJ", Role.DEPT_DATA_OFFICER, user="gaj-officer")  # leads 人口基础库
CLERK = auth(SETTINGS, "140500-JYJ", Role.DEPT_USER, user="jyj-clerk")
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
POPULATION = "RKJCK"  # 人口基础库, led by 140500-GAJ

ITEM = {
    "name": "流动人口居住登记信息",
    "summary": "流动人口居住登记、居住证申领信息",
    "providerCode": "140500-MZJ",
    "storageLevel": "CITY",
    "category": "BASIC",
    "grade": "IMPORTANT",
    "format": "DATABASE",
    "formatDetail": "mysql",
    "shareType": "CONDITIONAL",
    "shareCondition": "仅限依法履职核验使用",
    "shareScope": ["140500-RSJ"],
    "shareModes": ["API"],
    "openType": "NOT_OPEN",
    "openMode": "NONE",
    "updateCycle": "DAILY",
    "themeCodes": ["B01"],
    "databaseCode": POPULATION,
    "elements": [
        {"name": "公民身份号码", "code": "GMSFHM", "type": "STRING", "length": 18, "sensitivity": "SENSITIVE", "maskingRule": "ID_NUMBER"},
        {"name": "姓名", "code": "XM", "type": "STRING", "length": 50, "sensitivity": "SENSITIVE", "maskingRule": "NAME"},
        {"name": "居住地址", "code": "JZDZ", "type": "STRING", "length": 200},
    ],
}

SAVED = "item { id status version database { code name } }"
CREATE = f"mutation($i: CatalogItemInput!) {{ createDraft(input: {{item: $i}}) {{ {SAVED} }} }}"
UPDATE = (f"mutation($id: ID!, $v: Int!, $i: CatalogItemInput!, $r: String!) "
          f"{{ updateItem(input: {{id: $id, expectedVersion: $v, item: $i, reason: $r}}) {{ {SAVED} }} }}")
READ = "query($id: ID) { catalogItem(id: $id) { id version database { code } } }"
REFUSED = "人口基础库由晋城市公安局牵头编目"


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[httpx.AsyncClient]:
    async with demo_world(request.param, falkordb_engine, "databases", SETTINGS, clock=lambda: NOW) as ([client], _):
        yield client


def item(**changes: object) -> dict:
    data = copy.deepcopy(ITEM)
    data.update(changes)
    return data


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    return (await gql(http, query, headers, variables)).json()


def ok(body: dict, field: str) -> dict:
    assert "errors" not in body, body["errors"]
    return body["data"][field]


def refused(body: dict) -> dict:
    """The error of a save refused by 第十四条: BAD_USER_INPUT naming databaseCode, in Chinese with English."""
    assert body.get("errors"), body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "databaseCode", error
    assert REFUSED in error["message"] and "第十四条" in error["message"], error["message"]
    assert "only the lead department" in error["message"], error["message"]
    return error


def as_file(data: dict) -> bytes:
    return catalog_template.write_csv([CatalogItem.model_validate(data)])


async def test_the_demo_shows_each_database_with_its_leads_items_only(world) -> None:
    """The seeded demo: every database has items, all of them its lead department's; its
    contributing departments are listed as contributors and catalogue nothing into it."""
    databases = ok(await call(world, "{ databases { code name leadDepartmentCode contributorCodes } }", CLERK), "databases")
    query = """query($c: String!) { search(filter: {databaseCodes: [$c]}, first: 100) {
        totalCount edges { node { name providerCode database { code } } } } }"""
    for database in databases:
        found = ok(await call(world, query, CLERK, c=database["code"]), "search")
        providers = {edge["node"]["providerCode"] for edge in found["edges"]}
        assert found["totalCount"] >= 1 and found["totalCount"] == len(found["edges"]), database["name"]
        assert providers == {database["leadDepartmentCode"]}, (database["name"], providers)
        assert database["contributorCodes"] and not providers & set(database["contributorCodes"])


async def test_a_department_that_does_not_lead_the_database_cannot_create_into_it(world) -> None:
    error = refused(await call(world, CREATE, MZJ_OFFICER, i=item()))
    assert "晋城市民政局" in error["message"] and "流动人口居住登记信息" in error["message"]
    # nothing saved: the same item without the database is a new draft, not a duplicate
    saved = ok(await call(world, CREATE, MZJ_OFFICER, i=item(databaseCode=None, category="DEPARTMENTAL")), "createDraft")
    assert saved["item"]["version"] == 1 and saved["item"]["database"] is None


async def test_a_department_that_does_not_lead_the_database_cannot_move_an_item_into_it(world) -> None:
    draft = ok(await call(world, CREATE, MZJ_OFFICER, i=item(name="流动人口居住证信息", databaseCode=None,
                                                             category="DEPARTMENTAL")), "createDraft")["item"]
    refused(await call(world, UPDATE, MZJ_OFFICER, id=draft["id"], v=1, i=item(name="流动人口居住证信息"), r=""))
    # a published item of the department (婚姻登记信息, a contributor's item: in no database) neither
    marriage = stable_item_id("140500-MZJ", "婚姻登记信息")
    published = ok(await call(world, READ, MZJ_OFFICER, id=marriage), "catalogItem")
    assert published["database"] is None
    current = next(i for i in demo.demo_items() if i.provider_code == "140500-MZJ" and i.name == "婚姻登记信息")
    moved = current.model_copy(update={"database_code": POPULATION}).to_graph()
    moved.pop("publishedOn", None)
    refused(await call(world, UPDATE, MZJ_OFFICER, id=marriage, v=published["version"], i=moved, r="编入人口基础库"))
    for identifier, version in ((draft["id"], 1), (marriage, published["version"])):
        after = ok(await call(world, READ, MZJ_OFFICER, id=identifier), "catalogItem")
        assert after["version"] == version and after["database"] is None


async def test_a_department_that_does_not_lead_the_database_cannot_import_into_it(world) -> None:
    response = await world.post("/catalog/import", params={"filename": "民政局目录.csv"},
                                content=as_file(item(name="流动人口服务台账信息")), headers=MZJ_OFFICER)
    assert response.status_code == 422, response.text
    refused(response.json())
    identifier = stable_item_id("140500-MZJ", "流动人口服务台账信息")
    assert ok(await call(world, READ, MZJ_OFFICER, id=identifier), "catalogItem") is None


async def test_the_lead_department_catalogues_into_its_database(world) -> None:
    gaj = item(providerCode="140500-GAJ", name="流动人口居住证签发信息", shareScope=["140500-MZJ"])
    saved = ok(await call(world, CREATE, GAJ_OFFICER, i=gaj), "createDraft")["item"]
    assert saved["database"] == {"code": POPULATION, "name": "人口基础库"}
    updated = ok(await call(world, UPDATE, GAJ_OFFICER, id=saved["id"], v=1,
                            i={**gaj, "summary": "流动人口居住证签发、换领信息"}, r=""), "updateItem")["item"]
    assert updated["version"] == 2 and updated["database"]["code"] == POPULATION
    imported = gaj | {"name": "流动人口居住证注销信息"}
    response = await world.post("/catalog/import", params={"filename": "公安局目录.csv"}, content=as_file(imported),
                                headers=GAJ_OFFICER)
    assert response.status_code == 200 and response.json()["saved"] == 1, response.text
    read = ok(await call(world, READ, GAJ_OFFICER, id=stable_item_id("140500-GAJ", "流动人口居住证注销信息")), "catalogItem")
    assert read["database"] == {"code": POPULATION}


async def test_the_statements_refuse_it_too_whatever_the_service_believes(world, monkeypatch) -> None:
    """The save's own WHERE guards the rule: with the service's reference facts saying 市民政局 leads
    人口基础库 (as a stale snapshot might), create, update and import still place nothing in it,
    and a refused create or update says why from the graph as it is."""
    real = lifecycle.database_by_code

    async def stale(ctx, code: str, fresh: bool = False) -> DatabaseRecord | None:
        found = await real(ctx, code, fresh=fresh)
        if fresh or found is None:
            return found
        return DatabaseRecord(code=found.code, name=found.name, kind=found.kind, description=found.description,
                              lead_department_code="140500-MZJ", contributor_codes=found.contributor_codes)

    draft = ok(await call(world, CREATE, MZJ_OFFICER, i=item(name="流动人口积分落户信息", databaseCode=None,
                                                             category="DEPARTMENTAL")), "createDraft")["item"]
    monkeypatch.setattr(lifecycle, "database_by_code", stale)
    refused(await call(world, CREATE, MZJ_OFFICER, i=item(name="流动人口子女入学信息")))
    refused(await call(world, UPDATE, MZJ_OFFICER, id=draft["id"], v=1, i=item(name="流动人口积分落户信息"), r=""))
    response = await world.post("/catalog/import", params={"filename": "民政局目录.csv"},
                                content=as_file(item(name="流动人口就业登记信息")), headers=MZJ_OFFICER)
    assert response.json()["saved"] == 0, response.text
    monkeypatch.undo()
    # nothing saved: the created item is not there to be a duplicate, the imported one not at all
    again = ok(await call(world, CREATE, MZJ_OFFICER, i=item(name="流动人口子女入学信息", databaseCode=None,
                                                             category="DEPARTMENTAL")), "createDraft")
    assert again["item"]["version"] == 1
    assert ok(await call(world, READ, MZJ_OFFICER, id=stable_item_id("140500-MZJ", "流动人口就业登记信息")),
              "catalogItem") is None
    after = ok(await call(world, READ, MZJ_OFFICER, id=draft["id"]), "catalogItem")
    assert after["version"] == 1 and after["database"] is None
