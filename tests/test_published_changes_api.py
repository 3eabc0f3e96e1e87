"""A published item changes only through the city authority's review (第十三条), and the grants
follow the item (第二十二条, 第二十三条, 第三十一条); a conditional item may be offered to every
department (第二十二条); grading limits how an item may be shared (第三十五条). Real tokens, real
HTTP through the ASGI app, both engines."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import date, datetime, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from server.auth import Role
from tests.helpers import ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings(policy_refresh_seconds=0)
OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-reviewer")
POLICY_ADMIN = auth(SETTINGS, "140500-DSJ", Role.POLICY_ADMIN, user="policy-admin")
RSJ = auth(SETTINGS, "140500-RSJ", Role.DEPT_USER, user="rsj-clerk")
YBJ = auth(SETTINGS, "140500-YBJ", Role.DEPT_USER, user="ybj-clerk")
JYJ = auth(SETTINGS, "140500-JYJ", Role.DEPT_USER, user="jyj-clerk")
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)

ITEM = {
    "name": "临时救助对象信息",
    "summary": "本市临时救助对象的救助类型、金额和发放时间",
    "providerCode": "140500-MZJ",
    "storageLevel": "CITY",
    "category": "DEPARTMENTAL",
    "grade": "GENERAL",
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

CREATE = "mutation($i: CatalogItemInput!) { createDraft(input: {item: $i}) { item { id version } } }"
SUBMIT = "mutation($id: ID!, $v: Int!) { submitItem(input: {id: $id, expectedVersion: $v}) { item { version } } }"
REVIEW_ITEM = "mutation($id: ID!) { reviewItem(input: {id: $id, accept: true, comment: \"同意\"}) { item { status version } } }"
UPDATE = ("mutation($id: ID!, $v: Int!, $i: CatalogItemInput!, $r: String!) { updateItem(input: {id: $id, expectedVersion: $v, "
          "item: $i, reason: $r}) { item { version status summary shareType } revision { id status baseVersion } } }")
REVIEW_REVISION = ("mutation($id: ID!, $a: Boolean!, $c: String!) { reviewRevision(input: {itemId: $id, accept: $a, comment: $c}) "
                   "{ item { version summary shareType shareScopeAll } revision { status reviewedBy reviewComment } } }")
PENDING = "query($id: ID!) { pendingRevision(itemId: $id) { id status submittedBy reason changes { field before after } } }"
DETAIL = "query($id: ID) { catalogItem(id: $id) { version summary shareType status } }"
APPLY = "mutation($i: ApplyForAccessInput!) { applyForAccess(input: $i) { accessRequest { id status } } }"
REVIEW_REQUEST = ("mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true, reason: \"用途合规\"}) "
                  "{ accessRequest { status grantId } } }")
ANSWER = ("mutation($id: ID!) { answerRequest(input: {requestId: $id, approve: true, reason: \"\"}) "
          "{ accessRequest { status grantId } } }")
AUTHORIZE = ("query($item: ID!, $codes: [String!]!) { authorize(itemId: $item, elementCodes: $codes) "
             "{ allowed reason elements { code access reason } } }")
MY_GRANTS = "{ myGrants(first: 50) { edges { node { id itemId stateReason suspendedAt suspendReason } } } }"


@pytest.fixture(scope="module", params=ENGINES)
async def http(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[httpx.AsyncClient]:
    async with demo_world(request.param, falkordb_engine, "published-changes", SETTINGS, clock=lambda: NOW) as ([client], _):
        yield client


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    return (await gql(http, query, headers, variables)).json()


def ok(body: dict, field: str) -> dict:
    assert "errors" not in body, body["errors"]
    return body["data"][field]


def failure(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]


def item(name: str, **changes: object) -> dict:
    content = copy.deepcopy(ITEM)
    content.update(name=name, **changes)
    return content


async def publish(http: httpx.AsyncClient, content: dict) -> tuple[str, int]:
    """A new item compiled by 民政局's officer and accepted by the city authority: (id, version)."""
    draft = ok(await call(http, CREATE, OFFICER, i=content), "createDraft")["item"]
    submitted = ok(await call(http, SUBMIT, OFFICER, id=draft["id"], v=draft["version"]), "submitItem")["item"]
    published = ok(await call(http, REVIEW_ITEM, AUTHORITY, id=draft["id"]), "reviewItem")["item"]
    assert published["status"] == "PUBLISHED" and published["version"] == submitted["version"]
    return draft["id"], published["version"]


