"""Search and item-detail latency through the real server over HTTP, against the bare engine.

Starts ``python -m server.cli serve`` as a child process on a loaded data directory (see
``bench/import_bench.py``), mints a token with ``python -m server.cli token`` (same
``MULU_JWT_SECRET``), warms up, then measures, at each concurrency level (default 1 and 16):

* **server search** — a fixed mix of 16 queries (words, partial words, pinyin, initials,
  synonyms, filters, and empty-text browsing: departmentItems, themeItems, cascadeItems,
  a filter-only search), as a frontend asks them (first 20, highlights, provider, facets);
* **server detail** — ``catalogItem(id:)`` with its elements, provider and theme codes;
* **bare engine full-text** — the engine's client straight to the engine:
  ``CALL db.idx.fulltext.queryNodes('CatalogItem', $q) YIELD node, score RETURN node.id, score
  LIMIT 20`` (Neo4j: ``db.index.fulltext.queryNodes('catalog_item_search', …)``) with the query
  strings the service renders for that engine (``query_terms`` + ``graph/search_syntax.py``);
* **service** — ``match_page`` of ``server/services/search.py`` called in this process
  through a store of its own: the page and facets statements the service picks
  for the query (the full-text pair, or the browse pair of the column), run concurrently, i.e.
  engine + result transfer + client parsing + the service's Python, without HTTP, GraphQL,
  item loading or highlights.

Resident memory of the server and of the engine is sampled every 0.25 s throughout. Loopback
only; bounded by ``--rounds`` and ``--max-seconds``.

``--engine neo4j`` needs a loaded Neo4j at ``--neo4j-uri``: Neo4j's test harness keeps no data
between runs, so ``run_search_bench.py --engine neo4j`` starts one, imports, and passes it here.

    python bench/search_bench.py --data-dir /tmp/mulu-bench/d5k
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    Engine,
    MemorySampler,
    RawHTTP,
    Server,
    add_engine_arguments,
    command_line,
    cpu_seconds,
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
from server.domain import values as v  # noqa: E402

CONNECTION = """
  totalCount relaxed
  pageInfo { hasNextPage endCursor }
  edges {
    cursor score
    node { id code name summary providerCode publishedOn shareType openType updateCycle elementCount
           provider { code name } }
    highlight { name summary elements }
  }
  facets { name label values { value label count } }
