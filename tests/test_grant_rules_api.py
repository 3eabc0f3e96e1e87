"""第三十一条 and 第三十二条 through the running server, by the rules file's settings: holders are
warned before a grant stops; an idle grant lapses by itself (LAPSE) or is listed for the provider or
the authority to decide (LIST); a holder may report a problem for a window after the grant ended;
feedback past its deadline is listed for the provider and the supervising authority."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.store import GraphStore
from seed.load import item_id
from server.auth import Role
from tests.helpers import Clock, ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings(policy_refresh_seconds=0)
AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-reviewer")
POLICY_ADMIN = auth(SETTINGS, "140500-DSJ", Role.POLICY_ADMIN, user="policy-admin")
POLICE_OFFICER = auth(SETTINGS, "140500-GAJ", Role.DEPT_DATA_OFFICER, user="gaj-officer")
OTHER_OFFICER = auth(SETTINGS, "140500-ZRZYJ", Role.DEPT_DATA_OFFICER, user="zrzyj-officer")
SEAL = item_id("140500-GAJ", "印章刻制备案信息")  # 无条件共享, provided by 公安局
START = datetime(2025, 9, 25, 2, 0, tzinfo=timezone.utc)  # Thursday, 10:00 in Shanghai

APPLY = "mutation($i: ApplyForAccessInput!) { applyForAccess(input: $i) { accessRequest { id } } }"
REVIEW = ("mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true, reason: \"\"}) "
          "{ accessRequest { status grantId } } }")
AUTHORIZE = "query { authorize(itemId: \"%s\", elementCodes: [\"DWMC\"]) { allowed reason } }" % SEAL
MY_GRANTS = "{ myGrants(first: 50) { edges { node { id stateReason warnings { kind at message } } } } }"
IDLE = "{ idleGrants(first: 50) { totalCount edges { node { id consumerCode warnings { kind } } } } }"
REPORT = ("mutation($d: String!) { reportFeedback(input: {itemId: \"%s\", description: $d}) "
          "{ feedbackReport { id dueAt } } }") % SEAL
OVERDUE = "query($p: String) { overdueFeedback(providerCode: $p) { totalCount edges { node { id providerCode dueAt } } } }"


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple[httpx.AsyncClient, Clock, GraphStore]]:
    clock = Clock(START)
    async with demo_world(request.param, falkordb_engine, "grant-rules", SETTINGS, clock=clock) as ([http], store):
        yield http, clock, store


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    response = await gql(http, query, headers, variables)
    assert response.status_code == 200, response.text
    return response.json()


async def granted(http: httpx.AsyncClient, clock: Clock, department: str, until: date) -> tuple[dict, str]:
    """A clerk of `department` holding a grant on SEAL from `clock.now` until `until`: (headers, grant id)."""
    clerk = auth(SETTINGS, department, Role.DEPT_USER, user=f"{department}-clerk")
    payload = {"itemId": SEAL, "elementCodes": ["DWMC"], "purpose": "核验单位印章备案", "scenario": "行政审批核验",
               "until": until.isoformat()}
    filed = await call(http, APPLY, clerk, i=payload)
    assert "errors" not in filed, filed
    review = await call(http, REVIEW, AUTHORITY, id=filed["data"]["applyForAccess"]["accessRequest"]["id"])
    request = review["data"]["reviewRequest"]["accessRequest"]
    assert request["status"] == "GRANTED", review
    return clerk, request["grantId"]


async def warnings_of(http: httpx.AsyncClient, clerk: dict, grant_id: str) -> list[str]:
    edges = (await call(http, MY_GRANTS, clerk))["data"]["myGrants"]["edges"]
    return [warning["kind"] for edge in edges if edge["node"]["id"] == grant_id for warning in edge["node"]["warnings"]]


async def test_holders_are_warned_before_expiry_and_before_an_idle_stop(world) -> None:
    """[grants] warn_before (P30D): a grant ending within 30 days, or about to go idle, says so in myGrants."""
    http, clock, _ = world
    clock.now = START
    ending, ending_id = await granted(http, clock, "140500-WJW", date(2025, 10, 20))
    lasting, lasting_id = await granted(http, clock, "140500-SCJGJ", date(2026, 9, 30))
    assert await warnings_of(http, ending, ending_id) == ["EXPIRES_SOON"]
    assert await warnings_of(http, lasting, lasting_id) == []
    clock.now = START + timedelta(days=70)  # unused since START: the idle stop (START + 3 months) is 21 days away
    assert await warnings_of(http, lasting, lasting_id) == ["IDLE_SOON"]
    edges = (await call(http, MY_GRANTS, lasting))["data"]["myGrants"]["edges"]
    [message] = [w["message"] for e in edges if e["node"]["id"] == lasting_id for w in e["node"]["warnings"]]
    assert "2025-12-25" in message and "闲置" in message


async def _save_rules(http: httpx.AsyncClient, edit: tuple[str, str] | None, reason: str) -> None:
    current = (await call(http, "{ policy { version model policy rules } }", POLICY_ADMIN))["data"]["policy"]
    rules = current["rules"]
    if edit is not None:
        assert edit[0] in rules
        rules = rules.replace(*edit)
    saved = await call(http, "mutation($m: String!, $p: String!, $r: String!, $v: Int!, $why: String!) { savePolicy(input: "
                             "{model: $m, policy: $p, rules: $r, reason: $why, expectedVersion: $v}) { policyVersion { version } } }",
                       POLICY_ADMIN, m=current["model"], p=current["policy"], r=rules, why=reason, v=current["version"])
    assert "errors" not in saved, saved


async def test_an_idle_grant_lapses_or_is_listed_for_a_decision_by_setting(world) -> None:
    """第三十一条 (可视情收回): LAPSE (the default) stops an idle grant by itself; LIST keeps it live
    and lists it for the provider or the authority, who may revoke it."""
    http, clock, _ = world
    clock.now = START
    clerk, grant_id = await granted(http, clock, "140500-JYJ", date(2026, 9, 30))
    clock.now = START + timedelta(days=100)  # unused for more than three months
    assert (await call(http, AUTHORIZE, clerk))["data"]["authorize"]["reason"] == "GRANT_IDLE"
    listed = (await call(http, IDLE, POLICE_OFFICER))["data"]["idleGrants"]
    assert grant_id in [edge["node"]["id"] for edge in listed["edges"]]  # LAPSE: listed too, to reinstate or revoke

    await _save_rules(http, ('idle_outcome = "LAPSE"', 'idle_outcome = "LIST"'), "闲置授权由提供部门视情收回")
    listed = (await call(http, IDLE, POLICE_OFFICER))["data"]["idleGrants"]
    [node] = [edge["node"] for edge in listed["edges"] if edge["node"]["id"] == grant_id]
    assert node == {"id": grant_id, "consumerCode": "140500-JYJ", "warnings": [{"kind": "IDLE_LISTED"}]}
    assert grant_id in [e["node"]["id"] for e in (await call(http, IDLE, AUTHORITY))["data"]["idleGrants"]["edges"]]
    assert (await call(http, IDLE, OTHER_OFFICER))["data"]["idleGrants"]["edges"] == []  # not its items
    assert await warnings_of(http, clerk, grant_id) == ["IDLE_LISTED"]
    assert (await call(http, AUTHORIZE, clerk))["data"]["authorize"]["allowed"]  # LIST: still live, and now used
    assert grant_id not in [e["node"]["id"] for e in (await call(http, IDLE, POLICE_OFFICER))["data"]["idleGrants"]["edges"]]
    await _save_rules(http, ('idle_outcome = "LIST"', 'idle_outcome = "LAPSE"'), "恢复闲置自动停止")


async def test_a_holder_may_report_for_a_window_after_the_grant_ended(world) -> None:
    """第三十二条 with [feedback] window_after_grant (P3M): the grant ended 2025-10-31 (expiry)."""
    http, clock, _ = world
    clock.now = START
    clerk, _ = await granted(http, clock, "140500-RSJ", date(2025, 10, 31))
    clock.now = datetime(2025, 12, 15, 2, 0, tzinfo=timezone.utc)
    assert (await call(http, AUTHORIZE, clerk))["data"]["authorize"]["reason"] == "GRANT_EXPIRED"
    filed = await call(http, REPORT, clerk, d="印章备案单位名称与营业执照不一致")
    assert "errors" not in filed, filed
    clock.now = datetime(2026, 2, 5, 2, 0, tzinfo=timezone.utc)  # more than three months after the end
    late = await call(http, REPORT, clerk, d="印章备案日期有误")
    assert late["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert late["errors"][0]["extensions"]["reason"] == "REPORT_WINDOW_CLOSED"
    assert "第三十二条" in late["errors"][0]["message"]

    # The report of 15 December was due five working days later: overdue now, listed for the
    # provider and the city authority, not for a department with no part in it.
    report_id = filed["data"]["reportFeedback"]["feedbackReport"]["id"]
    for who in (POLICE_OFFICER, AUTHORITY, clerk):
        overdue = (await call(http, OVERDUE, who))["data"]["overdueFeedback"]
        assert report_id in [edge["node"]["id"] for edge in overdue["edges"]], who
    assert (await call(http, OVERDUE, OTHER_OFFICER))["data"]["overdueFeedback"]["edges"] == []
    by_provider = (await call(http, OVERDUE, AUTHORITY, p="140500-ZRZYJ"))["data"]["overdueFeedback"]
    assert by_provider["totalCount"] == 0