async def granted(http: httpx.AsyncClient, item_id: str, clerk: dict, codes: list[str]) -> str:
    """A grant for `clerk`'s department: applied, reviewed, answered by the provider (第三十条)."""
    payload = {"itemId": item_id, "elementCodes": codes, "purpose": "核对社会救助对象", "scenario": "救助审核",
               "until": date(2027, 1, 31).isoformat()}
    request = ok(await call(http, APPLY, clerk, i=payload), "applyForAccess")["accessRequest"]
    reviewed = ok(await call(http, REVIEW_REQUEST, AUTHORITY, id=request["id"]), "reviewRequest")["accessRequest"]
    assert reviewed["status"] == "FORWARDED"  # 第三十条(二): conditional data goes to the provider
    answered = ok(await call(http, ANSWER, OFFICER, id=request["id"]), "answerRequest")["accessRequest"]
    assert answered["status"] == "GRANTED"
    return answered["grantId"]


async def revise(http: httpx.AsyncClient, item_id: str, version: int, content: dict, reason: str) -> dict:
    """The officer's edit of a published item, then the city authority's acceptance; the item after it."""
    proposed = ok(await call(http, UPDATE, OFFICER, id=item_id, v=version, i=content, r=reason), "updateItem")
    assert proposed["revision"]["status"] == "PENDING"
    return ok(await call(http, REVIEW_REVISION, AUTHORITY, id=item_id, a=True, c="同意修改"), "reviewRevision")["item"]


async def authorize(http: httpx.AsyncClient, clerk: dict, item_id: str, codes: list[str]) -> dict:
    return ok(await call(http, AUTHORIZE, clerk, item=item_id, codes=codes), "authorize")


# ---- 第十三条: a published item changes through review ----------------------------------------------


async def test_an_edit_of_a_published_item_waits_for_the_city_authority(http) -> None:
    """Before: updateItem on a PUBLISHED item changed its class, scope and elements at once (v1 → v3)."""
    item_id, version = await publish(http, item("低保边缘家庭信息"))
    edited = item("低保边缘家庭信息", summary="低保边缘家庭成员、收入与认定时间", shareType="NOT_SHARED",
                  shareCondition="", shareScope=[], legalBasis="《社会救助暂行办法》第六十六条")
    proposed = ok(await call(http, UPDATE, OFFICER, id=item_id, v=version, i=edited, r="依法调整为不予共享"), "updateItem")
    assert proposed["item"] == {"version": version, "status": "PUBLISHED", "summary": ITEM["summary"], "shareType": "CONDITIONAL"}
    assert proposed["revision"]["status"] == "PENDING" and proposed["revision"]["baseVersion"] == version
    # The published version stays in force for detail (and search and authorize) until accepted.
    assert ok(await call(http, DETAIL, JYJ, id=item_id), "catalogItem") == {
        "version": version, "summary": ITEM["summary"], "shareType": "CONDITIONAL", "status": "PUBLISHED"}
    # The authority sees what changes; a department with no part in it sees nothing.
    pending = ok(await call(http, PENDING, AUTHORITY, id=item_id), "pendingRevision")
    assert pending["submittedBy"] == "mzj-officer" and pending["reason"] == "依法调整为不予共享"
    assert {"shareType", "summary", "legalBasis", "shareScope"} <= {change["field"] for change in pending["changes"]}
    assert ok(await call(http, PENDING, JYJ, id=item_id), "pendingRevision") is None
    listed = ok(await call(http, "{ pendingRevisions { edges { node { id itemId } } } }", AUTHORITY), "pendingRevisions")
    assert pending["id"] in [edge["node"]["id"] for edge in listed["edges"]]
    # One edit at a time; the editor does not review their own edit.
    again = await call(http, UPDATE, OFFICER, id=item_id, v=version, i=edited, r="再改一次")
    assert failure(again)["code"] == "CONFLICT"
    assert failure(await call(http, REVIEW_REVISION, OFFICER, id=item_id, a=True, c=""))["code"] == "FORBIDDEN"
    # Returned: the published version stays; accepted: it becomes the new version.
    returned = ok(await call(http, REVIEW_REVISION, AUTHORITY, id=item_id, a=False, c="请补充依据文号"), "reviewRevision")
    assert returned["revision"] == {"status": "RETURNED", "reviewedBy": "dsj-reviewer", "reviewComment": "请补充依据文号"}
    assert returned["item"]["version"] == version and returned["item"]["shareType"] == "CONDITIONAL"
    assert ok(await call(http, PENDING, AUTHORITY, id=item_id), "pendingRevision") is None
    accepted = await revise(http, item_id, version, edited, "依法调整为不予共享，依据已补充")
    assert accepted["version"] == version + 1 and accepted["shareType"] == "NOT_SHARED"
    history = ok(await call(http, "query($id: ID!) { itemHistory(itemId: $id) { version replacedBy } }", OFFICER, id=item_id), "itemHistory")
    assert history[0] == {"version": version, "replacedBy": "mzj-officer"}


