"""The use of shared data (第三十九条): every authorize answer is in the decision log before it is
given, in one order across server processes, and an auditor reads it back by department, item,
grant and time window. Real files, real HTTP through the ASGI app, both engines."""

from __future__ import annotations

import json
import multiprocessing
import tempfile
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.repos.decisions import DecisionLog
from seed.load import item_id
from server.auth import Role
from server.domain.records.decisions import AuthorizeDecision, DecisionFilter
from server.domain.sharing import AuthorizeReason, ElementAccess, ElementDecision, ElementReason
from tests.helpers import Clock, ENGINES, auth, demo_world, gql, make_settings

DATA_DIR = Path(tempfile.mkdtemp(prefix="mulu-decisions-"))
SETTINGS = make_settings(data_dir=DATA_DIR)
CONSUMER = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="minzheng-clerk")
OTHER_CONSUMER = auth(SETTINGS, "140500-RSJ", Role.DEPT_USER, user="rsj-clerk")
AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-reviewer")
AUDITOR = auth(SETTINGS, "140500-DSJ", Role.AUDITOR, user="dsj-auditor")

SEAL = item_id("140500-GAJ", "印章刻制备案信息")  # 无条件共享
CRIMES = item_id("140500-GAJ", "违法犯罪记录信息")  # 不予共享
START = datetime(2025, 9, 25, 2, 0, tzinfo=timezone.utc)

AUTHORIZE = """query($item: ID!, $codes: [String!]!) { authorize(itemId: $item, elementCodes: $codes) {
  allowed reason grantId elements { code access reason } } }"""
DECISIONS = """query($filter: AuthorizeDecisionFilter, $first: Int, $after: String) {
  authorizeDecisions(filter: $filter, first: $first, after: $after) { totalCount
    edges { cursor node { position at user departmentCode itemId grantId allowed reason elements { code access reason } } }
    pageInfo { hasNextPage endCursor } } }"""


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple[httpx.AsyncClient, Clock]]:
    for old in (DATA_DIR / "decisions").glob("*"):  # each engine's run reads only its own decisions
        old.unlink()
    clock = Clock(START)
    async with demo_world(request.param, falkordb_engine, "decisions", SETTINGS, clock=clock) as ([http], _store):
        yield http, clock


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    response = await gql(http, query, headers, variables)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


async def granted_seal(http: httpx.AsyncClient) -> str:
    apply = """mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { id } } }"""
    review = """mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true, reason: ""}) {
      accessRequest { grantId } } }"""
    request = (await call(http, apply, CONSUMER, input={
        "itemId": SEAL, "elementCodes": ["TYSHXYDM", "DWMC"], "purpose": "核实企业印章备案",
        "scenario": "社会组织登记审查", "until": "2026-09-30"}))["applyForAccess"]["accessRequest"]
    return (await call(http, review, AUTHORITY, id=request["id"]))["reviewRequest"]["accessRequest"]["grantId"]


