"""The audit log end to end (第三十八条), on both engines: every change leaves exactly one event in the
same write (who, what, which, before and after), a refused or conflicting change leaves none,
concurrent writers get gapless sequence numbers, and the hash chain finds an event altered,
inserted or deleted directly in the engine, outside the server."""

from __future__ import annotations

import argparse
import asyncio
import copy
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.repos import audit as audit_repo
from graph.store import GraphStore
from policies import admin
from seed import demo
from seed.load import item_id
from server import cli_audit
from server.auth import Role
from server.domain import catalog_template
from server.domain.audit import Checkpoint
from server.domain.coding import stable_item_id
from server.domain.records.audit import AuditAction, AuditActor, AuditEvent, AuditOutcome, AuditTargetKind
from server.services import audit as audit_service
from tests.helpers import Clock, ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings()
OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
CLERK = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="mzj-clerk")
AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-reviewer")
AUTHORITY_2 = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-second")
POLICE_OFFICER = auth(SETTINGS, "140500-GAJ", Role.DEPT_DATA_OFFICER, user="gaj-officer")
POLICY_ADMIN = auth(SETTINGS, "140500-DSJ", Role.POLICY_ADMIN, user="policy-admin")
AUDITOR = auth(SETTINGS, "140500-DSJ", Role.AUDITOR, user="auditor")

SEAL = item_id("140500-GAJ", "印章刻制备案信息")  # 无条件共享
DEATH = item_id("140500-GAJ", "死亡注销户口信息")  # 有条件共享, 民政局 in scope
NOW = datetime(2025, 9, 25, 2, 0, tzinfo=timezone.utc)

ITEM = {
    "name": "临时救助对象信息（审计）", "summary": "本市临时救助对象的救助类型、金额和发放时间", "providerCode": "140500-MZJ",
    "storageLevel": "CITY", "category": "DEPARTMENTAL", "grade": "GENERAL", "format": "DATABASE",
    "formatDetail": "mysql", "shareType": "UNCONDITIONAL", "shareModes": ["API"], "openType": "NOT_OPEN",
    "openMode": "NONE", "updateCycle": "MONTHLY", "themeCodes": [],
    "elements": [{"name": "姓名", "code": "XM", "type": "STRING", "length": 50},
                 {"name": "救助金额", "code": "JZJE", "type": "DECIMAL", "length": 12}],
}
CREATE = "mutation($i: CatalogItemInput!) { createDraft(input: {item: $i}) { item { id version code } } }"
UPDATE = ("mutation($id: ID!, $v: Int!, $i: CatalogItemInput!, $r: String!) { updateItem(input: "
          "{id: $id, expectedVersion: $v, item: $i, reason: $r}) { item { id version } } }")
SUBMIT = "mutation($id: ID!, $v: Int!) { submitItem(input: {id: $id, expectedVersion: $v}) { item { status version } } }"
REVIEW = "mutation($id: ID!, $a: Boolean!, $c: String!) { reviewItem(input: {id: $id, accept: $a, comment: $c}) { item { status code } } }"
GRANT_FIELDS = "id live revokedAt revokeReason reinstatedAt"


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple[httpx.AsyncClient, Clock, GraphStore]]:
    clock = Clock(NOW)
    async with demo_world(request.param, falkordb_engine, "audit", SETTINGS, clock=clock) as ([http], store):
        yield http, clock, store


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    response = await gql(http, query, headers, variables)
    assert response.status_code in (200, 400, 403, 404, 409, 422), response.text
    return response.json()


def ok(body: dict, field: str) -> Any:
    assert "errors" not in body, body["errors"]
    return body["data"][field]


def code_of(body: dict) -> str:
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]["code"]


async def allocated(store: GraphStore) -> int:
    return (await audit_repo.head(store)).allocated


async def events_since(store: GraphStore, seq: int) -> list[AuditEvent]:
    return [audit_repo.audit_record(props) for props in await audit_repo.stored_events_after(store, seq, 1000)]


