"""Requests, grants, authorize and feedback end to end (第二十六条 to 第三十二条): real tokens for each
role, real HTTP through the ASGI app, the real Casbin enforcer, the embedded engine."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.store import GraphStore
from seed.load import item_id
from server.auth import Role
from tests.helpers import Clock, ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings()
CONSUMER = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="minzheng-clerk")
AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-reviewer")
POLICE_OFFICER = auth(SETTINGS, "140500-GAJ", Role.DEPT_DATA_OFFICER, user="gaj-officer")
FAKE_AUTHORITY = auth(SETTINGS, "140500-RSJ", Role.AUTHORITY_ADMIN, user="not-the-authority")
OTHER_OFFICER = auth(SETTINGS, "140500-RSJ", Role.DEPT_DATA_OFFICER, user="rsj-officer")

SEAL = item_id("140500-GAJ", "印章刻制备案信息")  # 无条件共享
DEATH = item_id("140500-GAJ", "死亡注销户口信息")  # 有条件共享, 民政局 in scope, 死亡原因 withheld
ID_CARD = item_id("140500-GAJ", "居民身份证信息")  # 有条件共享, 人像照片 verify-only
NO_RECORD = item_id("140500-GAJ", "无犯罪记录证明开具信息")  # 有条件共享, 民政局 NOT in scope
CRIMES = item_id("140500-GAJ", "违法犯罪记录信息")  # 不予共享

# Thursday 2025-09-25 10:00 Shanghai: two working days later is Monday 09-29 (weekend in between).
START = datetime(2025, 9, 25, 2, 0, tzinfo=timezone.utc)

REQUEST_FIELDS = "id status statusLabel reviewDueAt reviewDueProvisional reviewLate answerDueAt answerDays answerLate grantId"
APPLY = f"mutation($input: ApplyForAccessInput!) {{ applyForAccess(input: $input) {{ accessRequest {{ {REQUEST_FIELDS} }} }} }}"
REVIEW = f"mutation($id: ID!, $ok: Boolean!, $reason: String!) {{ reviewRequest(input: {{requestId: $id, approve: $ok, reason: $reason}}) {{ accessRequest {{ {REQUEST_FIELDS} }} }} }}"
ANSWER = f"mutation($id: ID!, $ok: Boolean!, $reason: String!) {{ answerRequest(input: {{requestId: $id, approve: $ok, reason: $reason}}) {{ accessRequest {{ {REQUEST_FIELDS} }} }} }}"
AUTHORIZE = """query($item: ID!, $codes: [String!]!) { authorize(itemId: $item, elementCodes: $codes) {
  allowed reason message grantId expiresAt elements { code access maskingRule reason } } }"""


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple[httpx.AsyncClient, Clock, GraphStore]]:
    clock = Clock(START)
    async with demo_world(request.param, falkordb_engine, "sharing", SETTINGS, clock=clock) as ([http], store):
        yield http, clock, store


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    response = await gql(http, query, headers, variables)
    assert response.status_code == 200, response.text
    return response.json()


def data(body: dict, field: str) -> dict:
    assert "errors" not in body, body["errors"]
    return body["data"][field]


def changed(body: dict, field: str) -> dict:
    """The changed object a mutation's payload holds (its one field)."""
    [value] = data(body, field).values()
    return value


def error(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]


async def apply(http: httpx.AsyncClient, item: str, codes: list[str], until: date | None = None, headers: dict = CONSUMER) -> dict:
    payload = {"itemId": item, "elementCodes": codes, "purpose": "核实低保申请人家庭成员状况",
               "scenario": "最低生活保障审核确认", "until": (until or date(2026, 9, 30)).isoformat()}
    return await call(http, APPLY, headers, input=payload)


