"""Issue 12, red team: the rules file, published items changing through review, grants that follow
the item, idle grants, the feedback window and grading — attacked by other roles and departments,
odd rules texts, races and states, and read for what the audit trail records and what errors say.

A test that fails names a defect (it asserts the correct behaviour); one that passes is an attack
that held. Real engines, real tokens, real HTTP through the ASGI app; the races are made certain by
a store that holds one statement (or gathers the first reads of one) until the test lets it go."""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.store import GraphStore
from policies import cli as policy_cli
from policies.enforcer import RULES_PATH
from seed.load import item_id as seeded_item_id
from seed.load import load_demo
from server.app import create_app
from server.auth import Role
from tests.helpers import ENGINES, NEO4J, Clock, auth, gql, make_settings, open_store_on

SETTINGS = make_settings(policy_refresh_seconds=0)
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # a Monday, 10:00 in Shanghai
GRAPH = "issue12-redteam"

OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
MZJ_CLERK = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="mzj-clerk")
AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-reviewer")
AUTHORITY_B = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-second")
# The editor, holding the authority's role under another department: still the editor (第十三条).
EDITOR_AS_AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="mzj-officer")
COUNTY_AUTHORITY = auth(SETTINGS, "140525-DSJ", Role.AUTHORITY_ADMIN, user="zezhou-reviewer")
AUDITOR = auth(SETTINGS, "140500-DSJ", Role.AUDITOR, user="auditor")
POLICY_ADMIN = auth(SETTINGS, "140500-DSJ", Role.POLICY_ADMIN, user="policy-admin")
RSJ = auth(SETTINGS, "140500-RSJ", Role.DEPT_USER, user="rsj-clerk")
RSJ_OFFICER = auth(SETTINGS, "140500-RSJ", Role.DEPT_DATA_OFFICER, user="rsj-officer")
YBJ = auth(SETTINGS, "140500-YBJ", Role.DEPT_USER, user="ybj-clerk")
YBJ_OFFICER = auth(SETTINGS, "140500-YBJ", Role.DEPT_DATA_OFFICER, user="ybj-officer")
JYJ = auth(SETTINGS, "140500-JYJ", Role.DEPT_USER, user="jyj-clerk")
WJW = auth(SETTINGS, "140500-WJW", Role.DEPT_USER, user="wjw-clerk")
SEAL = seeded_item_id("140500-GAJ", "印章刻制备案信息")  # 无条件共享, provided by 公安局

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
          "item: $i, reason: $r}) { item { version status } revision { id status baseVersion } } }")
REVIEW_REVISION = ("mutation($id: ID!, $a: Boolean!, $c: String!) { reviewRevision(input: {itemId: $id, accept: $a, comment: $c}) "
                   "{ item { version name shareType shareScopeAll } revision { id status reviewedBy } } }")
PENDING = "query($id: ID!) { pendingRevision(itemId: $id) { id status submittedBy } }"
PENDING_LIST = "{ pendingRevisions(first: 100) { totalCount edges { node { id itemId status } } } }"
DETAIL = "query($id: ID) { catalogItem(id: $id) { version name status shareType shareScopeAll } }"
APPLY = "mutation($i: ApplyForAccessInput!) { applyForAccess(input: $i) { accessRequest { id status } } }"
REVIEW_REQUEST = ("mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true, reason: \"用途合规\"}) "
                  "{ accessRequest { status grantId } } }")
ANSWER = ("mutation($id: ID!) { answerRequest(input: {requestId: $id, approve: true, reason: \"\"}) "
          "{ accessRequest { status grantId } } }")
AUTHORIZE = ("query($item: ID!, $codes: [String!]!) { authorize(itemId: $item, elementCodes: $codes) "
             "{ allowed reason } }")
MY_GRANTS = "{ myGrants(first: 100) { edges { node { id itemId stateReason suspendedAt suspendReason } } } }"
REVOKE = "mutation($id: ID!) { revokeGrant(input: {grantId: $id, reason: \"暂停使用\"}) { grant { stateReason } } }"
REINSTATE = "mutation($id: ID!) { reinstateGrant(input: {grantId: $id, reason: \"恢复使用\"}) { grant { stateReason } } }"
REQUEST_WITHDRAWAL = ("mutation($id: ID!) { requestWithdrawal(input: {itemId: $id, reason: \"职能调整，停止提供\"}) "
                      "{ withdrawalRequest { id } } }")
DECIDE_WITHDRAWAL = ("mutation($id: ID!) { decideWithdrawal(input: {id: $id, approve: true, comment: \"同意撤销\"}) "
                     "{ withdrawalRequest { status } } }")
IDLE = "{ idleGrants(first: 100) { totalCount edges { node { id itemId consumerCode } } } }"
REPORT = ("mutation($id: ID!, $d: String!) { reportFeedback(input: {itemId: $id, description: $d}) "
          "{ feedbackReport { id } } }")
AUDIT = ("query($a: AuditAction, $t: String) { auditEvents(first: 50, filter: {action: $a, targetId: $t}) "
         "{ edges { node { actor { user departmentCode roles } action targetId outcome reason before after } } } }")
POLICY = "{ policy { version model policy rules } }"
SAVE = ("mutation($m: String!, $p: String!, $rules: String, $r: String!, $v: Int!, $f: String) { savePolicy(input: "
        "{model: $m, policy: $p, rules: $rules, reason: $r, expectedVersion: $v, forceReason: $f}) { policyVersion { version } } }")
RESTORE = "mutation($v: Int!) { restorePolicy(input: {version: $v, reason: \"红队测试后恢复\"}) { policyVersion { version } } }"
DRY_RUN = ("query($m: String!, $p: String!, $rules: String) { policyDryRun(model: $m, policy: $p, rules: $rules) "
           "{ valid problems warnings } }")


# ---- the world: one demo catalog per engine, served through a store the races can hold ------------