async def one_event(store: GraphStore, since: int) -> AuditEvent:
    events = await events_since(store, since)
    assert len(events) == 1, events
    assert events[0].seq == since + 1
    return events[0]


async def no_event(store: GraphStore, since: int) -> None:
    assert await events_since(store, since) == []


def item(**changes: object) -> dict:
    data = copy.deepcopy(ITEM)
    data.update(changes)
    return data


async def test_the_life_of_an_item_leaves_one_event_per_change(world) -> None:
    http, clock, store = world
    clock.now = NOW
    mark = await allocated(store)
    assert code_of(await call(http, CREATE, CLERK, i=item())) == "FORBIDDEN"
    assert code_of(await call(http, CREATE, OFFICER, i=item(elements=[]))) == "BAD_USER_INPUT"
    await no_event(store, mark)

    created = ok(await call(http, CREATE, OFFICER, i=item()), "createDraft")["item"]
    event = await one_event(store, mark)
    assert event.action is AuditAction.ITEM_CREATE and event.target.kind is AuditTargetKind.ITEM
    assert event.target.id == created["id"] and event.outcome is AuditOutcome.DONE
    assert event.actor == AuditActor("mzj-officer", "140500-MZJ", ("DEPT_DATA_OFFICER",))
    assert event.at == NOW and event.before == {} and event.after["name"] == ITEM["name"]
    assert [e["code"] for e in event.after["elements"]] == ["XM", "JZJE"]

    mark = event.seq
    assert code_of(await call(http, CREATE, OFFICER, i=item())) == "CONFLICT"  # a duplicate name
    assert code_of(await call(http, UPDATE, OFFICER, id=created["id"], v=7, i=item(summary="过期的版本"), r="")) == "CONFLICT"
    await no_event(store, mark)

    ok(await call(http, UPDATE, OFFICER, id=created["id"], v=1, i=item(summary="临时救助对象的救助类型和金额"), r="补充"), "updateItem")
    event = await one_event(store, mark)
    assert event.action is AuditAction.ITEM_UPDATE and event.reason == "补充"
    assert event.before == {"version": 1, "summary": ITEM["summary"]}
    assert event.after == {"version": 2, "summary": "临时救助对象的救助类型和金额"}

    mark = event.seq
    ok(await call(http, SUBMIT, OFFICER, id=created["id"], v=2), "submitItem")
    event = await one_event(store, mark)
    assert (event.action, event.before, event.after) == (AuditAction.ITEM_SUBMIT, {"status": "DRAFT"}, {"status": "SUBMITTED"})

    mark = event.seq
    assert code_of(await call(http, SUBMIT, OFFICER, id=created["id"], v=2)) == "CONFLICT"
    assert code_of(await call(http, REVIEW, OFFICER, id=created["id"], a=True, c="")) == "FORBIDDEN"
    await no_event(store, mark)
    ok(await call(http, REVIEW, AUTHORITY, id=created["id"], a=False, c="请补充数据项说明"), "reviewItem")
    event = await one_event(store, mark)
    assert event.action is AuditAction.ITEM_RETURN and event.outcome is AuditOutcome.REJECTED
    assert event.reason == "请补充数据项说明" and event.actor.user == "dsj-reviewer" and event.actor.roles == ("AUTHORITY_ADMIN",)

    ok(await call(http, SUBMIT, OFFICER, id=created["id"], v=2), "submitItem")
    mark = await allocated(store)
    published = ok(await call(http, REVIEW, AUTHORITY, id=created["id"], a=True, c=""), "reviewItem")["item"]
    event = await one_event(store, mark)
    assert event.action is AuditAction.ITEM_PUBLISH and event.outcome is AuditOutcome.APPROVED
    assert event.target.code == published["code"] and event.after["status"] == "PUBLISHED"

    mark = event.seq
    clock.now = NOW + timedelta(hours=1)
    ok(await call(http, "mutation($i: ID!) { recordDataUpdate(input: {itemId: $i}) { item { id } } }", OFFICER,
                  i=created["id"]), "recordDataUpdate")
    event = await one_event(store, mark)
    assert event.action is AuditAction.DATA_UPDATE and event.after == {"dataUpdatedAt": "2025-09-25T03:00:00.000000Z"}

    mark = event.seq
    ok(await call(http, "mutation($i: [ID!]!) { recordChangeEvent(input: {itemIds: $i, description: \"救助办法修订\", "
                        "publishedOn: \"2025-09-20\"}) { changeEvent { id } } }", OFFICER, i=[created["id"]]),
       "recordChangeEvent")
    event = await one_event(store, mark)
    assert event.action is AuditAction.CHANGE_EVENT and event.after["itemIds"] == [created["id"]]

    mark = event.seq
    withdrawal = ok(await call(http, "mutation($i: ID!) { requestWithdrawal(input: {itemId: $i, reason: \"职能调整\"}) "
                                     "{ withdrawalRequest { id } } }", OFFICER, i=created["id"]), "requestWithdrawal")
    event = await one_event(store, mark)
    assert event.action is AuditAction.WITHDRAWAL_REQUEST and event.target.id == withdrawal["withdrawalRequest"]["id"]
    assert event.target.code == published["code"]

    mark = event.seq
    decide = "mutation($i: ID!) { decideWithdrawal(input: {id: $i, approve: true}) { withdrawalRequest { status } } }"
    ok(await call(http, decide, AUTHORITY, i=withdrawal["withdrawalRequest"]["id"]), "decideWithdrawal")
    assert code_of(await call(http, decide, AUTHORITY, i=withdrawal["withdrawalRequest"]["id"])) == "CONFLICT"
    event = await one_event(store, mark)
    assert event.action is AuditAction.WITHDRAWAL_DECIDE and event.outcome is AuditOutcome.APPROVED
    assert event.after["itemStatus"] == "WITHDRAWN"