async def test_every_answer_is_in_the_log_and_an_auditor_selects_them(world) -> None:
    http, clock = world
    clock.now = START
    refused = (await call(http, AUTHORIZE, CONSUMER, item=SEAL, codes=["DWMC"]))["authorize"]
    assert refused["allowed"] is False
    clock.now = START + timedelta(hours=1)
    grant = await granted_seal(http)
    clock.now = START + timedelta(hours=2)
    allowed = (await call(http, AUTHORIZE, CONSUMER, item=SEAL, codes=["DWMC", "YZMC"]))["authorize"]
    assert allowed["allowed"] and allowed["grantId"] == grant
    clock.now = START + timedelta(hours=3)
    await call(http, AUTHORIZE, OTHER_CONSUMER, item=CRIMES, codes=["XM"])
    await call(http, AUTHORIZE, CONSUMER, item="no-such-item", codes=["XM"])

    everything = (await call(http, DECISIONS, AUDITOR))["authorizeDecisions"]
    assert everything["totalCount"] == 4
    newest_first = [edge["node"] for edge in everything["edges"]]
    assert [d["itemId"] for d in newest_first] == ["no-such-item", CRIMES, SEAL, SEAL]
    assert [d["reason"] for d in newest_first] == ["NOT_FOUND", "NO_GRANT", "ALLOWED", "NO_GRANT"]
    given = newest_first[2]
    assert given == {
        "position": given["position"], "at": "2025-09-25T04:00:00+00:00", "user": "minzheng-clerk",
        "departmentCode": "140500-MZJ", "itemId": SEAL, "grantId": grant, "allowed": True, "reason": "ALLOWED",
        "elements": [{"code": "DWMC", "access": "ALLOW", "reason": "GRANTED"},
                     {"code": "YZMC", "access": "DENY", "reason": "NOT_GRANTED"}],
    }
    # One order: positions are the day's file and its line, in the order the answers were given.
    assert [d["position"] for d in newest_first] == ["2025-09-25:4", "2025-09-25:3", "2025-09-25:2", "2025-09-25:1"]

    async def positions(**which: object) -> list[str]:
        found = (await call(http, DECISIONS, AUDITOR, filter=which))["authorizeDecisions"]
        return [edge["node"]["position"] for edge in found["edges"]]

    assert await positions(department="140500-RSJ") == ["2025-09-25:3"]
    assert await positions(itemId=SEAL) == ["2025-09-25:2", "2025-09-25:1"]
    assert await positions(grantId=grant) == ["2025-09-25:2"]
    assert await positions(allowed=False, department="140500-MZJ") == ["2025-09-25:4", "2025-09-25:1"]
    assert await positions(**{"from": "2025-09-25T03:00:00Z", "to": "2025-09-25T05:00:00Z"}) == ["2025-09-25:2"]
    assert await positions(**{"from": "2025-09-26T00:00:00Z"}) == []

    page = (await call(http, DECISIONS, AUDITOR, first=3))["authorizeDecisions"]
    assert page["pageInfo"]["hasNextPage"] and len(page["edges"]) == 3
    rest = (await call(http, DECISIONS, AUDITOR, first=3, after=page["pageInfo"]["endCursor"]))["authorizeDecisions"]
    assert [edge["node"]["position"] for edge in rest["edges"]] == ["2025-09-25:1"]


async def test_only_auditors_read_the_decision_log(world) -> None:
    http, _clock = world
    for headers in (CONSUMER, AUTHORITY):
        body = (await gql(http, DECISIONS, headers, {})).json()
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body


async def test_an_answer_that_cannot_be_recorded_is_not_given(world) -> None:
    """A log that cannot be written fails the question with 503, never answers unrecorded."""
    http, clock = world
    clock.now = START + timedelta(days=1)  # a new day's file, which cannot be opened for writing
    (DATA_DIR / "decisions" / "2025-09-26.jsonl").mkdir(parents=True)
    try:
        response = await gql(http, AUTHORIZE, CONSUMER, {"item": SEAL, "codes": ["DWMC"]})
    finally:
        (DATA_DIR / "decisions" / "2025-09-26.jsonl").rmdir()
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "ENGINE_UNAVAILABLE"


# ---- the log itself, on real files -------------------------------------------------------------------------


def _decision(at: datetime, department: str, item: str, n: int = 0) -> AuthorizeDecision:
    return AuthorizeDecision(at=at, user=f"user-{n}", department=department, item_id=item, grant_id=None,
                             allowed=False, reason=AuthorizeReason.NO_GRANT,
                             elements=(ElementDecision("XM", ElementAccess.DENY, None, ElementReason.NO_LIVE_GRANT),))


def _append_many(directory: str, worker: int, count: int) -> None:
    """One server process's worth of answers (run in its own OS process)."""
    import asyncio

    async def run() -> None:
        log = DecisionLog(Path(directory))
        at = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
        for n in range(count):
            await log.append([_decision(at, f"worker-{worker}", f"item-{n}", n), _decision(at, f"worker-{worker}", f"item-{n}b", n)])
        log.close()

    asyncio.run(run())