# ---- 第二十二条, 第二十三条, 第三十一条: grants follow the item ------------------------------------------


async def test_a_grant_stops_when_the_scope_leaves_the_holder_out_or_the_item_is_not_shared(http) -> None:
    """Before: after 民政局 removed 人社局 from the scope and reclassified the item 不予共享, 人社局's
    authorize still answered allowed (with two elements masked)."""
    item_id, version = await publish(http, item("特困供养人员信息"))
    rsj_grant = await granted(http, item_id, RSJ, ["GMSFHM", "XM", "JZJE"])
    await granted(http, item_id, YBJ, ["GMSFHM", "XM", "JZJE"])
    assert (await authorize(http, RSJ, item_id, ["GMSFHM", "XM"]))["allowed"]

    narrowed = item("特困供养人员信息", shareScope=["140500-YBJ"])
    ok(await call(http, UPDATE, OFFICER, id=item_id, v=version, i=narrowed, r="人社局不再需要"), "updateItem")
    assert (await authorize(http, RSJ, item_id, ["GMSFHM"]))["allowed"]  # pending: the version in force decides
    another = {"itemId": item_id, "elementCodes": ["JZJE"], "purpose": "核对就业困难人员认定", "scenario": "就业援助",
               "until": date(2027, 1, 31).isoformat()}
    pending = ok(await call(http, APPLY, RSJ, i=another), "applyForAccess")["accessRequest"]
    after = ok(await call(http, REVIEW_REVISION, AUTHORITY, id=item_id, a=True, c="同意"), "reviewRevision")["item"]
    version = after["version"]
    # 人社局's open application ends with the change, never to be granted.
    state = "query($id: ID!) { accessRequest(id: $id) { status } }"
    assert ok(await call(http, state, RSJ, id=pending["id"]), "accessRequest") == {"status": "SHARING_CHANGED"}
    assert failure(await call(http, REVIEW_REQUEST, AUTHORITY, id=pending["id"]))["code"] == "CONFLICT"
    stopped = await authorize(http, RSJ, item_id, ["GMSFHM", "XM"])
    assert (stopped["allowed"], stopped["reason"]) == (False, "GRANT_SUSPENDED")
    assert all(element["access"] == "DENY" for element in stopped["elements"])
    assert (await authorize(http, YBJ, item_id, ["GMSFHM"]))["allowed"]
    [mine] = [e["node"] for e in ok(await call(http, MY_GRANTS, RSJ), "myGrants")["edges"] if e["node"]["id"] == rsj_grant]
    assert mine["stateReason"] == "SUSPENDED" and mine["suspendReason"] == "OUT_OF_SCOPE" and mine["suspendedAt"]

    # Back in scope: the grant stays suspended — only a new, reviewed request brings it back.
    after = await revise(http, item_id, version, item("特困供养人员信息"), "恢复人社局")
    version = after["version"]
    assert (await authorize(http, RSJ, item_id, ["GMSFHM"]))["reason"] == "GRANT_SUSPENDED"
    reinstate = "mutation($id: ID!) { reinstateGrant(input: {grantId: $id, reason: \"恢复\"}) { grant { stateReason } } }"
    assert failure(await call(http, reinstate, OFFICER, id=rsj_grant))["code"] == "CONFLICT"
    await granted(http, item_id, RSJ, ["GMSFHM"])
    assert (await authorize(http, RSJ, item_id, ["GMSFHM"]))["allowed"]

    # 不予共享: every holder stops at once.
    not_shared = item("特困供养人员信息", shareType="NOT_SHARED", shareCondition="", shareScope=[],
                      legalBasis="《社会救助暂行办法》第六十六条")
    await revise(http, item_id, version, not_shared, "依法不予共享")
    for clerk in (RSJ, YBJ):
        assert (await authorize(http, clerk, item_id, ["GMSFHM"]))["reason"] == "GRANT_SUSPENDED"