async def test_requests_grants_and_feedback_leave_one_event_per_change(world) -> None:
    http, clock, store = world
    clock.now = NOW
    mark = await allocated(store)
    apply = ("mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { id } } }")
    payload = {"itemId": SEAL, "elementCodes": ["TYSHXYDM"], "purpose": "审计测试核对印章", "scenario": "印章备案核对审计",
               "until": "2026-09-30"}
    request = ok(await call(http, apply, CLERK, input=payload), "applyForAccess")["accessRequest"]
    assert code_of(await call(http, apply, CLERK, input=payload)) == "CONFLICT"
    event = await one_event(store, mark)
    assert event.action is AuditAction.REQUEST_CREATE and event.target.id == request["id"]
    assert event.after["elements"] == ["TYSHXYDM"] and event.actor.department == "140500-MZJ"

    mark = event.seq
    review = ("mutation($id: ID!, $ok: Boolean!, $r: String!) { reviewRequest(input: {requestId: $id, approve: $ok, "
              "reason: $r}) { accessRequest { grantId } } }")
    grant_id = ok(await call(http, review, AUTHORITY, id=request["id"], ok=True, r="同意"), "reviewRequest")["accessRequest"]["grantId"]
    assert code_of(await call(http, review, AUTHORITY_2, id=request["id"], ok=True, r="同意")) == "CONFLICT"
    event = await one_event(store, mark)
    assert event.action is AuditAction.REQUEST_REVIEW and event.outcome is AuditOutcome.APPROVED
    assert event.before == {"status": "PENDING_REVIEW"}
    assert event.after["status"] == "GRANTED" and event.after["grantId"] == grant_id and event.after["reviewedBy"] == "dsj-reviewer"

    feedback = ok(await call(http, "mutation($i: ID!) { reportFeedback(input: {itemId: $i, description: \"印章编号有误\"}) "
                                   "{ feedbackReport { id } } }", CLERK, i=SEAL), "reportFeedback")["feedbackReport"]
    event = await one_event(store, event.seq)
    assert event.action is AuditAction.FEEDBACK_REPORT and event.target.id == feedback["id"]
    answer = ("mutation($i: ID!) { answerFeedback(input: {feedbackId: $i, answer: \"已更正\", corrected: true}) "
              "{ feedbackReport { status } } }")
    ok(await call(http, answer, POLICE_OFFICER, i=feedback["id"]), "answerFeedback")
    assert code_of(await call(http, answer, POLICE_OFFICER, i=feedback["id"])) == "CONFLICT"
    event = await one_event(store, event.seq)
    assert event.action is AuditAction.FEEDBACK_ANSWER and event.after["corrected"] is True

    mark = event.seq
    revoke = f"mutation($i: ID!, $r: String!) {{ revokeGrant(input: {{grantId: $i, reason: $r}}) {{ grant {{ {GRANT_FIELDS} }} }} }}"
    reinstate = f"mutation($i: ID!, $r: String!) {{ reinstateGrant(input: {{grantId: $i, reason: $r}}) {{ grant {{ {GRANT_FIELDS} }} }} }}"
    clock.now = NOW + timedelta(days=1)
    revoked = ok(await call(http, revoke, POLICE_OFFICER, i=grant_id, r="超范围使用"), "revokeGrant")["grant"]
    assert code_of(await call(http, revoke, POLICE_OFFICER, i=grant_id, r="再次收回")) == "CONFLICT"
    event = await one_event(store, mark)
    assert event.action is AuditAction.GRANT_REVOKE and event.reason == "超范围使用"
    assert event.before["state"] == "LIVE" and event.after["state"] == "REVOKED"

    clock.now = NOW + timedelta(days=2)
    reinstated = ok(await call(http, reinstate, POLICE_OFFICER, i=grant_id, r="已整改"), "reinstateGrant")["grant"]
    event = await one_event(store, event.seq)
    assert event.action is AuditAction.GRANT_REINSTATE and event.before["state"] == "REVOKED"
    # 第三十八条: the reinstatement keeps the revocation as history; the grant is live again
    assert reinstated["live"] is True and reinstated["reinstatedAt"]
    assert (reinstated["revokedAt"], reinstated["revokeReason"]) == (revoked["revokedAt"], "超范围使用")

    clock.now = NOW + timedelta(days=3)
    again = ok(await call(http, revoke, POLICE_OFFICER, i=grant_id, r="第二次收回"), "revokeGrant")["grant"]
    assert again["live"] is False and again["revokeReason"] == "第二次收回"
    event = await one_event(store, event.seq)
    assert event.before["revokeReason"] == "超范围使用" and event.before["state"] == "LIVE"  # the first stays in the log

    mark = event.seq
    platform = "mutation($i: ID!) { authorizePlatform(input: {itemId: $i}) { item { id } } }"
    assert code_of(await call(http, platform, OFFICER, i=DEATH)) == "FORBIDDEN"
    await no_event(store, mark)
    ok(await call(http, platform, POLICE_OFFICER, i=DEATH), "authorizePlatform")
    event = await one_event(store, mark)
    assert event.action is AuditAction.PLATFORM_AUTHORIZE and event.target.id == DEATH


