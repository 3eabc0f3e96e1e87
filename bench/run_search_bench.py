"""The whole benchmark: import a generated catalog, then measure search and detail latency on it.

    python bench/run_search_bench.py --items 5000   --data-dir /tmp/mulu-bench/d5k     # ~2 minutes
    python bench/run_search_bench.py --items 100000 --data-dir /tmp/mulu-bench/d100k   # ~30 minutes

Runs ``bench/import_bench.py`` and then ``bench/search_bench.py`` (each in its own process, with
this interpreter), prints both reports, and with ``--out`` also writes them to a Markdown file.
``--skip-import`` reuses a data directory loaded before. Every other option goes to the search
bench (``--rounds``, ``--concurrency``, ``--detail-requests``, ``--max-seconds``, ``--profile`` …).

``--engine neo4j`` starts Neo4j's test harness here (files under ``--data-dir/neo4j``) and runs
both benches on it, passing ``--neo4j-uri``: the harness keeps no data once it stops, so the
import and the search must share one (``--skip-import`` then needs ``--neo4j-uri`` of a loaded one).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.common import add_engine_arguments, command_line, engine_for  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-import", action="store_true", help="reuse the loaded --data-dir")
    parser.add_argument("--out", type=Path, help="write both reports here (Markdown)")
    add_engine_arguments(parser)
    args, search_args = parser.parse_known_args()
    if args.engine == "neo4j" and args.skip_import and not args.neo4j_uri:
        parser.error("--skip-import with --engine neo4j needs --neo4j-uri: a new harness starts empty")
    with engine_for(args.engine, args.data_dir, args.neo4j_uri) as engine:
        engine_args = ["--engine", "neo4j", "--neo4j-uri", engine.neo4j_uri] if engine.kind == "neo4j" else []
        return run(args, engine_args, search_args)


def run(args: argparse.Namespace, engine_args: list[str], search_args: list[str]) -> int:
    """The import, then the search bench, each in its own process, on the same engine."""
    parts = [f"command: `{command_line()}`", ""]
    if not args.skip_import:
        imported = subprocess.run(
            [sys.executable, str(HERE / "import_bench.py"), "--items", str(args.items), "--seed", str(args.seed),
             "--data-dir", str(args.data_dir), "--json", str(args.data_dir.with_name(args.data_dir.name + "-import.json")),
             *engine_args],
            capture_output=True, text=True,
        )
        sys.stderr.write(imported.stderr)
        if imported.returncode != 0:
            print(imported.stdout)
            return imported.returncode
        print(imported.stdout, flush=True)
        parts.append(imported.stdout)
    searched = subprocess.run(
        [sys.executable, str(HERE / "search_bench.py"), "--data-dir", str(args.data_dir),
         "--json", str(args.data_dir.with_name(args.data_dir.name + "-search.json")), *engine_args, *search_args],
        capture_output=True, text=True,
    )
    sys.stderr.write(searched.stderr)
    print(searched.stdout, flush=True)
    parts.append(searched.stdout)
    if args.out:
        args.out.write_text("\n".join(parts))
    return searched.returncode


if __name__ == "__main__":
    sys.exit(main())
