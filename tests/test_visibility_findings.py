"""Red-team findings on who sees and does what after the renovation (issue 10), end to end on both
engines: drafts leaking through change events, node(id:) answering an error instead of null, a
parent's officer losing the draft it compiled for its unit, unknown references, dates before 1000,
a policy that would let an auditor change things, a revocation lost to a lagging clock, and
duplicate feedback and change events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from server.app import create_app
from server.auth import Role
from tests.helpers import ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings()
NOW = datetime(2025, 9, 25, 2, 0, tzinfo=timezone.utc)

CITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-li")
COUNTY = auth(SETTINGS, "140525-DSJ", Role.AUTHORITY_ADMIN, user="zezhou-wang")
MZJ_OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
MZJ_CLERK = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="mzj-clerk")
GAJ_OFFICER = auth(SETTINGS, "140500-GAJ", Role.DEPT_DATA_OFFICER, user="gaj-officer")
RSJ_CLERK = auth(SETTINGS, "140500-RSJ", Role.DEPT_USER, user="rsj-clerk")
AUDITOR = auth(SETTINGS, "140500-DSJ", Role.AUDITOR, user="auditor")
POLICY_ADMIN = auth(SETTINGS, "140500-DSJ", Role.POLICY_ADMIN, user="policy-admin")

CREATE = "mutation($i: CatalogItemInput!) { createDraft(input: {item: $i}) { item { id version status } } }"
UPDATE = ("mutation($id: ID!, $v: Int!, $i: CatalogItemInput!) { updateItem(input: {id: $id, expectedVersion: $v, "
          "item: $i, reason: \"调整数据项\"}) { item { id version } } }")
ACCEPT = "mutation($id: ID!) { reviewRevision(input: {itemId: $id, accept: true}) { item { version } } }"  # 第十三条
SUBMIT = "mutation($id: ID!, $v: Int!) { submitItem(input: {id: $id, expectedVersion: $v}) { item { id } } }"
REVIEW_ITEM = "mutation($id: ID!) { reviewItem(input: {id: $id, accept: true}) { item { id status } } }"
RECORD_EVENT = ("mutation($ids: [ID!]!, $p: Date!) { recordChangeEvent(input: {itemIds: $ids, description: \"《社会救助暂行办法》修订\", "
                "publishedOn: $p}) { changeEvent { id } } }")
NODE = "query($id: ID!) { node(id: $id) { __typename id } }"


def draft(name: str, provider: str = "140500-MZJ", element: str = "救助金额", **changes: object) -> dict:
    return {
        "name": name, "summary": f"{name}：测试用目录", "providerCode": provider, "storageLevel": "CITY",
        "category": "DEPARTMENTAL", "grade": "GENERAL", "format": "DATABASE", "formatDetail": "mysql",
        "shareType": "UNCONDITIONAL", "shareScope": [], "shareModes": ["API"], "openType": "NOT_OPEN",
        "openMode": "NONE", "updateCycle": "MONTHLY", "themeCodes": [],
        "elements": [{"name": element, "code": "JZJE", "type": "DECIMAL", "length": 12},
                     {"name": "发放日期", "code": "FFRQ", "type": "DATE", "length": 10}],
    } | changes


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple]:
    async with demo_world(request.param, falkordb_engine, "visibility", SETTINGS, clock=lambda: NOW) as ([client], store):
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


def problem_fields(body: dict) -> set[str]:
    assert body.get("errors"), body
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == "BAD_USER_INPUT", body["errors"][0]
    return {problem["field"] for problem in extensions["problems"]}


async def created(http: httpx.AsyncClient, name: str, headers: dict = MZJ_OFFICER, **changes: object) -> dict:
    return ok(await call(http, CREATE, headers, i=draft(name, **changes)), "createDraft")["item"]


async def published(http: httpx.AsyncClient, name: str) -> str:
    item = await created(http, name)
    ok(await call(http, SUBMIT, MZJ_OFFICER, id=item["id"], v=item["version"]), "submitItem")
    ok(await call(http, REVIEW_ITEM, CITY, id=item["id"]), "reviewItem")
    return item["id"]


async def test_a_dept_user_sees_no_draft_through_change_events(http) -> None:
    """Drafts are the officers' (and the competent authority's, and audit's): not in a change event's items."""
    secret = await created(http, "秘密草稿（变更事件）")
    public = await published(http, "公开目录（变更事件）")
    event = ok(await call(http, RECORD_EVENT, MZJ_OFFICER, ids=[secret["id"], public], p="2025-09-01"),
               "recordChangeEvent")["changeEvent"]["id"]
    items = "items { itemId name }"
    for query, variables in ((f"{{ changeEvents(first: 100) {{ edges {{ node {{ {items} }} }} }} }}", {}),
                             (f"query($id: ID!) {{ node(id: $id) {{ ... on ChangeEvent {{ {items} }} }} }}", {"id": event})):
        seen = str(await call(http, query, MZJ_CLERK, **variables))
        assert "秘密草稿" not in seen and secret["id"] not in seen and public in seen, seen
        officer = str(await call(http, query, MZJ_OFFICER, **variables))
        assert secret["id"] in officer  # the department's officer still sees its draft there


async def test_a_change_event_before_the_year_1000_does_not_break_the_list(http) -> None:
    public = await published(http, "公元一年（变更事件）")
    body = await call(http, RECORD_EVENT, MZJ_OFFICER, ids=[public], p="0999-01-01")
    if body.get("errors"):  # refused as bad input is fine too
        assert "publishedOn" in problem_fields(body)
    for who in (MZJ_OFFICER, CITY, AUDITOR):
        listed = await call(http, "{ changeEvents(first: 5) { totalCount } }", who)
        assert not listed.get("errors"), listed


async def test_node_answers_null_not_an_error(http) -> None:
    public = await published(http, "版本可见性（节点）")
    ok(await call(http, UPDATE, MZJ_OFFICER, id=public, v=1, i=draft("版本可见性（节点）", element="救助金额二")), "updateItem")
    ok(await call(http, ACCEPT, CITY, id=public), "reviewRevision")
    for who, node_id in ((RSJ_CLERK, f"{public}@1"), (COUNTY, f"{public}@1"), (POLICY_ADMIN, f"{public}@1"),
                         (RSJ_CLERK, f"{public}@²"), (AUDITOR, "²"), (POLICY_ADMIN, "١٢٣")):
        body = await call(http, NODE, who, id=node_id)
        assert not body.get("errors") and body["data"]["node"] is None, (node_id, body)
    assert ok(await call(http, NODE, MZJ_OFFICER, id=f"{public}@1"), "node")["__typename"] == "ItemVersion"


async def test_a_parent_departments_officer_gets_back_the_draft_it_compiled_for_its_unit(http) -> None:
    """第六条: an officer compiles for its department and its subordinate units — and then reads what it wrote."""
    item = await created(http, "下属单位目录（交通警察支队）", GAJ_OFFICER, provider="140500-JJZD")
    assert item["status"] == "DRAFT"
    node = ok(await call(http, NODE, GAJ_OFFICER, id=item["id"]), "node")
    assert node == {"__typename": "CatalogItem", "id": item["id"]}


async def test_unknown_themes_and_databases_are_bad_input(http) -> None:
    body = await call(http, CREATE, MZJ_OFFICER, i=draft("未知主题与库", themeCodes=["NOPE"], databaseCode="NOPE"))
    assert problem_fields(body) == {"themeCodes", "databaseCode"}


async def test_a_policy_that_lets_the_auditor_change_things_is_refused(http) -> None:
    current = ok(await call(http, "{ policy { version model policy } }", POLICY_ADMIN), "policy")
    body = await call(
        http, "mutation($i: SavePolicyInput!) { savePolicy(input: $i) { policyVersion { version } } }", POLICY_ADMIN,
        i={"model": current["model"], "policy": current["policy"] + "\np, review_item, AUDITOR, *, always\n",
           "reason": "试图让审计员审核目录", "expectedVersion": current["version"]},
    )
    assert body.get("errors") and "auditors read and change nothing" in str(body["errors"][0]), body


APPLY = "mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { id } } }"
REVIEW_REQUEST = "mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true}) { accessRequest { grantId } } }"
REVOKE = "mutation($id: ID!, $r: String!) { revokeGrant(input: {grantId: $id, reason: $r}) { grant { live } } }"
REINSTATE = "mutation($id: ID!) { reinstateGrant(input: {grantId: $id, reason: \"已整改\"}) { grant { live } } }"
REPORT = "mutation($id: ID!) { reportFeedback(input: {itemId: $id, description: \"发放日期与实际不符\"}) { feedbackReport { id } } }"


async def granted(http: httpx.AsyncClient, name: str) -> tuple[str, str]:
    """A published MZJ item and a live grant of 人社局 (RSJ) on it."""
    item = await published(http, name)
    application = {"itemId": item, "elementCodes": ["JZJE"], "purpose": "核对救助发放信息", "scenario": "行政审批材料核验",
                   "until": date(2026, 9, 30).isoformat()}
    request = ok(await call(http, APPLY, RSJ_CLERK, input=application), "applyForAccess")["accessRequest"]["id"]
    grant = ok(await call(http, REVIEW_REQUEST, CITY, id=request), "reviewRequest")["accessRequest"]["grantId"]
    return item, grant


async def test_a_revocation_after_a_reinstatement_holds_on_a_replica_whose_clock_lags(world) -> None:
    """第三十一条: the order of the steps decides a grant's state, not the replicas' clocks."""
    http, store = world
    _, grant = await granted(http, "时钟偏差（撤销）")
    ok(await call(http, REVOKE, MZJ_OFFICER, id=grant, r="超范围使用"), "revokeGrant")
    ok(await call(http, REINSTATE, MZJ_OFFICER, id=grant), "reinstateGrant")  # replica A, clock NOW
    lagging = create_app(SETTINGS, store=store, clock=lambda: NOW - timedelta(seconds=2))  # replica B, 2 s behind
    async with lagging.router.lifespan_context(lagging):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=lagging), base_url="http://b.test") as b:
            revoked = ok(await call(b, REVOKE, CITY, id=grant, r="第四十条：超范围使用"), "revokeGrant")["grant"]
    assert revoked["live"] is False
    assert ok(await call(http, "query($id: ID!) { grant(id: $id) { live } }", MZJ_OFFICER, id=grant), "grant")["live"] is False


async def test_a_revocation_is_lifted_only_on_the_side_that_made_it(world) -> None:
    """第四十条 (red team): the provider's officer could undo the authority's supervision, and the
    other party's authority the provider's revocation. The grant now records the revoking
    department, and only it or its own-level authority reinstates."""
    http, _store = world
    _, grant = await granted(http, "收回与恢复的一方")
    ok(await call(http, REVOKE, CITY, id=grant, r="第四十条：超范围使用"), "revokeGrant")
    refused = await call(http, REINSTATE, MZJ_OFFICER, id=grant)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", refused
    assert refused["errors"][0]["extensions"]["reason"] == "WRONG_DEPARTMENT"
    facts = "query($id: ID!) { grant(id: $id) { live revokedBy revokedByDepartment } }"
    assert ok(await call(http, facts, MZJ_OFFICER, id=grant), "grant") == {
        "live": False, "revokedBy": "dsj-li", "revokedByDepartment": "140500-DSJ"}
    ok(await call(http, REINSTATE, CITY, id=grant), "reinstateGrant")  # the revoking authority lifts it

    ok(await call(http, REVOKE, MZJ_OFFICER, id=grant, r="提供部门核查"), "revokeGrant")
    ok(await call(http, REINSTATE, MZJ_OFFICER, id=grant), "reinstateGrant")  # the provider lifts its own


async def _twenty_at_once(store, query: str, headers: dict, **variables: object) -> list[dict]:
    app = create_app(SETTINGS, store=store, clock=lambda: NOW)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://racing.test") as racing:
            return await asyncio.gather(*(call(racing, query, headers, **variables) for _ in range(20)))


async def test_twenty_identical_feedback_reports_make_one(world) -> None:
    """第三十二条: the same report while the first is open is a duplicate (CONFLICT), not a second deadline."""
    http, store = world
    item, _ = await granted(http, "重复反馈")
    bodies = await _twenty_at_once(store, REPORT, RSJ_CLERK, id=item)
    assert sum(1 for body in bodies if not body.get("errors")) == 1, bodies
    assert {body["errors"][0]["extensions"]["code"] for body in bodies if body.get("errors")} == {"CONFLICT"}


async def test_twenty_identical_change_events_make_one(world) -> None:
    """第十二条: one change of law or duty is recorded once for its items."""
    http, store = world
    item = await published(http, "重复变更事件")
    bodies = await _twenty_at_once(store, RECORD_EVENT, MZJ_OFFICER, ids=[item], p="2025-09-01")
    assert sum(1 for body in bodies if not body.get("errors")) == 1, bodies
    assert {body["errors"][0]["extensions"]["code"] for body in bodies if body.get("errors")} == {"CONFLICT"}
