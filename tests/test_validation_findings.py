"""Issue 12, point 10: validation reports every problem at once, each naming its GraphQL field in
Chinese with English in brackets (第十一条: complete and accurate catalog entries); status
labels are not doubled into messages; the shipped template imports cleanly for the one demo
department its examples belong to.

The testers' findings, one test each (or more): on save (createDraft, updateItem), on submit and
on import every problem came one per round trip; some messages were pydantic's English ("String
should have at least 4 characters"); some fields were named in snake_case (``share_modes``) or
as pydantic's dotted path (``elements.0.code``) or only by their last name (``code``); an
import over a published item read “已已发布”; the shipped template held examples of two
departments, taken from the demo catalog, so no officer could import it. The domain's tests run
without a graph; the API's through the real ASGI app with real tokens, on both engines.
"""

from __future__ import annotations

import copy
import re
from collections.abc import AsyncIterator
from datetime import datetime, timezone

import httpx
import pytest
from pydantic import ValidationError

from graph.embedded import EmbeddedFalkorDB
from seed import demo
from seed.load import LoadReport, Reference, item_id, load_items
from seed.templates import make_template
from server.auth import Role
from server.domain import catalog_template as ct
from server.domain.coding import stable_item_id
from server.domain.models import CatalogItem, field_errors
from server.domain.values import ItemStatus, OpenMode, OpenType, ShareMode, ShareType, UpdateCycle
from tests.helpers import ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings()
OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
CONSUMER = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="mzj-clerk")
TEMPLATE_OFFICER = auth(SETTINGS, make_template.EXAMPLE_DEPARTMENT, Role.DEPT_DATA_OFFICER, user="ybj-officer")
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_IN_BRACKETS = re.compile(r"\([A-Za-z≥≤<>0-9][^)]*\)")
PYDANTIC_ENGLISH = ("String should", "Input should", "List should", "Field required", "Value error", "Extra inputs")

ITEM = {
    "name": "临时救助对象信息（校验）",
    "summary": "本市临时救助对象的救助类型、金额和发放时间",
    "providerCode": "140500-MZJ",
    "storageLevel": "CITY",
    "category": "DEPARTMENTAL",
    "grade": "GENERAL",  # 第三十五条: an IMPORTANT item is not shared unconditionally
    "format": "DATABASE",
    "formatDetail": "mysql",
    "shareType": "UNCONDITIONAL",
    "shareModes": ["API"],
    "openType": "NOT_OPEN",
    "openMode": "NONE",
    "updateCycle": "MONTHLY",
    "themeCodes": [],
    "elements": [
        {"name": "公民身份号码", "code": "GMSFHM", "type": "STRING", "length": 18},
        {"name": "姓名", "code": "XM", "type": "STRING", "length": 50},
        {"name": "救助金额", "code": "JZJE", "type": "DECIMAL", "length": 12},
    ],
}
# Four rules between fields broken at once (第十七条, 第二十三条, 第二十四条), with valid fields.
RULES_BROKEN = {"shareType": "NOT_SHARED", "legalBasis": "", "openType": "UNCONDITIONAL", "openMode": "DOWNLOAD",
                "updateCycle": "OTHER", "updateCycleNote": "", "shareModes": ["FILE"]}


def item(**changes: object) -> dict:
    data = copy.deepcopy(ITEM)
    data.update(changes)
    return data


def assert_clerk_message(message: str) -> None:
    """Chinese, with English in brackets, and nothing of pydantic's own English."""
    assert CJK.search(message), message
    assert ENGLISH_IN_BRACKETS.search(message), message
    assert not any(words in message for words in PYDANTIC_ENGLISH), message