async def test_unconditional_request_is_granted_by_the_authority(world) -> None:
    http, clock, _ = world
    clock.now = START
    request = changed(await apply(http, SEAL, ["TYSHXYDM", "DWMC"]), "applyForAccess")
    assert request["status"] == "PENDING_REVIEW" and request["statusLabel"] == "待主管部门审核"
    # Filed Thursday 25 Sep; the filing day does not count: Fri 26 is day 1, Sun 28 is an adjusted
    # working day (调休) for National Day, so it is day 2 — due at its end, Shanghai time.
    assert request["reviewDueAt"].startswith("2025-09-28T15:59:59") and not request["reviewDueProvisional"]

    denied = await call(http, AUTHORIZE, CONSUMER, item=SEAL, codes=["TYSHXYDM"])
    assert data(denied, "authorize")["allowed"] is False

    clock.now = START + timedelta(hours=3)
    reviewed = changed(await call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason=""), "reviewRequest")
    assert reviewed["status"] == "GRANTED" and reviewed["grantId"] and reviewed["reviewLate"] is False

    answer = data(await call(http, AUTHORIZE, CONSUMER, item=SEAL, codes=["TYSHXYDM", "DWMC", "YZMC"]), "authorize")
    assert answer["allowed"] and answer["grantId"] == reviewed["grantId"]
    access = {e["code"]: (e["access"], e["reason"]) for e in answer["elements"]}
    assert access["TYSHXYDM"][0] == "ALLOW" and access["YZMC"] == ("DENY", "NOT_GRANTED")


async def test_conditional_request_goes_to_the_provider(world) -> None:
    http, clock, _ = world
    clock.now = START
    request = changed(await apply(http, DEATH, ["GMSFHM", "XM", "XB", "SWRQ"]), "applyForAccess")
    forwarded = changed(await call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason="用途合规"), "reviewRequest")
    assert forwarded["status"] == "FORWARDED" and forwarded["answerDays"] == 5
    # Forwarded Thursday 25 Sep: Fri 26, Sun 28 (调休), Mon 29, Tue 30, then National Day
    # 1–8 Oct, so day 5 is Thursday 9 Oct.
    assert forwarded["answerDueAt"].startswith("2025-10-09T15:59:59")

    wrong = await call(http, ANSWER, OTHER_OFFICER, id=request["id"], ok=True, reason="")
    assert error(wrong)["extensions"]["code"] == "FORBIDDEN"
    granted = changed(await call(http, ANSWER, POLICE_OFFICER, id=request["id"], ok=True, reason=""), "answerRequest")
    assert granted["status"] == "GRANTED" and granted["answerLate"] is False

    answer = data(await call(http, AUTHORIZE, CONSUMER, item=DEATH, codes=["GMSFHM", "XB", "SWYY", "ZXRQ"]), "authorize")
    access = {e["code"]: (e["access"], e["maskingRule"], e["reason"]) for e in answer["elements"]}
    assert access["GMSFHM"] == ("MASK", "ID_NUMBER", "MASKED")
    assert access["XB"] == ("ALLOW", None, "GRANTED")
    assert access["SWYY"] == ("DENY", None, "WITHHELD")
    assert access["ZXRQ"] == ("DENY", None, "NOT_GRANTED")


async def test_verification_only_elements(world) -> None:
    http, clock, _ = world
    clock.now = START
    request = changed(await apply(http, ID_CARD, ["GMSFHM", "RXZP"]), "applyForAccess")
    changed(await call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason="合规"), "reviewRequest")
    changed(await call(http, ANSWER, POLICE_OFFICER, id=request["id"], ok=True, reason=""), "answerRequest")
    answer = data(await call(http, AUTHORIZE, CONSUMER, item=ID_CARD, codes=["RXZP"]), "authorize")
    assert answer["elements"][0]["access"] == "VERIFY_ONLY"


