"""Who may decide what (第十三条, 第十九条, 第二十八条, 第三十条, 第三十一条), tried as an attacker
would, end to end on both engines: a county authority on city matters, a person approving their
own request, other departments' drafts, unknown departments, and identical calls at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, datetime, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.store import GraphStore
from seed.load import item_id
from server.app import create_app
from server.auth import Role
from tests.helpers import ENGINES, ReadsTogether, auth, demo_world, gql, make_settings

SETTINGS = make_settings()
NOW = datetime(2025, 9, 25, 2, 0, tzinfo=timezone.utc)

CITY_AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-li")
CITY_AUTHORITY_2 = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-zhao")
COUNTY_AUTHORITY = auth(SETTINGS, "140525-DSJ", Role.AUTHORITY_ADMIN, user="zezhou-wang")
SELF_APPROVER = auth(SETTINGS, "140500-DSJ", Role.DEPT_USER, Role.AUTHORITY_ADMIN, user="dsj-self")
MZJ_OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
MZJ_CLERK = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="mzj-clerk")
GAJ_OFFICER = auth(SETTINGS, "140500-GAJ", Role.DEPT_DATA_OFFICER, user="gaj-officer")
RSJ_CLERK = auth(SETTINGS, "140500-RSJ", Role.DEPT_USER, user="rsj-clerk")

SEAL = item_id("140500-GAJ", "印章刻制备案信息")  # 无条件共享, provided by a city department

APPLY = "mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { id status grantId } } }"
REVIEW_REQUEST = "mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true}) { accessRequest { id status grantId } } }"
COORDINATE = "mutation($id: ID!) { coordinateRequest(input: {requestId: $id, approve: true, reason: \"协调同意\"}) { accessRequest { id status } } }"
REVOKE = "mutation($id: ID!) { revokeGrant(input: {grantId: $id, reason: \"超范围使用\"}) { grant { id live } } }"
REINSTATE = "mutation($id: ID!) { reinstateGrant(input: {grantId: $id, reason: \"已整改\"}) { grant { id live } } }"
CREATE = "mutation($i: CatalogItemInput!) { createDraft(input: {item: $i}) { item { id version } } }"
SUBMIT = "mutation($id: ID!, $v: Int!) { submitItem(input: {id: $id, expectedVersion: $v}) { item { status version } } }"
REVIEW_ITEM = "mutation($id: ID!) { reviewItem(input: {id: $id, accept: true}) { item { status code } } }"
WITHDRAW = "mutation($id: ID!) { requestWithdrawal(input: {itemId: $id, reason: \"职能调整，不再采集\"}) { withdrawalRequest { id } } }"
DECIDE_WITHDRAWAL = "mutation($id: ID!) { decideWithdrawal(input: {id: $id, approve: true}) { withdrawalRequest { status } } }"
HISTORY = "query($id: ID!) { itemHistory(itemId: $id) { version } }"
DIFF = "query($id: ID!) { itemDiff(itemId: $id, fromVersion: 1, toVersion: 1) { field } }"
AUTHORIZE = "query($item: ID!, $codes: [String!]!) { authorize(itemId: $item, elementCodes: $codes) { allowed reason elements { code access reason } } }"


def draft(name: str, provider: str = "140500-MZJ") -> dict:
    return {
        "name": name, "summary": f"{name}：测试用目录", "providerCode": provider, "storageLevel": "CITY",
        "category": "DEPARTMENTAL", "grade": "GENERAL", "format": "DATABASE", "formatDetail": "mysql",
        "shareType": "UNCONDITIONAL", "shareScope": [], "shareModes": ["API"], "openType": "NOT_OPEN",
        "openMode": "NONE", "updateCycle": "MONTHLY", "themeCodes": [],
        "elements": [{"name": "救助金额", "code": "JZJE", "type": "DECIMAL", "length": 12},
                     {"name": "发放日期", "code": "FFRQ", "type": "DATE", "length": 10}],
    }


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple[httpx.AsyncClient, GraphStore]]:
    async with demo_world(request.param, falkordb_engine, "jurisdiction", SETTINGS, clock=lambda: NOW) as ([client], store):
        yield client, store


@pytest.fixture
def http(world) -> httpx.AsyncClient:
    return world[0]


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    response = await gql(http, query, headers, variables)
    assert response.status_code == 200, response.text
    return response.json()


def ok(body: dict, field: str) -> dict:
    assert "errors" not in body, body["errors"]
    return body["data"][field]


def refused(body: dict, code: str = "FORBIDDEN", reason: str | None = None) -> None:
    assert body.get("errors"), body
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == code, body["errors"][0]
    if reason is not None:
        assert extensions.get("reason") == reason, body["errors"][0]


async def apply(http: httpx.AsyncClient, headers: dict, codes: list[str] | None = None) -> dict:
    payload = {"itemId": SEAL, "elementCodes": codes or ["DWMC"], "purpose": "核对刻章单位信息",
               "scenario": "行政审批材料核验", "until": date(2026, 9, 30).isoformat()}
    return ok(await call(http, APPLY, headers, input=payload), "applyForAccess")["accessRequest"]


async def submitted_draft(http: httpx.AsyncClient, name: str) -> str:
    saved = ok(await call(http, CREATE, MZJ_OFFICER, i=draft(name)), "createDraft")["item"]
    ok(await call(http, SUBMIT, MZJ_OFFICER, id=saved["id"], v=saved["version"]), "submitItem")
    return saved["id"]


# ---- 第十三条: catalog entries -----------------------------------------------------------------


async def test_a_county_authority_does_not_review_a_city_departments_item(http) -> None:
    item = await submitted_draft(http, "临时救助发放明细（县局越权审核）")
    refused(await call(http, REVIEW_ITEM, COUNTY_AUTHORITY, id=item), code="NOT_FOUND")  # not its jurisdiction: unseen
    assert ok(await call(http, REVIEW_ITEM, CITY_AUTHORITY, id=item), "reviewItem")["item"]["status"] == "PUBLISHED"


async def test_twenty_accepting_reviews_publish_once_and_burn_no_code(world) -> None:
    http, store = world
    first = await submitted_draft(http, "临时救助发放明细（并发审核一）")
    second = await submitted_draft(http, "临时救助发放明细（并发审核二）")
    app = create_app(SETTINGS, store=ReadsTogether(store, "catalog/items_by_ids", 20), clock=lambda: NOW)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://racing.test") as racing:
            bodies = await asyncio.gather(*(call(racing, REVIEW_ITEM, CITY_AUTHORITY, id=first) for _ in range(20)))
    winners = [body["data"]["reviewItem"]["item"] for body in bodies if not body.get("errors")]
    assert len(winners) == 1, bodies
    assert all(body["errors"][0]["extensions"]["code"] == "CONFLICT" for body in bodies if body.get("errors"))
    code = winners[0]["code"]
    following = ok(await call(http, REVIEW_ITEM, CITY_AUTHORITY, id=second), "reviewItem")["item"]["code"]
    assert int(following[-5:]) == int(code[-5:]) + 1, (code, following)  # the losers burnt no number


# ---- 第二十八条, 第三十条, 第三十一条: requests and grants -------------------------------------------


async def test_nobody_approves_their_own_request(http) -> None:
    request = await apply(http, SELF_APPROVER)
    refused(await call(http, REVIEW_REQUEST, SELF_APPROVER, id=request["id"]), reason="OWN_CASE")
    assert ok(await call(http, REVIEW_REQUEST, CITY_AUTHORITY_2, id=request["id"]), "reviewRequest")["accessRequest"]["status"] == "GRANTED"


async def test_a_county_authority_does_not_decide_a_city_departments_request_or_grant(http) -> None:
    request = await apply(http, RSJ_CLERK)
    refused(await call(http, REVIEW_REQUEST, COUNTY_AUTHORITY, id=request["id"]), reason="WRONG_JURISDICTION")
    refused(await call(http, COORDINATE, COUNTY_AUTHORITY, id=request["id"]), reason="WRONG_JURISDICTION")
    granted = ok(await call(http, REVIEW_REQUEST, CITY_AUTHORITY, id=request["id"]), "reviewRequest")["accessRequest"]
    refused(await call(http, REVOKE, COUNTY_AUTHORITY, id=granted["grantId"]), reason="WRONG_JURISDICTION")
    assert ok(await call(http, REVOKE, CITY_AUTHORITY, id=granted["grantId"]), "revokeGrant")["grant"]["live"] is False


async def test_twenty_reinstatements_at_once_one_wins(http) -> None:
    request = await apply(http, MZJ_CLERK)
    grant = ok(await call(http, REVIEW_REQUEST, CITY_AUTHORITY, id=request["id"]), "reviewRequest")["accessRequest"]["grantId"]
    ok(await call(http, REVOKE, GAJ_OFFICER, id=grant), "revokeGrant")
    bodies = await asyncio.gather(*(call(http, REINSTATE, GAJ_OFFICER, id=grant) for _ in range(20)))
    assert sum(1 for body in bodies if not body.get("errors")) == 1, bodies
    assert all(body["errors"][0]["extensions"]["code"] == "CONFLICT" for body in bodies if body.get("errors"))


# ---- 第十九条: withdrawal ------------------------------------------------------------------------


async def test_a_county_authority_does_not_approve_a_city_withdrawal(http) -> None:
    item = await submitted_draft(http, "临时救助发放明细（撤销）")
    ok(await call(http, REVIEW_ITEM, CITY_AUTHORITY, id=item), "reviewItem")
    withdrawal = ok(await call(http, WITHDRAW, MZJ_OFFICER, id=item), "requestWithdrawal")["withdrawalRequest"]["id"]
    refused(await call(http, DECIDE_WITHDRAWAL, COUNTY_AUTHORITY, id=withdrawal), reason="WRONG_JURISDICTION")
    decided = ok(await call(http, DECIDE_WITHDRAWAL, CITY_AUTHORITY, id=withdrawal), "decideWithdrawal")
    assert decided["withdrawalRequest"]["status"] == "APPROVED"


# ---- drafts, their history and the gateway -----------------------------------------------------


async def test_another_departments_draft_and_its_history_do_not_exist_for_a_user(http) -> None:
    saved = ok(await call(http, CREATE, MZJ_OFFICER, i=draft("临时救助发放明细（草稿）")), "createDraft")["item"]
    for query, field in ((HISTORY, "itemHistory"), (DIFF, "itemDiff")):
        assert ok(await call(http, query, RSJ_CLERK, id=saved["id"]), field) is None
        assert ok(await call(http, query, MZJ_CLERK, id=saved["id"]), field) is None  # a user sees published items only
        assert ok(await call(http, query, MZJ_OFFICER, id=saved["id"]), field) is not None
        assert ok(await call(http, query, CITY_AUTHORITY, id=saved["id"]), field) is not None
        assert ok(await call(http, query, COUNTY_AUTHORITY, id=saved["id"]), field) is None
        # exactly as for an id that does not exist: nothing tells the draft is there
        assert await call(http, query, RSJ_CLERK, id=saved["id"]) == await call(http, query, RSJ_CLERK, id="no-such-item")


async def test_a_user_cannot_export_drafts(http) -> None:
    for headers, status in ((MZJ_CLERK, 403), (RSJ_CLERK, 403), (COUNTY_AUTHORITY, 403), (MZJ_OFFICER, 200), (CITY_AUTHORITY, 200)):
        response = await http.get("/catalog/export", params={"department": "140500-MZJ", "format": "csv", "published": "false"},
                                  headers=headers)
        assert response.status_code == status, (headers, response.text)


async def test_authorize_on_a_draft_reveals_nothing(http) -> None:
    saved = ok(await call(http, CREATE, MZJ_OFFICER, i=draft("临时救助发放明细（探测）")), "createDraft")["item"]
    probe = ok(await call(http, AUTHORIZE, RSJ_CLERK, item=saved["id"], codes=["JZJE", "NOPE"]), "authorize")
    unknown = ok(await call(http, AUTHORIZE, RSJ_CLERK, item="no-such-item", codes=["JZJE", "NOPE"]), "authorize")
    assert probe["reason"] == "NOT_FOUND" and probe == unknown


async def test_a_token_for_an_unknown_department_is_refused(http) -> None:
    ghost = auth(SETTINGS, "140599-XXX", Role.AUTHORITY_ADMIN, user="ghost")
    response = await gql(http, "{ me { user } }", ghost)
    assert response.status_code == 401
    assert "140599-XXX" in response.json()["errors"][0]["message"]
    export = await http.get("/catalog/export", params={"department": "140500-MZJ"}, headers=ghost)
    assert export.status_code == 401


# ---- work lists and cases by jurisdiction (第二十八条, 第三十条(三)) ------------------------------

AWAITING = "{ requestsAwaitingMe(first: 100) { edges { node { id } } } }"
ONE_REQUEST = "query($id: ID!) { accessRequest(id: $id) { id status } }"
COUNTY_CLERK = auth(SETTINGS, "140525-GAJ", Role.DEPT_USER, user="zezhou-clerk")


async def test_each_authority_lists_the_applications_it_reviews(http) -> None:
    city = await apply(http, auth(SETTINGS, "140500-JYJ", Role.DEPT_USER, user="jyj-clerk"))
    county = await apply(http, COUNTY_CLERK)

    def ids(body: dict) -> set[str]:
        return {edge["node"]["id"] for edge in ok(body, "requestsAwaitingMe")["edges"]}

    county_list = ids(await call(http, AWAITING, COUNTY_AUTHORITY))
    city_list = ids(await call(http, AWAITING, CITY_AUTHORITY))
    assert county["id"] in county_list and city["id"] not in county_list
    assert city["id"] in city_list and county["id"] not in city_list
    refused(await call(http, REVIEW_REQUEST, CITY_AUTHORITY, id=county["id"]), reason="WRONG_JURISDICTION")
    assert ok(await call(http, REVIEW_REQUEST, COUNTY_AUTHORITY, id=county["id"]), "reviewRequest")["accessRequest"]["status"] == "GRANTED"


async def test_a_case_is_read_by_its_parties_its_authorities_and_audit(http) -> None:
    request = await apply(http, RSJ_CLERK)
    for headers in (RSJ_CLERK, GAJ_OFFICER, CITY_AUTHORITY, auth(SETTINGS, "140500-DSJ", Role.AUDITOR, user="audit")):
        assert ok(await call(http, ONE_REQUEST, headers, id=request["id"]), "accessRequest")["id"] == request["id"]
    for headers in (MZJ_CLERK, COUNTY_AUTHORITY, COUNTY_CLERK):
        assert ok(await call(http, ONE_REQUEST, headers, id=request["id"]), "accessRequest") is None


# ---- found by the red team: drafts and cases that leaked, one person on both sides ---------------

RSJ_OFFICER = auth(SETTINGS, "140500-RSJ", Role.DEPT_DATA_OFFICER, user="rsj-officer")


async def test_change_events_and_withdrawals_show_only_what_the_caller_may_see(http) -> None:
    saved = ok(await call(http, CREATE, MZJ_OFFICER, i=draft("临时救助发放明细（修订事件草稿）")), "createDraft")["item"]
    record = ('mutation($ids: [ID!]!) { recordChangeEvent(input: {itemIds: $ids, description: "《社会救助暂行办法》修订", '
              'publishedOn: "2025-09-01"}) { changeEvent { id } } }')
    event = ok(await call(http, record, MZJ_OFFICER, ids=[saved["id"]]), "recordChangeEvent")["changeEvent"]["id"]
    published = await submitted_draft(http, "临时救助发放明细（撤销申请可见性）")
    ok(await call(http, REVIEW_ITEM, CITY_AUTHORITY, id=published), "reviewItem")
    withdrawal = ok(await call(http, WITHDRAW, MZJ_OFFICER, id=published), "requestWithdrawal")["withdrawalRequest"]["id"]
    events = "{ changeEvents(first: 100) { edges { node { items { itemId name } } } } }"
    withdrawals = "{ withdrawalRequests(first: 100) { edges { node { itemId requestedBy } } } }"
    node = "query($id: ID!) { node(id: $id) { id } }"

    def event_items(body: dict) -> set[str]:
        return {item["itemId"] for edge in ok(body, "changeEvents")["edges"] for item in edge["node"]["items"]}

    def withdrawn_items(body: dict) -> set[str]:
        return {edge["node"]["itemId"] for edge in ok(body, "withdrawalRequests")["edges"]}

    for outsider in (RSJ_CLERK, COUNTY_AUTHORITY, auth(SETTINGS, "140500-DSJ", Role.POLICY_ADMIN, user="policy")):
        assert saved["id"] not in event_items(await call(http, events, outsider))
        assert published not in withdrawn_items(await call(http, withdrawals, outsider))
        for hidden in (event, withdrawal):
            assert ok(await call(http, node, outsider, id=hidden), "node") is None
    for insider in (MZJ_OFFICER, CITY_AUTHORITY):
        assert saved["id"] in event_items(await call(http, events, insider))
        assert published in withdrawn_items(await call(http, withdrawals, insider))
        for seen in (event, withdrawal):
            assert ok(await call(http, node, insider, id=seen), "node") == {"id": seen}


async def test_the_authoritys_officer_does_not_decide_on_an_item_they_compiled(http) -> None:
    both = auth(SETTINGS, "140500-DSJ", Role.DEPT_DATA_OFFICER, Role.AUTHORITY_ADMIN, user="dsj-both")
    item = ok(await call(http, CREATE, both, i=draft("政务数据共享统计（主管部门自有）", provider="140500-DSJ")), "createDraft")["item"]
    ok(await call(http, SUBMIT, both, id=item["id"], v=item["version"]), "submitItem")
    refused(await call(http, REVIEW_ITEM, both, id=item["id"]), reason="OWN_EDIT")
    ok(await call(http, REVIEW_ITEM, CITY_AUTHORITY, id=item["id"]), "reviewItem")
    payload = {"itemId": item["id"], "elementCodes": ["JZJE"], "purpose": "统计共享情况", "scenario": "年度报告",
               "until": date(2026, 9, 30).isoformat()}
    request = ok(await call(http, APPLY, RSJ_CLERK, input=payload), "applyForAccess")["accessRequest"]
    refused(await call(http, REVIEW_REQUEST, both, id=request["id"]), reason="OWN_CASE")
    assert ok(await call(http, REVIEW_REQUEST, CITY_AUTHORITY, id=request["id"]), "reviewRequest")["accessRequest"]["status"] == "GRANTED"
    withdrawal = ok(await call(http, WITHDRAW, both, id=item["id"]), "requestWithdrawal")["withdrawalRequest"]["id"]
    refused(await call(http, DECIDE_WITHDRAWAL, both, id=withdrawal), reason="OWN_CASE")


async def test_changes_to_another_departments_draft_are_not_found(http) -> None:
    saved = ok(await call(http, CREATE, MZJ_OFFICER, i=draft("临时救助发放明细（他人草稿）")), "createDraft")["item"]
    for query, variables in ((SUBMIT, {"id": saved["id"], "v": 1}), (REVIEW_ITEM, {"id": saved["id"]}),
                             (WITHDRAW, {"id": saved["id"]})):
        for caller in (RSJ_OFFICER, COUNTY_AUTHORITY):
            hidden = await call(http, query, caller, **variables)
            unknown = await call(http, query, caller, **{**variables, "id": "no-such-item"})
            refused(hidden, code="NOT_FOUND")
            assert hidden["errors"][0]["message"].replace(saved["id"], "?") == unknown["errors"][0]["message"].replace("no-such-item", "?")


async def test_an_import_does_not_reveal_another_departments_items(http) -> None:
    from server.domain import catalog_template
    from server.domain.models import CatalogItem

    from server.domain.coding import stable_item_id

    name = "临时救助发放明细（导入探测）"
    file = catalog_template.write_csv([CatalogItem.model_validate(draft(name))])
    imported = await http.post("/catalog/import", params={"filename": "mzj.csv"}, content=file, headers=MZJ_OFFICER)
    assert imported.status_code == 200, imported.text
    ok(await call(http, SUBMIT, MZJ_OFFICER, id=stable_item_id("140500-MZJ", name), v=1), "submitItem")
    response = await http.post("/catalog/import", params={"filename": "probe.csv"}, content=file, headers=RSJ_OFFICER)
    assert response.status_code == 422
    assert not any(name in problem or "待审核" in problem for problem in response.json()["errors"]), response.json()