async def test_policy_versions_leave_one_event(world) -> None:
    http, _, store = world
    active = await admin.get_version(store, await admin.active_version(store))
    save = ("mutation($m: String!, $p: String!, $v: Int!) { savePolicy(input: {model: $m, policy: $p, "
            "reason: \"审计测试\", expectedVersion: $v}) { policyVersion { version } } }")
    mark = await allocated(store)
    assert code_of(await call(http, save, POLICY_ADMIN, m=active.model, p=active.policy, v=active.version + 5)) == "CONFLICT"
    await no_event(store, mark)
    ok(await call(http, save, POLICY_ADMIN, m=active.model, p=active.policy, v=active.version), "savePolicy")
    event = await one_event(store, mark)
    assert event.action is AuditAction.POLICY_SAVE and event.target.id == str(active.version + 1)
    assert event.actor == AuditActor("policy-admin", "140500-DSJ", ("POLICY_ADMIN",))


async def test_import_over_a_draft_keeps_the_version_and_leaves_one_event_per_item(world) -> None:
    http, clock, store = world
    clock.now = NOW
    template = next(i for i in demo.demo_items() if i.provider_code == "140500-MZJ")
    first = template.model_copy(update={"name": "审计导入目录甲", "published_on": None, "elements": list(template.elements)})
    second = template.model_copy(update={"name": "审计导入目录乙", "published_on": None, "elements": list(template.elements)})
    post = lambda items: http.post("/catalog/import", params={"filename": "审计.csv"},  # noqa: E731
                                   content=catalog_template.write_csv(items), headers=OFFICER)
    mark = await allocated(store)
    assert (await post([first, second])).json()["saved"] == 2
    events = await events_since(store, mark)
    assert [e.action for e in events] == [AuditAction.ITEM_IMPORT] * 2 and [e.seq for e in events] == [mark + 1, mark + 2]
    assert {e.target.id for e in events} == {stable_item_id("140500-MZJ", n) for n in ("审计导入目录甲", "审计导入目录乙")}

    mark = await allocated(store)
    assert (await post([first, second])).json()["saved"] == 0  # unchanged: nothing written, no event
    await no_event(store, mark)

    changed = first.model_copy(update={"summary": "导入修改后的摘要"})
    assert (await post([changed, second])).json()["saved"] == 1
    event = await one_event(store, mark)
    identifier = stable_item_id("140500-MZJ", "审计导入目录甲")
    assert event.target.id == identifier and event.before == {"version": 1, "summary": first.summary}
    assert event.after == {"version": 2, "summary": "导入修改后的摘要"}
    history = ok(await call(http, "query($i: ID!) { itemHistory(itemId: $i) { version } }", OFFICER, i=identifier), "itemHistory")
    assert [v["version"] for v in history] == [1]