class Hooks:
    """The real store; a test may hold the first write of one statement until it lets it go, or make
    the first `parties` reads of one statement wait for one another (then reads pass freely)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.engine = store.engine
        self._held: dict[str, tuple[asyncio.Event, asyncio.Event]] = {}
        self._together: dict[str, list] = {}

    def hold(self, statement: str) -> tuple[asyncio.Event, asyncio.Event]:
        reached, release = asyncio.Event(), asyncio.Event()
        self._held[statement] = (reached, release)
        return reached, release

    def together(self, statement: str, parties: int) -> None:
        self._together[statement] = [asyncio.Barrier(parties), parties]

    async def write(self, name: str, **params: object) -> list:
        held = self._held.pop(name, None)
        if held is not None:
            held[0].set()
            await asyncio.wait_for(held[1].wait(), timeout=30)
        return await self._store.write(name, **params)

    async def read(self, name: str, **params: object) -> list:
        rows = await self._store.read(name, **params)
        entry = self._together.get(name)
        if entry is not None and entry[1] > 0:
            entry[1] -= 1
            if entry[1] == 0:
                del self._together[name]
            try:
                await asyncio.wait_for(entry[0].wait(), timeout=5)
            except (TimeoutError, asyncio.BrokenBarrierError):
                pass
        return rows

    def reset(self) -> None:
        """Lets every held write go and forgets what a test armed and did not use."""
        for _, release in self._held.values():
            release.set()
        self._held.clear()
        self._together.clear()

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


async def first_of(task: asyncio.Task, reached: asyncio.Event, timeout: float = 10) -> None:
    """Until the held statement is reached, or the task ended without reaching it."""
    waiting = asyncio.ensure_future(reached.wait())
    try:
        await asyncio.wait({task, waiting}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiting.cancel()
    assert reached.is_set() or task.done(), "neither the held statement nor the end of the call came"


@dataclass
class World:
    http: httpx.AsyncClient
    clock: Clock
    hooks: Hooks


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[World]:
    engine = request.param
    clock = Clock(NOW)
    store = await open_store_on(engine, falkordb_engine, GRAPH)
    await load_demo(store)
    if engine == "neo4j":
        NEO4J.world = GRAPH
    hooks = Hooks(store)
    app = create_app(SETTINGS, store=hooks, clock=clock)
    try:
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://redteam.test") as http:
                yield World(http, clock, hooks)
    finally:
        if engine == "neo4j":
            NEO4J.world = None
        else:
            await store.drop()
        await store.close()


@pytest.fixture
async def w(world: World) -> AsyncIterator[World]:
    world.clock.now = NOW
    yield world
    world.hooks.reset()
    world.clock.now = NOW


# ---- steps -------------------------------------------------------------------------------------------


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    return (await gql(http, query, headers, variables)).json()


def ok(body: dict, field: str) -> dict:
    assert not body.get("errors"), body["errors"]
    return body["data"][field]


def failure(body: dict) -> dict:
    assert body.get("errors"), body
    return {"message": body["errors"][0]["message"], **body["errors"][0].get("extensions", {})}


def item(name: str, **changes: object) -> dict:
    content = copy.deepcopy(ITEM)
    content.update(name=name, **changes)
    return content


async def publish(http: httpx.AsyncClient, content: dict) -> tuple[str, int]:
    draft = ok(await call(http, CREATE, OFFICER, i=content), "createDraft")["item"]
    ok(await call(http, SUBMIT, OFFICER, id=draft["id"], v=draft["version"]), "submitItem")
    published = ok(await call(http, REVIEW_ITEM, AUTHORITY, id=draft["id"]), "reviewItem")["item"]
    assert published["status"] == "PUBLISHED"
    return draft["id"], published["version"]


async def forwarded(http: httpx.AsyncClient, item_id: str, clerk: dict, purpose: str = "核对社会救助对象") -> str:
    """An application of `clerk`'s department, reviewed by the city authority and forwarded to the provider."""
    payload = {"itemId": item_id, "elementCodes": ["GMSFHM", "XM", "JZJE"], "purpose": purpose, "scenario": "救助审核",
               "until": date(2027, 1, 31).isoformat()}
    request = ok(await call(http, APPLY, clerk, i=payload), "applyForAccess")["accessRequest"]
    reviewed = ok(await call(http, REVIEW_REQUEST, AUTHORITY, id=request["id"]), "reviewRequest")["accessRequest"]
    assert reviewed["status"] == "FORWARDED"
    return request["id"]


async def granted(http: httpx.AsyncClient, item_id: str, clerk: dict) -> str:
    request_id = await forwarded(http, item_id, clerk)
    answered = ok(await call(http, ANSWER, OFFICER, id=request_id), "answerRequest")["accessRequest"]
    assert answered["status"] == "GRANTED"
    return answered["grantId"]


async def propose(http: httpx.AsyncClient, item_id: str, version: int, content: dict, reason: str = "调整共享范围") -> str:
    proposed = ok(await call(http, UPDATE, OFFICER, id=item_id, v=version, i=content, r=reason), "updateItem")
    assert proposed["revision"]["status"] == "PENDING"
    return proposed["revision"]["id"]


async def accept(http: httpx.AsyncClient, item_id: str, headers: dict = AUTHORITY) -> dict:
    return ok(await call(http, REVIEW_REVISION, headers, id=item_id, a=True, c="同意修改"), "reviewRevision")


async def grant_state(http: httpx.AsyncClient, clerk: dict, grant_id: str) -> dict:
    [node] = [e["node"] for e in ok(await call(http, MY_GRANTS, clerk), "myGrants")["edges"] if e["node"]["id"] == grant_id]
    return node


async def events(http: httpx.AsyncClient, action: str, target: str) -> list[dict]:
    edges = ok(await call(http, AUDIT, AUDITOR, a=action, t=target), "auditEvents")["edges"]
    return [edge["node"] for edge in edges]


async def policy(http: httpx.AsyncClient) -> dict:
    return ok(await call(http, POLICY, POLICY_ADMIN), "policy")


def set_rule(rules: str, key: str, value: str) -> str:
    changed, count = re.subn(rf"^{re.escape(key)} = [^#\n]*", f"{key} = {value} ", rules, count=1, flags=re.MULTILINE)
    assert count == 1, key
    return changed


async def save_rules(http: httpx.AsyncClient, current: dict, rules: str, reason: str) -> dict:
    return await call(http, SAVE, POLICY_ADMIN, m=current["model"], p=current["policy"], rules=rules, r=reason,
                      v=current["version"])


async def restore(http: httpx.AsyncClient, version: int) -> None:
    if (await policy(http))["version"] != version:
        ok(await call(http, RESTORE, POLICY_ADMIN, v=version), "restorePolicy")


# =====================================================================================================
# Who sees and decides a revision (第十三条)
# =====================================================================================================


