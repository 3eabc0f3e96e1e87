"""The gateway's authorize question over HTTP, single and batched, against bare Casbin `enforce`.

Loads (once, reused on later runs) a generated catalog and ``--grants`` grants into a data
directory, starts ``python -m server.cli serve`` on it as a child process, mints
``DEPT_USER`` tokens for ``--departments`` consumer departments, warms up, then measures
over loopback HTTP (a lean keep-alive client, `common.RawHTTP`, one connection per caller;
``--workers N`` runs ``mulu serve --workers N``):

* **single** — ``authorize(itemId:, elementCodes:)``, one question per request, at 1 and 16
  callers (each caller asks as one of the consumer departments);
* **batch** — ``authorizeBatch(questions:)`` with ``--batch`` (100) questions per request,
  at 1, 4 and 16 callers;

with a fixed mix of questions: ~65 % about an item the department holds a live grant on
(ALLOWED; some ask for one element the grant does not cover), ~20 % about an item whose
grants have all lapsed (GRANT_EXPIRED / GRANT_IDLE / GRANT_REVOKED) and ~15 % about an
item it holds no grant on (NO_GRANT). The answers are counted by reason.

In the same run, in this process, the per-call cost of the Casbin decision on the same
grant rows the server reads (``grants/for_consumer_items``): bare ``Authorizer.enforce``
(Casbin ``enforce`` over every policy line), bare ``enforce`` on the per-action enforcer,
and ``Authorizer.decide`` (what the service calls). The server's CPU per decision is
reported as a multiple of the bare ``enforce``.

The data (why a generated catalog): 100,000 grants over the 366-item demo catalog would
mean every one of its 72 departments holding ~4 grants on every item it may see; real
grants are sparse — a department uses a small share of a large catalog. So the catalog is
``mulu seed --items 20000`` (72 departments, ~209,000 data elements) and the grants are drawn
with a skewed item popularity (Zipf-like: a few base registers are used by many departments)
and skewed department activity; conditional items are granted only to departments in their
scope, not-shared items never. ~80 % of grants are live; the rest expired, idle for more
than three months, or revoked; ~8 % of (department, item) pairs carry an expired grant plus
its renewal. Grant dates are relative to the wall clock at load time, so the data directory
is reloaded when it is more than ``--max-data-age-days`` old.

``--engine neo4j`` starts Neo4j's test harness (files under ``--data-dir/neo4j``), or uses the
Neo4j at ``--neo4j-uri``, and loads the catalog and the grants into it in every run: the
harness keeps no data once it stops.

    python bench/authorize_bench.py --data-dir /tmp/mulu-bench/authz            # full run
    python bench/authorize_bench.py --data-dir /tmp/mulu-bench/authz-quick --items 2000 --grants 10000 --quick
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
import timeit
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    ROOT,
    Cypher,
    Engine,
    MemorySampler,
    RawHTTP,
    Server,
    add_engine_arguments,
    command_line,
    cpu_seconds,
    empty_neo4j,
    engine_for,
    free_port,
    machine_note,
    mib,
    ms,
    percentile,
    rss_bytes,
    system_busy_seconds,
    table,
)

META_FILE = "authorize-bench.json"
DAY = timedelta(days=1)
YEAR = timedelta(days=365)

SINGLE = """query Authorize($itemId: ID!, $codes: [String!]!) {
  authorize(itemId: $itemId, elementCodes: $codes) { allowed reason elements { code access reason } }
}"""
BATCH = """query AuthorizeBatch($questions: [AuthorizeQuestion!]!) {
  authorizeBatch(questions: $questions) { itemId allowed reason elements { code access reason } }
}"""


# ---------------------------------------------------------------------------------------------
# Data: catalog and grants


def _iso(moment: datetime) -> str:
    from server.domain.instants import utc_iso

    return utc_iso(moment)


def _uniform(rng: random.Random, low: timedelta, high: timedelta) -> timedelta:
    return low + (high - low) * rng.random()


@dataclass
class CatalogFacts:
    items: list[dict]  # id, providerCode, shareType, status, scope, codes (element codes that may be granted)
    departments: list[str]


async def _catalog_facts(cypher: Cypher) -> CatalogFacts:
    items: dict[str, dict] = {}
    rows = await cypher.read("MATCH (i:CatalogItem) RETURN i.id, i.providerCode, i.shareType, i.status")
    for item_id, provider, share, status in rows:
        items[item_id] = {"id": item_id, "providerCode": provider, "shareType": share, "status": status,
                          "scope": [], "codes": [], "withheld": []}
    # Ordered, like every read here: the grants and questions are drawn from these rows, so both engines get the same.
    rows = await cypher.read("MATCH (i:CatalogItem)-[:SHARED_WITH]->(d:Department) RETURN i.id, d.code ORDER BY i.id, d.code")
    for item_id, code in rows:
        items[item_id]["scope"].append(code)
    rows = await cypher.read("MATCH (e:DataElement) RETURN e.itemId, e.seq, e.code, e.withheld ORDER BY e.itemId, e.seq")
    for item_id, _, code, withheld in rows:
        if item_id in items:
            items[item_id]["withheld" if withheld else "codes"].append(code.upper())
    rows = await cypher.read("MATCH (d:Department) RETURN d.code ORDER BY d.code")
    return CatalogFacts(sorted(items.values(), key=lambda i: i["id"]), [row[0] for row in rows])


def generate_grants(catalog: CatalogFacts, count: int, seed: int, now: datetime) -> tuple[list[dict], dict[str, int]]:
    """`count` grant rows for grants/upsert_for_import, spread as described in the module docstring."""
    rng = random.Random(seed)
    eligible = [i for i in catalog.items if i["status"] == "PUBLISHED" and i["shareType"] != "NOT_SHARED" and i["codes"]]
    rng.shuffle(eligible)
    item_weights = [1 / (rank + 10) ** 0.9 for rank in range(len(eligible))]
    item_cum = list(_accumulate(item_weights))
    departments = list(catalog.departments)
    dept_weight = {code: rng.lognormvariate(0, 0.8) for code in departments}
    dept_cum = list(_accumulate(dept_weight[d] for d in departments))

    def uid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    pairs: set[tuple[str, str]] = set()
    rows: list[dict] = []
    states: collections.Counter[str] = collections.Counter()

    def base(item: dict, consumer: str, granted_at: datetime, expires_at: datetime) -> dict:
        codes = item["codes"]
        k = max(1, round(len(codes) * rng.uniform(0.4, 1.0)))
        conditional = item["shareType"] == "CONDITIONAL"
        mode = ("COORDINATED" if rng.random() < 0.1 else "DIRECT") if conditional else "PLATFORM"
        return {
            "id": uid(), "requestId": uid(), "itemId": item["id"], "consumerCode": consumer, "mode": mode,
            "elements": sorted(rng.sample(codes, k), key=codes.index),
            "purpose": rng.choice(["业务办理核验", "行政审批材料比对", "统计分析", "监管执法", "公共服务"]),
            "scenario": rng.choice(["窗口受理", "网上办理", "后台批量比对", "移动端核验"]),
            "grantedAt": _iso(granted_at), "grantedBy": "platform" if mode == "PLATFORM" else f"officer@{item['providerCode']}",
            "expiresAt": _iso(expires_at),
        }

    def live(item: dict, consumer: str, earliest: datetime | None = None) -> dict:
        oldest = now - timedelta(days=int(2.9 * 365))
        if earliest is not None:  # a renewal: granted after the old grant ran out
            oldest = min(max(oldest, earliest), now - DAY)
        granted_at = oldest + _uniform(rng, timedelta(0), now - timedelta(hours=1) - oldest)
        expires_at = now + _uniform(rng, timedelta(days=7), granted_at + 3 * YEAR - now)
        row = base(item, consumer, granted_at, expires_at)
        since = now - granted_at
        if rng.random() < 0.03 and since < timedelta(days=30):
            return row  # granted recently, not used yet
        window = timedelta(hours=24) if rng.random() < 0.5 else timedelta(days=80)
        row["lastUsedAt"] = _iso(now - _uniform(rng, timedelta(minutes=1), min(window, since)))
        if rng.random() < 0.02:
            row["reinstatedAt"] = _iso(now - _uniform(rng, timedelta(minutes=1), min(timedelta(days=30), since)))
            row["reinstatedBy"], row["reinstateReason"] = f"officer@{item['providerCode']}", "核实后恢复"
        return row

    def expired(item: dict, consumer: str) -> dict:
        granted_at = now - _uniform(rng, timedelta(days=440), 4 * YEAR)
        expires_at = granted_at + _uniform(rng, YEAR / 2, 3 * YEAR)
        expires_at = min(expires_at, now - _uniform(rng, DAY, YEAR / 2))
        if expires_at <= granted_at:
            expires_at = granted_at + timedelta(days=30)
        row = base(item, consumer, granted_at, expires_at)
        row["lastUsedAt"] = _iso(expires_at - _uniform(rng, timedelta(hours=1), timedelta(days=20)))
        return row

    def idle(item: dict, consumer: str) -> dict:
        granted_at = now - _uniform(rng, timedelta(days=120), timedelta(days=int(2.9 * 365)))
        row = base(item, consumer, granted_at, now + _uniform(rng, timedelta(days=7), granted_at + 3 * YEAR - now))
        row["lastUsedAt"] = _iso(now - _uniform(rng, timedelta(days=100), min(2 * YEAR, now - granted_at)))
        return row

    def revoked(item: dict, consumer: str) -> dict:
        row = live(item, consumer)
        granted_at = datetime.fromisoformat(row["grantedAt"])
        row["revokedAt"] = _iso(now - _uniform(rng, timedelta(hours=1), min(YEAR, now - granted_at)))
        row["revokedBy"], row["revokeReason"] = f"officer@{item['providerCode']}", "超出申请用途使用"
        row.pop("reinstatedAt", None), row.pop("reinstatedBy", None), row.pop("reinstateReason", None)
        return row

    makers = [("live", live, 0.86), ("expired", expired, 0.05), ("idle", idle, 0.05), ("revoked", revoked, 0.04)]
    maker_cum = list(_accumulate(w for _, _, w in makers))
    attempts = 0
    while len(rows) < count:
        attempts += 1
        if attempts > count * 50:
            raise RuntimeError(f"only {len(rows)} grants fit this catalog; load more items (--items)")
        item = rng.choices(eligible, cum_weights=item_cum)[0]
        if item["shareType"] == "CONDITIONAL":
            scope = [d for d in item["scope"] if d != item["providerCode"]]
            if not scope:
                continue
            consumer = rng.choices(scope, weights=[dept_weight[d] for d in scope])[0]
        else:
            consumer = rng.choices(departments, cum_weights=dept_cum)[0]
        if consumer == item["providerCode"] or (consumer, item["id"]) in pairs:
            continue
        pairs.add((consumer, item["id"]))
        if rng.random() < 0.08 and count - len(rows) >= 2:  # an expired grant and its renewal
            old = expired(item, consumer)
            rows.append(old)
            states["expired (renewed)"] += 1
            new = live(item, consumer, earliest=datetime.fromisoformat(old["expiresAt"]))
            rows.append(new)
            states["live"] += 1
            continue
        name, make, _ = makers[_pick(rng, maker_cum)]
        rows.append(make(item, consumer))
        states[name] += 1
    return rows, dict(states)


def _pick(rng: random.Random, cum: list[float]) -> int:
    x = rng.random() * cum[-1]
    return next(i for i, c in enumerate(cum) if x <= c)


def _accumulate(values) -> list[float]:
    total, out = 0.0, []
    for value in values:
        total += value
        out.append(total)
    return out


def prepare_data(args: argparse.Namespace, engine: Engine) -> dict:
    """Seeds the catalog (`mulu seed`) and imports the grants, unless the data dir already has them
    (FalkorDB only: a Neo4j harness starts empty, so on Neo4j this loads every run, and writes no
    note that a later FalkorDB run could take for its own data)."""
    data_dir: Path = args.data_dir
    meta_path = data_dir / META_FILE
    meta = json.loads(meta_path.read_text()) if meta_path.exists() and engine.kind == "falkordb" else {}
    wanted = {"items": args.items, "grants": args.grants, "seed": args.seed}
    fresh = (meta and all(meta.get(k) == v for k, v in wanted.items())
             and time.time() - meta.get("loaded_at", 0) < args.max_data_age_days * 86400)
    if fresh and not args.reload:
        meta["reused"] = True
        return meta

    if meta.get("items") != args.items or args.reload:
        data_dir.mkdir(parents=True, exist_ok=True)
        if engine.kind == "neo4j":  # `seed --reset` would delete the graph in one transaction
            asyncio.run(empty_neo4j(engine))
        started = time.perf_counter()
        command = [sys.executable, "-m", "server.cli", "seed", "--data-dir", str(data_dir), "--reset"]
        if args.items:
            command += ["--items", str(args.items)]
        print(f"seeding the catalog: {' '.join(command[1:])}", file=sys.stderr)
        subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, **engine.server_env()})
        meta = {"items": args.items, "seed_seconds": time.perf_counter() - started}
    meta.update(asyncio.run(load_grants(args, engine)), **wanted, loaded_at=time.time(), reused=False)
    if engine.kind == "falkordb":
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    return meta


async def load_grants(args: argparse.Namespace, engine: Engine) -> dict:
    """Replaces every grant in the graph with `args.grants` generated ones (grants/upsert_for_import)."""
    from graph.connect import open_store

    async with open_store(engine.settings()) as store:
        cypher = engine.cypher()
        try:
            return await _replace_grants(args, store, cypher)
        finally:
            await cypher.close()


async def _replace_grants(args: argparse.Namespace, store: Any, cypher: Cypher) -> dict:
    from graph.repos.sharing import grant_record, import_grants

    while True:  # drop the previous run's grants (and their relationships), in slices
        rows = await cypher.write("MATCH (g:Grant) WITH g LIMIT 20000 DETACH DELETE g RETURN count(*)")
        if not rows or not rows[0][0]:
            break
    catalog = await _catalog_facts(cypher)
    now = datetime.now(timezone.utc)
    started = time.perf_counter()
    rows, states = generate_grants(catalog, args.grants, args.seed, now)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    for start in range(0, len(rows), 2000):
        await import_grants(store, [grant_record(row) for row in rows[start:start + 2000]])
    imported = time.perf_counter() - started
    count = (await cypher.read("MATCH (g:Grant) RETURN count(g)"))[0][0]
    if count != args.grants:
        raise RuntimeError(f"imported {count} grants, wanted {args.grants}")
    return {"loaded": now.isoformat(), "states": states, "catalog_items": len(catalog.items),
            "departments": len(catalog.departments), "generate_seconds": generated, "import_seconds": imported}


# ---------------------------------------------------------------------------------------------
# Questions


@dataclass
class Pools:
    questions: dict[str, list[dict]]  # department -> questions ({itemId, elementCodes})
    expected: collections.Counter = field(default_factory=collections.Counter)
    samples: list[tuple[str, str]] = field(default_factory=list)  # (department, item id) for the in-process decisions


async def build_questions(args: argparse.Namespace, authorizer, engine: Engine) -> tuple[Pools, CatalogFacts, dict]:
    """Question pools per consumer department, from the grants as stored (an embedded engine is
    started here, then stopped)."""
    from graph.connect import open_store

    async with open_store(engine.settings(), setup_schema=False):
        cypher = engine.cypher()
        try:
            catalog = await _catalog_facts(cypher)
            rows = await cypher.read("MATCH (g:Grant) RETURN g.consumerCode, g.itemId, g {.*} ORDER BY g.consumerCode, g.itemId, g.id")
        finally:
            await cypher.close()
    grants_by_dept: dict[str, dict[str, list[dict]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for consumer, item_id, grant in rows:
        grants_by_dept[consumer][item_id].append(grant)
    census = {"grants": len(rows), "consumers": len(grants_by_dept),
              "pairs": sum(len(v) for v in grants_by_dept.values())}

    from graph.repos.sharing import grant_record
    from server.domain.records.catalog import ItemFacts
    from server.domain.values import ItemStatus, ShareType

    now = datetime.now(timezone.utc)
    rng = random.Random(args.seed + 1)
    by_id = {item["id"]: item for item in catalog.items}
    facts = {item["id"]: ItemFacts(provider_code=item["providerCode"], id=item["id"], share_type=ShareType(item["shareType"]),
                                   status=ItemStatus(item["status"])) for item in catalog.items}
    busy = sorted((d for d in grants_by_dept if len(grants_by_dept[d]) >= 50), key=lambda d: (-len(grants_by_dept[d]), d))
    chosen = sorted(rng.sample(busy[: max(args.departments * 3, args.departments)], min(args.departments, len(busy))))
    pools = Pools({})
    for dept in chosen:
        held = grants_by_dept[dept]
        live, dead = [], []
        for item_id, grants in held.items():
            states = [authorizer.grant_state(grant_record(g), facts.get(item_id), now) for g in grants]
            (live if any(ok for ok, _ in states) else dead).append(item_id)
        none = [i["id"] for i in catalog.items if i["id"] not in held and i["codes"] and i["providerCode"] != dept]
        questions = []
        for _ in range(args.pool):
            roll = rng.random()
            if roll < 0.65 and live:
                item_id = rng.choice(live)
                granted = next(g for g in held[item_id] if authorizer.grant_state(grant_record(g), facts[item_id], now)[0])["elements"]
                codes = rng.sample(granted, min(len(granted), rng.randint(2, 4)))
                extra = [c for c in by_id[item_id]["codes"] if c not in granted]
                if extra and rng.random() < 0.3:
                    codes.append(rng.choice(extra))
                pools.expected["live grant"] += 1
            elif roll < 0.85 and dead:
                item_id = rng.choice(dead)
                codes = rng.sample(by_id[item_id]["codes"], min(3, len(by_id[item_id]["codes"])))
                pools.expected["lapsed grant"] += 1
            else:
                item_id = rng.choice(none)
                codes = rng.sample(by_id[item_id]["codes"], min(3, len(by_id[item_id]["codes"])))
                pools.expected["no grant"] += 1
            questions.append({"itemId": item_id, "elementCodes": codes})
        pools.questions[dept] = questions
        pools.samples += [(dept, q["itemId"]) for q in questions[:64]]
    census["question_departments"] = {d: len(grants_by_dept[d]) for d in chosen}
    return pools, catalog, census


# ---------------------------------------------------------------------------------------------
# In-process: the Casbin decision on the rows the server reads


async def casbin_costs(args: argparse.Namespace, authorizer, pools: Pools, engine: Engine) -> dict:
    """µs per call of bare enforce (all lines / per action) and decide, over real (item, grant) rows."""
    from graph.connect import open_store
    from graph.repos.sharing import grants_for_consumer_items
    from policies.enforcer import Env, Resource, Subject

    cases = []
    async with open_store(engine.settings(), setup_schema=False) as store:
        by_dept: dict[str, list[str]] = collections.defaultdict(list)
        for dept, item_id in pools.samples:
            by_dept[dept].append(item_id)
        for dept, item_ids in by_dept.items():
            held = await grants_for_consumer_items(store, list(dict.fromkeys(item_ids)), dept)
            subject = Subject(user="bench", department_code=dept, roles=frozenset({"DEPT_USER"}))
            for item, grants in held.values():
                for grant in grants:
                    cases.append((subject, Resource(kind="grant", item=item, grant=grant)))
    now = datetime.now(timezone.utc)
    env = Env(now, authorizer.rules)
    use = authorizer._enforcers["use"]
    allowed = sum(authorizer.decide(s, "use", r, now).allowed for s, r in cases)

    def per_call(fn) -> float:
        loops = max(1, 20000 // len(cases))
        best = min(timeit.repeat(fn, number=loops, repeat=args.casbin_repeat))
        return best / (loops * len(cases)) * 1e6

    return {
        "cases": len(cases),
        "allowed": allowed,
        "enforce_all": per_call(lambda: [authorizer.enforce(s, "use", r, now) for s, r in cases]),
        "enforce_use": per_call(lambda: [use.enforce(s, r, "use", env) for s, r in cases]),
        "decide": per_call(lambda: [authorizer.decide(s, "use", r, now) for s, r in cases]),
    }


# ---------------------------------------------------------------------------------------------
# HTTP phases


@dataclass
class Phase:
    name: str
    callers: int
    batch: int
    latencies: list[float] = field(default_factory=list)
    decisions: int = 0
    reasons: collections.Counter = field(default_factory=collections.Counter)
    wall: float = 0.0
    server_cpu: float = 0.0
    engine_cpu: float = 0.0
    client_cpu: float = 0.0
    other_cpu: float = 0.0
    errors: int = 0
    first_error: str | None = None
    stopped_early: bool = False
    offered: float | None = None  # paced phases: the offered rate, requests/s
    server_side: dict = field(default_factory=dict)  # median and p95 from the server's own histogram

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def figures(self) -> dict:
        wall = self.wall or float("nan")
        return {
            "name": self.name, "callers": self.callers, "batch": self.batch, "requests": self.requests,
            "decisions": self.decisions, "errors": self.errors, "first_error": self.first_error,
            "wall": self.wall, "stopped_early": self.stopped_early, "offered": self.offered,
            "requests_per_s": self.requests / wall, "decisions_per_s": self.decisions / wall,
            "median": percentile(self.latencies, 50), "p95": percentile(self.latencies, 95),
            "p99": percentile(self.latencies, 99), "max": max(self.latencies, default=float("nan")),
            "server_cpu": self.server_cpu, "engine_cpu": self.engine_cpu, "client_cpu": self.client_cpu,
            "other_cpu": self.other_cpu, "reasons": dict(self.reasons), "server_side": self.server_side,
        }


async def drive(phase: Phase, clients: list[tuple[dict[str, str], list[dict]]], count: int, max_seconds: float,
                server: Server, engine_pid: int, rate: float | None = None) -> Phase:
    """`phase.callers` tasks, caller i on clients[i % len]; `count` requests in all or `max_seconds`.

    Without `rate` each caller sends its next request as soon as the last is answered (closed loop:
    the server is saturated). With `rate` (requests/s over all callers) each caller starts requests
    at exponentially spaced instants (Poisson arrivals), or at once if it is behind."""
    issued = 0
    pacing = random.Random(phase.callers)
    deadline = time.perf_counter() + max_seconds
    payload_of = (lambda qs, k: {"query": SINGLE, "variables": {"itemId": qs[k % len(qs)]["itemId"],
                                                                  "codes": qs[k % len(qs)]["elementCodes"]}}) \
        if phase.batch == 1 else \
        (lambda qs, k: {"query": BATCH, "variables": {"questions": [qs[(k * phase.batch + j) % len(qs)]
                                                                    for j in range(phase.batch)]}})

    async def caller(index: int) -> None:
        headers, questions = clients[index % len(clients)]
        http = RawHTTP("127.0.0.1", server.port, headers)
        turn = index * 7919  # callers of the same department start at different places in its pool
        try:
            await ask(http, questions, turn)
        finally:
            await http.close()

    async def ask(http: RawHTTP, questions: list[dict], turn: int) -> None:
        nonlocal issued
        next_start = time.perf_counter()
        while issued < count:
            if rate:
                next_start += pacing.expovariate(rate / phase.callers)
                await asyncio.sleep(max(0.0, next_start - time.perf_counter()))
            if time.perf_counter() > deadline:
                phase.stopped_early = True
                return
            issued += 1
            turn += 1
            payload = json.dumps(payload_of(questions, turn), ensure_ascii=False).encode()
            started = time.perf_counter()
            try:
                status, raw = await http.post("/graphql", payload)
                body = json.loads(raw)
            except (OSError, ValueError) as exc:
                phase.errors += 1
                phase.first_error = phase.first_error or repr(exc)
                continue
            elapsed = time.perf_counter() - started
            if status != 200 or body.get("errors"):
                phase.errors += 1
                phase.first_error = phase.first_error or json.dumps(body, ensure_ascii=False)[:400]
                continue
            phase.latencies.append(elapsed)
            answers = body["data"]["authorize"] if phase.batch == 1 else body["data"]["authorizeBatch"]
            if phase.batch == 1:
                answers = [answers]
            phase.decisions += len(answers)
            for answer in answers:
                phase.reasons[answer["reason"]] += 1

    server_before, engine_before = server.cpu_seconds(), cpu_seconds(engine_pid)
    client_before, busy_before = time.process_time(), system_busy_seconds()
    started = time.perf_counter()
    await asyncio.gather(*(caller(i) for i in range(phase.callers)))
    phase.wall = time.perf_counter() - started
    phase.client_cpu = time.process_time() - client_before
    phase.server_cpu = server.cpu_seconds() - server_before
    phase.engine_cpu = cpu_seconds(engine_pid) - engine_before
    phase.other_cpu = max(0.0, system_busy_seconds() - busy_before - phase.client_cpu - phase.server_cpu - phase.engine_cpu)
    return phase


async def _server_histogram(http: httpx.AsyncClient) -> dict[float, float]:
    """Cumulative counts of the server's own /graphql latency histogram (/metrics), by upper bound."""
    text = (await http.get("/metrics")).text
    buckets: dict[float, float] = {}
    for line in text.splitlines():
        if line.startswith("mulu_http_request_seconds_bucket") and 'path="/graphql"' in line:
            bound = line.split('le="', 1)[1].split('"', 1)[0]
            buckets[float("inf") if bound == "+Inf" else float(bound)] = float(line.rsplit(" ", 1)[1])
    return buckets