async def test_twenty_concurrent_writers_get_gapless_numbers(world) -> None:
    http, clock, store = world
    clock.now = NOW
    mark = await allocated(store)
    bodies = await asyncio.gather(*(call(http, CREATE, OFFICER, i=item(name=f"并发审计目录{n}")) for n in range(20)))
    assert all("errors" not in body for body in bodies), bodies
    identical = await asyncio.gather(*(call(http, CREATE, OFFICER, i=item(name="并发审计同名目录")) for _ in range(20)))
    assert sum("errors" not in body for body in identical) == 1
    events = await events_since(store, mark)
    assert [e.seq for e in events] == list(range(mark + 1, mark + 22)) and await allocated(store) == mark + 21
    assert len({e.target.id for e in events}) == 21


# ---- the hash chain ------------------------------------------------------------------------------


async def raw(store: GraphStore, statement: str, **params: Any) -> None:
    """A statement straight to the engine, outside the server's repositories (a tamperer's view)."""
    if store.engine == "neo4j":
        await store._driver.execute_query(statement, params, database_=store._database)  # type: ignore[attr-defined]
    else:
        await store._graph.query(statement, params)  # type: ignore[attr-defined]


async def test_verify_finds_an_altered_an_inserted_and_a_deleted_event(world) -> None:
    http, clock, store = world
    clock.now = NOW
    ok(await call(http, CREATE, OFFICER, i=item(name="审计链测试目录")), "createDraft")
    await audit_service.chain(store)
    verdict = await audit_service.verify(store)
    assert verdict.ok and verdict.chained_through == await allocated(store) > 3, verdict
    middle = verdict.chained_through // 2
    [original] = await audit_repo.stored_events_after(store, middle - 1, 1)

    await raw(store, "MATCH (e:AuditEvent {seq: $s}) SET e.reason = '改过的理由'", s=middle)
    verdict = await audit_service.verify(store)
    assert (verdict.problem, verdict.seq) == ("ALTERED", middle), verdict
    await raw(store, "MATCH (e:AuditEvent {seq: $s}) SET e = $p", s=middle, p=original)
    assert (await audit_service.verify(store)).ok

    last = await allocated(store)
    forged = {**original, "seq": last + 1, "reason": "伪造的事件"}
    forged.pop("hash", None)
    await raw(store, "CREATE (e:AuditEvent) SET e = $p", p=forged)
    verdict = await audit_service.verify(store)
    assert (verdict.problem, verdict.seq) == ("INSERTED", last + 1), verdict
    await raw(store, "MATCH (e:AuditEvent {seq: $s}) DELETE e", s=last + 1)

    await raw(store, "MATCH (e:AuditEvent {seq: $s}) DELETE e", s=middle)
    verdict = await audit_service.verify(store)
    assert (verdict.problem, verdict.seq) == ("MISSING", middle) and "missing" in verdict.message, verdict
    await raw(store, "CREATE (e:AuditEvent) SET e = $p", p=original)
    assert (await audit_service.verify(store)).ok


