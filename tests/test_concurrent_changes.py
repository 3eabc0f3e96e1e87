"""第十三条 to 第三十二条, one atomic write per change: of 20 identical calls that move an object
from one state to another, exactly one wins and the others get CONFLICT — on both engines. The
calls' first reads are held until all 20 have read (`ReadsTogether`), so every caller decides on
the same state, as clients on separate connections do."""

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
CALLERS = 20

AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-li")
GAJ_OFFICER = auth(SETTINGS, "140500-GAJ", Role.DEPT_DATA_OFFICER, user="gaj-officer")
MZJ_OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
RSJ_CLERK = auth(SETTINGS, "140500-RSJ", Role.DEPT_USER, user="rsj-clerk")

SEAL = item_id("140500-GAJ", "印章刻制备案信息")  # 无条件共享
ID_CARD = item_id("140500-GAJ", "居民身份证信息")  # 有条件共享, 人社局 in scope

APPLY = "mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { id status grantId } } }"
REVIEW = "mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true, reason: \"合规\"}) { accessRequest { status grantId } } }"
ANSWER_NO = "mutation($id: ID!) { answerRequest(input: {requestId: $id, approve: false, reason: \"超出履职需要\"}) { accessRequest { status } } }"
NEGOTIATE = "mutation($id: ID!) { openNegotiation(input: {requestId: $id, statement: \"确需姓名\"}) { accessRequest { status } } }"
COORDINATE = "mutation($id: ID!) { coordinateRequest(input: {requestId: $id, approve: true, reason: \"经协调予以共享\"}) { accessRequest { status } } }"
REVOKE = "mutation($id: ID!) { revokeGrant(input: {grantId: $id, reason: \"超范围使用\"}) { grant { live } } }"
REINSTATE = "mutation($id: ID!) { reinstateGrant(input: {grantId: $id, reason: \"已整改\"}) { grant { live } } }"
FEEDBACK = "mutation($item: ID!) { reportFeedback(input: {itemId: $item, description: \"单位名称与执照不一致\"}) { feedbackReport { id } } }"
ANSWER_FEEDBACK = "mutation($id: ID!) { answerFeedback(input: {feedbackId: $id, answer: \"已核实更正\", corrected: true}) { feedbackReport { status } } }"
CREATE = "mutation($i: CatalogItemInput!) { createDraft(input: {item: $i}) { item { id version } } }"
SUBMIT = "mutation($id: ID!, $v: Int!) { submitItem(input: {id: $id, expectedVersion: $v}) { item { status } } }"
REVIEW_ITEM = "mutation($id: ID!) { reviewItem(input: {id: $id, accept: true}) { item { status } } }"
WITHDRAW = "mutation($id: ID!) { requestWithdrawal(input: {itemId: $id, reason: \"职能调整，不再采集\"}) { withdrawalRequest { id } } }"
DECIDE_WITHDRAWAL = "mutation($id: ID!) { decideWithdrawal(input: {id: $id, approve: true}) { withdrawalRequest { status } } }"


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple[httpx.AsyncClient, GraphStore]]:
    async with demo_world(request.param, falkordb_engine, "concurrent", SETTINGS, clock=lambda: NOW) as ([client], store):
        yield client, store


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    response = await gql(http, query, headers, variables)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return next(iter(body["data"].values()))


async def race(store: GraphStore, first_read: str, query: str, headers: dict, **variables: object) -> list[dict]:
    """20 identical calls, each held after its first read of `first_read` until all have read."""
    app = create_app(SETTINGS, store=ReadsTogether(store, first_read, CALLERS), clock=lambda: NOW)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://racing.test") as http:
            responses = await asyncio.gather(*(gql(http, query, headers, variables) for _ in range(CALLERS)))
    return [response.json() for response in responses]