async def test_only_another_person_of_the_city_authority_decides_a_revision(w: World) -> None:
    """Held: the provider's officer, the editor under an authority role, a county authority, an auditor
    and an unrelated department cannot accept; only the provider's officer, the competent authority and
    audit see the pending revision; an unrelated caller's error is the same with or without one."""
    http = w.http
    item_id, version = await publish(http, item("红队-谁能审核修改"))
    revision_id = await propose(http, item_id, version, item("红队-谁能审核修改", summary="救助对象与救助金额（修订）"))

    for who in (AUTHORITY, AUDITOR, OFFICER):
        assert ok(await call(http, PENDING, who, id=item_id), "pendingRevision")["id"] == revision_id
    for who in (RSJ, RSJ_OFFICER, MZJ_CLERK, COUNTY_AUTHORITY):
        assert ok(await call(http, PENDING, who, id=item_id), "pendingRevision") is None, who
    for who in (RSJ, RSJ_OFFICER, COUNTY_AUTHORITY, OFFICER):
        listed = ok(await call(http, PENDING_LIST, who), "pendingRevisions")
        assert revision_id not in [edge["node"]["id"] for edge in listed["edges"]], who

    assert failure(await call(http, REVIEW_REVISION, OFFICER, id=item_id, a=True, c="自己通过"))["code"] == "FORBIDDEN"
    own = failure(await call(http, REVIEW_REVISION, EDITOR_AS_AUTHORITY, id=item_id, a=True, c="自己通过"))
    assert (own["code"], own.get("reason")) == ("FORBIDDEN", "OWN_EDIT")
    assert failure(await call(http, REVIEW_REVISION, AUDITOR, id=item_id, a=True, c="审计通过"))["code"] == "FORBIDDEN"
    assert failure(await call(http, REVIEW_REVISION, COUNTY_AUTHORITY, id=item_id, a=True, c="县里通过"))["code"] in ("FORBIDDEN", "CONFLICT")
    with_revision = failure(await call(http, REVIEW_REVISION, RSJ, id=item_id, a=False, c="退回"))
    other_id, _ = await publish(http, item("红队-无待审修改的目录"))
    without_revision = failure(await call(http, REVIEW_REVISION, RSJ, id=other_id, a=False, c="退回"))
    assert with_revision["code"] == without_revision["code"]
    assert with_revision["message"].replace(item_id, "ID") == without_revision["message"].replace(other_id, "ID")

    # Nothing of all that changed anything: the revision still waits, the item is as published.
    assert ok(await call(http, PENDING, AUTHORITY, id=item_id), "pendingRevision")["status"] == "PENDING"
    assert ok(await call(http, DETAIL, JYJ, id=item_id), "catalogItem")["version"] == version
    assert await events(http, "ITEM_REVISION_ACCEPT", item_id) == []
    ok(await call(http, REVIEW_REVISION, AUTHORITY, id=item_id, a=False, c="红队测试，退回"), "reviewRevision")


async def test_an_auditor_changes_no_policy(w: World) -> None:
    """Held: an auditor reads the policy but cannot save, restore or dry-run it."""
    http = w.http
    current = (await call(http, POLICY, AUDITOR))["data"]["policy"]
    saved = await call(http, SAVE, AUDITOR, m=current["model"], p=current["policy"], rules=current["rules"], r="审计修改",
                       v=current["version"])
    assert failure(saved)["code"] == "FORBIDDEN"
    assert failure(await call(http, RESTORE, AUDITOR, v=1))["code"] == "FORBIDDEN"
    dry = await call(http, DRY_RUN, AUDITOR, m=current["model"], p=current["policy"], rules=current["rules"])
    assert failure(dry)["code"] == "FORBIDDEN"
    assert (await policy(http))["version"] == current["version"]


# =====================================================================================================
# Races
# =====================================================================================================


async def test_two_authorities_accepting_one_revision_at_once_accept_it_once(w: World) -> None:
    """Held: both read the pending revision before either writes; one accepts, the other gets CONFLICT,
    the item moves one version and the log has one acceptance."""
    http = w.http
    item_id, version = await publish(http, item("红队-同时审核修改"))
    await propose(http, item_id, version, item("红队-同时审核修改", summary="同时审核（修订）"))
    w.hooks.together("lifecycle/revisions_by_ids", 2)
    bodies = await asyncio.gather(*(call(http, REVIEW_REVISION, who, id=item_id, a=True, c="同意")
                                    for who in (AUTHORITY, AUTHORITY_B)))
    winners = [body for body in bodies if not body.get("errors")]
    assert len(winners) == 1 and [failure(b)["code"] for b in bodies if b.get("errors")] == ["CONFLICT"], bodies
    assert ok(await call(http, DETAIL, JYJ, id=item_id), "catalogItem")["version"] == version + 1
    assert len(await events(http, "ITEM_REVISION_ACCEPT", item_id)) == 1


async def test_an_acceptance_racing_a_return_decides_once(w: World) -> None:
    """Held: accept and return read the same pending revision; exactly one of them takes effect."""
    http = w.http
    item_id, version = await publish(http, item("红队-同意与退回赛跑"))
    await propose(http, item_id, version, item("红队-同意与退回赛跑", summary="赛跑（修订）"))
    w.hooks.together("lifecycle/revisions_by_ids", 2)
    accepted, returned = await asyncio.gather(
        call(http, REVIEW_REVISION, AUTHORITY, id=item_id, a=True, c="同意"),
        call(http, REVIEW_REVISION, AUTHORITY_B, id=item_id, a=False, c="退回补充"),
    )
    assert [bool(accepted.get("errors")), bool(returned.get("errors"))].count(True) == 1, (accepted, returned)
    loser = accepted if accepted.get("errors") else returned
    assert failure(loser)["code"] == "CONFLICT"
    after = ok(await call(http, DETAIL, JYJ, id=item_id), "catalogItem")["version"]
    assert after == (version + 1 if not accepted.get("errors") else version)
    assert ok(await call(http, PENDING, AUTHORITY, id=item_id), "pendingRevision") is None


async def test_an_edit_cannot_overwrite_an_accepted_revision(w: World) -> None:
    """Held: a second edit while one is pending, and an edit on the version before an acceptance, are CONFLICT."""
    http = w.http
    item_id, version = await publish(http, item("红队-编辑与审核赛跑"))
    await propose(http, item_id, version, item("红队-编辑与审核赛跑", summary="第一次修订"))
    second = await call(http, UPDATE, OFFICER, id=item_id, v=version, i=item("红队-编辑与审核赛跑", summary="第二次"), r="再改")
    assert failure(second)["code"] == "CONFLICT"
    await accept(http, item_id)
    stale = await call(http, UPDATE, OFFICER, id=item_id, v=version, i=item("红队-编辑与审核赛跑", summary="旧版本上改"), r="旧版")
    assert failure(stale)["code"] == "CONFLICT"