async def test_checkpoint_and_the_cli(world, capsys: pytest.CaptureFixture[str]) -> None:
    http, clock, store = world
    clock.now = NOW
    ok(await call(http, CREATE, OFFICER, i=item(name="审计检查点目录")), "createDraft")
    await audit_service.chain(store)
    args = argparse.Namespace(audit_command="checkpoint", checkpoint=None)
    assert await cli_audit.run_async(args, SETTINGS, store) == 0
    printed = capsys.readouterr().out.strip()
    point = Checkpoint.parse(printed)
    assert point.seq == await allocated(store)

    ok(await call(http, CREATE, OFFICER, i=item(name="审计检查点之后的目录")), "createDraft")
    await audit_service.chain(store)
    args = argparse.Namespace(audit_command="verify", checkpoint=str(point))
    assert await cli_audit.run_async(args, SETTINGS, store) == 0
    assert "OK" in capsys.readouterr().out

    wrong = Checkpoint(point.seq, "0" * 64)
    assert (await audit_service.verify(store, wrong)).problem == "CHECKPOINT"
    [event] = await audit_repo.stored_events_after(store, point.seq - 2, 1)
    await raw(store, "MATCH (e:AuditEvent {seq: $s}) SET e.after = '{}'", s=event["seq"])
    args = argparse.Namespace(audit_command="verify", checkpoint=str(point))
    assert await cli_audit.run_async(args, SETTINGS, store) == 1
    assert f"event {event['seq']}" in capsys.readouterr().err
    await raw(store, "MATCH (e:AuditEvent {seq: $s}) SET e = $p", s=event["seq"], p=event)
    assert (await audit_service.verify(store, point)).ok