async def test_a_removed_or_withheld_element_stops_alone(http) -> None:
    """第二十二条: the rest of the grant stays live when one element is removed or withheld."""
    item_id, version = await publish(http, item("高龄老人补贴对象信息"))
    await granted(http, item_id, YBJ, ["GMSFHM", "XM", "JZJE"])
    content = item("高龄老人补贴对象信息")
    content["elements"] = [dict(ITEM["elements"][0]), {**ITEM["elements"][1], "withheld": True}]  # JZJE removed, XM withheld
    await revise(http, item_id, version, content, "姓名不再提供，金额另行发布")
    answer = await authorize(http, YBJ, item_id, ["GMSFHM", "XM", "JZJE"])
    assert answer["allowed"] and answer["reason"] == "ALLOWED"
    assert {e["code"]: (e["access"], e["reason"]) for e in answer["elements"]} == {
        "GMSFHM": ("MASK", "MASKED"), "XM": ("DENY", "WITHHELD"), "JZJE": ("DENY", "UNKNOWN_ELEMENT")}


# ---- 第二十二条, 第二十三条: conditional sharing with every department ------------------------------


async def test_a_conditional_item_states_its_scope_which_may_be_every_department(http) -> None:
    """Before: a conditional item without a scope validated and published, and every application was
    refused OUT_OF_SCOPE; the masked, compare-only forms could not be offered to all departments."""
    empty = await call(http, CREATE, OFFICER, i=item("无范围的条件共享目录", shareScope=[]))
    assert failure(empty)["code"] == "BAD_USER_INPUT"
    assert "shareScope" in [problem["field"] for problem in failure(empty)["problems"]]
    both = await call(http, CREATE, OFFICER, i=item("范围矛盾的目录", shareScopeAll=True))
    assert "shareScopeAll" in [problem["field"] for problem in failure(both)["problems"]]

    item_id, _ = await publish(http, item("救助对象身份核验信息", shareScope=[], shareScopeAll=True,
                                          shareCondition="仅提供脱敏数据和身份比对结果"))
    detail = ok(await call(http, "query($id: ID) { catalogItem(id: $id) { shareScopeAll } }", JYJ, id=item_id), "catalogItem")
    assert detail == {"shareScopeAll": True}
    await granted(http, item_id, JYJ, ["GMSFHM", "XM"])  # any department; the conditional flow (第三十条(二))
    answer = await authorize(http, JYJ, item_id, ["GMSFHM", "XM"])
    assert answer["allowed"] and {e["access"] for e in answer["elements"]} == {"MASK"}


# ---- 第三十五条: grade and sensitivity -------------------------------------------------------------


UNCONDITIONAL = {"shareType": "UNCONDITIONAL", "shareCondition": "", "shareScope": []}


async def test_grading_limits_unconditional_sharing_by_configuration(http) -> None:
    """Before: a CORE-grade item with an unmasked SENSITIVE ID number, marked UNCONDITIONAL, was accepted."""
    core = item("核心救助数据", grade="CORE", **UNCONDITIONAL)
    core["elements"] = [{**ITEM["elements"][0], "maskingRule": "NONE"}, ITEM["elements"][2]]
    refused = failure(await call(http, CREATE, OFFICER, i=core))
    fields = {problem["field"]: problem["message"] for problem in refused["problems"]}
    assert "第三十五条" in fields["shareType"] and "第三十五条" in fields["elements[0].maskingRule"]
    important = item("重要救助数据", grade="IMPORTANT", **UNCONDITIONAL)
    assert "shareType" in [p["field"] for p in failure(await call(http, CREATE, OFFICER, i=important))["problems"]]
    masked = item("一般救助数据", **UNCONDITIONAL)  # GENERAL, every sensitive element masked: accepted
    ok(await call(http, CREATE, OFFICER, i=masked), "createDraft")

    # Both rules are settings of rules.toml [grading].
    current = ok(await call(http, "{ policy { version model policy rules } }", POLICY_ADMIN), "policy")
    relaxed = (current["rules"].replace('not_unconditional = ["CORE", "IMPORTANT"]', "not_unconditional = []")
               .replace("sensitive_unconditional_protected = true", "sensitive_unconditional_protected = false"))
    assert relaxed != current["rules"]
    save = ("mutation($m: String!, $p: String!, $r: String!, $v: Int!) { savePolicy(input: {model: $m, policy: $p, "
            "rules: $r, reason: \"试行\", expectedVersion: $v}) { policyVersion { version } } }")
    ok(await call(http, save, POLICY_ADMIN, m=current["model"], p=current["policy"], r=relaxed, v=current["version"]), "savePolicy")
    try:
        ok(await call(http, CREATE, OFFICER, i=core), "createDraft")
    finally:
        restore = "mutation($v: Int!) { restorePolicy(input: {version: $v, reason: \"恢复\"}) { policyVersion { version } } }"
        ok(await call(http, restore, POLICY_ADMIN, v=current["version"]), "restorePolicy")