async def test_a_grant_answered_while_the_scope_narrows_is_not_left_live(w: World) -> None:
    """FINDING. The provider answers 人社局's forwarded application while the city authority accepts a
    revision that takes 人社局 out of the scope: the answer read the old scope, the acceptance suspended
    the grants that existed, and the answer's write (requests/transition_with_grant, not guarded on the
    item's class or scope) then creates a grant nobody suspends. myGrants shows it LIVE, and when the
    scope later includes 人社局 again the grant authorizes without the new review 第二十二条 requires.
    (A scope check in services/sharing.py decide reads before the write, so it cannot close this race.)"""
    http = w.http
    name = "红队-答复与缩小范围赛跑"
    item_id, version = await publish(http, item(name))
    request_id = await forwarded(http, item_id, RSJ)
    await propose(http, item_id, version, item(name, shareScope=["140500-YBJ"]), "人社局不再需要")

    reached, release = w.hooks.hold("requests/transition_with_grant")
    answering = asyncio.create_task(call(http, ANSWER, OFFICER, id=request_id))
    await first_of(answering, reached)  # the provider's decision is made on the old scope
    narrowed = await accept(http, item_id)
    release.set()
    answer = await answering

    if answer.get("errors"):  # refused: the grant step saw the scope change
        assert failure(answer)["code"] == "CONFLICT"
        return
    grant_id = answer["data"]["answerRequest"]["accessRequest"]["grantId"]
    state = await grant_state(http, RSJ, grant_id)
    await propose(http, item_id, narrowed["item"]["version"], item(name), "恢复人社局")
    await accept(http, item_id)
    later = await call(http, AUTHORIZE, RSJ, item=item_id, codes=["GMSFHM"])
    assert state["stateReason"] == "SUSPENDED" and not later["data"]["authorize"]["allowed"], (
        f"grant {grant_id} made after the scope left 人社局 out: myGrants says {state['stateReason']}, "
        f"and once the scope includes 人社局 again authorize says {later['data']['authorize']}")


async def test_the_acceptance_records_every_grant_it_suspends(w: World) -> None:
    """FINDING. The acceptance's audit event lists `suspendedGrants` from a read made before its write
    (services/lifecycle.py _accept_revision → grants_on_item), but the write (update_item.cypher)
    suspends every uncovered grant it finds then: a grant given in between is suspended and missing
    from the event, so the audit trail does not say why that grant stopped."""
    http = w.http
    name = "红队-审核期间新授权"
    item_id, version = await publish(http, item(name))
    request_id = await forwarded(http, item_id, RSJ)
    await propose(http, item_id, version, item(name, shareScope=["140500-YBJ"]), "人社局不再需要")

    reached, release = w.hooks.hold("lifecycle/update_item")
    accepting = asyncio.create_task(call(http, REVIEW_REVISION, AUTHORITY, id=item_id, a=True, c="同意"))
    await first_of(accepting, reached)  # the acceptance has read the grants on the item
    grant_id = ok(await call(http, ANSWER, OFFICER, id=request_id), "answerRequest")["accessRequest"]["grantId"]
    release.set()
    accepted = await accepting

    if accepted.get("errors"):  # a fix may refuse the acceptance (the grants changed since it read them)
        assert failure(accepted)["code"] == "CONFLICT"
        assert (await grant_state(http, RSJ, grant_id))["stateReason"] == "LIVE"
        assert await events(http, "ITEM_REVISION_ACCEPT", item_id) == []
        return
    assert (await grant_state(http, RSJ, grant_id))["stateReason"] == "SUSPENDED"  # the write did suspend it
    [event] = await events(http, "ITEM_REVISION_ACCEPT", item_id)
    assert grant_id in json.loads(event["after"])["suspendedGrants"], (
        f"grant {grant_id} was suspended by this acceptance, whose event says: {event['after']}")


# =====================================================================================================
# States
# =====================================================================================================


async def test_a_withdrawal_closes_the_items_pending_revision(w: World) -> None:
    """FINDING. 第十九条 withdraws an item with an edit pending: decide_withdrawal.cypher closes the pending
    applications but leaves the ItemRevision PENDING and the item's pendingRevisionId set, so the edit stays
    in the city authority's work list (pendingRevisions) forever — it can be neither accepted (the item is
    not PUBLISHED: a CONFLICT that says someone else reviewed it) nor edited again."""
    http = w.http
    name = "红队-撤销时有待审修改"
    item_id, version = await publish(http, item(name))
    revision_id = await propose(http, item_id, version, item(name, summary="撤销前的修订"))
    withdrawal = ok(await call(http, REQUEST_WITHDRAWAL, OFFICER, id=item_id), "requestWithdrawal")["withdrawalRequest"]
    assert ok(await call(http, DECIDE_WITHDRAWAL, AUTHORITY, id=withdrawal["id"]), "decideWithdrawal")["withdrawalRequest"]["status"] == "APPROVED"
    assert ok(await call(http, DETAIL, AUTHORITY, id=item_id), "catalogItem")["status"] == "WITHDRAWN"

    listed = ok(await call(http, PENDING_LIST, AUTHORITY), "pendingRevisions")
    pending = ok(await call(http, PENDING, AUTHORITY, id=item_id), "pendingRevision")
    assert revision_id not in [edge["node"]["id"] for edge in listed["edges"]] and pending is None, (
        f"after the withdrawal the revision is still {pending} and in the authority's work list")