"""
SEARCH = "query Search($text: String!, $filter: SearchFilter) { search(text: $text, filter: $filter, first: 20) {%s} }" % CONNECTION
DEPARTMENT = "query Dept($code: String!) { departmentItems(departmentCode: $code, first: 20) {%s} }" % CONNECTION
THEME = "query Theme($code: String!) { themeItems(themeCode: $code, first: 20) {%s} }" % CONNECTION
CASCADE = "query Cascade($level: RegionLevel!) { cascadeItems(level: $level, first: 20) {%s} }" % CONNECTION
DETAIL = """query Detail($id: ID!) {
  catalogItem(id: $id) {
    id code name summary status version providerCode regionCode storageLevel category grade format formatDetail
    shareType shareCondition legalBasis shareModes openType openMode updateCycle updateCycleNote
    publishedOn createdAt updatedAt dataUpdatedAt databaseCode elementCount themeCodes
    provider { code name shortName regionCode kind responsibleUnit dataOfficer { name phone email } }
    elements { id seq name code type length description sensitivity maskingRule verifyOnly sourceItemId }
  }
}"""
BARE = {
    "falkordb": "CALL db.idx.fulltext.queryNodes('CatalogItem', $q) YIELD node, score RETURN node.id, score LIMIT 20",
    "neo4j": "CALL db.index.fulltext.queryNodes('catalog_item_search', $q) YIELD node, score "
             "RETURN node.id, score LIMIT 20",
}


def bare_query_text(text: str, engine: str) -> str:
    """The full-text query string the service sends `engine` for `text` (graph/repos/search.py
    `engine_query`: Neo4j's index has no per-field weights, so its query carries them)."""
    from graph import search_syntax
    from server.domain import search_text

    return search_syntax.full_text_query(search_text.query_terms(text), engine)


@dataclass(frozen=True)
class Query:
    name: str  # what it exercises
    kind: str  # search | department | theme | cascade
    text: str = ""
    filter: dict | None = None  # GraphQL SearchFilter
    code: str = ""  # department / theme code, or cascade level

    def graphql(self) -> dict:
        if self.kind == "search":
            return {"query": SEARCH, "variables": {"text": self.text, "filter": self.filter}}
        if self.kind == "department":
            return {"query": DEPARTMENT, "variables": {"code": self.code}}
        if self.kind == "theme":
            return {"query": THEME, "variables": {"code": self.code}}
        return {"query": CASCADE, "variables": {"level": self.code}}

    @property
    def label(self) -> str:
        if self.kind == "search":
            shown = f"“{self.text}”" if self.text else "(empty)"
            if self.filter:
                shown += " + " + ",".join(f"{k}={'|'.join(v)}" for k, v in self.filter.items())
            return f"{self.name}: {shown}"
        return f"{self.name}: {self.kind}Items({self.code})"


MIX: tuple[Query, ...] = (
    Query("word", "search", "人口"),
    Query("word+synonyms", "search", "身份证"),
    Query("partial word", "search", "执照"),
    Query("two words", "search", "煤矿 安全"),
    Query("pinyin", "search", "renkou"),
    Query("pinyin", "search", "shenfenzheng"),
    Query("initials", "search", "sfz"),
    Query("initials", "search", "yyzz"),
    Query("synonym", "search", "身份证号"),
    Query("synonym", "search", "低保"),
    Query("word+filter", "search", "养老", {"shareTypes": ["UNCONDITIONAL"]}),
    Query("word+filter", "search", "许可", {"departmentCodes": ["140500-SCJGJ"]}),
    Query("browse+filter", "search", "", {"shareTypes": ["CONDITIONAL"]}),
    Query("browse", "department", code="140500-GAJ"),
    Query("browse", "theme", code="T03"),
    Query("browse", "cascade", code="COUNTY"),
)

# GraphQL SearchFilter field → the SearchFilters field and its value type (server/api/search/types.py).
FILTER_PARAMS = {
    "departmentCodes": ("providers", str), "regionCodes": ("regions", str), "levels": ("levels", v.RegionLevel),
    "themeCodes": ("themes", str), "databaseCodes": ("databases", str), "shareTypes": ("share_types", v.ShareType),
    "openTypes": ("open_types", v.OpenType), "updateCycles": ("update_cycles", v.UpdateCycle),
    "formats": ("formats", v.DataFormat), "shareModes": ("share_modes", v.ShareMode),
}


# ---------------------------------------------------------------------------------------------
# Load generators


@dataclass
class Phase:
    """Latencies per key (query label, or "detail") and the resources a phase used."""

    name: str
    concurrency: int
    latencies: dict[str, list[float]] = field(default_factory=dict)
    wall: float = 0.0
    server_cpu: float = 0.0
    engine_cpu: float = 0.0
    client_cpu: float = 0.0
    other_cpu: float = 0.0  # CPU used on the machine by anything else (other users of a shared box)
    errors: int = 0
    error_keys: dict[str, int] = field(default_factory=dict)
    stopped_early: bool = False

    def add(self, key: str, seconds: float) -> None:
        self.latencies.setdefault(key, []).append(seconds)

    @property
    def all(self) -> list[float]:
        return [v for values in self.latencies.values() for v in values]

    @property
    def count(self) -> int:
        return len(self.all)


async def drive(phase: Phase, jobs: list[tuple[str, object]], call, concurrency: int, max_seconds: float,
                pids: tuple[Server, int]) -> Phase:
    """Runs `jobs` (key, payload) through `call(payload, worker_index)` with `concurrency` tasks;
    stops at `max_seconds`."""
    server, engine_pid = pids
    next_job = 0
    deadline = time.perf_counter() + max_seconds

    async def worker(index: int) -> None:
        nonlocal next_job
        while next_job < len(jobs):
            if time.perf_counter() > deadline:
                phase.stopped_early = True
                return
            key, payload = jobs[next_job]
            next_job += 1
            started = time.perf_counter()
            try:
                ok = await call(payload, index)
            except Exception:  # noqa: BLE001 — a timeout or 503 is a result too: counted, not fatal
                ok = False
            elapsed = time.perf_counter() - started
            if ok:
                phase.add(key, elapsed)
            else:
                phase.errors += 1
                phase.error_keys[key] = phase.error_keys.get(key, 0) + 1

    server_before = server.cpu_seconds()
    engine_before = cpu_seconds(engine_pid)
    client_before = time.process_time()
    busy_before = system_busy_seconds()
    started = time.perf_counter()
    await asyncio.gather(*(worker(index) for index in range(concurrency)))
    phase.wall = time.perf_counter() - started
    phase.client_cpu = time.process_time() - client_before
    phase.server_cpu = server.cpu_seconds() - server_before
    phase.engine_cpu = cpu_seconds(engine_pid) - engine_before
    phase.other_cpu = max(0.0, system_busy_seconds() - busy_before - phase.client_cpu - phase.server_cpu - phase.engine_cpu)
    return phase


# ---------------------------------------------------------------------------------------------
# The run


async def run(args: argparse.Namespace, engine: Engine) -> dict:
    from graph.repos.catalog import departments_by_codes
    from graph.repos.search import browse_start
    from server.domain import search_text
    from server.domain.records.search import SearchFilters, SortOrder
    from server.domain.values import RegionLevel
    from server.services import search as search_service

    port = args.port or free_port()
    log_path = Path(args.data_dir) / "bench-server.log"
    server = Server(args.data_dir, port, secrets.token_hex(32), log_path, workers=args.workers,
                    engine_env=engine.server_env())
    startup = server.start()
    result: dict = {"engine": engine.kind, "startup_seconds": startup, "queries": [q.label for q in MIX],
                    "workers": args.workers}
    profiler: subprocess.Popen | None = None
    try:
        engine_pid = engine.pid()
        pids = (server, engine_pid)
        sampler = MemorySampler({"server": lambda: server.rss_bytes()[0], "engine": lambda: rss_bytes(engine_pid)[0]})
        sampler.start()
        result["rss_idle"] = {"server": server.rss_bytes()[0], "engine": rss_bytes(engine_pid)[0]}
        token = server.token("b", "140500-MZJ", "DEPT_USER")
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        limits = httpx.Limits(max_connections=max(args.concurrency), max_keepalive_connections=max(args.concurrency))
        search_text.warm_up()
        rendered = {q.label: bare_query_text(q.text, engine.kind) for q in MIX}

        async with httpx.AsyncClient(base_url=server.url, headers=headers, limits=limits, timeout=120) as http:
            facts: dict[str, dict] = {}
            item_ids: list[str] = []

            async def graphql(payload: dict) -> dict:
                response = await http.post("/graphql", json=payload)
                body = response.json()
                if response.status_code != 200 or body.get("errors"):
                    raise RuntimeError(f"{response.status_code}: {json.dumps(body, ensure_ascii=False)[:500]}")
                return body["data"]

            # Warm-up: every query twice, collecting the ids for the detail phase and the match counts.
            for _ in range(args.warmup_rounds):
                for query in MIX:
                    started = time.perf_counter()
                    try:
                        data = next(iter((await graphql(query.graphql())).values()))
                    except RuntimeError as exc:  # e.g. a 503 when an engine query outlives the client's timeout
                        facts[query.label] = {"error": str(exc)[:300], "seconds": time.perf_counter() - started}
                        continue
                    facts[query.label] = {"total": data["totalCount"], "relaxed": data["relaxed"]}
                    item_ids += [edge["node"]["id"] for edge in data["edges"]]
            item_ids = list(dict.fromkeys(item_ids))
            random.Random(7).shuffle(item_ids)
            for item_id in item_ids[:20]:
                await graphql({"query": DETAIL, "variables": {"id": item_id}})
            result["facts"] = facts
            result["detail_ids"] = len(item_ids)

            # The measured phases use the lean client (one keep-alive connection per task): httpx
            # itself would take CPU from the server on these two cores.
            connections = [RawHTTP("127.0.0.1", server.port, {"Authorization": headers["Authorization"]})
                           for _ in range(max(args.concurrency))]

            async def call_http(payload: dict, index: int) -> bool:
                status, raw = await connections[index].post("/graphql", json.dumps(payload, ensure_ascii=False).encode())
                return status == 200 and not json.loads(raw).get("errors")

            if args.profile:
                profiler = subprocess.Popen(
                    [str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(server.worker_pids()[0]), "-r", "250",
                     "-f", "raw", "-o", str(args.profile), "--nonblocking"],
                    stdout=subprocess.DEVNULL, stderr=open(Path(args.data_dir) / "py-spy.log", "ab"),
                )
                await asyncio.sleep(1.0)

            phases: list[Phase] = []
            rng = random.Random(11)
            for concurrency in args.concurrency:
                jobs = [(q.label, q.graphql()) for _ in range(args.rounds) for q in MIX]
                rng.shuffle(jobs)
                phases.append(await drive(Phase("server search", concurrency), jobs, call_http, concurrency,
                                          args.max_seconds, pids))
                detail_jobs = [("detail", {"query": DETAIL, "variables": {"id": item_ids[i % len(item_ids)]}})
                               for i in range(args.detail_requests)]
                phases.append(await drive(Phase("server detail", concurrency), detail_jobs, call_http, concurrency,
                                          args.max_seconds, pids))
            if profiler is not None:
                profiler.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
                profiler.wait(timeout=60)
                profiler = None
            for connection in connections:
                await connection.close()

        # The engine on its own (the brief's bare full-text query), and the service without HTTP.
        cypher = engine.cypher(max_connections=max(args.concurrency))
        store = engine.store(max_connections=max(args.concurrency))
        ctx = SimpleNamespace(store=store)  # all match_page reads from a request context
        searches: dict[str, tuple] = {}
        for query in MIX:
            filters = {FILTER_PARAMS[name][0]: tuple(map(FILTER_PARAMS[name][1], values))
                       for name, values in (query.filter or {}).items()}
            sort = SortOrder.RELEVANCE
            if query.kind == "department":
                [department] = (await departments_by_codes(store, [query.code])).values()
                filters["providers"] = (query.code, *department.child_codes)
            elif query.kind == "theme":
                filters["themes"] = (query.code,)
            elif query.kind == "cascade":
                filters["levels"] = (RegionLevel(query.code),)
            if query.kind != "search":
                sort = SortOrder.RECENTLY_PUBLISHED  # what the three columns default to
            searches[query.label] = (search_text.query_terms(query.text), SearchFilters(**filters), sort)
            start = "items" if rendered[query.label] else f"browse_{browse_start(SearchFilters(**filters)).value}"
            result.setdefault("statements", {})[query.label] = start.replace("browse_all", "browse") + "_*"

        async def call_bare(q: str, _index: int = 0) -> bool:
            await cypher.read(BARE[engine.kind], {"q": q})
            return True

        async def call_service(job: tuple, _index: int = 0) -> bool:
            groups, filters, sort = job
            await search_service.match_page(ctx, groups, filters, sort, 0, 20)  # type: ignore[arg-type]
            return True

        for _ in range(args.warmup_rounds):
            for query in MIX:
                try:
                    if rendered[query.label]:
                        await call_bare(rendered[query.label])
                    if args.service:
                        await call_service(searches[query.label])
                except Exception:  # noqa: BLE001 — counted in the measured phases
                    pass
        for concurrency in args.concurrency:
            jobs = [(q.label, rendered[q.label]) for _ in range(args.rounds) for q in MIX if rendered[q.label]]
            rng.shuffle(jobs)
            phases.append(await drive(Phase("bare full-text", concurrency), jobs, call_bare, concurrency,
                                      args.max_seconds, pids))
            if not args.service:
                continue
            jobs = [(q.label, searches[q.label]) for _ in range(args.rounds) for q in MIX]
            rng.shuffle(jobs)
            phases.append(await drive(Phase("service", concurrency), jobs, call_service, concurrency,
                                      args.max_seconds, pids))
        await store.close()
        await cypher.close()

        sampler.stop()
        result["rss_max"] = sampler.max
        result["rss_last"] = sampler.last
        result["rss_peak"] = {"server": server.rss_bytes()[1], "engine": rss_bytes(engine_pid)[1]}
        result["phases"] = [
            {"name": p.name, "concurrency": p.concurrency, "latencies": p.latencies, "wall": p.wall,
             "server_cpu": p.server_cpu, "engine_cpu": p.engine_cpu, "client_cpu": p.client_cpu,
             "other_cpu": p.other_cpu,
             "errors": p.errors, "error_keys": p.error_keys, "stopped_early": p.stopped_early}
            for p in phases
        ]
        result["rendered"] = rendered
    finally:
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)
            profiler.wait(timeout=60)
        server.stop()
    return result


