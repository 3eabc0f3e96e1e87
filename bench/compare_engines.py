"""Both engines side by side: one table, FalkorDB | Neo4j | Neo4j ÷ FalkorDB, from the JSON files
the benches wrote (``import_bench.py --json`` and ``search_bench.py --json`` — ``run_search_bench.py``
writes both next to its data directory, as DIR-import.json and DIR-search.json — and
``authorize_bench.py --json``). It reads saved results only, so the table shows exactly what was
measured and can be printed again later.

    python bench/compare_engines.py --import F-import.json N-import.json \\
        --search F-search.json N-search.json --authorize F-authz.json N-authz.json

Each option may be repeated for another pass (a run of both engines again); a cell then shows
one value per pass, "first / second", so the spread between passes is in the table too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import mib, percentile, table  # noqa: E402

#: (label, the figure from one result, how to show it)
Figure = tuple[str, Callable[[dict], float], Callable[[float], str]]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}" if seconds < 10 else f"{seconds * 1000:,.0f}"


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f}"


def _count(value: float) -> str:
    return f"{value:,.0f}"


def _seconds(value: float) -> str:
    return f"{value:,.1f}"


def _phase(result: dict, name: str, clients: int) -> dict:
    """A measured phase: the search bench counts clients in `concurrency`, the authorize bench in `callers`."""
    return next(p for p in result["phases"] if p["name"] == name and p.get("concurrency", p.get("callers")) == clients)


def _requests(phase: dict) -> int:
    """Answered requests of a search bench phase (errors are counted apart)."""
    return sum(len(values) for values in phase["latencies"].values())


def _search_figures(name: str, label: str, clients: int) -> list[Figure]:
    """Median, p95, throughput and CPU per request of one search bench phase."""
    def latency(p: float) -> Callable[[dict], float]:
        return lambda r: percentile([v for vs in _phase(r, name, clients)["latencies"].values() for v in vs], p)

    def per_request(key: str) -> Callable[[dict], float]:
        return lambda r: _phase(r, name, clients)[key] / max(1, _requests(_phase(r, name, clients)))

    where = f"{label}, {clients} client{'s' if clients > 1 else ''}"
    figures: list[Figure] = [(f"{where}: median ms", latency(50), _ms), (f"{where}: p95 ms", latency(95), _ms)]
    if clients > 1:  # at one client, throughput is 1 ÷ the mean latency
        figures.append((f"{where}: requests/s",
                        lambda r: _requests(_phase(r, name, clients)) / _phase(r, name, clients)["wall"], _count))
    return figures + [(f"{where}: server CPU ms per request", per_request("server_cpu"), _ms),
                      (f"{where}: engine CPU ms per request", per_request("engine_cpu"), _ms)]


def _authorize_figures(name: str, label: str, callers: int, keys: tuple[str, ...], cpu: bool = True) -> list[Figure]:
    """Figures the authorize bench computed for one phase, and (`cpu`) CPU per decision."""
    where = f"{label}, {callers} caller{'s' if callers > 1 else ''}"
    shown = {"median": ("median ms", _ms), "p95": ("p95 ms", _ms), "requests_per_s": ("requests/s", _count),
             "decisions_per_s": ("decisions/s", _count)}
    figures: list[Figure] = [(f"{where}: {shown[key][0]}", lambda r, k=key: _phase(r, name, callers)[k], shown[key][1])
                             for key in keys]
    for key, what in (("server_cpu", "server"), ("engine_cpu", "engine")) if cpu else ():
        figures.append((f"{where}: {what} CPU µs per decision",
                        lambda r, k=key: _phase(r, name, callers)[k] / _phase(r, name, callers)["decisions"], _us))
    return figures


IMPORT: list[Figure] = [
    ("import rate, data elements/s", lambda r: r["elements"] / r["wall"], _count),
    ("import: loader CPU (Python), s", lambda r: r["python_cpu"], _seconds),
    ("import: engine CPU, s", lambda r: r["engine_cpu"], _seconds),
    ("engine RSS after the import", lambda r: r["engine_rss"], mib),
]

SEARCH: list[Figure] = [
    *[figure for name, label in (("server search", "search, mix of 16"), ("server detail", "item detail"))
      for clients in (1, 16) for figure in _search_figures(name, label, clients)],
    ("bare engine full-text query (LIMIT 20), 1 client: median ms",
     lambda r: percentile([v for vs in _phase(r, "bare full-text", 1)["latencies"].values() for v in vs], 50), _ms),
    ("the service's page + facets statements without HTTP, 1 client: median ms",
     lambda r: percentile([v for vs in _phase(r, "service", 1)["latencies"].values() for v in vs], 50), _ms),
    ("engine RSS, max while searching", lambda r: r["rss_max"]["engine"], mib),
    ("server start-up until /readyz, s", lambda r: r["startup_seconds"], _seconds),
]

AUTHORIZE: list[Figure] = [
    *_authorize_figures("single", "authorize", 1, ("median", "p95")),
    *_authorize_figures("single", "authorize", 16, ("median", "p95", "requests_per_s")),
    *[figure for callers in (1, 4, 16)
      for figure in _authorize_figures("batch 100", "authorizeBatch of 100", callers, ("decisions_per_s",),
                                       cpu=callers == 16)],
    ("engine RSS, max while authorizing", lambda r: r["rss_max"]["engine"], mib),
]


def _ratio(neo4j: float | None, falkordb: float | None) -> str:
    if neo4j is None or falkordb is None or not falkordb or falkordb != falkordb or neo4j != neo4j:
        return "–"
    return f"{neo4j / falkordb:,.2f}×"


def _other_load(result: dict) -> str:
    """CPU that other processes on the machine used during the measured phases (share of one core)."""
    shares = [p["other_cpu"] / p["wall"] for p in result["phases"] if p["wall"]]
    return f"{min(shares):.0%}–{max(shares):.0%}" if shares else "–"


def _errors(result: dict) -> str:
    return f"{sum(p['errors'] for p in result['phases']):,}"


#: One pass of a bench on both engines: (FalkorDB result, Neo4j result); None where that run is missing.
Pass = tuple[dict | None, dict | None]


def _cells(passes: list[Pass], show: Callable[[dict], str]) -> list[str]:
    """The FalkorDB and Neo4j cells of a row: one value per pass, joined by " / "."""
    return [" / ".join(show(run) if run is not None else "–" for run in runs) for runs in zip(*passes)]


def rows(figures: list[Figure], passes: list[Pass]) -> list[list[str]]:
    out = []
    for label, figure, show in figures:
        values = [tuple(figure(run) if run is not None else None for run in pair) for pair in passes]
        falkordb, neo4j = (" / ".join(show(v) if v is not None else "–" for v in engine) for engine in zip(*values))
        out.append([label, falkordb, neo4j, " / ".join(_ratio(n, f) for f, n in values)])
    return out


def render(results: dict[str, list[Pass]]) -> str:
    """The table for the benches given (`results`: bench name → its passes); with several passes a
    cell holds one value per pass, in order, separated by " / "."""
    out: list[list[str]] = []
    for bench, figures in (("import", IMPORT), ("search", SEARCH), ("authorize", AUTHORIZE)):
        if bench not in results:
            continue
        passes = results[bench]
        out += rows(figures, passes)
        if bench != "import":
            out.append([f"{bench}: failed requests, all phases", *_cells(passes, _errors), "–"])
            out.append([f"{bench}: other processes' CPU during the phases (share of a core)",
                        *_cells(passes, _other_load), "–"])
    return table(["figure", "FalkorDB", "Neo4j", "Neo4j ÷ FalkorDB"], out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    for bench in ("import", "search", "authorize"):
        parser.add_argument(f"--{bench}", nargs=2, action="append", metavar=("FALKORDB_JSON", "NEO4J_JSON"),
                            help="repeat for another pass; '-' for a run that is missing")
    args = vars(parser.parse_args())

    def load(path: str) -> dict | None:
        return None if path == "-" else json.loads(Path(path).read_text())

    results = {bench: [(load(f), load(n)) for f, n in pairs] for bench, pairs in args.items() if pairs}
    if not results:
        parser.error("give at least one of --import, --search, --authorize")
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