async def test_accepting_a_revision_the_rules_now_forbid_changes_nothing(w: World) -> None:
    """Held: a revision valid when proposed, refused by the grading rules saved since (第三十五条), is not
    accepted (BAD_USER_INPUT naming shareType); the published version stays and the edit waits, to be returned."""
    http = w.http
    name = "红队-规则变更后审核"
    item_id, version = await publish(http, item(name))
    await propose(http, item_id, version, item(name, shareType="UNCONDITIONAL", shareCondition="", shareScope=[]), "改为无条件共享")
    current = await policy(http)
    stricter = set_rule(current["rules"], "not_unconditional", '["CORE", "IMPORTANT", "GENERAL"]')
    ok(await save_rules(http, current, stricter, "一般数据也不得无条件共享（试行）"), "savePolicy")
    try:
        refused = failure(await call(http, REVIEW_REVISION, AUTHORITY, id=item_id, a=True, c="同意"))
        assert refused["code"] == "BAD_USER_INPUT" and "shareType" in [p["field"] for p in refused["problems"]]
        assert ok(await call(http, DETAIL, JYJ, id=item_id), "catalogItem")["shareType"] == "CONDITIONAL"
        assert ok(await call(http, PENDING, AUTHORITY, id=item_id), "pendingRevision")["status"] == "PENDING"
        ok(await call(http, REVIEW_REVISION, AUTHORITY, id=item_id, a=False, c="不符合现行分级规则"), "reviewRevision")
    finally:
        await restore(http, current["version"])


async def test_turning_share_scope_all_off_suspends_the_departments_left_out(w: World) -> None:
    """Held: an item offered to every department (shareScopeAll) narrowed to 人社局: 教育局's grant stops."""
    http = w.http
    name = "红队-取消全部部门范围"
    item_id, version = await publish(http, item(name, shareScope=[], shareScopeAll=True))
    jyj_grant = await granted(http, item_id, JYJ)
    await propose(http, item_id, version, item(name, shareScope=["140500-RSJ"], shareScopeAll=False))
    after = (await accept(http, item_id))["item"]
    assert after["shareScopeAll"] is False
    answer = (await call(http, AUTHORIZE, JYJ, item=item_id, codes=["GMSFHM"]))["data"]["authorize"]
    assert answer == {"allowed": False, "reason": "GRANT_SUSPENDED"}
    assert (await grant_state(http, JYJ, jyj_grant))["suspendReason"] == "OUT_OF_SCOPE"


async def test_reinstating_a_revoked_grant_that_was_suspended_since_is_refused(w: World) -> None:
    """FINDING. reinstateGrant refuses a SUSPENDED grant (only a new, reviewed request brings it back),
    but services/sharing.py reinstate asks grant_state, which answers REVOKED first: a grant revoked by
    the provider and then suspended by a scope change is 'reinstated' — the audit event records
    state LIVE — while the grant stays suspended. The log says something that did not happen."""
    http = w.http
    name = "红队-收回后又中止"
    item_id, version = await publish(http, item(name))
    grant_id = await granted(http, item_id, RSJ)
    assert ok(await call(http, REVOKE, OFFICER, id=grant_id), "revokeGrant")["grant"]["stateReason"] == "REVOKED"
    await propose(http, item_id, version, item(name, shareScope=["140500-YBJ"]), "人社局不再需要")
    await accept(http, item_id)
    assert (await grant_state(http, RSJ, grant_id))["suspendedAt"]

    reinstated = await call(http, REINSTATE, OFFICER, id=grant_id)
    logged = [json.loads(event["after"]).get("state") for event in await events(http, "GRANT_REINSTATE", grant_id)]
    assert reinstated.get("errors") and failure(reinstated)["code"] == "CONFLICT", (
        f"reinstated: {reinstated.get('data')}; the audit log records the state after as {logged}")


async def test_a_suspended_grant_is_reinstated_by_nobody(w: World) -> None:
    """Held: neither the provider's officer nor the city authority lifts a suspension (第二十二条: a new,
    reviewed request only)."""
    http = w.http
    name = "红队-恢复中止的授权"
    item_id, version = await publish(http, item(name))
    grant_id = await granted(http, item_id, YBJ)
    await propose(http, item_id, version, item(name, shareScope=["140500-RSJ"]), "医保局不再需要")
    await accept(http, item_id)
    for who in (OFFICER, AUTHORITY, COUNTY_AUTHORITY, YBJ_OFFICER):
        assert failure(await call(http, REINSTATE, who, id=grant_id))["code"] in ("CONFLICT", "FORBIDDEN")
    assert (await grant_state(http, YBJ, grant_id))["stateReason"] == "SUSPENDED"
    assert await events(http, "GRANT_REINSTATE", grant_id) == []


async def test_a_scope_change_does_not_rewrite_how_an_expired_grant_ended(w: World) -> None:
    """FINDING. update_item.cypher suspends every grant on the item with no suspendedAt that the new scope
    leaves out — expired ones too. A grant that expired on 2026-03-31, whose 第三十二条 feedback window
    (P3M) closed on 2026-06-30, is stamped SUSPENDED on 2026-07-30: myGrants now says SUSPENDED instead of
    EXPIRED, and the holder may report problems again until 2026-10-30 (ended_at = suspendedAt).
    The statement (and the audit list) should leave grants that have already ended alone."""
    http = w.http
    name = "红队-过期授权被改写为中止"
    item_id, version = await publish(http, item(name))
    payload = {"itemId": item_id, "elementCodes": ["GMSFHM"], "purpose": "短期核对", "scenario": "救助审核",
               "until": date(2026, 3, 31).isoformat()}
    request_id = ok(await call(http, APPLY, RSJ, i=payload), "applyForAccess")["accessRequest"]["id"]
    ok(await call(http, REVIEW_REQUEST, AUTHORITY, id=request_id), "reviewRequest")
    grant_id = ok(await call(http, ANSWER, OFFICER, id=request_id), "answerRequest")["accessRequest"]["grantId"]
    w.clock.now = NOW + timedelta(days=150)  # 2026-07-30: expired four months ago
    assert (await grant_state(http, RSJ, grant_id))["stateReason"] == "EXPIRED"
    closed = failure(await call(http, REPORT, RSJ, id=item_id, d="身份证号与姓名不一致"))
    assert closed.get("reason") == "REPORT_WINDOW_CLOSED"

    await propose(http, item_id, version, item(name, shareScope=["140500-YBJ"]), "人社局不再需要")
    await accept(http, item_id)
    state = (await grant_state(http, RSJ, grant_id))["stateReason"]
    reopened = await call(http, REPORT, RSJ, id=item_id, d="身份证号与姓名不一致（再次）")
    assert state == "EXPIRED" and reopened.get("errors"), (
        f"after the scope change the expired grant says {state}, and a report is "
        f"{'accepted' if not reopened.get('errors') else 'refused'}")