async def test_verify_and_checkpoint_ask_a_running_server(world, capsys: pytest.CaptureFixture[str]) -> None:
    """`--server URL --token T`: the running server recomputes the chain (AUDITOR only), and the
    command reports like the local one: exit 0 intact, 1 tampered, 2 refused."""
    http, clock, store = world
    clock.now = NOW
    ok(await call(http, CREATE, OFFICER, i=item(name="审计远程校验目录")), "createDraft")
    await audit_service.chain(store)
    transport = http._transport  # the same ASGI app the suite's client talks to, over real HTTP framing
    auditor_token = AUDITOR["Authorization"].removeprefix("Bearer ")

    def args(command: str, token: str = auditor_token, **extra: object) -> argparse.Namespace:
        return argparse.Namespace(audit_command=command, server="http://testserver", token=token,
                                  checkpoint=None, data_dir=None, **extra)

    assert await cli_audit.run_async(args("checkpoint"), SETTINGS, transport=transport) == 0
    point = Checkpoint.parse(capsys.readouterr().out)
    assert point.seq == await allocated(store)
    verify = args("verify")
    verify.checkpoint = str(point)
    assert await cli_audit.run_async(verify, SETTINGS, transport=transport) == 0
    assert f"checkpoint {point.seq} matches" in capsys.readouterr().out

    [event] = await audit_repo.stored_events_after(store, point.seq - 1, 1)
    await raw(store, "MATCH (e:AuditEvent {seq: $s}) SET e.reason = '远程篡改'", s=point.seq)
    assert await cli_audit.run_async(verify, SETTINGS, transport=transport) == 1
    assert f"ALTERED: 事件 {point.seq}" in capsys.readouterr().err
    await raw(store, "MATCH (e:AuditEvent {seq: $s}) SET e = $p", s=point.seq, p=event)

    officer_token = OFFICER["Authorization"].removeprefix("Bearer ")
    assert await cli_audit.run_async(args("verify", token=officer_token), SETTINGS, transport=transport) == 2
    assert "refused" in capsys.readouterr().err
    bad = args("verify")
    bad.checkpoint = "12:not-a-hash"
    assert await cli_audit.run_async(bad, SETTINGS, transport=transport) == 2
    assert "SEQ:HASH" in capsys.readouterr().err


async def test_the_server_chains_new_events_within_seconds(world) -> None:
    http, clock, store = world
    clock.now = NOW
    ok(await call(http, CREATE, OFFICER, i=item(name="审计自动链接目录")), "createDraft")
    target = await allocated(store)
    for _ in range(100):
        if (await audit_repo.head(store)).chained_seq >= target:
            break
        await asyncio.sleep(0.1)
    head = await audit_repo.head(store)
    assert head.chained_seq >= target, head
    assert (await audit_service.verify(store)).ok


# ---- for auditors (第三十八条) ----------------------------------------------------------------------

EVENTS = """query($f: AuditEventFilter, $first: Int!, $after: String) { auditEvents(filter: $f, first: $first, after: $after) {
  totalCount edges { cursor node { seq at action actionLabel targetKind targetId targetCode outcome reason before after
  actor { user departmentCode roles } } } pageInfo { hasNextPage endCursor } } }"""


