"""Findings of the red team on issue 11 (第三十七条 backups, 第三十八条 audit log, 第三十九条 use of shared data).

Each test here failed when it was written and passes once its finding is fixed. Real engines,
real tokens, real HTTP through the ASGI app, the real `mulu` commands; FalkorDB only, to keep the
file quick. The findings, their severity and what held are in the red team's report.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
import redis

from graph.embedded import EmbeddedFalkorDB
from graph.repos import decisions as decisions_module
from graph.repos.decisions import DecisionLog
from policies.enforcer import Authorizer, Resource, Subject
from seed.load import item_id, load_demo
from server.app import create_app
from server.auth import Role
from server.domain.jurisdiction import DepartmentFacts, Jurisdiction, OwnCaseRule
from server.domain.records.catalog import ItemFacts
from server.domain.records.decisions import AuthorizeDecision
from server.domain.records.sharing import GrantRecord
from server.domain.sharing import AuthorizeReason, ElementAccess, ElementDecision, ElementReason
from server.domain.values import ItemStatus, ShareType
from tests.helpers import auth, demo_world, gql, make_settings, open_store_on
from tests.test_backup import _restore_events, in_process, mulu, seeded

DATA_DIR = Path(tempfile.mkdtemp(prefix="mulu-red-team-11-"))
SETTINGS = make_settings(data_dir=DATA_DIR)
CONSUMER = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="mzj-clerk")
APPLICANT = auth(SETTINGS, "140500-RSJ", Role.DEPT_USER, user="rsj-clerk")
AUDITOR = auth(SETTINGS, "140500-DSJ", Role.AUDITOR, user="dsj-auditor")
CITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-li")
POLICE_OFFICER = auth(SETTINGS, "140500-GAJ", Role.DEPT_DATA_OFFICER, user="gaj-officer")

SEAL = item_id("140500-GAJ", "印章刻制备案信息")  # 无条件共享, provided by 140500-GAJ

AUTHORIZE = """query($item: ID!, $codes: [String!]!) { authorize(itemId: $item, elementCodes: $codes) { allowed reason } }"""
DECISIONS = """query($filter: AuthorizeDecisionFilter) { authorizeDecisions(filter: $filter) { totalCount } }"""
EVENTS = """query($filter: AuditEventFilter) { auditEvents(filter: $filter) { totalCount } }"""
APPLY = """mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { id } } }"""
REVIEW = """mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true, reason: ""}) {
  accessRequest { grantId } } }"""
REVOKE = "mutation($id: ID!, $r: String!) { revokeGrant(input: {grantId: $id, reason: $r}) { grant { live } } }"
REINSTATE = "mutation($id: ID!) { reinstateGrant(input: {grantId: $id, reason: \"已整改\"}) { grant { live } } }"


@pytest.fixture(scope="module")
async def world(falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[httpx.AsyncClient]:
    async with demo_world("falkordb", falkordb_engine, "red-team-11", SETTINGS) as ([http], _store):
        yield http


async def ok(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    response = await gql(http, query, headers, variables)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


# ---- 第三十八条/第三十九条: the auditor's exports (severity: HIGH for the auditor's default format) -------------


async def test_a_control_character_in_an_asked_element_code_does_not_break_the_decisions_xlsx_export(world) -> None:
    """Any department user can make every xlsx export of the decision log (the default format) fail
    with 500: openpyxl refuses control characters (IllegalCharacterError), and the input checks
    only refuse NUL and lone surrogates. Fault: server/domain/audit_export.py `write_xlsx` (cells
    are neutralised against formulas but not cleaned of characters a worksheet cannot hold)."""
    http = world
    await ok(http, AUTHORIZE, CONSUMER, item=SEAL, codes=["DW\x01MC"])
    response = await http.get("/audit/export", headers=AUDITOR, params={"log": "decisions", "format": "xlsx"})
    assert response.status_code == 200, response.text[:300]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any("DW" in str(cell.value) for row in sheet.iter_rows() for cell in row)


async def test_a_control_character_in_an_applications_purpose_does_not_break_the_events_xlsx_export(world) -> None:
    """The same for the audit log: a vertical tab in `purpose` (free text, accepted) lands in the
    REQUEST_CREATE event and every xlsx export of the events that includes it answers 500."""
    http = world
    await ok(http, APPLY, APPLICANT, input={
        "itemId": SEAL, "elementCodes": ["DWMC"], "purpose": "核实\x0b企业印章备案", "scenario": "社会组织登记\x01审查",
        "until": "2027-09-30"})
    response = await http.get("/audit/export", headers=AUDITOR, params={"log": "events", "format": "xlsx",
                                                                        "action": "REQUEST_CREATE"})
    assert response.status_code == 200, response.text[:300]


# ---- the auditors' GraphQL filters (severity: LOW) ------------------------------------------------------------


@pytest.mark.parametrize("query, name", [(DECISIONS, "authorizeDecisions"), (EVENTS, "auditEvents")])
async def test_a_time_without_a_zone_in_an_audit_filter_is_bad_input_naming_the_field(world, query: str, name: str) -> None:
    """`filter: {from: "2026-12-07T00:00:00"}` is an INTERNAL_SERVER_ERROR (utc_iso raises "instants
    must be timezone-aware"; the decision filter compares naive with aware), where /audit/export
    answers 400 naming `from`. Fault: server/api/audit/types.py `to_record` (or the DateTime input
    check in server/input_checks.py) lets a naive instant through."""
    response = await gql(world, query, AUDITOR, {"filter": {"from": "2026-12-07T00:00:00"}})
    body = response.json()
    assert body.get("errors"), body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert "from" in error["extensions"].get("field", ""), error


# ---- 第四十条: reinstating a revocation (severity: MEDIUM) -----------------------------------------------------

_PROVIDER, _COUNTY_AUTHORITY, _CITY_AUTHORITY = "140525-GAJ", "140525-DSJ", "140500-DSJ"
_JURISDICTION = Jurisdiction({
    code: DepartmentFacts(code, region, level, code.endswith("-DSJ"), None)
    for code, region, level in ((_CITY_AUTHORITY, "140500", "CITY"), (_COUNTY_AUTHORITY, "140525", "COUNTY"),
                                (_PROVIDER, "140525", "COUNTY"))
}, own_case=OwnCaseRule.NEXT_LEVEL)
_NOW = datetime(2025, 6, 1, 9, 0, tzinfo=timezone.utc)


def _county_authoritys_own_grant_revoked_by_its_provider() -> Resource:
    """泽州县大数据局 (the county authority) holds a grant on 泽州县公安局's item; 泽州县公安局 revoked it."""
    grant = GrantRecord(id="g-1", item_id="item-1", consumer_code=_COUNTY_AUTHORITY, provider_code=_PROVIDER,
                        granted_at=datetime(2025, 1, 10, tzinfo=timezone.utc),
                        expires_at=datetime(2028, 1, 10, tzinfo=timezone.utc),
                        last_used_at=datetime(2025, 5, 20, tzinfo=timezone.utc), element_codes=(),
                        applicant="zezhou-wang", revoked_at=datetime(2025, 5, 21, tzinfo=timezone.utc),
                        revoked_by_department=_PROVIDER)
    item = ItemFacts(provider_code=_PROVIDER, id="item-1", share_type=ShareType.CONDITIONAL, status=ItemStatus.PUBLISHED,
                     scope=(_COUNTY_AUTHORITY,), compilers=frozenset())
    return Resource(kind="grant", item=item, grant=grant, jurisdiction=_JURISDICTION)


def test_with_NEXT_LEVEL_a_county_authority_does_not_lift_the_revocation_of_its_own_grant() -> None:
    """MULU_AUTHORITY_OWN_CASE=NEXT_LEVEL: a county authority's own case goes to the city authority.
    `revoke` follows it (the county authority gets WRONG_JURISDICTION on its own grant), but
    `reinstate` of the provider's revocation goes to the revoker's own-level authority without the
    own-case rule: the county authority — the party holding the grant — lifts the revocation of its
    own grant (ALLOWED), and the city authority, which NEXT_LEVEL says decides, is refused.
    Fault: policies/enforcer.py `_revoking_authority` (no `_deciding(...)` around the region)."""
    authorizer = Authorizer()
    resource = _county_authoritys_own_grant_revoked_by_its_provider()
    county = Subject("zezhou-zhao", _COUNTY_AUTHORITY, frozenset({"AUTHORITY_ADMIN"}), True)
    city = Subject("dsj-li", _CITY_AUTHORITY, frozenset({"AUTHORITY_ADMIN"}), True)
    assert authorizer.decide(county, "revoke", resource, _NOW).reason == "WRONG_JURISDICTION"  # as it should
    assert authorizer.decide(county, "reinstate", resource, _NOW).reason != "ALLOWED"
    assert authorizer.decide(city, "reinstate", resource, _NOW).allowed


async def test_an_authoritys_revocation_recorded_before_the_revoking_department_was_stays_the_authoritys(
        falkordb_engine: EmbeddedFalkorDB) -> None:
    """A grant revoked by the city authority before issue 11 has no `revokedByDepartment`; the
    policy then treats it like an idle stop and the provider's data officer lifts the authority's
    supervision revocation (第四十条). The GRANT_REVOKE audit event still says which department
    revoked (actorDepartment), so the rule can be kept for old revocations too (a migration at start,
    or the event as a fallback). Fault: policies/enforcer.py `_revoker` (None → anyone's), no
    migration of older grants."""
    store = await open_store_on("falkordb", falkordb_engine, "red-team-11-legacy")
    await load_demo(store)
    try:
        async with AsyncExitStack() as stack:
            app = create_app(SETTINGS, store=store)
            await stack.enter_async_context(app.router.lifespan_context(app))
            http = await stack.enter_async_context(
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://before.test"))
            request = (await ok(http, APPLY, CONSUMER, input={
                "itemId": SEAL, "elementCodes": ["DWMC"], "purpose": "核实企业印章备案", "scenario": "社会组织登记审查",
                "until": "2027-09-30"}))["applyForAccess"]["accessRequest"]["id"]
            grant = (await ok(http, REVIEW, CITY, id=request))["reviewRequest"]["accessRequest"]["grantId"]
            await ok(http, REVOKE, CITY, id=grant, r="第四十条：超范围使用")
        # As a grant revoked before issue 11 is stored: no revoking department.
        client = redis.Redis(host=falkordb_engine.host, port=falkordb_engine.port, password=falkordb_engine.password)
        try:
            client.execute_command("GRAPH.QUERY", "red-team-11-legacy",
                                   f"MATCH (g:Grant {{id: '{grant}'}}) SET g.revokedByDepartment = NULL")
        finally:
            client.close()
        async with AsyncExitStack() as stack:  # the upgraded server starts
            app = create_app(SETTINGS, store=store)
            await stack.enter_async_context(app.router.lifespan_context(app))
            http = await stack.enter_async_context(
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://after.test"))
            body = (await gql(http, REINSTATE, POLICE_OFFICER, {"id": grant})).json()
            assert body.get("errors") and body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
    finally:
        await store.drop()
        await store.close()


# ---- 第三十八条: who can write the audit log (severity: HIGH) ----------------------------------------------------


def test_the_embedded_engine_refuses_a_client_without_credentials(tmp_path: Path) -> None:
    """The embedded engine listens on loopback with no password (protected mode only guards other
    interfaces), and its port is in a world-readable lock file: any local account — tried as
    `nobody` — reads and writes the whole graph, and can forge the next audit event (CREATE it with
    seq = log.seq + 1, bump log.seq): the server's chainer links it and `mulu audit verify` says OK.
    The hash chain then proves nothing about who wrote an event. Fault: graph/embedded.py (no
    requirepass / ACL; the secret should sit in a 0600 file beside the lock, for `attach`)."""
    engine = EmbeddedFalkorDB(tmp_path / "falkordb")
    engine.start()
    try:
        stranger = redis.Redis(host=engine.host, port=engine.port, socket_timeout=5)
        try:
            with pytest.raises(redis.exceptions.RedisError):
                stranger.execute_command("GRAPH.QUERY", "mulu", "CREATE (:AuditEvent {seq: 1, reason: 'forged'})")
        finally:
            stranger.close()
    finally:
        engine.stop()


# ---- 第三十九条: the decision log (severity: LOW / design) -------------------------------------------------------


def _decision(at: datetime, item: str) -> AuthorizeDecision:
    return AuthorizeDecision(at=at, user="u", department="140500-MZJ", item_id=item, grant_id=None, allowed=False,
                             reason=AuthorizeReason.NO_GRANT,
                             elements=(ElementDecision("XM", ElementAccess.DENY, None, ElementReason.NO_LIVE_GRANT),))


async def test_at_the_day_boundary_every_answer_is_synced_before_it_is_given(tmp_path: Path, monkeypatch) -> None:
    """Group commit syncs the fd of whoever starts the sync, and marks every append made so far as
    durable. At midnight: a sync of the old day's file is running; B appends to the old day, A to the
    new day's file; when the sync ends B starts the next one on the OLD file, which covers A's ticket
    too, so A returns without its new day's line ever being fdatasync'd. Fault:
    graph/repos/decisions.py `_durable`/`_sync` (a sync must cover only appends made on its fd)."""
    import threading

    synced: list[str] = []
    first = threading.Event()
    calls = 0

    def fake_fdatasync(fd: int) -> None:
        nonlocal calls
        calls += 1
        name = os.readlink(f"/proc/self/fd/{fd}")
        if calls == 1:
            first.wait(5)  # the old day's sync is still running while the others append
        synced.append(Path(name).name)

    monkeypatch.setattr(decisions_module.os, "fdatasync", fake_fdatasync)
    log = DecisionLog(tmp_path)
    before = datetime(2026, 3, 1, 23, 59, 59, tzinfo=timezone.utc)
    after = datetime(2026, 3, 2, 0, 0, 1, tzinfo=timezone.utc)
    starter = asyncio.ensure_future(log.append([_decision(before, "x")]))
    await asyncio.sleep(0.05)  # its sync (of 2026-03-01) runs in a thread, held
    b = asyncio.ensure_future(log.append([_decision(before, "b")]))
    await asyncio.sleep(0)
    a = asyncio.ensure_future(log.append([_decision(after, "a")]))
    await asyncio.sleep(0.05)
    first.set()
    await asyncio.wait_for(asyncio.gather(starter, b, a), 10)
    log.close()
    assert (tmp_path / "2026-03-02.jsonl").read_bytes().count(b"\n") == 1
    assert "2026-03-02.jsonl" in synced, synced


def test_an_edited_decision_line_is_noticed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The audit log is hash-chained and checkpointed; the decision log — the record of every use
    of shared data (第三十九条) — is plain JSON lines: a line can be changed (allowed → refused, another
    department) or deleted in place and nothing notices (`mulu audit verify` reads only the graph,
    restore accepts a snapshot whose manifest was recomputed). Design: chain the decision lines
    (each line the hash of the previous) or checkpoint each day file, and verify them with
    `mulu audit verify`. Fault: graph/repos/decisions.py, server/cli_audit.py."""
    data_dir = seeded(tmp_path / "data")
    day = data_dir / "decisions"
    log = DecisionLog(day)
    asyncio.run(log.append([_decision(datetime(2026, 3, 2, 8, tzinfo=timezone.utc), f"item-{n}") for n in range(3)]))
    log.close()
    assert in_process("audit", "verify", "--data-dir", str(data_dir)) == 0
    capsys.readouterr()
    path = day / "2026-03-02.jsonl"
    path.write_bytes(path.read_bytes().replace(b'"item-1"', b'"item-9"'))
    assert in_process("audit", "verify", "--data-dir", str(data_dir)) == 1


# ---- 第三十七条: restore (severity: MEDIUM) ---------------------------------------------------------------------------


def test_a_restore_keeps_the_decisions_answered_after_the_snapshot(tmp_path: Path) -> None:
    """A restore rolls the decision log back to the snapshot: the answers given between the snapshot
    and the restore — data that really left the providers — vanish from `authorizeDecisions` and the
    exports (they survive only in before-restore-*/, which nothing reads). The graph goes back in
    time; the record of use that happened must not (第三十九条). (tests/test_backup.py asserts the
    roll-back; this finding disagrees with it.) Fault: server/cli_backup.py `restore` (DECISIONS_DIR
    among the swapped parts; the snapshot's lines are a prefix of the live ones: keep the live file,
    or merge)."""
    data_dir = seeded(tmp_path / "data")
    (data_dir / "decisions").mkdir()
    day = data_dir / "decisions" / "2026-12-01.jsonl"
    day.write_bytes(b'{"n":1}\n')
    backup = mulu(data_dir, "backup", "--to", str(tmp_path / "snapshot"))
    assert backup.returncode == 0, backup.stderr
    with open(day, "ab") as log:
        log.write(b'{"n":2,"answered":"after the snapshot"}\n')
    restored = mulu(data_dir, "restore", str(tmp_path / "snapshot"))
    assert restored.returncode == 0, restored.stderr
    assert b"after the snapshot" in day.read_bytes()


def test_the_restore_event_anchors_the_audit_log_it_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """After a restore the sequence numbers after the snapshot are handed out again (RESTORE takes
    the number the BACKUP event had) and the RESTORE event names only the snapshot: how far the
    replaced log went, and its last hash, are recorded nowhere in the live log. Whoever restores an
    older snapshot and removes before-restore-*/ erases those events without a trace of how many.
    The RESTORE event should carry the replaced log's checkpoint (seq:hash). Fault:
    server/cli_backup.py `_stage_engine` (the event's `after`)."""
    data_dir = seeded(tmp_path / "data")
    backup = mulu(data_dir, "backup", "--to", str(tmp_path / "snapshot"))
    assert backup.returncode == 0, backup.stderr
    (tmp_path / "2027.json").write_text(json.dumps({
        "year": 2027, "source": "测试用安排，非官方 (test fixture)",
        "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"}], "workdays": []}), encoding="utf-8")
    assert in_process("workdays", "load", str(tmp_path / "2027.json"), "--data-dir", str(data_dir)) == 0
    capsys.readouterr()
    assert in_process("audit", "checkpoint", "--data-dir", str(data_dir)) == 0
    replaced = capsys.readouterr().out.strip()
    restored = mulu(data_dir, "restore", str(tmp_path / "snapshot"))
    assert restored.returncode == 0, restored.stderr

    async def restore_event() -> dict:
        [event] = await _restore_events(data_dir)
        return {"after": event.after, "reason": event.reason}

    event = asyncio.run(restore_event())
    seq, digest = replaced.split(":")
    assert digest in json.dumps(event, ensure_ascii=False), (replaced, event)


# A restored snapshot whose audit chain does not verify: tests/test_backup.py
# test_a_snapshot_whose_audit_chain_does_not_verify_is_restored_only_with_a_reason.


def test_two_backups_to_the_same_path_end_with_a_message_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Two `mulu backup --to P` at once (cron and an operator): both pass the "P must not exist or be
    empty" check, the first renames its snapshot to P, the second's os.rename raises ENOTEMPTY and
    the command dies with a Python traceback and exit 1 (which the README reserves for "refused").
    Made certain here by filling P just before the rename. Fault: server/cli_backup.py `backup`
    (os.rename outside the Failed/Refused handling)."""
    from server import cli_backup

    data_dir = seeded(tmp_path / "data")
    target = tmp_path / "snapshot"
    fsync_tree = cli_backup._fsync_tree

    def meanwhile(root: Path) -> None:
        fsync_tree(root)
        target.mkdir(exist_ok=True)
        (target / "manifest.json").write_text("{}")  # another backup finished first

    monkeypatch.setattr(cli_backup, "_fsync_tree", meanwhile)
    assert in_process("backup", "--to", str(target), "--data-dir", str(data_dir)) == 2
    assert str(target) in capsys.readouterr().err
    assert not list(tmp_path.glob(".snapshot.partial-*"))
