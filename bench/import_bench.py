"""Import benchmark: a generated catalog of N items (~10 data elements each) into the graph engine.

Runs the same code as ``mulu seed --items N`` (``seed.load.load_generated`` through
``graph.connect.open_store``) in this process, and splits the wall time into:

* generate   — ``seed.generator.generate_items`` (pydantic models),
* tokenise   — ``seed.load._item_props`` (jieba + bigrams + pinyin per item: ``document_text``),
  also counted: search tokens and characters stored per item (the full-text index's input),
* params     — the falkordb client turning the UNWIND rows into a ``CYPHER rows=[…]`` header
  (FalkorDB only: the neo4j driver packs parameters inside its round trip),
* engine     — waiting for the engine (query + full-text/index update + AOF fsync), per statement,
* other      — everything else in Python (row building, batching).

Engine CPU comes from /proc, so "engine" wall minus engine CPU is time the engine waited
(mostly the fsync of ``appendfsync always``). With ``--engine neo4j`` the engine is Neo4j's
test harness in its own JVM (started here, files under ``--data-dir/neo4j``), or the Neo4j at
``--neo4j-uri``; its CPU and RSS are the JVM's.

    python bench/import_bench.py --items 5000 --data-dir /tmp/mulu-bench-5k [--engine neo4j]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.repos import admin  # noqa: E402
from bench.common import (  # noqa: E402
    Engine,
    add_engine_arguments,
    command_line,
    cpu_seconds,
    dir_bytes,
    empty_neo4j,
    engine_for,
    machine_note,
    mib,
    rss_bytes,
    table,
)


class Clock:
    """Accumulates wall seconds per label."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def add(self, label: str, seconds: float) -> None:
        self.seconds[label] += seconds
        self.calls[label] += 1


SEARCH_FIELDS = ("searchName", "searchSummary", "searchElements", "searchExtra")


def count_search_text(props: dict, counts: dict[str, int]) -> None:
    """Adds one item's stored search tokens and characters: what the full-text index must ingest,
    the figure that drives the engine's import CPU and RSS (bench/README.md, finding 9)."""
    counts["items"] += 1
    for field in SEARCH_FIELDS:
        text = props.get(field) or ""
        counts["tokens"] += len(text.split())
        counts["chars"] += len(text)


def instrument(clock: Clock, engine_pid_box: list[int], counts: dict[str, int], store_class: type) -> dict[str, float]:
    """Wraps the generator, the tokeniser, the client's parameter encoding and `store_class`'s writes."""
    import falkordb.graph

    from seed import load

    engine_cpu: dict[str, float] = defaultdict(float)
    original_generate = load.generate_items

    def timed_generate(count: int, seed: int = 0):
        iterator = original_generate(count, seed=seed)
        while True:
            started = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                clock.add("generate", time.perf_counter() - started)
                return
            clock.add("generate", time.perf_counter() - started)
            yield item

    original_props = load._item_props

    def timed_props(*args, **kwargs):
        started = time.perf_counter()
        props = original_props(*args, **kwargs)
        clock.add("tokenise", time.perf_counter() - started)
        count_search_text(props, counts)
        return props

    original_header = falkordb.graph.Graph._build_params_header

    def timed_header(self, params):
        started = time.perf_counter()
        try:
            return original_header(self, params)
        finally:
            clock.add("params", time.perf_counter() - started)

    original_write = store_class.write

    async def timed_write(self, name, **params):
        pid = engine_pid_box[0] if engine_pid_box else None
        cpu = cpu_seconds(pid) if pid else 0.0
        started = time.perf_counter()
        try:
            return await original_write(self, name, **params)
        finally:
            clock.add(f"write:{name}", time.perf_counter() - started)
            if pid:
                engine_cpu[name] += cpu_seconds(pid) - cpu

    load.generate_items = timed_generate
    load._item_props = timed_props
    falkordb.graph.Graph._build_params_header = timed_header
    store_class.write = timed_write
    return engine_cpu