def exactly_one_wins(bodies: list[dict]) -> None:
    winners = [body for body in bodies if not body.get("errors")]
    codes = {body["errors"][0]["extensions"]["code"] for body in bodies if body.get("errors")}
    assert len(winners) == 1 and codes == {"CONFLICT"}, (len(winners), codes, bodies[:2])


def application(item: str, codes: list[str], purpose: str) -> dict:
    return {"itemId": item, "elementCodes": codes, "purpose": purpose, "scenario": "社保待遇核定",
            "until": date(2026, 9, 30).isoformat()}


async def test_identical_applications_make_one_request(world) -> None:
    _, store = world
    exactly_one_wins(await race(store, "catalog/items_by_ids", APPLY, RSJ_CLERK,
                                input=application(SEAL, ["DWMC", "TYSHXYDM"], "核对刻章单位（并发）")))


async def test_the_request_steps(world) -> None:
    http, store = world
    request = (await call(http, APPLY, RSJ_CLERK, input=application(ID_CARD, ["XM"], "核对参保人身份（并发）")))["accessRequest"]
    exactly_one_wins(await race(store, "requests/by_ids", REVIEW, AUTHORITY, id=request["id"]))
    exactly_one_wins(await race(store, "requests/by_ids", ANSWER_NO, GAJ_OFFICER, id=request["id"]))
    exactly_one_wins(await race(store, "requests/by_ids", NEGOTIATE, RSJ_CLERK, id=request["id"]))
    exactly_one_wins(await race(store, "requests/by_ids", COORDINATE, AUTHORITY, id=request["id"]))


async def test_revocation_reinstatement_and_feedback(world) -> None:
    http, store = world
    request = (await call(http, APPLY, RSJ_CLERK, input=application(SEAL, ["DWMC"], "核对刻章单位（撤销）")))["accessRequest"]
    grant = (await call(http, REVIEW, AUTHORITY, id=request["id"]))["accessRequest"]["grantId"]
    feedback = (await call(http, FEEDBACK, RSJ_CLERK, item=SEAL))["feedbackReport"]["id"]
    exactly_one_wins(await race(store, "feedback/by_ids", ANSWER_FEEDBACK, GAJ_OFFICER, id=feedback))
    exactly_one_wins(await race(store, "grants/by_ids", REVOKE, GAJ_OFFICER, id=grant))
    exactly_one_wins(await race(store, "grants/by_ids", REINSTATE, GAJ_OFFICER, id=grant))


async def test_the_catalog_steps(world) -> None:
    http, store = world
    item = {
        "name": "临时救助发放明细（并发）", "summary": "测试用目录", "providerCode": "140500-MZJ", "storageLevel": "CITY",
        "category": "DEPARTMENTAL", "grade": "GENERAL", "format": "DATABASE", "formatDetail": "mysql",
        "shareType": "UNCONDITIONAL", "shareScope": [], "shareModes": ["API"], "openType": "NOT_OPEN",
        "openMode": "NONE", "updateCycle": "MONTHLY", "themeCodes": [],
        "elements": [{"name": "救助金额", "code": "JZJE", "type": "DECIMAL", "length": 12}],
    }
    saved = (await call(http, CREATE, MZJ_OFFICER, i=item))["item"]
    exactly_one_wins(await race(store, "catalog/items_by_ids", SUBMIT, MZJ_OFFICER, id=saved["id"], v=saved["version"]))
    await call(http, REVIEW_ITEM, AUTHORITY, id=saved["id"])
    exactly_one_wins(await race(store, "catalog/items_by_ids", WITHDRAW, MZJ_OFFICER, id=saved["id"]))
    pending = await call(http, "{ withdrawalRequests(status: PENDING, first: 100) { edges { node { id itemId } } } }", AUTHORITY)
    [withdrawal] = [edge["node"]["id"] for edge in pending["edges"] if edge["node"]["itemId"] == saved["id"]]
    exactly_one_wins(await race(store, "lifecycle/withdrawal_by_id", DECIDE_WITHDRAWAL, AUTHORITY, id=withdrawal))