async def test_auditors_query_the_log_and_the_records_show_who_decided(world) -> None:
    http, clock, store = world
    clock.now = NOW + timedelta(days=10)
    created = ok(await call(http, CREATE, OFFICER, i=item(name="审计查询目录")), "createDraft")["item"]
    ok(await call(http, SUBMIT, OFFICER, id=created["id"], v=1), "submitItem")
    ok(await call(http, REVIEW, AUTHORITY, id=created["id"], a=True, c="符合要求"), "reviewItem")

    assert code_of(await call(http, EVENTS, OFFICER, f=None, first=5)) == "FORBIDDEN"
    mine = ok(await call(http, EVENTS, AUDITOR, f={"targetId": created["id"]}, first=2), "auditEvents")
    assert mine["totalCount"] == 3 and mine["pageInfo"]["hasNextPage"]
    assert [e["node"]["action"] for e in mine["edges"]] == ["ITEM_PUBLISH", "ITEM_SUBMIT"]  # newest first
    rest = ok(await call(http, EVENTS, AUDITOR, f={"targetId": created["id"]}, first=2,
                         after=mine["pageInfo"]["endCursor"]), "auditEvents")
    [first_event] = [e["node"] for e in rest["edges"]]
    assert first_event["action"] == "ITEM_CREATE" and first_event["actionLabel"] == "编制目录"
    assert first_event["actor"] == {"user": "mzj-officer", "departmentCode": "140500-MZJ", "roles": ["DEPT_DATA_OFFICER"]}
    publish = mine["edges"][0]["node"]
    assert publish["outcome"] == "APPROVED" and publish["reason"] == "符合要求" and publish["targetCode"]

    by_actor = ok(await call(http, EVENTS, AUDITOR, f={"actor": "dsj-reviewer", "action": "ITEM_PUBLISH",
                                                       "from": "2025-10-05T00:00:00Z"}, first=10), "auditEvents")
    assert [e["node"]["targetId"] for e in by_actor["edges"]] == [created["id"]]
    window = ok(await call(http, EVENTS, AUDITOR, f={"department": "140500-MZJ", "targetKind": "ITEM",
                                                     "to": "2025-09-26T00:00:00Z"}, first=1), "auditEvents")
    assert created["id"] not in [e["node"]["targetId"] for e in window["edges"]] and window["totalCount"] > 0

    detail = "query($i: ID) { catalogItem(id: $i) { reviewedBy reviewedAt submittedBy createdBy } }"
    assert ok(await call(http, detail, AUDITOR, i=created["id"]), "catalogItem") == {
        "reviewedBy": "dsj-reviewer", "reviewedAt": "2025-10-05T02:00:00+00:00", "submittedBy": "mzj-officer",
        "createdBy": "mzj-officer"}
    grants = ok(await call(http, EVENTS, AUDITOR, f={"action": "GRANT_REINSTATE"}, first=1), "auditEvents")
    grant_id = grants["edges"][0]["node"]["targetId"]
    grant = ok(await call(http, "query($i: ID!) { grant(id: $i) { grantedBy revokedBy revokeReason reinstatedBy "
                                "reinstateReason requestId } }", AUDITOR, i=grant_id), "grant")
    assert (grant["grantedBy"], grant["revokedBy"], grant["reinstatedBy"]) == ("dsj-reviewer", "gaj-officer", "gaj-officer")
    request = ok(await call(http, "query($i: ID!) { accessRequest(id: $i) { reviewedBy reviewedAt reviewNote } }",
                            AUDITOR, i=grant["requestId"]), "accessRequest")
    assert request["reviewedBy"] == "dsj-reviewer" and request["reviewNote"] == "同意"


async def test_auditors_export_the_log_as_csv_and_xlsx(world) -> None:
    """第三十八条: the same selection as `auditEvents`, as a file; a reason written like a formula
    is neutralised; only AUDITOR; a bad parameter is a 400 naming it."""
    import csv
    import io

    from openpyxl import load_workbook

    http, clock, store = world
    clock.now = NOW + timedelta(days=30)
    created = ok(await call(http, CREATE, OFFICER, i=item(name="审计导出目录")), "createDraft")["item"]
    ok(await call(http, UPDATE, OFFICER, id=created["id"], v=1, i=item(name="审计导出目录", summary="改过"),
                  r="=cmd|' /C calc'!A0"), "updateItem")
    window = {"targetId": created["id"], "from": "2025-10-25T00:00:00Z"}

    response = await http.get("/audit/export", params={**window, "format": "csv"}, headers=AUDITOR)
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "序号 seq" and len(rows) == 3
    assert [row[6] for row in rows[1:]] == ["ITEM_UPDATE", "ITEM_CREATE"]  # newest first, action codes
    assert rows[1][11] == "'=cmd|' /C calc'!A0"  # neutralised (OWASP)

    response = await http.get("/audit/export", params={**window, "format": "xlsx"}, headers=AUDITOR)
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(cells) == 3 and cells[1][11] == "'=cmd|' /C calc'!A0" and str(cells[1][0]) == rows[1][0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    assert (await http.get("/audit/export", params=window, headers=OFFICER)).status_code == 403
    bad = await http.get("/audit/export", params={"from": "yesterday"}, headers=AUDITOR)
    assert bad.status_code == 400 and bad.json()["errors"][0]["extensions"]["field"] == "from"
    bad = await http.get("/audit/export", params={"action": "DROP"}, headers=AUDITOR)
    assert bad.status_code == 400 and bad.json()["errors"][0]["extensions"]["field"] == "action"
    bad = await http.get("/audit/export", params={"log": "all"}, headers=AUDITOR)
    assert bad.status_code == 400 and bad.json()["errors"][0]["extensions"]["field"] == "log"