def test_several_processes_append_whole_lines_in_one_order(tmp_path: Path) -> None:
    """Four processes append 2 × 300 decisions each to one day's file: every line is whole, none
    is lost, and each call's two lines stay together (one write each)."""
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(tmp_path), w, 300)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    lines = (tmp_path / "2026-03-02.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b""
    decoded = [json.loads(line) for line in lines[:-1]]
    assert len(decoded) == 2400
    for first, second in zip(decoded[::2], decoded[1::2]):
        assert first["department"] == second["department"] and second["item"] == first["item"] + "b"
    for worker in range(4):
        mine = [d["item"] for d in decoded if d["department"] == f"worker-{worker}"]
        assert mine == [item for n in range(300) for item in (f"item-{n}", f"item-{n}b")]


async def test_a_line_cut_by_a_crash_does_not_swallow_the_next(tmp_path: Path) -> None:
    at = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
    (tmp_path / "2026-03-02.jsonl").write_bytes(b'{"at":"2026-03-02T07:00:00Z","user":"a","depart')
    log = DecisionLog(tmp_path)
    await log.append([_decision(at, "140500-MZJ", "after-the-crash")])
    log.close()
    total, [found] = await log.page(DecisionFilter(), 0, 10)
    assert total == 1 and found.item_id == "after-the-crash" and found.position == "2026-03-02:2"


async def test_each_day_has_its_file_and_a_window_reads_only_its_days(tmp_path: Path) -> None:
    log = DecisionLog(tmp_path)
    days = [datetime(2026, 3, d, 23, 59, tzinfo=timezone.utc) for d in (1, 2, 3)]
    for n, at in enumerate(days):
        await log.append([_decision(at, "140500-MZJ", f"item-{n}")])
    log.close()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2026-03-01.jsonl", "2026-03-02.jsonl", "2026-03-03.jsonl"]
    total, found = await log.page(DecisionFilter(since=days[1], until=days[2]), 0, 10)
    assert total == 1 and found[0].item_id == "item-1"
    total, found = await log.page(DecisionFilter(until=days[1] + timedelta(minutes=1)), 0, 10)
    assert [d.item_id for d in found] == ["item-1", "item-0"]


async def test_auditors_export_the_decisions_as_csv(world) -> None:
    import csv
    import io

    http, clock = world
    clock.now = START + timedelta(days=2)
    await call(http, AUTHORIZE, OTHER_CONSUMER, item=SEAL, codes=["=1+1", "DWMC"])
    response = await http.get("/audit/export", headers=AUDITOR, params={
        "log": "decisions", "format": "csv", "department": "140500-RSJ", "from": "2025-09-27T00:00:00Z"})
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "位置 position" and len(rows) == 2
    assert rows[1][3:8] == ["140500-RSJ", SEAL, "", "拒绝", "NO_GRANT"]
    assert rows[1][9] == "'=1+1:DENY; DWMC:DENY"  # a cell starting like a formula is neutralised
    refused = await http.get("/audit/export", headers=CONSUMER, params={"log": "decisions"})
    assert refused.status_code == 403
    bad = await http.get("/audit/export", headers=AUDITOR, params={"log": "decisions", "allowed": "maybe"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["extensions"]["field"] == "allowed"


async def test_many_callers_at_once_all_return_and_every_line_is_written(tmp_path: Path) -> None:
    """Group commit under contention (schemathesis with two workers once froze the server here: a
    caller arriving between the end of a sync and its starter's wake-up spun on the finished one)."""
    import asyncio

    log = DecisionLog(tmp_path)
    at = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)

    async def caller(n: int) -> None:
        for k in range(25):
            await log.append([_decision(at, "140500-MZJ", f"item-{n}-{k}")])
            if k % 3 == 0:
                await asyncio.sleep(0)

    await asyncio.wait_for(asyncio.gather(*(caller(n) for n in range(40))), timeout=60)
    log.close()
    assert len((tmp_path / "2026-03-02.jsonl").read_bytes().splitlines()) == 1000


def test_a_caller_arriving_as_a_sync_ends_does_not_spin(tmp_path: Path) -> None:
    """The moment schemathesis hit: the shared sync has finished but whoever started it has not
    woken yet, and a new caller needs a later sync. It must start one, not spin on the finished
    one (an await on a done future never yields: the server froze)."""
    import asyncio
    import threading

    async def scenario() -> None:
        log = DecisionLog(tmp_path)
        at = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
        await log.append([_decision(at, "140500-MZJ", "first")])
        finished = asyncio.get_running_loop().create_future()
        finished.set_result(None)
        log._syncing = finished  # the starter's sync, done; the starter not yet resumed
        log._written += 1  # a later append, not yet covered
        await log._durable(log._written)
        log.close()

    runner = threading.Thread(target=asyncio.run, args=(scenario(),), daemon=True)
    runner.start()
    runner.join(10)
    assert not runner.is_alive(), "the caller spun on a finished sync"