def problems_of(data: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        CatalogItem.model_validate(data)
    problems = field_errors(caught.value)
    return {problem.field: problem.message for problem in problems}


# ---- the domain: every problem at once, Chinese messages, GraphQL field names ------------------------


def test_every_rule_between_fields_is_reported_at_once() -> None:
    """Before: the model's after-validator raised on the first broken rule (legalBasis only)."""
    found = problems_of(item(**RULES_BROKEN))
    assert set(found) == {"legalBasis", "openType", "updateCycleNote"}, found
    found = problems_of(item(shareType="CONDITIONAL", shareCondition="", openType="UNCONDITIONAL",
                             openMode="NONE", updateCycle="REALTIME", shareModes=["FILE"]))
    assert set(found) == {"shareCondition", "shareScope", "openType", "openMode", "shareModes"}, found
    for message in found.values():
        assert re.search(r"第[一二三四五六七八九十]+条", message), message  # the article it comes from


def test_a_bad_field_does_not_hide_the_rules() -> None:
    """Before: a field that failed on its own stopped the rules between fields from being judged."""
    found = problems_of(item(name="  ", summary="x" * 2001, **RULES_BROKEN))
    assert {"name", "summary", "legalBasis", "openType", "updateCycleNote"} <= set(found), found
    # A rule that needs a bad field is not judged: its field's own problem stands for it.
    found = problems_of(item(shareType="SOMETIMES", legalBasis="", openType="UNCONDITIONAL", openMode="DOWNLOAD"))
    assert set(found) == {"shareType"}, found


def test_every_element_problem_is_reported_with_its_path() -> None:
    elements = [
        {"name": "公民身份号码", "code": "GMSFHM", "type": "STRING", "withheld": True, "verifyOnly": True},
        {"name": "姓名", "code": "1XM", "type": "STRING", "length": -1},
        {"name": "公民身份号码", "code": "gmsfhm", "type": "STRING"},
    ]
    found = problems_of(item(elements=elements))
    assert set(found) == {
        "elements[0].withheld", "elements[0].verifyOnly", "elements[1].code", "elements[1].length",
        "elements[2].name", "elements[2].code",
    }, found


@pytest.mark.parametrize("changes", [
    {"name": "  "},                                          # string_too_short
    {"summary": "长" * 2001},                                # string_too_long
    {"providerCode": "民政局"},                              # string_pattern_mismatch
    {"shareModes": []},                                      # too_short
    {"shareType": "SOMETIMES"},                              # enum
    {"publishedOn": "下个月"},                                # date
    {"elements": [{"name": "姓名", "code": "XM", "type": "STRING", "length": "五十"}]},  # int_parsing
    {"elements": [{"name": "姓名", "code": "XM", "type": "STRING", "length": -1}]},      # greater_than_equal
    {"elements": [{"name": "姓名", "code": "XM", "type": "STRING", "verifyOnly": "也许"}]},  # bool_parsing
    {"elements": [{"name": "姓名", "type": "STRING"}]},      # missing
    {"shareScope": "140500-RSJ"},                            # list_type
    {"colour": "红"},                                        # extra_forbidden
    {"name": "待定"},                                        # a validator's own message
    RULES_BROKEN,                                            # the rules between fields
])
def test_every_message_is_chinese_with_english_in_brackets(changes: dict) -> None:
    """Before: pydantic's English came through as it was ("String should have at least 1 character")."""
    found = problems_of(item(**changes))
    assert found
    for message in found.values():
        assert_clerk_message(message)


def test_fields_are_named_by_their_graphql_path_whatever_the_input_used() -> None:
    """strawberry hands the model Python names: the problems still name the GraphQL fields."""
    data = {"share_modes": [], "provider_code": "民政局",
            "elements": [{"name": "姓名", "code": "1XM", "type": "STRING", "verify_only": "也许"}]}
    data.update({key: value for key, value in ITEM.items() if key not in ("shareModes", "providerCode", "elements")})
    found = problems_of(data)
    assert set(found) == {"shareModes", "providerCode", "elements[0].code", "elements[0].verifyOnly"}, found
    assert found["shareModes"].startswith("共享方式")  # the field's Chinese name leads its message
    assert found["elements[0].code"].startswith("数据项编码")


def test_a_file_reports_every_rule_a_row_breaks() -> None:
    """Before: an import listed the first broken rule of each item row, the next on the next upload."""
    good = CatalogItem.model_validate(item())
    bad = good.model_copy(update={
        "name": "救助资金发放信息", "share_type": ShareType.NOT_SHARED, "legal_basis": "",
        "open_type": OpenType.UNCONDITIONAL, "open_mode": OpenMode.DOWNLOAD, "update_cycle": UpdateCycle.REALTIME,
        "share_modes": [ShareMode.FILE],
    })
    result = ct.parse_csv(ct.write_csv([good, bad]))
    cells = {(error.sheet, error.row, error.column) for error in result.errors}
    row = 2 + 1 + len(good.elements)  # header, the good item and its elements, then the bad item's row
    assert cells == {(ct.ITEM_SHEET, row, column) for column in ("不予共享依据", "开放属性", "共享方式")}, result.errors
    for error in result.errors:
        assert_clerk_message(error.message)


# ---- the API, on both engines -----------------------------------------------------------------------

CREATE = "mutation($i: CatalogItemInput!) { createDraft(input: {item: $i}) { item { id version status } } }"
UPDATE = ("mutation($id: ID!, $v: Int!, $i: CatalogItemInput!, $r: String!) { updateItem(input: "
          "{id: $id, expectedVersion: $v, item: $i, reason: $r}) { item { id version } } }")
SUBMIT = "mutation($id: ID!, $v: Int!) { submitItem(input: {id: $id, expectedVersion: $v}) { item { status version } } }"
READ = "query($id: ID) { catalogItem(id: $id) { status version name } }"
APPLY = "mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { id } } }"


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple]:
    async with demo_world(request.param, falkordb_engine, "validation", SETTINGS, clock=lambda: NOW) as ([client], store):
        yield client, store