# ---------------------------------------------------------------------------------------------
# Report


def render(result: dict, concurrency: list[int]) -> str:
    phases = {(p["name"], p["concurrency"]): p for p in result["phases"]}

    def stat(name: str, c: int, key: str | None, p: float) -> float:
        phase = phases.get((name, c))
        if phase is None:
            return float("nan")
        values = phase["latencies"].get(key, []) if key else [v for vs in phase["latencies"].values() for v in vs]
        return percentile(values, p)

    def ratio(a: float, b: float) -> str:
        return "–" if a != a or b != b or b == 0 else f"{a / b:,.1f}×"

    out = []
    high = max(concurrency)
    search_p95 = stat("server search", high, None, 95)
    detail_p95 = {c: stat("server detail", c, None, 95) for c in concurrency}
    rss = result["rss_max"]
    summary = []
    for c in concurrency:
        search = phases[("server search", c)]
        detail = phases[("server detail", c)]
        summary += [
            [f"search, mix of {len(result['queries'])}, {c} client{'s' if c > 1 else ''}",
             ms(stat("server search", c, None, 50)), ms(stat("server search", c, None, 95)),
             f"{search['wall'] and len([v for vs in search['latencies'].values() for v in vs]) / search['wall']:,.0f}/s",
             "≤ 50 ms p95 " + ("✔" if search_p95 <= 0.050 else "✘ missed") if c == high else ""],
            [f"catalogItem detail, {c} client{'s' if c > 1 else ''}",
             ms(stat("server detail", c, None, 50)), ms(stat("server detail", c, None, 95)),
             f"{detail['wall'] and len(detail['latencies'].get('detail', [])) / detail['wall']:,.0f}/s",
             "≤ 20 ms p95 " + ("✔" if detail_p95[c] <= 0.020 else "✘ missed")],
        ]
    for c in concurrency:
        summary += [
            [f"bare engine full-text (LIMIT 20), {c} client{'s' if c > 1 else ''}",
             ms(stat("bare full-text", c, None, 50)), ms(stat("bare full-text", c, None, 95)),
             _rate(phases.get(("bare full-text", c))), ""],
            [f"service: page + facets statements (no HTTP), {c} client{'s' if c > 1 else ''}",
             ms(stat("service", c, None, 50)), ms(stat("service", c, None, 95)),
             _rate(phases.get(("service", c))), ""],
        ]
    out.append(table(["measurement", "median ms", "p95 ms", "throughput", "target"], summary))
    out.append("")
    out.append(table(["memory (RSS)", "idle after start", "max while measured", "peak (VmHWM)", "target"], [
        ["server process", mib(result["rss_idle"]["server"]), mib(rss["server"]), mib(result["rss_peak"]["server"]),
         "≤ 1 GiB " + ("✔" if result["rss_peak"]["server"] <= 2**30 else "✘ missed")],
        ["engine process", mib(result["rss_idle"]["engine"]), mib(rss["engine"]), mib(result["rss_peak"]["engine"]), ""],
    ]))
    out.append("")
    cpu_rows = []
    for (name, c), p in phases.items():
        wall = p["wall"] or float("nan")
        done = sum(len(v) for v in p["latencies"].values()) + p["errors"]
        per = (lambda cpu: f"{cpu / done * 1000:,.1f}") if done else (lambda cpu: "–")
        cpu_rows.append([f"{name}, {c}", f"{done:,}", p["errors"],
                         f"{p['wall']:.1f} s" + (" (time cap)" if p["stopped_early"] else ""),
                         (f"{p['server_cpu'] / wall:.0%} ({per(p['server_cpu'])})" if name.startswith("server") else "–"),
                         f"{p['engine_cpu'] / wall:.0%} ({per(p['engine_cpu'])})", f"{p['client_cpu'] / wall:.0%}",
                         f"{p.get('other_cpu', 0.0) / wall:.0%}"])
    out.append("CPU per phase, as a share of one core (the machine has %d), and in brackets CPU ms per request:"
               % os.cpu_count())
    out.append("")
    out.append(table(["phase, clients", "requests", "errors", "wall", "server CPU (ms/req)", "engine CPU (ms/req)",
                      "bench client CPU", "other processes"], cpu_rows))
    out.append("")
    out.append("per query — medians (ms) at each concurrency; matches = totalCount; statements = the page and facets "
               "pair the service runs; service = that pair through search_items without HTTP; "
               "overhead = server ÷ bare engine full-text:")
    out.append("")
    headers = ["query", "matches", "statements"]
    for c in concurrency:
        headers += [f"server @{c}", f"server p95 @{c}", f"bare FT @{c}", f"service @{c}", f"overhead @{c}"]
    rows = []
    for label in result["queries"]:
        fact = result["facts"][label]
        if "error" in fact:
            matches = "error: " + fact["error"].split('"message": "', 1)[-1].split('"', 1)[0][:60]
        else:
            matches = f"{fact['total']:,}" + (" (relaxed)" if fact["relaxed"] else "")
        row = [label, matches, result.get("statements", {}).get(label, "–")]
        for c in concurrency:
            server = stat("server search", c, label, 50)
            bare = stat("bare full-text", c, label, 50)
            failed = phases.get(("server search", c), {}).get("error_keys", {}).get(label, 0)
            failed_service = phases.get(("service", c), {}).get("error_keys", {}).get(label, 0)
            row += [ms(server) + (f" ({failed} failed)" if failed else ""), ms(stat("server search", c, label, 95)),
                    ms(bare), ms(stat("service", c, label, 50)) + (f" ({failed_service} failed)" if failed_service else ""),
                    ratio(server, bare)]
        rows.append(row)
    out.append(table(headers, rows))
    return "\n".join(out)