def histogram_percentile(before: dict[float, float], after: dict[float, float], p: float) -> float:
    """Percentile of the requests between two scrapes, interpolated linearly inside a bucket."""
    bounds = sorted(after)
    counts = [after[b] - before.get(b, 0.0) for b in bounds]
    total = counts[-1] if counts else 0
    if not total:
        return float("nan")
    target, low, below = total * p / 100, 0.0, 0.0
    for bound, cumulative in zip(bounds, counts):
        if cumulative >= target:
            if bound == float("inf"):
                return low
            inside = cumulative - below
            return low + (bound - low) * ((target - below) / inside if inside else 1.0)
        low, below = bound, cumulative
    return low


def _py_spy(pids: list[int], out: Path, seconds: float) -> subprocess.Popen:
    """py-spy on the first worker (each worker runs the same code on its share of the requests)."""
    exe = Path(sys.executable).with_name("py-spy")
    return subprocess.Popen(
        [str(exe), "record", "--pid", str(pids[0]), "--duration", str(int(seconds)), "--rate", "250",
         "--format", "raw", "--output", str(out), "--nonblocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )


async def measure(args: argparse.Namespace, pools: Pools, engine: Engine) -> dict:
    port = args.port or free_port()
    log_path = args.data_dir / "authorize-bench-server.log"
    server = Server(args.data_dir, port, secrets.token_hex(32), log_path, workers=args.workers,
                    engine_env=engine.server_env())
    result: dict = {"engine": engine.kind, "startup_seconds": server.start(), "workers": args.workers}
    try:
        engine_pid = engine.pid()
        pids = (server, engine_pid)
        result["rss_idle"] = {"server": server.rss_bytes()[0], "engine": rss_bytes(engine_pid)[0]}
        sampler = MemorySampler({"server": lambda: server.rss_bytes()[0], "engine": lambda: rss_bytes(engine_pid)[0]})
        sampler.start()
        tokens = {dept: server.token(f"gateway-{dept}", dept, "DEPT_USER") for dept in pools.questions}
        clients = [({"Authorization": f"Bearer {token}"}, pools.questions[dept]) for dept, token in tokens.items()]
        metrics = httpx.AsyncClient(base_url=server.url, timeout=30)
        touched_before = await _touched(engine, result)
        try:
            # Warm-up: every department's pool once through authorizeBatch (this also makes the hourly
            # lastUsedAt writes for those grants), then single questions at full concurrency.
            warm = Phase("warm-up batch", min(4, len(clients)), args.batch)
            per_pool = -(-args.pool // args.batch)
            await drive(warm, clients, per_pool * len(clients), args.max_seconds, *pids)
            await drive(Phase("warm-up single", 16, 1), clients, args.warmup, args.max_seconds, *pids)
            result["warmup_errors"] = warm.errors
            if warm.errors:
                raise RuntimeError(f"warm-up failed: {warm.first_error}")
            touched_after_warmup = await _touched(engine, result)
            phases = []
            plan = [(Phase("single", c, 1), args.single_requests if c > 1 else args.single_requests_1)
                    for c in args.callers_single]
            if args.paced_seconds:
                plan.append((Phase("single paced", max(args.callers_single), 1), 0))
            plan += [(Phase(f"batch {args.batch}", c, args.batch), args.batch_requests if c > 1 else args.batch_requests_1)
                     for c in args.callers_batch]
            for phase, count in plan:
                rate = None
                if phase.name == "single paced":
                    closed = next((p for p in phases if p["name"] == "single" and p["callers"] == phase.callers), None)
                    rate = args.paced_rate or (closed["requests_per_s"] * args.paced_share if closed else 50.0)
                    count = int(rate * args.paced_seconds)
                    phase.offered = rate
                profiler = None
                if args.profile:
                    args.profile.mkdir(parents=True, exist_ok=True)
                    label = f"{phase.name.replace(' ', '')}-c{phase.callers}"
                    profiler = _py_spy(server.worker_pids(), args.profile / f"{label}.txt", args.max_seconds)
                    await asyncio.sleep(1.0)
                histogram_before = await _server_histogram(metrics)
                await drive(phase, clients, count, args.max_seconds, *pids, rate)
                histogram_after = await _server_histogram(metrics)
                if args.workers == 1:  # with workers, /metrics is one worker's
                    phase.server_side = {
                        "median": histogram_percentile(histogram_before, histogram_after, 50),
                        "p95": histogram_percentile(histogram_before, histogram_after, 95),
                    }
                if profiler is not None:
                    profiler.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT, not on SIGTERM
                    profiler.wait()
                figures = phase.figures()
                phases.append(figures)
                print(f"  {phase.name:>10} @{phase.callers:<2} {figures['requests']:>6} req "
                      f"{figures['decisions_per_s']:>8,.0f} dec/s  median {ms(figures['median'])} ms  "
                      f"p95 {ms(figures['p95'])} ms  errors {phase.errors}", file=sys.stderr)
            result["phases"] = phases
            touched_end = await _touched(engine, result)
            result["touches"] = {"warm-up": touched_after_warmup - touched_before,
                                 "measured": touched_end - touched_after_warmup}
        finally:
            await metrics.aclose()
        sampler.stop()
        result["rss_max"] = sampler.max
        result["rss_peak"] = {"server": server.rss_bytes()[1], "engine": rss_bytes(engine_pid)[1]}
    finally:
        server.stop()
    return result


async def _touched(engine: Engine, result: dict) -> int:
    """Grants whose lastUsedAt moved since the run started (the hourly use record, grants/touch)."""
    since = result.setdefault("_since", _iso(datetime.now(timezone.utc) - timedelta(seconds=1)))
    cypher = engine.cypher(max_connections=1)
    try:
        query = "MATCH (g:Grant) WHERE g.lastUsedAt >= $since RETURN count(g)"
        return (await cypher.read(query, {"since": since}))[0][0]
    finally:
        await cypher.close()


# ---------------------------------------------------------------------------------------------
# Profile summary (py-spy raw / collapsed stacks)

# A stack goes to the first bucket (in this order) that any of its frames matches, so a socket
# write under the graph client counts as graph client, a Casbin call under the service as Casbin.
BUCKETS: list[tuple[str, tuple[str, ...]]] = [
    ("GraphQL validation (graphql-core rules, strawberry limits)", ("graphql/validation/", "_run_validation (")),
    ("GraphQL parse", ("graphql/language/parser.py", "graphql/language/lexer.py")),
    ("Casbin + policy (casbin, policies/)", ("(casbin/", "(policies/")),
    ("graph client: Cypher round trip + result parsing (falkordb, redis)", ("(falkordb/", "(redis/")),
    ("JSON (json, orjson)", ("(json/", "orjson")),
    ("authorize service, element decisions (server/services, server/domain)", ("(server/services/", "(server/domain/")),
    ("GraphQL execution (graphql-core, strawberry, server/api resolvers)", ("(graphql/", "(strawberry/", "(server/api/",
                                                                          "(server/context.py")),
    ("auth: JWT (jwt, server/auth.py)", ("(jwt/", "(server/auth.py")),
    ("HTTP: uvicorn, h11, starlette, middleware", ("(uvicorn/", "(h11/", "(starlette/", "(server/app.py", "(server/limits.py",
                                                   "(server/metrics.py")),
    ("asyncio event loop, selectors, sockets", ("(asyncio/", "(selectors.py")),
]


def summarise_profile(path: Path) -> list[tuple[str, float]]:
    """Share of the server's (non-idle) samples per bucket, from py-spy's raw (collapsed) output."""
    totals: collections.Counter[str] = collections.Counter()
    all_samples = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        all_samples += samples
        bucket = next((name for name, marks in BUCKETS if any(mark in stack for mark in marks)), "other")
        totals[bucket] += samples
    return [(name, n / all_samples) for name, n in totals.most_common()] if all_samples else []


# ---------------------------------------------------------------------------------------------
# Report


def render(result: dict) -> str:
    casbin = result["casbin"]
    enforce = casbin["enforce_all"] / 1e6
    rows = []
    for p in result["phases"]:
        decisions = p["decisions"] or float("nan")
        per_decision_cpu = p["server_cpu"] / decisions
        target = ""
        if p["batch"] == 1 and p["callers"] == 16 and not p.get("offered"):
            target = "p95 ≤ 10 ms " + ("✔" if p["p95"] <= 0.010 else "✘ missed")
        elif p["batch"] > 1 and p["callers"] > 1:
            target = "≥ 5,000 dec/s " + ("✔" if p["decisions_per_s"] >= 5000 else "✘ missed")
        name = p["name"] if not p.get("offered") else f"single, paced at {p['offered']:,.0f} req/s"
        rows.append([
            name, p["callers"], f"{p['requests']:,}", f"{p['decisions']:,}",
            f"{p['requests_per_s']:,.0f}", f"{p['decisions_per_s']:,.0f}", ms(p["median"]), ms(p["p95"]), ms(p["p99"]),
            ms(p["server_side"].get("p95", float("nan"))) if p["batch"] == 1 else "–",
            f"{per_decision_cpu * 1e6:,.0f}", f"{per_decision_cpu / enforce:,.0f}×",
            (f"{p['server_cpu'] / p['wall']:.0%} / {p['engine_cpu'] / p['wall']:.0%} / "
             f"{p['client_cpu'] / p['wall']:.0%} / {p['other_cpu'] / p['wall']:.0%}"),
            p["errors"], target,
        ])
    out = [table(["phase", "callers", "requests", "decisions", "req/s", "decisions/s", "median ms", "p95 ms", "p99 ms",
                  "server-side p95 ms", "server CPU µs/decision", "÷ bare enforce", "CPU server/engine/bench/other", "errors", "target"], rows)]
    out.append("")
    out.append(table(["in-process, per call over the same (item, grant) rows", "µs"], [
        ["bare `Authorizer.enforce` (Casbin enforce, every policy line) — the ratio's base", f"{casbin['enforce_all']:.1f}"],
        ["bare Casbin enforce on the per-action (`use`) enforcer", f"{casbin['enforce_use']:.1f}"],
        [f"`Authorizer.decide` (what the service calls; {casbin['allowed']} of {casbin['cases']} rows allowed)",
         f"{casbin['decide']:.1f}"],
    ]))
    out.append("")
    reasons: collections.Counter = collections.Counter()
    for p in result["phases"]:
        reasons.update(p["reasons"])
    total = sum(reasons.values()) or 1
    out.append("answers (all measured phases): " + ", ".join(f"{r} {n / total:.0%}" for r, n in reasons.most_common()))
    out.append(f"hourly use records (grants/touch): {result['touches']['warm-up']:,} grants during warm-up, "
               f"{result['touches']['measured']:,} during the measured phases")
    rss, peak, idle = result["rss_max"], result["rss_peak"], result["rss_idle"]
    out.append(f"RSS: server {mib(idle['server'])} idle, {mib(rss['server'])} max while measured (peak {mib(peak['server'])}); "
               f"engine {mib(idle['engine'])} idle, {mib(rss['engine'])} max (peak {mib(peak['engine'])})")
    data = result["data"]
    out.append(f"data: {data['catalog_items']:,} items, {data['departments']} departments, {data['grants']:,} grants "
               f"({', '.join(f'{k} {v:,}' for k, v in data['states'].items())}); questions asked as "
               f"{len(result['census']['question_departments'])} departments holding "
               f"{', '.join(f'{n:,}' for n in result['census']['question_departments'].values())} (department, item) pairs")
    if result.get("profiles"):
        out.append("")
        for label, buckets in result["profiles"].items():
            out.append(f"py-spy, server process, {label}: " + "; ".join(f"{name} {share:.0%}" for name, share in buckets))
    return "\n".join(out)


def run(args: argparse.Namespace, engine: Engine) -> dict | None:
    """Data, questions, the in-process Casbin costs and the HTTP phases, on one engine (None with
    --prepare-only)."""
    from policies.enforcer import Authorizer

    data = prepare_data(args, engine)
    if args.prepare_only:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return None
    authorizer = Authorizer()
    pools, _catalog, census = asyncio.run(build_questions(args, authorizer, engine))
    casbin = asyncio.run(casbin_costs(args, authorizer, pools, engine))
    result = asyncio.run(measure(args, pools, engine))
    result.pop("_since", None)
    result.update(data=data, census=census, casbin=casbin, expected=dict(pools.expected),
                  command=command_line(), machine=machine_note())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="loaded here on the first run, reused afterwards")
    parser.add_argument("--items", type=int, default=20000, help="generated catalog size (0: the 366-item demo catalog)")
    parser.add_argument("--grants", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reload", action="store_true", help="reseed the catalog and reload the grants")
    parser.add_argument("--max-data-age-days", type=float, default=3.0,
                        help="grant dates are relative to load time: reload grants older than this")
    parser.add_argument("--departments", type=int, default=8, help="consumer departments the callers ask as")
    parser.add_argument("--pool", type=int, default=2000, help="questions per department")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--callers-single", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--callers-batch", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--single-requests-1", type=int, default=2000)
    parser.add_argument("--single-requests", type=int, default=8000)
    parser.add_argument("--batch-requests-1", type=int, default=100)
    parser.add_argument("--batch-requests", type=int, default=300)
    parser.add_argument("--paced-seconds", type=float, default=30,
                        help="a paced single phase at the largest caller count (0: none)")
    parser.add_argument("--paced-rate", type=float, help="its offered rate, requests/s (default: a share of the closed-loop rate)")
    parser.add_argument("--paced-share", type=float, default=0.5, help="that share")
    parser.add_argument("--prepare-only", action="store_true", help="load the data directory and stop")
    parser.add_argument("--warmup", type=int, default=500, help="single requests after the batched warm-up")
    parser.add_argument("--max-seconds", type=float, default=120, help="time cap per phase")
    parser.add_argument("--casbin-repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="a short run: fewer requests per phase")
    parser.add_argument("--port", type=int)
    parser.add_argument("--workers", type=int, default=1, help="mulu serve --workers N")
    parser.add_argument("--profile", type=Path, help="py-spy the server during each phase into this folder")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    add_engine_arguments(parser)
    args = parser.parse_args()
    if args.quick:
        args.single_requests_1, args.single_requests, args.batch_requests_1, args.batch_requests = 300, 1500, 20, 60
        args.pool, args.warmup, args.paced_seconds = min(args.pool, 500), 200, min(args.paced_seconds, 10)
    args.data_dir = args.data_dir.resolve()

    if args.engine == "neo4j" and args.prepare_only and not args.neo4j_uri:
        parser.error("--prepare-only with --engine neo4j needs --neo4j-uri: the harness keeps no data once it stops")
    with engine_for(args.engine, args.data_dir, args.neo4j_uri) as engine:
        result = run(args, engine)
    if result is None:
        return 0
    if args.profile:
        result["profiles"] = {
            path.stem: summarise_profile(path) for path in sorted(args.profile.glob("*.txt")) if path.stat().st_size
        }
    print(f"# authorize ({result['engine']}) — {result['machine']}\n# {result['command']}\n")
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