async def test_refusal_negotiation_and_coordination(world) -> None:
    http, clock, _ = world
    clock.now = START
    consumer = auth(SETTINGS, "140500-RSJ", Role.DEPT_USER, user="rsj-clerk")
    request = changed(await apply(http, ID_CARD, ["XM"], headers=consumer), "applyForAccess")
    changed(await call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason="合规"), "reviewRequest")
    no_reason = await call(http, ANSWER, POLICE_OFFICER, id=request["id"], ok=False, reason="  ")
    assert {k: v for k, v in error(no_reason)["extensions"].items() if k != "problems"} == {"code": "BAD_USER_INPUT", "field": "reason"}
    refused = changed(await call(http, ANSWER, POLICE_OFFICER, id=request["id"], ok=False, reason="申请数据超出履职需要"), "answerRequest")
    assert refused["status"] == "REFUSED"
    negotiate = "mutation($id: ID!, $s: String!) { openNegotiation(input: {requestId: $id, statement: $s}) { accessRequest { status } } }"
    not_theirs = await call(http, negotiate, CONSUMER, id=request["id"], s="异议")
    assert error(not_theirs)["extensions"]["code"] == "FORBIDDEN"
    assert changed(await call(http, negotiate, consumer, id=request["id"], s="社保待遇核定确需姓名"), "openNegotiation")["status"] == "NEGOTIATING"
    coordinate = "mutation($id: ID!, $g: Boolean!, $r: String!) { coordinateRequest(input: {requestId: $id, approve: $g, reason: $r}) { accessRequest { status grantId } } }"
    settled = changed(await call(http, coordinate, AUTHORITY, id=request["id"], g=True, r="经协调，依法履职需要，予以共享"), "coordinateRequest")
    assert settled["status"] == "GRANTED" and settled["grantId"]
    grants = data(await call(http, "{ myGrants(first: 50) { edges { node { id mode live } } } }", consumer), "myGrants")
    assert {"id": settled["grantId"], "mode": "COORDINATED", "live": True} in [e["node"] for e in grants["edges"]]


@pytest.mark.parametrize(
    "item, codes, until, code, detail",
    [
        (NO_RECORD, ["XM"], None, "FORBIDDEN", "OUT_OF_SCOPE"),
        (CRIMES, ["XM"], None, "FORBIDDEN", "NOT_SHARED"),
        (SEAL, ["DWMC"], date(2028, 9, 26), "BAD_USER_INPUT", "until"),
        (DEATH, ["SWYY"], None, "BAD_USER_INPUT", "elementCodes"),
        (SEAL, ["NOPE"], None, "BAD_USER_INPUT", "elementCodes"),
    ],
)
async def test_applications_that_are_refused(world, item: str, codes: list[str], until: date | None, code: str, detail: str) -> None:
    http, clock, _ = world
    clock.now = START
    failure = error(await apply(http, item, codes, until=until))
    assert failure["extensions"]["code"] == code
    assert detail in (failure["extensions"].get("reason"), failure["extensions"].get("field"))


async def test_purpose_and_scenario_are_required(world) -> None:
    http, _, _ = world
    payload = {"itemId": SEAL, "elementCodes": ["DWMC"], "purpose": " ", "scenario": "x", "until": "2026-01-01"}
    failure = error(await call(http, APPLY, CONSUMER, input=payload))
    assert {k: v for k, v in failure["extensions"].items() if k != "problems"} == {"code": "BAD_USER_INPUT", "field": "purpose"}


async def test_only_the_authority_reviews(world) -> None:
    http, clock, _ = world
    clock.now = START
    request = changed(await apply(http, SEAL, ["DWMC"]), "applyForAccess")
    for headers in (FAKE_AUTHORITY, POLICE_OFFICER, CONSUMER):
        failure = error(await call(http, REVIEW, headers, id=request["id"], ok=True, reason=""))
        assert failure["extensions"]["code"] == "FORBIDDEN"


async def test_two_reviewers_at_once_only_one_succeeds(world) -> None:
    http, clock, store = world
    clock.now = START
    request = changed(await apply(http, SEAL, ["YZMC"]), "applyForAccess")
    first, second = await asyncio.gather(
        call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason=""),
        call(http, REVIEW, auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-2"), id=request["id"], ok=True, reason=""),
    )
    outcomes = sorted(["errors" in first, "errors" in second])
    assert outcomes == [False, True]
    loser = first if "errors" in first else second
    assert error(loser)["extensions"]["code"] == "CONFLICT"
    rows = await store.read("requests/by_ids", ids=[request["id"]])
    assert rows[0]["request"]["status"] == "GRANTED"