@pytest.fixture
def http(world) -> httpx.AsyncClient:
    return world[0]


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    response = await gql(http, query, headers, variables)
    assert response.status_code == 200, response.text
    return response.json()


def ok(body: dict, field: str) -> dict:
    assert not body.get("errors"), body["errors"]
    return body["data"][field]


def refused(body: dict) -> tuple[str, dict[str, str]]:
    """The BAD_USER_INPUT error's message and its problems (field → message); nothing was produced."""
    assert body.get("errors") and not any((body.get("data") or {}).values()), body
    [error] = body["errors"]
    extensions = error["extensions"]
    assert extensions["code"] == "BAD_USER_INPUT", error
    problems = {problem["field"]: problem["message"] for problem in extensions["problems"]}
    assert len(problems) == len(extensions["problems"]), extensions["problems"]  # one problem per field here
    assert extensions["field"] == extensions["problems"][0]["field"]
    for message in [error["message"], *problems.values()]:
        assert_clerk_message(message)
    for field in problems:
        assert "_" not in field and not re.search(r"\.\d", field), field  # camelCase, indices in brackets
    return error["message"], problems


async def test_create_draft_reports_every_problem_at_once(http) -> None:
    """Before: strawberry built the elements first and the first bad one was the only answer
    (field `code`); the item's own fields, its rules and its themes came in later round trips."""
    elements = [ITEM["elements"][0], {"name": "姓名", "code": "1XM", "type": "STRING"},
                {"name": "公民身份号码", "code": "SFHM2", "type": "STRING"}]
    body = await call(http, CREATE, OFFICER, i=item(name="  ", themeCodes=["NOPE"], elements=elements, **RULES_BROKEN))
    message, problems = refused(body)
    assert set(problems) == {"name", "legalBasis", "openType", "updateCycleNote", "themeCodes",
                             "elements[1].code", "elements[2].name"}, problems
    assert "7" in message and "第十一条" in message  # how many, and why every one matters
    assert problems["name"] == "数据资源名称不能为空 (must not be empty)"
    assert "主题 NOPE 不存在" in problems["themeCodes"]


async def test_update_item_reports_every_problem_at_once(http) -> None:
    """Before: a changed provider was refused alone; the content's problems came one save later."""
    saved = ok(await call(http, CREATE, OFFICER, i=item(name="救助对象核对信息（校验）")), "createDraft")["item"]
    body = await call(http, UPDATE, OFFICER, id=saved["id"], v=saved["version"], r="",
                      i=item(name="救助对象核对信息（校验）", providerCode="140500-RSJ", databaseCode="NOPE",
                             shareType="NOT_SHARED", legalBasis=""))
    _, problems = refused(body)
    assert set(problems) == {"providerCode", "legalBasis", "databaseCode"}, problems
    assert ok(await call(http, READ, OFFICER, id=saved["id"]), "catalogItem")["version"] == saved["version"]


async def test_submit_reports_every_problem_of_a_draft_saved_under_earlier_rules(world) -> None:
    """A draft written without today's rules (a bulk load of an older catalog) is not passed on for
    review: submit validates it whole and names every problem. Before: it went to review as it was."""
    http, store = world
    good = CatalogItem.model_validate(item(name="历年救助台账（迁移）"))
    legacy = good.model_copy(update={
        "share_type": ShareType.NOT_SHARED, "legal_basis": "", "open_type": OpenType.UNCONDITIONAL,
        "open_mode": OpenMode.DOWNLOAD, "update_cycle": UpdateCycle.REALTIME, "share_modes": [ShareMode.FILE],
    })
    reference = Reference.of(demo.demo_regions(), demo.demo_departments(), demo.demo_themes(), demo.demo_databases())
    await load_items(store, [legacy], reference, LoadReport(), status=ItemStatus.DRAFT)
    identifier = item_id("140500-MZJ", legacy.name)
    draft = ok(await call(http, READ, OFFICER, id=identifier), "catalogItem")
    assert draft["status"] == "DRAFT"
    _, problems = refused(await call(http, SUBMIT, OFFICER, id=identifier, v=draft["version"]))
    assert set(problems) == {"legalBasis", "openType", "shareModes"}, problems
    assert ok(await call(http, READ, OFFICER, id=identifier), "catalogItem")["status"] == "DRAFT"