def children_cpu_seconds(pid: int) -> float:
    """CPU of the children a process has waited for: the engine's background AOF rewrites, which
    ``cpu_seconds`` (the engine's own threads) does not count."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def aof_size(data_dir: Path) -> int:
    """Bytes of the engine's append-only file(s) under ``data_dir``."""
    files = (data_dir / "falkordb").rglob("*")
    return sum(f.stat().st_size for f in files if f.is_file() and "appendonly" in str(f))


def engine_files_bytes(engine: Engine) -> int:
    """FalkorDB: its append-only file(s); Neo4j: its store files and transaction logs."""
    return aof_size(engine.data_dir) if engine.kind == "falkordb" else dir_bytes(engine.files())


def store_class(engine: Engine) -> type:
    """The store class `open_store` gives for `engine`: the one whose writes are timed."""
    if engine.kind == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore
    from graph.falkordb_store import FalkorDBStore

    return FalkorDBStore


async def run(items: int, engine: Engine, seed: int) -> dict:
    from graph.connect import open_store
    from seed.load import load_generated
    from server.domain import search_text

    clock = Clock()
    engine_pid_box: list[int] = []
    counts: dict[str, int] = defaultdict(int)
    engine_cpu = instrument(clock, engine_pid_box, counts, store_class(engine))
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    warm = search_text.warm_up()  # jieba's dictionary, once per process (not part of the rate)
    async with open_store(engine.settings()) as store:
        pid = engine.pid()
        engine_pid_box.append(pid)
        if engine.kind == "neo4j":
            await empty_neo4j(engine)
        else:
            await store.drop()
        await store.setup_schema()
        engine_cpu_before = cpu_seconds(pid)
        rewrite_cpu_before = children_cpu_seconds(pid)
        cpu_before = time.process_time()
        started = time.perf_counter()
        async with store.bulk_load():  # what `mulu seed` does: no AOF rewrites during the load, one after
            report = await load_generated(store, items, seed)
            wall = time.perf_counter() - started
            python_cpu = time.process_time() - cpu_before
            engine_total_cpu = cpu_seconds(pid) - engine_cpu_before
            rewrite_cpu = children_cpu_seconds(pid) - rewrite_cpu_before
            engine_rss, engine_peak = rss_bytes(pid)
            own_rss, own_peak = rss_bytes(os.getpid())
            census = await admin.census(store)
            aof_loaded = engine_files_bytes(engine)
            compacting = time.perf_counter()
        compaction = time.perf_counter() - compacting
    aof = engine_files_bytes(engine)
    items_tokenised = max(counts["items"], 1)
    return {
        "engine": engine.kind, "items": report.items, "elements": report.elements, "sources": report.sources,
        "departments": report.departments, "wall": wall, "python_cpu": python_cpu,
        "engine_cpu": engine_total_cpu, "engine_rewrite_cpu": rewrite_cpu,
        "engine_rss": engine_rss, "engine_peak": engine_peak,
        "loader_rss": own_rss, "loader_peak": own_peak, "aof_bytes": aof, "aof_bytes_loaded": aof_loaded,
        "jieba_warm_up": warm, "load_before": load_before,
        "tokens_per_item": counts["tokens"] / items_tokenised, "chars_per_item": counts["chars"] / items_tokenised,
        "clock": dict(clock.seconds), "calls": dict(clock.calls), "engine_cpu_by_statement": dict(engine_cpu),
        "census": census, "compaction": compaction,
    }