async def test_errors_do_not_reveal_another_departments_draft(w: World) -> None:
    """Held: to another department's officer and a county authority, a draft of 民政局 answers updateItem,
    reviewRevision and pendingRevision exactly as an id that does not exist."""
    http = w.http
    draft = ok(await call(http, CREATE, OFFICER, i=item("红队-他人草稿")), "createDraft")["item"]
    missing = "00000000-0000-4000-8000-000000000000"
    for who in (RSJ_OFFICER, COUNTY_AUTHORITY):
        answers = []
        for target in (draft["id"], missing):
            updated = await call(http, UPDATE, who, id=target, v=1, i=item("红队-他人草稿", summary="改"), r="试探")
            reviewed = await call(http, REVIEW_REVISION, who, id=target, a=True, c="试探")
            pending = ok(await call(http, PENDING, who, id=target), "pendingRevision")
            answers.append([(failure(b)["code"], failure(b)["message"].replace(target, "ID")) for b in (updated, reviewed)]
                           + [pending])
        assert answers[0] == answers[1], answers


async def test_reinstating_a_revoked_grant_of_a_withdrawn_item_is_refused(w: World) -> None:
    """FINDING (the same root as the previous one). reinstate decides on grant_state(grant, None, now) — without
    the item — so a grant the provider revoked is 'reinstated' after its item was withdrawn (第十九条: the
    grants ended with it): the mutation succeeds, the audit event records state LIVE, and the grant still
    answers ITEM_WITHDRAWN."""
    http = w.http
    name = "红队-撤销目录后恢复授权"
    item_id, _ = await publish(http, item(name))
    grant_id = await granted(http, item_id, RSJ)
    ok(await call(http, REVOKE, OFFICER, id=grant_id), "revokeGrant")
    withdrawal = ok(await call(http, REQUEST_WITHDRAWAL, OFFICER, id=item_id), "requestWithdrawal")["withdrawalRequest"]
    ok(await call(http, DECIDE_WITHDRAWAL, AUTHORITY, id=withdrawal["id"]), "decideWithdrawal")

    reinstated = await call(http, REINSTATE, OFFICER, id=grant_id)
    logged = [json.loads(event["after"]).get("state") for event in await events(http, "GRANT_REINSTATE", grant_id)]
    assert reinstated.get("errors") and failure(reinstated)["code"] == "CONFLICT", (
        f"reinstated: {reinstated.get('data')}; the audit log records the state after as {logged}")


async def test_feedback_is_allowed_for_the_window_after_a_suspension_then_refused(w: World) -> None:
    """Held: 第三十二条 — a holder whose grant was suspended may still report for [feedback]
    window_after_grant (P3M) after the suspension; after it, REPORT_WINDOW_CLOSED."""
    http = w.http
    name = "红队-中止后反馈"
    item_id, version = await publish(http, item(name))
    await granted(http, item_id, YBJ)
    await propose(http, item_id, version, item(name, shareScope=["140500-RSJ"]), "医保局不再需要")
    await accept(http, item_id)
    w.clock.now = NOW + timedelta(days=30)
    ok(await call(http, REPORT, YBJ, id=item_id, d="救助金额与发放记录不一致"), "reportFeedback")
    w.clock.now = NOW + timedelta(days=100)
    late = failure(await call(http, REPORT, YBJ, id=item_id, d="姓名与身份证号不一致"))
    assert (late["code"], late.get("reason")) == ("FORBIDDEN", "REPORT_WINDOW_CLOSED")
    other = failure(await call(http, REPORT, JYJ, id=item_id, d="从未持有授权的部门反馈"))  # never held one
    assert other["code"] == "FORBIDDEN"


async def test_idle_grants_leave_out_grants_of_a_withdrawn_item(w: World) -> None:
    """FINDING. idleGrants lists grants 'for the provider or the authority to decide' (可视情收回), but
    graph/cypher/common/grants/idle.cypher does not look at the item: the grants of a withdrawn item —
    ended already (ITEM_WITHDRAWN, 第十九条), nothing to decide — are listed as idle grants to revoke."""
    http = w.http
    name = "红队-撤销目录的闲置授权"
    item_id, _ = await publish(http, item(name))
    grant_id = await granted(http, item_id, YBJ)
    withdrawal = ok(await call(http, REQUEST_WITHDRAWAL, OFFICER, id=item_id), "requestWithdrawal")["withdrawalRequest"]
    ok(await call(http, DECIDE_WITHDRAWAL, AUTHORITY, id=withdrawal["id"]), "decideWithdrawal")
    w.clock.now = NOW + timedelta(days=100)  # unused for more than three months
    assert (await grant_state(http, YBJ, grant_id))["stateReason"] == "ITEM_WITHDRAWN"
    for label, who in (("provider's officer", OFFICER), ("city authority", AUTHORITY)):
        listed = ok(await call(http, IDLE, who), "idleGrants")
        assert grant_id not in [edge["node"]["id"] for edge in listed["edges"]], (
            f"the {label}'s idleGrants lists grant {grant_id}, which ended with the item's withdrawal")


async def test_idle_grants_are_not_shown_to_other_departments(w: World) -> None:
    """Held: a consumer, another provider's officer and a county authority see none of 民政局's idle grants."""
    http = w.http
    name = "红队-闲置授权可见范围"
    item_id, _ = await publish(http, item(name))
    grant_id = await granted(http, item_id, RSJ)
    w.clock.now = NOW + timedelta(days=100)
    assert grant_id in [e["node"]["id"] for e in ok(await call(http, IDLE, OFFICER), "idleGrants")["edges"]]
    for label, who in (("the holder", RSJ), ("the holder's officer", RSJ_OFFICER), ("another officer", YBJ_OFFICER),
                       ("a county authority", COUNTY_AUTHORITY), ("the provider's clerk", MZJ_CLERK)):
        listed = ok(await call(http, IDLE, who), "idleGrants")
        assert grant_id not in [edge["node"]["id"] for edge in listed["edges"]], label


async def test_a_revision_may_not_take_the_name_of_another_item_of_the_department(w: World) -> None:
    """FINDING. createDraft refuses a second live item of the same department and name (the import keys
    items by name, 第十一条 no duplicate entries); an edit of a published item renamed to another item's
    name is proposed and accepted (update_item.cypher has no such guard), leaving two items of one name."""
    http = w.http
    first, _ = await publish(http, item("红队-重名目录甲"))
    second, version = await publish(http, item("红队-重名目录乙"))
    proposed = await call(http, UPDATE, OFFICER, id=second, v=version, i=item("红队-重名目录甲"), r="改名")
    if not proposed.get("errors"):
        accepted = await call(http, REVIEW_REVISION, AUTHORITY, id=second, a=True, c="同意")
        names = [ok(await call(http, DETAIL, JYJ, id=i), "catalogItem")["name"] for i in (first, second)]
        assert accepted.get("errors"), f"two published items of 民政局 are now named {names}"
    else:
        assert failure(proposed)["code"] in ("CONFLICT", "BAD_USER_INPUT")