async def test_an_application_speaks_chinese_and_names_every_field(http) -> None:
    """The testers' "String should have at least 4 characters" came from here."""
    death = item_id("140500-GAJ", "死亡注销户口信息")
    body = await call(http, APPLY, CONSUMER, input={"itemId": death, "elementCodes": ["xm"], "purpose": "核对",
                                                    "scenario": "年审", "until": "2026-12-31"})
    _, problems = refused(body)
    assert problems == {"purpose": "数据使用用途至少 4 个字符 (at least 4 characters)",
                        "scenario": "使用场景至少 4 个字符 (at least 4 characters)"}, problems


MIXED_GOOD = "救助资金发放信息（导入校验）"


def _mixed_file() -> bytes:
    """A file with every kind of problem at once: a row breaking two rules, a bad cell, and an item
    of a department the officer does not compile for."""
    good = CatalogItem.model_validate(item(name=MIXED_GOOD))
    two_rules = good.model_copy(update={"name": "救助对象退出信息（导入校验）", "share_type": ShareType.NOT_SHARED,
                                        "legal_basis": "", "open_type": OpenType.UNCONDITIONAL,
                                        "open_mode": OpenMode.DOWNLOAD})
    foreign = good.model_copy(update={"name": "就业困难人员信息（导入校验）", "provider_code": "140500-RSJ"})
    text = ct.write_csv([good, two_rules, foreign]).decode("utf-8-sig")
    return text.replace(",字符型,50,", ",字符型,五十,", 1).encode("utf-8-sig")  # 姓名's 长度 of the first item


async def test_an_import_reports_every_problem_at_once(http) -> None:
    """Before: the first broken rule of a row, and the graph's problems (another department's item)
    only once every cell was right: three uploads for three problems."""
    response = await http.post("/catalog/import", params={"filename": "校验.csv"}, content=_mixed_file(), headers=OFFICER)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert any("「长度」" in error for error in errors), errors
    assert any("「不予共享依据」" in error for error in errors), errors
    assert any("「开放属性」" in error for error in errors), errors
    assert any(error.startswith("提供部门编码 140500-RSJ") for error in errors), errors
    for error in errors:
        assert_clerk_message(error)
    assert response.json()["saved"] == 0
    assert ok(await call(http, READ, OFFICER, id=stable_item_id("140500-MZJ", MIXED_GOOD)), "catalogItem") is None


async def test_an_import_over_an_item_names_its_status_once(http) -> None:
    """Before: “已{label}” read “已已发布” and “已待审核”."""
    published = next(i for i in demo.demo_items() if i.provider_code == "140500-MZJ")
    new = CatalogItem.model_validate(item(name="临时救助审批信息（状态）"))
    assert (await http.post("/catalog/import", params={"filename": "a.csv"}, content=ct.write_csv([new]),
                            headers=OFFICER)).status_code == 200
    identifier = stable_item_id("140500-MZJ", new.name)
    version = ok(await call(http, READ, OFFICER, id=identifier), "catalogItem")["version"]
    ok(await call(http, SUBMIT, OFFICER, id=identifier, v=version), "submitItem")
    response = await http.post("/catalog/import", params={"filename": "b.csv"}, content=ct.write_csv([published, new]),
                               headers=OFFICER)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert any("“已发布”" in error for error in errors) and any("“待审核”" in error for error in errors), errors
    assert not any("已已" in error or "已待" in error or "已草稿" in error for error in errors), errors


async def test_the_shipped_template_imports_cleanly_for_its_department(http) -> None:
    """Both forms of the shipped template, as they are, by the data officer of the department the
    examples belong to: every row accepted. Before: its examples were of two departments and in the
    demo catalog already (published), so every officer's import was refused."""
    xlsx = make_template.TEMPLATE_PATH.read_bytes()
    response = await http.post("/catalog/import", params={"filename": "目录导入模板.xlsx"}, content=xlsx,
                               headers=TEMPLATE_OFFICER)
    assert response.status_code == 200, response.text
    examples = len(make_template.EXAMPLES)
    assert response.json() == {"items": examples, "saved": examples, "unchanged": 0, "errors": []}
    csv = make_template.CSV_TEMPLATE_PATH.read_bytes()
    response = await http.post("/catalog/import", params={"filename": "目录导入模板.csv"}, content=csv,
                               headers=TEMPLATE_OFFICER)
    assert response.json() == {"items": examples, "saved": 0, "unchanged": examples, "errors": []}, response.text
    for provider, name in make_template.EXAMPLES:
        saved = ok(await call(http, READ, TEMPLATE_OFFICER, id=stable_item_id(provider, name)), "catalogItem")
        assert saved == {"status": "DRAFT", "version": 1, "name": name}
    # Meant for that department: another department's officer may not import its items.
    other = await http.post("/catalog/import", params={"filename": "目录导入模板.xlsx"}, content=xlsx, headers=OFFICER)
    assert other.status_code == 422 and all(make_template.EXAMPLE_DEPARTMENT in e for e in other.json()["errors"])