async def test_late_review_is_recorded_and_overdue_listed(world) -> None:
    http, clock, _ = world
    clock.now = START
    request = changed(await apply(http, SEAL, ["DWMC", "YZMC"]), "applyForAccess")
    clock.now = START + timedelta(days=6)
    overdue = data(await call(http, "{ overdueRequests(first: 100) { edges { node { id reviewDueAt } } } }", AUTHORITY), "overdueRequests")
    assert request["id"] in [edge["node"]["id"] for edge in overdue["edges"]]
    late = changed(await call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason=""), "reviewRequest")
    assert late["status"] == "GRANTED" and late["reviewLate"] is True


async def test_expired_and_idle_grants_stop_authorising(world) -> None:
    http, clock, _ = world
    consumer = auth(SETTINGS, "140500-YBJ", Role.DEPT_USER, user="ybj-clerk")
    clock.now = START
    request = changed(await apply(http, SEAL, ["DWMC"], until=date(2026, 12, 31), headers=consumer), "applyForAccess")
    granted = changed(await call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason=""), "reviewRequest")
    assert data(await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"]), "authorize")["allowed"]

    clock.now = START + timedelta(days=80)  # used on day 0: still live within three months
    assert data(await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"]), "authorize")["allowed"]
    clock.now = START + timedelta(days=80 + 93)  # unused for more than three months since day 80
    idle = data(await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"]), "authorize")
    assert not idle["allowed"] and idle["reason"] == "GRANT_IDLE"

    reinstate = "mutation($id: ID!, $r: String!) { reinstateGrant(input: {grantId: $id, reason: $r}) { grant { live stateReason } } }"
    assert error(await call(http, reinstate, consumer, id=granted["grantId"], r="请恢复"))["extensions"]["code"] == "FORBIDDEN"
    revived = changed(await call(http, reinstate, POLICE_OFFICER, id=granted["grantId"], r="业务恢复"), "reinstateGrant")
    assert revived == {"live": True, "stateReason": "LIVE"}
    assert data(await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"]), "authorize")["allowed"]

    clock.now = datetime(2027, 1, 1, tzinfo=timezone.utc)
    expired = data(await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"]), "authorize")
    assert not expired["allowed"] and expired["reason"] == "GRANT_EXPIRED"


async def test_revoked_grant_stops_authorising(world) -> None:
    http, clock, _ = world
    consumer = auth(SETTINGS, "140500-JYJ", Role.DEPT_USER, user="jyj-clerk")
    clock.now = START
    request = changed(await apply(http, SEAL, ["DWMC"], headers=consumer), "applyForAccess")
    granted = changed(await call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason=""), "reviewRequest")
    revoke = "mutation($id: ID!, $r: String!) { revokeGrant(input: {grantId: $id, reason: $r}) { grant { live stateReason revokeReason } } }"
    revoked = changed(await call(http, revoke, POLICE_OFFICER, id=granted["grantId"], r="超范围使用"), "revokeGrant")
    assert revoked == {"live": False, "stateReason": "REVOKED", "revokeReason": "超范围使用"}
    assert data(await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"]), "authorize")["reason"] == "GRANT_REVOKED"
    again = await call(http, revoke, POLICE_OFFICER, id=granted["grantId"], r="再次")
    assert error(again)["extensions"]["code"] == "CONFLICT"


async def test_use_is_recorded_at_most_hourly(world) -> None:
    http, clock, store = world
    consumer = auth(SETTINGS, "140500-CZJ", Role.DEPT_USER, user="czj-clerk")
    clock.now = START
    request = changed(await apply(http, SEAL, ["DWMC"], headers=consumer), "applyForAccess")
    grant_id = changed(await call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason=""), "reviewRequest")["grantId"]

    async def last_used() -> str | None:
        return (await store.read("grants/by_ids", ids=[grant_id]))[0]["grant"].get("lastUsedAt")

    await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"])
    first = await last_used()
    clock.now = START + timedelta(minutes=30)
    await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"])
    assert await last_used() == first
    clock.now = START + timedelta(hours=2)
    await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"])
    assert await last_used() > first
    # 第三十一条 (issue 12): asking only for what the grant does not give is not use of it
    second = await last_used()
    clock.now = START + timedelta(hours=4)
    answer = data(await call(http, AUTHORIZE, consumer, item=SEAL, codes=["YZMC"]), "authorize")
    assert answer["allowed"] and [e["access"] for e in answer["elements"]] == ["DENY"]
    await call(http, AUTHORIZE, consumer, item=SEAL, codes=[])
    assert await last_used() == second


async def test_platform_wholesale_authorisation(world) -> None:
    http, clock, _ = world
    clock.now = START
    wholesale = "mutation($item: ID!) { authorizePlatform(input: {itemId: $item}) { item { id platformAuthorizedAt } } }"
    assert error(await call(http, wholesale, OTHER_OFFICER, item=DEATH))["extensions"]["code"] == "FORBIDDEN"
    item = changed(await call(http, wholesale, POLICE_OFFICER, item=DEATH), "authorizePlatform")
    assert item["id"] == DEATH and item["platformAuthorizedAt"].startswith("2025-09-25T02:00")
    consumer = auth(SETTINGS, "140500-YBJ", Role.DEPT_USER, user="ybj-2")
    request = changed(await apply(http, DEATH, ["XM"], headers=consumer), "applyForAccess")
    granted = changed(await call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason=""), "reviewRequest")
    assert granted["status"] == "GRANTED"
    grants = data(await call(http, "{ myGrants(first: 50) { edges { node { id mode } } } }", consumer), "myGrants")
    assert {"id": granted["grantId"], "mode": "PLATFORM"} in [e["node"] for e in grants["edges"]]


async def test_batched_authorize(world) -> None:
    http, clock, _ = world
    clock.now = START + timedelta(hours=5)
    questions = [{"itemId": SEAL, "elementCodes": ["DWMC"]}, {"itemId": CRIMES, "elementCodes": ["XM"]}] * 50
    query = "query($q: [AuthorizeQuestion!]!) { authorizeBatch(questions: $q) { itemId allowed reason } }"
    answers = data(await call(http, query, CONSUMER, q=questions), "authorizeBatch")
    assert len(answers) == 100
    assert answers[0]["allowed"] and not answers[1]["allowed"]


async def test_feedback_needs_a_grant_and_has_a_deadline(world) -> None:
    http, clock, _ = world
    clock.now = START + timedelta(hours=6)
    report = "mutation($item: ID!, $d: String!) { reportFeedback(input: {itemId: $item, description: $d}) { feedbackReport { id status } } }"
    no_grant = await call(http, report, auth(SETTINGS, "140500-SFJ", Role.DEPT_USER), item=SEAL, d="单位名称与实际不符")
    assert error(no_grant)["extensions"]["code"] == "FORBIDDEN"
    filed = changed(await call(http, report, CONSUMER, item=SEAL, d="单位名称与营业执照不一致"), "reportFeedback")
    assert filed["status"] == "OPEN"
    feedback_id = filed["id"]
    listed = data(await call(http, "{ feedbackReports(toAnswer: true) { edges { node { id dueAt status } } } }", POLICE_OFFICER), "feedbackReports")
    mine = next(edge["node"] for edge in listed["edges"] if edge["node"]["id"] == feedback_id)
    assert mine["status"] == "OPEN" and mine["dueAt"].startswith("2025-10-09")  # 5 working days, National Day skipped
    answer = "mutation($id: ID!, $a: String!) { answerFeedback(input: {feedbackId: $id, answer: $a, corrected: true}) { feedbackReport { status late } } }"
    assert error(await call(http, answer, OTHER_OFFICER, id=feedback_id, a="已更正"))["extensions"]["code"] == "FORBIDDEN"
    assert changed(await call(http, answer, POLICE_OFFICER, id=feedback_id, a="已核实并更正"), "answerFeedback") == {"status": "ANSWERED", "late": False}


async def test_lookups_by_id_are_null_when_missing_or_not_visible(world) -> None:
    http, clock, _ = world
    clock.now = START + timedelta(hours=7)
    consumer = auth(SETTINGS, "140500-WJW", Role.DEPT_USER, user="wjw-clerk")
    outsider = auth(SETTINGS, "140500-SFJ", Role.DEPT_USER, user="sfj-clerk")
    request = changed(await apply(http, SEAL, ["TYSHXYDM"], headers=consumer), "applyForAccess")
    grant_id = changed(await call(http, REVIEW, AUTHORITY, id=request["id"], ok=True, reason=""), "reviewRequest")["grantId"]
    report = "mutation($item: ID!) { reportFeedback(input: {itemId: $item, description: \"统一社会信用代码缺位\"}) { feedbackReport { id } } }"
    feedback_id = changed(await call(http, report, consumer, item=SEAL), "reportFeedback")["id"]
    lookups = [
        ("query($id: ID!) { accessRequest(id: $id) { id status } }", "accessRequest", request["id"]),
        ("query($id: ID!) { grant(id: $id) { id live requestId } }", "grant", grant_id),
        ("query($id: ID!) { feedbackReport(id: $id) { id status } }", "feedbackReport", feedback_id),
    ]
    for query, field, object_id in lookups:
        for party in (consumer, POLICE_OFFICER):  # the consumer and the provider see it
            assert data(await call(http, query, party, id=object_id), field)["id"] == object_id
        assert data(await call(http, query, outsider, id=object_id), field) is None  # another department: nothing
        assert data(await call(http, query, consumer, id="no-such-id"), field) is None
    shown = data(await call(http, lookups[1][0], consumer, id=grant_id), "grant")
    assert shown == {"id": grant_id, "live": True, "requestId": request["id"]}
    parties = "query($id: ID!) { accessRequest(id: $id) { item { id } consumer { code } provider { code } requestedUntil } }"
    assert data(await call(http, parties, consumer, id=request["id"]), "accessRequest") == {
        "item": {"id": SEAL}, "consumer": {"code": "140500-WJW"}, "provider": {"code": "140500-GAJ"},
        "requestedUntil": "2026-09-30T15:59:59+00:00",  # the last day, inclusive, to its end in Shanghai
    }


def test_every_policy_reason_is_an_authorize_reason() -> None:
    """The gateway answers with the policy's reason code; an administrator may edit the `use`
    lines, so every code the enforcer can give must be a value of the enum."""
    from policies.enforcer import MESSAGES
    from server.domain.sharing import AuthorizeReason

    assert set(MESSAGES) | {"NOT_FOUND"} == {reason.value for reason in AuthorizeReason}


async def test_imported_grants_authorize_and_are_reinstated_once(world) -> None:
    """A grant migrated from another platform (graph/repos/sharing.py `import_grants`) is read
    like any other: it authorizes, and its revocation is lifted by one reinstatement."""
    from graph.repos.sharing import import_grants
    from server.domain.records.sharing import GrantRecord

    http, clock, store = world
    clock.now = START + timedelta(hours=8)
    consumer = auth(SETTINGS, "140500-ZJJ", Role.DEPT_USER, user="zjj-clerk")
    grant = GrantRecord(id="imported-seal-zjj", item_id=SEAL, consumer_code="140500-ZJJ", granted_at=START - timedelta(days=10),
                        expires_at=START + timedelta(days=300), element_codes=("DWMC",), purpose="迁移的授权",
                        revoked_at=START - timedelta(days=1), revoked_by="old-platform", revoke_reason="迁移前已收回",
                        revoked_by_department="140500-GAJ")  # the provider revoked it: its officer may lift it (第四十条)
    assert await import_grants(store, [grant]) == 1
    assert data(await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"]), "authorize")["reason"] == "GRANT_REVOKED"
    reinstate = "mutation($id: ID!) { reinstateGrant(input: {grantId: $id, reason: \"核实后恢复\"}) { grant { live mode } } }"
    assert changed(await call(http, reinstate, POLICE_OFFICER, id=grant.id), "reinstateGrant") == {"live": True, "mode": None}
    assert error(await call(http, reinstate, POLICE_OFFICER, id=grant.id))["extensions"]["code"] == "CONFLICT"
    answer = data(await call(http, AUTHORIZE, consumer, item=SEAL, codes=["DWMC"]), "authorize")
    assert answer["allowed"] and answer["grantId"] == grant.id and answer["elements"][0]["reason"] == "GRANTED"