def render(result: dict) -> str:
    wall = result["wall"]
    rate = result["elements"] / wall
    clock = result["clock"]
    writes = {k.split(":", 1)[1]: v for k, v in clock.items() if k.startswith("write:")}
    write_total = sum(writes.values())
    params = clock.get("params", 0.0)
    generate, tokenise = clock.get("generate", 0.0), clock.get("tokenise", 0.0)
    other = wall - write_total - generate - tokenise
    falkordb = result.get("engine", "falkordb") == "falkordb"
    rewrite_rows = [["engine's background AOF rewrites during the load (CPU)",
                     f"{result.get('engine_rewrite_cpu', 0.0):,.1f} s", ""]] if falkordb else []
    file_rows = [
        ["append-only file after the load", mib(result["aof_bytes_loaded"]), ""],
        ["append-only file on disk (after compaction)", mib(result["aof_bytes"]), ""],
        ["AOF compaction (BGREWRITEAOF at the end of `bulk_load`, not in the rate)", f"{result['compaction']:,.1f} s", ""],
    ] if falkordb else [["Neo4j's files after the load (store, indexes, transaction logs)",
                         mib(result["aof_bytes_loaded"]), ""]]
    lines = [
        f"catalog: {result['items']:,} items, {result['elements']:,} data elements, "
        f"{result['sources']:,} 一数一源 links, {result['departments']} departments",
        "nodes in the graph: " + ", ".join(f"{label} {count:,}" for label, count in result["census"].items()),
        "",
        table(["figure", "value", "target"], [
            ["import wall time", f"{wall:,.1f} s", ""],
            ["import rate", f"{rate:,.0f} data elements/s", "≥ 5,000/s " + ("✔" if rate >= 5000 else "✘ missed")],
            ["item rate", f"{result['items'] / wall:,.0f} items/s", ""],
            ["loader CPU (Python)", f"{result['python_cpu']:,.1f} s", ""],
            ["engine CPU", f"{result['engine_cpu']:,.1f} s", ""],
            *rewrite_rows,
            ["engine RSS after import (peak)", f"{mib(result['engine_rss'])} ({mib(result['engine_peak'])})", ""],
            ["loader RSS (peak)", f"{mib(result['loader_rss'])} ({mib(result['loader_peak'])})", ""],
            ["search text stored per item (4 fields)",
             f"{result['tokens_per_item']:,.0f} tokens, {result['chars_per_item']:,.0f} characters", ""],
            *file_rows,
        ]),
        "",
        "where the import's wall time goes:",
        "",
        table(["part", "seconds", "share"], [
            ["generate items (pydantic)", f"{generate:,.1f}", f"{generate / wall:.0%}"],
            ["tokenise (document_text: jieba, bigrams, pinyin)", f"{tokenise:,.1f}", f"{tokenise / wall:.0%}"],
            *([["client: encode parameters (falkordb stringify)", f"{params:,.1f}", f"{params / wall:.0%}"]]
              if falkordb else []),
            ["engine round trips (minus parameter encoding)", f"{write_total - params:,.1f}", f"{(write_total - params) / wall:.0%}"],
            ["other Python (rows, batching)", f"{other:,.1f}", f"{other / wall:.0%}"] if other >= 0 else
            ["(parts overlap: the loader builds a batch while the engine writes the last)", f"{-other:,.1f}", "–"],
        ]),
        "",
        "per statement (wall includes parameter encoding; engine CPU from /proc):",
        "",
        table(["statement", "calls", "wall s", "engine CPU s"], [
            [name, result["calls"][f"write:{name}"], f"{seconds:,.1f}",
             f"{result['engine_cpu_by_statement'].get(name, 0.0):,.1f}"]
            for name, seconds in sorted(writes.items(), key=lambda kv: -kv[1])
        ]),
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, required=True,
                        help="emptied and loaded (the search bench reads it); Neo4j's harness keeps its files here")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    add_engine_arguments(parser)
    args = parser.parse_args()
    if args.engine == "falkordb":
        if args.data_dir.exists():
            shutil.rmtree(args.data_dir)
        args.data_dir.mkdir(parents=True)
    else:  # the graph is emptied in the engine; the folder may hold the running harness (run_search_bench)
        args.data_dir.mkdir(parents=True, exist_ok=True)
    with engine_for(args.engine, args.data_dir, args.neo4j_uri) as engine:
        result = asyncio.run(run(args.items, engine, args.seed))
    result.update(command=command_line(), machine=machine_note())
    print(f"# import ({result['engine']}) — {result['machine']} (load average at the start {result['load_before']})\n"
          f"# {result['command']}\n")
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