async def test_grading_holds_for_a_revision(w: World) -> None:
    """Held: 第三十五条 — a CORE item cannot be revised into 无条件共享; the refusal names shareType."""
    http = w.http
    name = "红队-核心数据改为无条件"
    item_id, version = await publish(http, item(name, grade="CORE"))
    refused = failure(await call(http, UPDATE, OFFICER, id=item_id, v=version, r="扩大共享",
                                 i=item(name, grade="CORE", shareType="UNCONDITIONAL", shareCondition="", shareScope=[])))
    assert refused["code"] == "BAD_USER_INPUT" and "shareType" in [p["field"] for p in refused["problems"]]
    assert ok(await call(http, PENDING, AUTHORITY, id=item_id), "pendingRevision") is None


# =====================================================================================================
# The audit trail
# =====================================================================================================


async def test_each_revision_step_leaves_an_audit_event_with_who_what_before_and_after(w: World) -> None:
    """Held: proposing, returning and accepting each leave one event: actor, reason, before and after;
    the acceptance names the proposer and the grants it suspended."""
    http = w.http
    name = "红队-修改的审计记录"
    item_id, version = await publish(http, item(name))
    rsj_grant = await granted(http, item_id, RSJ)
    narrowed = item(name, shareScope=["140500-YBJ"])
    first = await propose(http, item_id, version, narrowed, "人社局不再需要（第一次）")
    ok(await call(http, REVIEW_REVISION, AUTHORITY, id=item_id, a=False, c="请说明依据"), "reviewRevision")
    second = await propose(http, item_id, version, narrowed, "人社局不再需要，依据已补充")
    await accept(http, item_id)

    revised = await events(http, "ITEM_REVISE", item_id)
    assert [json.loads(e["after"])["revisionId"] for e in revised] and {first, second} == {json.loads(e["after"])["revisionId"] for e in revised}
    assert all(e["actor"]["user"] == "mzj-officer" and json.loads(e["before"])["version"] == version for e in revised)
    [returned] = await events(http, "ITEM_REVISION_RETURN", item_id)
    assert (returned["actor"]["user"], returned["reason"], returned["outcome"]) == ("dsj-reviewer", "请说明依据", "REJECTED")
    assert json.loads(returned["before"])["revisionId"] == first
    [accepted] = await events(http, "ITEM_REVISION_ACCEPT", item_id)
    after, before = json.loads(accepted["after"]), json.loads(accepted["before"])
    assert accepted["actor"]["user"] == "dsj-reviewer" and after["proposedBy"] == "mzj-officer"
    assert after["revisionId"] == second and after["suspendedGrants"] == [rsj_grant]
    assert (before["version"], after["version"]) == (version, version + 1)
    assert "140500-RSJ" in json.dumps(before, ensure_ascii=False) and "140500-RSJ" not in json.dumps(after["shareScope"])


# =====================================================================================================
# The rules file
# =====================================================================================================

TRICKS = [
    ("review_working_days", "-1", "review_working_days"),
    ("review_working_days", "2.0", "review_working_days"),
    ("review_working_days", "true", "review_working_days"),
    ("review_working_days", "99999999999999999999999", "review_working_days"),
    ("answer_working_days", "0", "answer_working_days"),
    ("valid_for", '"P0D"', "valid_for"),
    ("valid_for", '"-P3Y"', "valid_for"),
    ("valid_from", "2024-02-22T00:00:00", "valid_from"),
    ("max_period", '"P3Y1Q"', "max_period"),
    ("idle_limit", '"P0M"', "idle_limit"),
    ("idle_outcome", '"lapse"', "idle_outcome"),
    ("not_unconditional", '["CORE", "SECRET"]', "not_unconditional"),
    ("sensitive_unconditional_protected", '"false"', "sensitive_unconditional_protected"),
]


async def test_odd_values_in_the_rules_file_are_refused_with_the_key_named(w: World) -> None:
    """Held: negative, float, boolean, huge, zero, a datetime for a date, an unknown unit, a lower-case
    outcome, an unknown grade — each refused by the dry run, the problem naming its key."""
    http = w.http
    current = await policy(http)
    rules = current["rules"]
    for key, value, named in TRICKS:
        dry = ok(await call(http, DRY_RUN, POLICY_ADMIN, m=current["model"], p=current["policy"],
                            rules=set_rule(rules, key, value)), "policyDryRun")
        assert not dry["valid"] and any(named in problem for problem in dry["problems"]), (key, value, dry)
    structural = {
        "override without a cap": rules + '"grants.warn_before" = "国务院令第809号"\n',
        "override without a basis": rules + '"requests.review_working_days" = "  "\n',
        "dotted override key": rules + 'grants.max_period = "国务院令第809号"\n',
        "unknown section": rules + "\n[extra]\nanything = 1\n",
        "duplicate key": rules.replace("[requests]", "[requests]\nreview_working_days = 1", 1),
        "caps as an array of tables": re.sub(r"^\[caps\]", "[[caps]]", rules, count=1, flags=re.MULTILINE),
        "unknown key": rules.replace("[grants]", "[grants]\nmax_period_days = 1095", 1),
    }
    for label, text in structural.items():
        dry = ok(await call(http, DRY_RUN, POLICY_ADMIN, m=current["model"], p=current["policy"], rules=text), "policyDryRun")
        assert not dry["valid"] and dry["problems"], (label, dry)
    assert (await policy(http))["version"] == current["version"]