def _rate(phase: dict | None) -> str:
    if not phase or not phase["wall"]:
        return "–"
    return f"{sum(len(v) for v in phase['latencies'].values()) / phase['wall']:,.0f}/s"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, help="server port (a free one if unset)")
    parser.add_argument("--workers", type=int, default=1, help="mulu serve --workers N")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--rounds", type=int, default=10, help="times the 16-query mix is run per concurrency level")
    parser.add_argument("--detail-requests", type=int, default=300)
    parser.add_argument("--warmup-rounds", type=int, default=2)
    parser.add_argument("--max-seconds", type=float, default=300, help="time cap per phase")
    parser.add_argument("--no-service", dest="service", action="store_false",
                        help="skip the service phase (search_items without HTTP)")
    parser.add_argument("--profile", type=Path, help="py-spy the server during the HTTP phases (raw output)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data-dir", type=Path, help="a data directory loaded by import_bench.py")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--render", type=Path, help="print the tables of a saved --json result instead of running")
    add_arguments(parser)
    add_engine_arguments(parser)
    args = parser.parse_args()
    if args.render:
        result = json.loads(args.render.read_text())
        print(f"# search ({result.get('engine', 'falkordb')}) — {result['machine']}\n# {result['command']}\n")
        print(render(result, sorted({p["concurrency"] for p in result["phases"]})))
        return 0
    if args.data_dir is None:
        parser.error("--data-dir is required")
    if args.engine == "neo4j" and not args.neo4j_uri:
        parser.error("--engine neo4j needs --neo4j-uri (a loaded Neo4j): the test harness keeps no data between "
                     "runs; run_search_bench.py --engine neo4j imports and searches on one harness")
    with engine_for(args.engine, args.data_dir, args.neo4j_uri) as engine:
        result = asyncio.run(run(args, engine))
    result.update(command=command_line(), machine=machine_note())
    print(f"# search ({result['engine']}) — {result['machine']}\n# {result['command']}\n")
    print(render(result, args.concurrency))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
