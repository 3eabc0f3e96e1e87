"""Spreadsheet import and export, and DCAT, through the real server (第九条, 第二十一条)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from seed import demo
from server.auth import Role
from server.domain import catalog_template
from server.domain.models import CatalogItem
from tests.helpers import ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings()
OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
OTHER_OFFICER = auth(SETTINGS, "140500-RSJ", Role.DEPT_DATA_OFFICER, user="rsj-officer")
CLERK = auth(SETTINGS, "140500-JYJ", Role.DEPT_USER, user="clerk")
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
COUNT = '{ departmentItems(departmentCode: "140500-MZJ") { totalCount } }'


@pytest.fixture(scope="module", params=ENGINES)
async def http(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[httpx.AsyncClient]:
    async with demo_world(request.param, falkordb_engine, "files", SETTINGS, clock=lambda: NOW) as ([client], _):
        yield client


def normalised(item: CatalogItem) -> dict:
    data = item.to_graph()
    data["shareScope"] = sorted(data["shareScope"])
    data["themeCodes"] = sorted(data["themeCodes"])
    return data


async def test_export_round_trip_is_lossless(http) -> None:
    for fmt in ("xlsx", "csv"):
        response = await http.get("/catalog/export", params={"department": "140500-MZJ", "format": fmt}, headers=CLERK)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(catalog_template.MEDIA_TYPES["." + fmt].split(";")[0])
        parsed = catalog_template.parse(f"x.{fmt}", response.content)
        assert parsed.ok, parsed.errors[:3]
        expected = sorted((normalised(i) for i in demo.demo_items() if i.provider_code == "140500-MZJ"), key=lambda d: d["name"])
        assert sorted((normalised(i) for i in parsed.items), key=lambda d: d["name"]) == expected


def _new_items() -> list[CatalogItem]:
    template = next(i for i in demo.demo_items() if i.provider_code == "140500-MZJ" and i.share_type.value == "UNCONDITIONAL")
    return [
        template.model_copy(update={"name": f"{template.name}（{suffix}）", "published_on": None, "elements": list(template.elements)})
        for suffix in ("城区试点", "泽州县试点")
    ]


async def test_import_creates_drafts_once(http) -> None:
    data = catalog_template.write_xlsx(_new_items())
    before = (await gql(http, COUNT, OFFICER)).json()["data"]["departmentItems"]["totalCount"]
    first = await http.post("/catalog/import", params={"filename": "民政局目录.xlsx"}, content=data, headers=OFFICER)
    assert first.status_code == 200, first.text
    assert first.json() == {"items": 2, "saved": 2, "unchanged": 0, "errors": []}
    again = await http.post("/catalog/import", params={"filename": "民政局目录.xlsx"}, content=data, headers=OFFICER)
    assert again.json() == {"items": 2, "saved": 0, "unchanged": 2, "errors": []}
    # Drafts: not published, so the published count is unchanged; the officer sees them.
    assert (await gql(http, COUNT, OFFICER)).json()["data"]["departmentItems"]["totalCount"] == before
    from server.domain.coding import stable_item_id

    draft = (await gql(http, "query($i: ID) { catalogItem(id: $i) { status elementCount shareScope { code } } }", OFFICER,
                       {"i": stable_item_id("140500-MZJ", _new_items()[0].name)})).json()["data"]["catalogItem"]
    assert draft["status"] == "DRAFT" and draft["elementCount"] == len(_new_items()[0].elements)


async def test_a_bad_file_changes_nothing(http) -> None:
    good = catalog_template.write_csv(_new_items()[:1]).decode("utf-8-sig")
    lines = good.splitlines()
    header = lines[0].split(",")
    column = header.index("共享属性")
    broken_row = lines[1].split(",")
    broken_row[column] = "看情况共享"
    bad = "\n".join([lines[0], ",".join(broken_row), *lines[2:]]).encode("utf-8-sig")
    response = await http.post("/catalog/import", params={"filename": "bad.csv"}, content=bad, headers=OFFICER)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any("共享属性" in error and "第2行" in error for error in errors), errors
    assert response.json()["saved"] == 0


async def test_import_respects_departments_and_published_items(http) -> None:
    data = catalog_template.write_xlsx(_new_items())
    response = await http.post("/catalog/import", params={"filename": "x.xlsx"}, content=data, headers=OTHER_OFFICER)
    assert response.status_code == 422 and "140500-MZJ" in response.json()["errors"][0]
    published = [i for i in demo.demo_items() if i.provider_code == "140500-MZJ"][:1]
    response = await http.post("/catalog/import", params={"filename": "x.xlsx"}, content=catalog_template.write_xlsx(published), headers=OFFICER)
    assert response.status_code == 422 and "已发布" in response.json()["errors"][0]
    assert (await http.post("/catalog/import", params={"filename": "x.xlsx"}, content=data)).status_code == 401


async def test_dcat_export(http) -> None:
    response = await http.get("/catalog/dcat", params={"department": "140500-GAJ"}, headers=CLERK)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
    catalog = response.json()
    assert "@context" in catalog
    datasets = catalog.get("dcat:dataset") or catalog.get("dataset")
    expected = [i for i in demo.demo_items() if i.provider_code == "140500-GAJ"]
    assert len(datasets) == len(expected)


async def test_from_spreadsheet_to_published_items(http) -> None:
    """The whole path a department takes: its spreadsheet, drafts, review, published and found."""
    from server.domain.coding import stable_item_id

    template = next(i for i in demo.demo_items() if i.provider_code == "140500-MZJ" and i.share_type.value == "CONDITIONAL")
    item = template.model_copy(update={"name": "困难群众帮扶台账信息", "published_on": None, "elements": list(template.elements)})
    response = await http.post("/catalog/import", params={"filename": "帮扶.csv"}, content=catalog_template.write_csv([item]), headers=OFFICER)
    assert response.json()["saved"] == 1
    identifier = stable_item_id("140500-MZJ", "困难群众帮扶台账信息")
    authority = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="reviewer")
    version = (await gql(http, "query($i: ID) { catalogItem(id: $i) { version } }", OFFICER, {"i": identifier})).json()["data"]["catalogItem"]["version"]
    submitted = await gql(http, "mutation($i: ID!, $v: Int!) { submitItem(input: {id: $i, expectedVersion: $v}) { item { status } } }",
                          OFFICER, {"i": identifier, "v": version})
    assert submitted.json()["data"]["submitItem"]["item"]["status"] == "SUBMITTED"
    published = await gql(http, "mutation($i: ID!) { reviewItem(input: {id: $i, accept: true}) { item { status code } } }", authority,
                          {"i": identifier})
    assert published.json()["data"]["reviewItem"]["item"]["status"] == "PUBLISHED"
    found = await gql(http, '{ search(text: "帮扶台账", first: 3) { edges { node { id code } } } }', CLERK)
    assert found.json()["data"]["search"]["edges"][0]["node"]["id"] == identifier
    # 第二十七条: found in every browse column — 部门资源, 政务主题 and 省市级联 (an imported item once lacked its level)
    assert item.theme_codes, "the template item has themes"
    columns = {
        "departmentItems": f'departmentItems(departmentCode: "140500-MZJ", text: "帮扶台账")',
        "themeItems": f'themeItems(themeCode: "{item.theme_codes[0]}", text: "帮扶台账")',
        "cascadeItems": 'cascadeItems(level: CITY, text: "帮扶台账")',
    }
    for column, selection in columns.items():
        body = (await gql(http, f"{{ {selection} {{ edges {{ node {{ id }} }} }} }}", CLERK)).json()
        assert identifier in [edge["node"]["id"] for edge in body["data"][column]["edges"]], (column, body)
    again = await http.post("/catalog/import", params={"filename": "帮扶.csv"}, content=catalog_template.write_csv([item]), headers=OFFICER)
    assert again.status_code == 422 and "已发布" in again.json()["errors"][0]
