"""Compile, review and code, publish and update through GraphQL (第九条 to 第十八条), each role with
its own token, on a fresh graph with the demo catalog."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from datetime import datetime, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from server.auth import Role
from tests.helpers import ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings()
OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
OTHER_OFFICER = auth(SETTINGS, "140500-RSJ", Role.DEPT_DATA_OFFICER, user="rsj-officer")
CLERK = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="mzj-clerk")
OUTSIDER = auth(SETTINGS, "140500-JYJ", Role.DEPT_USER, user="jyj-clerk")
AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-reviewer")
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)

ITEM = {
    "name": "临时救助对象信息",
    "summary": "本市临时救助对象的救助类型、金额和发放时间",
    "providerCode": "140500-MZJ",
    "storageLevel": "CITY",
    "category": "DEPARTMENTAL",
    "grade": "IMPORTANT",
    "format": "DATABASE",
    "formatDetail": "mysql",
    "shareType": "CONDITIONAL",
    "shareCondition": "仅限社会救助相关部门核对救助对象",
    "shareScope": ["140500-RSJ", "140500-YBJ"],
    "shareModes": ["API"],
    "openType": "NOT_OPEN",
    "openMode": "NONE",
    "updateCycle": "MONTHLY",
    "themeCodes": [],
    "elements": [
        {"name": "公民身份号码", "code": "GMSFHM", "type": "STRING", "length": 18, "sensitivity": "SENSITIVE", "maskingRule": "ID_NUMBER"},
        {"name": "姓名", "code": "XM", "type": "STRING", "length": 50, "sensitivity": "SENSITIVE", "maskingRule": "NAME"},
        {"name": "救助金额", "code": "JZJE", "type": "DECIMAL", "length": 12},
    ],
}

SAVED = "item { id code status version name summary shareScope { code } } sourceHints { elementName sourceItemName providerCode }"
CREATE = f"mutation($i: CatalogItemInput!) {{ createDraft(input: {{item: $i}}) {{ {SAVED} }} }}"
UPDATE = f"mutation($id: ID!, $v: Int!, $i: CatalogItemInput!, $r: String!) {{ updateItem(input: {{id: $id, expectedVersion: $v, item: $i, reason: $r}}) {{ {SAVED} }} }}"
SUBMIT = "mutation($id: ID!, $v: Int!) { submitItem(input: {id: $id, expectedVersion: $v}) { item { status version } } }"
REVIEW = "mutation($id: ID!, $a: Boolean!, $c: String!) { reviewItem(input: {id: $id, accept: $a, comment: $c}) { item { status code reviewComment publishedOn } } }"
READ = "query($id: ID) { catalogItem(id: $id) { name status } }"


@pytest.fixture(scope="module", params=ENGINES)
async def http(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[httpx.AsyncClient]:
    async with demo_world(request.param, falkordb_engine, "lifecycle", SETTINGS, clock=lambda: NOW) as ([client], _):
        yield client


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    return (await gql(http, query, headers, variables)).json()


def ok(body: dict, field: str) -> dict:
    assert "errors" not in body, body["errors"]
    return body["data"][field]


def failure(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]


def item(**changes: object) -> dict:
    data = copy.deepcopy(ITEM)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"shareCondition": "", "shareScope": []}, "shareCondition"),
        ({"shareType": "NOT_SHARED", "shareScope": []}, "legalBasis"),
        ({"updateCycle": "REALTIME", "shareModes": ["FILE"]}, "shareModes"),
        ({"name": "待定"}, "name"),
        ({"elements": []}, "elements"),
        ({"elements": [ITEM["elements"][0], {**ITEM["elements"][1], "name": "公民身份号码"}]}, "elements[1].name"),
        ({"shareScope": ["140500-NOPE"]}, "shareScope"),
    ],
)
async def test_validation_names_the_field_and_saves_nothing(http, changes: dict, field: str) -> None:
    before = ok(await call(http, "{ departmentItems(departmentCode: \"140500-MZJ\") { totalCount } }", AUTHORITY), "departmentItems")
    extensions = failure(await call(http, CREATE, OFFICER, i=item(**changes)))
    assert extensions["code"] == "BAD_USER_INPUT" and extensions["field"] == field, extensions
    after = ok(await call(http, "{ departmentItems(departmentCode: \"140500-MZJ\") { totalCount } }", AUTHORITY), "departmentItems")
    assert before == after


async def test_only_the_departments_data_officer_compiles(http) -> None:
    assert failure(await call(http, CREATE, CLERK, i=item()))["code"] == "FORBIDDEN"
    assert failure(await call(http, CREATE, OTHER_OFFICER, i=item()))["code"] == "FORBIDDEN"


async def test_twenty_identical_drafts_make_one(http) -> None:
    """A duplicate is an item of the same provider and name that is not withdrawn: of 20 identical
    creates exactly one saves, the others get CONFLICT."""
    bodies = await asyncio.gather(*(call(http, CREATE, OFFICER, i=item(name="临时救助对象信息（并发编制）")) for _ in range(20)))
    assert sum(1 for body in bodies if "errors" not in body) == 1, bodies[:2]
    assert {failure(body)["code"] for body in bodies if "errors" in body} == {"CONFLICT"}


async def test_compile_review_publish_update(http) -> None:
    saved = ok(await call(http, CREATE, OFFICER, i=item()), "createDraft")
    draft = saved["item"]
    assert draft["status"] == "DRAFT" and draft["version"] == 1 and draft["code"] is None
    assert {code["code"] for code in draft["shareScope"]} == {"140500-RSJ", "140500-YBJ"}
    # 一数一源: 公民身份号码 has a recorded source at 市公安局; the system says so.
    assert any(h["elementName"] == "公民身份号码" and h["providerCode"] == "140500-GAJ" for h in saved["sourceHints"])

    # A draft is seen by its department's officer and the authority, nobody else.
    assert ok(await call(http, READ, AUTHORITY, id=draft["id"]), "catalogItem")["status"] == "DRAFT"
    assert ok(await call(http, READ, OUTSIDER, id=draft["id"]), "catalogItem") is None  # as if it did not exist

    # Two editors start from version 1: the second gets a conflict, the first's edit stands.
    first, second = await asyncio.gather(
        call(http, UPDATE, OFFICER, id=draft["id"], v=1, i=item(summary="本市临时救助对象的救助信息（修订一）"), r=""),
        call(http, UPDATE, OFFICER, id=draft["id"], v=1, i=item(summary="本市临时救助对象的救助信息（修订二）"), r=""),
    )
    results = sorted([("errors" in first), ("errors" in second)])
    assert results == [False, True]
    loser = first if "errors" in first else second
    assert failure(loser)["code"] == "CONFLICT"
    winner = ok(first if "errors" not in first else second, "updateItem")["item"]
    assert winner["version"] == 2

    assert failure(await call(http, SUBMIT, OFFICER, id=draft["id"], v=1))["code"] == "CONFLICT"
    assert ok(await call(http, SUBMIT, OFFICER, id=draft["id"], v=2), "submitItem")["item"]["status"] == "SUBMITTED"

    # another department's submitted draft does not exist for its officer; the provider's officer may not review
    assert failure(await call(http, REVIEW, OTHER_OFFICER, id=draft["id"], a=True, c=""))["code"] == "NOT_FOUND"
    assert failure(await call(http, REVIEW, OFFICER, id=draft["id"], a=True, c=""))["code"] == "FORBIDDEN"
    assert failure(await call(http, REVIEW, AUTHORITY, id=draft["id"], a=False, c=" "))["field"] == "comment"
    returned = ok(await call(http, REVIEW, AUTHORITY, id=draft["id"], a=False, c="共享条件请写明适用的业务事项"), "reviewItem")["item"]
    assert returned["status"] == "RETURNED" and returned["reviewComment"].startswith("共享条件")

    fixed = ok(await call(http, UPDATE, OFFICER, id=draft["id"], v=2,
                          i=item(shareCondition="仅限临时救助审核、医疗救助衔接业务核对救助对象"), r=""), "updateItem")["item"]
    ok(await call(http, SUBMIT, OFFICER, id=draft["id"], v=fixed["version"]), "submitItem")
    published = ok(await call(http, REVIEW, AUTHORITY, id=draft["id"], a=True, c="同意发布"), "reviewItem")["item"]
    assert published["status"] == "PUBLISHED" and published["publishedOn"] == "2026-03-02"
    assert published["code"].startswith("140500-MZJ/3")
    assert failure(await call(http, REVIEW, AUTHORITY, id=draft["id"], a=True, c=""))["code"] == "CONFLICT"

    # Codes are unique: the seeded catalog already used this department's sequence.
    seeded = ok(await call(http, "{ departmentItems(departmentCode: \"140500-MZJ\", first: 100) { edges { node { id code } } } }", AUTHORITY), "departmentItems")
    codes = [edge["node"]["code"] for edge in seeded["edges"]]
    assert published["code"] in codes and len(codes) == len(set(codes))

    # A published item is found by every department.
    found = ok(await call(http, '{ search(text: "临时救助", first: 5) { edges { node { id } } } }', OUTSIDER), "search")
    assert draft["id"] in [edge["node"]["id"] for edge in found["edges"]]
    # …and in the 省市级联 column of its provider's level (第二十七条): 市民政局 is a city department.
    cascade = '{ cascadeItems(level: CITY, regionCode: "140500", first: 100, sort: RECENTLY_UPDATED) { edges { node { id } } } }'
    assert draft["id"] in [edge["node"]["id"] for edge in ok(await call(http, cascade, OUTSIDER), "cascadeItems")["edges"]]

    # Changing a published item keeps the previous version, with who, when and why.
    version = fixed["version"]
    assert failure(await call(http, UPDATE, OFFICER, id=draft["id"], v=version, i=item(summary="新的摘要"), r=""))["field"] == "reason"
    proposed = ok(await call(http, UPDATE, OFFICER, id=draft["id"], v=version,
                             i=item(summary="本市临时救助对象及救助发放信息", shareCondition="仅限临时救助审核、医疗救助衔接业务核对救助对象"),
                             r="增加发放信息描述"), "updateItem")["item"]
    assert proposed["status"] == "PUBLISHED" and proposed["version"] == version  # 第十三条: the edit awaits review
    accept = "mutation($id: ID!) { reviewRevision(input: {itemId: $id, accept: true, comment: \"同意\"}) { item { status version } } }"
    changed = ok(await call(http, accept, AUTHORITY, id=draft["id"]), "reviewRevision")["item"]
    assert changed["status"] == "PUBLISHED" and changed["version"] == version + 1
    history = ok(await call(http, "query($id: ID!) { itemHistory(itemId: $id) { version status replacedBy reason } }", OFFICER, id=draft["id"]), "itemHistory")
    assert history[0] == {"version": version, "status": "PUBLISHED", "replacedBy": "mzj-officer", "reason": "增加发放信息描述"}
    diff = ok(await call(http, "query($id: ID!, $a: Int!, $b: Int!) { itemDiff(itemId: $id, fromVersion: $a, toVersion: $b) { field before after } }",
                         OFFICER, id=draft["id"], a=version, b=version + 1), "itemDiff")
    assert [change["field"] for change in diff] == ["summary"]
    assert "发放信息" in diff[0]["after"]


# ---- withdrawal, freshness, change events (第十二条, 第十八条, 第十九条) -----------------------------

from seed.load import item_id  # noqa: E402

ORGS = item_id("140500-MZJ", "社会组织登记信息")  # 无条件共享, updated daily
PLACES = item_id("140500-MZJ", "标准地名信息")  # updated yearly
ZEZHOU_HOUSEHOLDS = item_id("140525-GAJ", "重点场所治安检查信息")
ZEZHOU_OFFICER = auth(SETTINGS, "140525-GAJ", Role.DEPT_DATA_OFFICER, user="zz-officer")
ZEZHOU_AUTHORITY = auth(SETTINGS, "140525-DSJ", Role.AUTHORITY_ADMIN, user="zz-dsj")
WITHDRAW = "mutation($i: ID!, $r: String!) { requestWithdrawal(input: {itemId: $i, reason: $r}) { withdrawalRequest { id status } } }"
DECIDE = "mutation($id: ID!, $a: Boolean!, $c: String!) { decideWithdrawal(input: {id: $id, approve: $a, comment: $c}) { withdrawalRequest { status reportedToCityAt } } }"


async def test_withdrawal_needs_approval_and_stops_grants(http) -> None:
    consumer = auth(SETTINGS, "140500-JYJ", Role.DEPT_USER, user="jyj-clerk")
    request = ok(await call(http, "mutation($i: ApplyForAccessInput!) { applyForAccess(input: $i) { accessRequest { id } } }", consumer, i={
        "itemId": ORGS, "elementCodes": ["TYSHXYDM"], "purpose": "核验校外培训机构举办者", "scenario": "校外培训机构审批",
        "until": "2027-03-01"}), "applyForAccess")["accessRequest"]
    ok(await call(http, "mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true}) { accessRequest { status } } }", AUTHORITY, id=request["id"]), "reviewRequest")
    authorize = 'query($i: ID!) { authorize(itemId: $i, elementCodes: ["TYSHXYDM"]) { allowed reason } }'
    assert ok(await call(http, authorize, consumer, i=ORGS), "authorize")["allowed"]

    assert failure(await call(http, WITHDRAW, OFFICER, i=ORGS, r=" "))["field"] == "reason"
    requested = ok(await call(http, WITHDRAW, OFFICER, i=ORGS, r="该数据已并入省级统一平台发布"), "requestWithdrawal")
    assert requested["withdrawalRequest"]["status"] == "PENDING"
    withdrawal = requested["withdrawalRequest"]["id"]
    assert failure(await call(http, WITHDRAW, OFFICER, i=ORGS, r="重复申请"))["code"] == "CONFLICT"
    # Still published, still authorising, until the authority approves.
    assert ok(await call(http, READ, OUTSIDER, id=ORGS), "catalogItem")["status"] == "PUBLISHED"
    assert failure(await call(http, DECIDE, OFFICER, id=withdrawal, a=True, c=""))["code"] == "FORBIDDEN"
    other = auth(SETTINGS, "140500-WJW", Role.DEPT_USER, user="wjw-clerk")
    pending = ok(await call(http, "mutation($i: ApplyForAccessInput!) { applyForAccess(input: $i) { accessRequest { id } } }", other, i={
        "itemId": ORGS, "elementCodes": ["TYSHXYDM"], "purpose": "核验医疗机构举办者", "scenario": "医疗机构设置审批",
        "until": "2027-03-01"}), "applyForAccess")["accessRequest"]["id"]
    decided = ok(await call(http, DECIDE, AUTHORITY, id=withdrawal, a=True, c="同意"), "decideWithdrawal")["withdrawalRequest"]
    assert decided == {"status": "APPROVED", "reportedToCityAt": None}
    # Issue 12 (第十九条): the pending application ended with the item, and is never granted.
    ended = ok(await call(http, "query($id: ID!) { accessRequest(id: $id) { status withdrawalRequestId closedAt } }", other,
                          id=pending), "accessRequest")
    assert ended["status"] == "ITEM_WITHDRAWN" and ended["withdrawalRequestId"] == withdrawal and ended["closedAt"]
    review = "mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true}) { accessRequest { status } } }"
    assert failure(await call(http, review, AUTHORITY, id=pending))["code"] == "CONFLICT"

    denied = ok(await call(http, authorize, consumer, i=ORGS), "authorize")
    assert not denied["allowed"] and denied["reason"] == "ITEM_WITHDRAWN"
    grants = ok(await call(http, "{ myGrants { edges { node { itemId live stateReason withdrawalReason } } } }", consumer), "myGrants")
    mine = next(edge["node"] for edge in grants["edges"] if edge["node"]["itemId"] == ORGS)
    assert mine == {"itemId": ORGS, "live": False, "stateReason": "ITEM_WITHDRAWN", "withdrawalReason": "该数据已并入省级统一平台发布"}


async def test_county_withdrawal_is_reported_to_the_city(http) -> None:
    withdrawal = ok(await call(http, WITHDRAW, ZEZHOU_OFFICER, i=ZEZHOU_HOUSEHOLDS, r="检查职责调整至县综合行政执法局"),
                    "requestWithdrawal")["withdrawalRequest"]["id"]
    decided = ok(await call(http, DECIDE, ZEZHOU_AUTHORITY, id=withdrawal, a=True, c="同意"), "decideWithdrawal")["withdrawalRequest"]
    assert decided["status"] == "APPROVED" and decided["reportedToCityAt"]
    reported = ok(await call(http, "{ withdrawalRequests(reportedToCity: true) { totalCount edges { node { id itemId regionCode } } } }",
                             AUTHORITY), "withdrawalRequests")
    assert {"id": withdrawal, "itemId": ZEZHOU_HOUSEHOLDS, "regionCode": "140525"} in [edge["node"] for edge in reported["edges"]]
    assert reported["totalCount"] >= 1
    # the request is a Node: node(id:) finds it for the city authority, to whom it was reported
    found = ok(await call(http, "query($id: ID!) { node(id: $id) { ... on WithdrawalRequest { id status } } }", AUTHORITY, id=withdrawal), "node")
    assert found == {"id": withdrawal, "status": "APPROVED"}


async def test_stale_data_is_flagged_until_updated(http) -> None:
    stale_query = '{ staleItems(departmentCode: "140500-MZJ", first: 100) { totalCount edges { node { id } } } }'
    stale = ok(await call(http, stale_query, AUTHORITY), "staleItems")
    ids = {edge["node"]["id"] for edge in stale["edges"]}
    assert stale["totalCount"] == len(ids)
    # Seeded data was last updated on its publication day (2024–2026): a daily item is stale by
    # March 2026; the yearly 标准地名信息 may or may not be, depending on its date.
    assert item_id("140500-MZJ", "婚姻登记信息") in ids
    update = "mutation($i: ID!) { recordDataUpdate(input: {itemId: $i}) { item { id dataUpdatedAt } } }"
    updated = ok(await call(http, update, OFFICER, i=item_id("140500-MZJ", "婚姻登记信息")), "recordDataUpdate")["item"]
    assert updated["dataUpdatedAt"] == "2026-03-02T02:00:00+00:00"
    stale = ok(await call(http, stale_query, AUTHORITY), "staleItems")
    assert item_id("140500-MZJ", "婚姻登记信息") not in {edge["node"]["id"] for edge in stale["edges"]}
    assert failure(await call(http, update, OTHER_OFFICER, i=PLACES))["code"] == "FORBIDDEN"


async def test_change_events_are_due_in_15_working_days(http) -> None:
    record = ("mutation($ids: [ID!]!, $d: String!, $p: Date!) { recordChangeEvent(input: {itemIds: $ids, description: $d, publishedOn: $p}) "
              "{ changeEvent { id dueOn items { itemId updated } } } }")
    recorded = ok(await call(http, record, AUTHORITY, ids=[PLACES], d="《地名管理条例》修订，地名类别调整", p="2026-02-10"), "recordChangeEvent")
    event = recorded["changeEvent"]["id"]
    events = ok(await call(http, "{ changeEvents(first: 100) { totalCount edges { node { id dueOn overdue items { itemId updated } } } } }",
                           AUTHORITY), "changeEvents")
    mine = next(edge["node"] for edge in events["edges"] if edge["node"]["id"] == event)
    # 10 Feb 2026 + 15 working days, Spring Festival (15–23 Feb off, 14 and 28 Feb worked) skipped.
    assert mine["dueOn"] == "2026-03-09" and mine["items"] == [{"itemId": PLACES, "updated": False}]
    assert recorded["changeEvent"]["dueOn"] == "2026-03-09" and recorded["changeEvent"]["items"] == mine["items"]
    assert mine["overdue"] is False  # the clock says 2 March
    overdue = ok(await call(http, "{ changeEvents(overdueOnly: true) { edges { node { id } } } }", AUTHORITY), "changeEvents")
    assert event not in [edge["node"]["id"] for edge in overdue["edges"]]
    found = ok(await call(http, "query($id: ID!) { node(id: $id) { ... on ChangeEvent { id dueOn } } }", AUTHORITY, id=event), "node")
    assert found == {"id": event, "dueOn": "2026-03-09"}
    assert ok(await call(http, "query($id: ID!) { node(id: $id) { id } }", OUTSIDER, id=event), "node") is None