async def test_a_ten_megabyte_rules_text_is_refused_at_the_door(w: World) -> None:
    """Held: 10 MB of rules never reaches the parser (the body limit) and nothing is saved."""
    http = w.http
    current = await policy(http)
    huge = current["rules"] + "# " + "规" * (10 * 1024 * 1024 // 3) + "\n"
    response = await gql(http, SAVE, POLICY_ADMIN, {"m": current["model"], "p": current["policy"], "rules": huge,
                                                    "r": "超大规则", "v": current["version"]})
    assert response.status_code in (400, 413)
    assert (await policy(http))["version"] == current["version"]


PERIODS_BEYOND_THE_CALENDAR = [
    ("valid_for", '"P9000Y"'),
    ("max_period", '"P99999Y"'),
    ("use_record_interval", '"P5000Y"'),
    ("warn_before", '"P5000Y"'),
    ("window_after_grant", '"P5000Y"'),
    ("REALTIME", '"P5000Y"'),
]


async def test_periods_beyond_the_calendar_are_refused_as_problems(w: World) -> None:
    """FINDING. server/domain/rules.py reads any ISO period (\\d+ years): a rule set with valid_for =
    "P9000Y" or max_period = "P99999Y" (with an override) makes the dry run and the save fail with
    INTERNAL_SERVER_ERROR (ValueError 日期超出可计算范围 from periods.add_months, not a RulesError), and
    use_record_interval, warn_before, window_after_grant or a staleness period of P5000Y validate and
    would be saved — each then crashes the requests that do arithmetic with it (see the next test).
    parse_rules should bound every period (e.g. no more than the cap, or 100 years) and name the key."""
    http = w.http
    current = await policy(http)
    outcomes = {}
    for key, value in PERIODS_BEYOND_THE_CALENDAR:
        rules = set_rule(current["rules"], key, value)
        if key == "max_period":
            rules += '"grants.max_period" = "国务院令第809号（红队）"\n'
        body = await call(http, DRY_RUN, POLICY_ADMIN, m=current["model"], p=current["policy"], rules=rules)
        if body.get("errors"):
            outcomes[key] = failure(body)["code"]
        else:
            dry = body["data"]["policyDryRun"]
            outcomes[key] = "refused" if not dry["valid"] and any(key in p for p in dry["problems"]) else "accepted"
    assert outcomes == {key: "refused" for key, _ in PERIODS_BEYOND_THE_CALENDAR}, outcomes


async def test_a_saved_rules_version_cannot_break_authorize(w: World) -> None:
    """FINDING (the consequence). use_record_interval = "P5000Y" passes validation and is saved without
    any warning; from then on every authorize call that gives data computes now − 5000 years
    (services/sharing.py authorize → Period.subtract_from) and fails with INTERNAL_SERVER_ERROR: the
    gateway stops for every department until the policy admin restores a version."""
    http = w.http
    clerk = WJW
    payload = {"itemId": SEAL, "elementCodes": ["DWMC"], "purpose": "核验单位印章（红队）", "scenario": "行政审批核验",
               "until": date(2027, 1, 31).isoformat()}
    request_id = ok(await call(http, APPLY, clerk, i=payload), "applyForAccess")["accessRequest"]["id"]
    assert ok(await call(http, REVIEW_REQUEST, AUTHORITY, id=request_id), "reviewRequest")["accessRequest"]["status"] == "GRANTED"
    current = await policy(http)
    saved = await save_rules(http, current, set_rule(current["rules"], "use_record_interval", '"P5000Y"'), "减少使用记录")
    try:
        if saved.get("errors"):
            assert failure(saved)["code"] == "BAD_USER_INPUT"
            return
        answer = await call(http, AUTHORIZE, clerk, item=SEAL, codes=["DWMC"])  # a saved version must still answer
        assert not answer.get("errors") and answer["data"]["authorize"]["allowed"], (
            f"saved as version {saved['data']['savePolicy']['policyVersion']['version']}; authorize now answers "
            f"{answer.get('errors') or answer['data']}")
    finally:
        await restore(http, current["version"])


async def test_the_use_record_interval_cannot_exceed_the_idle_limit(w: World) -> None:
    """FINDING. [grants] use_record_interval (how often lastUsedAt moves) has no bound against idle_limit:
    saved as "P4M" beside idle_limit = "P3M" (no cap changes, so not even a warning), a grant used on day 0
    and on day 60 — the second use not recorded — is stopped as GRANT_IDLE on day 100 ('unused for more than
    three months', 第三十一条) although it was used 40 days before. parse_rules should require
    use_record_interval < idle_limit (and well below it)."""
    http = w.http
    clerk = auth(SETTINGS, "140500-SCJGJ", Role.DEPT_USER, user="scjgj-clerk")
    payload = {"itemId": SEAL, "elementCodes": ["DWMC"], "purpose": "核验单位印章（红队闲置）", "scenario": "市场主体登记",
               "until": date(2027, 1, 31).isoformat()}
    request_id = ok(await call(http, APPLY, clerk, i=payload), "applyForAccess")["accessRequest"]["id"]
    ok(await call(http, REVIEW_REQUEST, AUTHORITY, id=request_id), "reviewRequest")
    current = await policy(http)
    saved = await save_rules(http, current, set_rule(current["rules"], "use_record_interval", '"P4M"'), "减少使用记录写入")
    try:
        if saved.get("errors"):
            assert failure(saved)["code"] == "BAD_USER_INPUT"
            return
        days = {}
        for day in (0, 60, 100):
            w.clock.now = NOW + timedelta(days=day)
            days[day] = (await call(http, AUTHORIZE, clerk, item=SEAL, codes=["DWMC"]))["data"]["authorize"]
        assert days[100]["allowed"], f"used on days 0 and 60, the grant answers on day 100: {days[100]}"
    finally:
        w.clock.now = NOW
        await restore(http, current["version"])


def test_the_cli_check_reports_a_period_beyond_the_calendar_as_a_problem(tmp_path: Path, capsys) -> None:
    """FINDING (the CLI). `mulu policy check --rules` with max_period = "P99999Y" and its override ends in
    a Python traceback (ValueError from periods.add_months in rules.cap_problems), not exit 2 naming the key."""
    rules = set_rule(RULES_PATH.read_text(encoding="utf-8"), "max_period", '"P99999Y"')
    rules += '"grants.max_period" = "国务院令第809号（红队）"\n'
    path = tmp_path / "rules.toml"
    path.write_text(rules, encoding="utf-8")
    parser = argparse.ArgumentParser(prog="mulu")
    policy_cli.add_parser(parser.add_subparsers(dest="command", required=True))
    try:
        code = policy_cli.run(parser.parse_args(["policy", "check", "--rules", str(path)]), settings=None)
    except Exception as exc:  # noqa: BLE001 — the point: it must not escape
        pytest.fail(f"mulu policy check crashed: {type(exc).__name__}: {exc}")
    assert code == 2 and "max_period" in capsys.readouterr().err
