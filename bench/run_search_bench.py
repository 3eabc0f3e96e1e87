"""The whole benchmark: import a generated catalog, then measure search and detail latency on it.

    python bench/run_search_bench.py --items 5000   --data-dir /tmp/mulu-bench/d5k     # ~2 minutes
    python bench/run_search_bench.py --items 100000 --data-dir /tmp/mulu-bench/d100k   # ~30 minutes

Runs ``bench/import_bench.py`` and then ``bench/search_bench.py`` (each in its own process, with
this interpreter), prints both reports, and with ``--out`` also writes them to a Markdown file.
``--skip-import`` reuses a data directory loaded before. Every other option goes to the search
bench (``--rounds``, ``--concurrency``, ``--detail-requests``, ``--max-seconds``, ``--profile`` …).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.common import command_line  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-import", action="store_true", help="reuse the loaded --data-dir")
    parser.add_argument("--out", type=Path, help="write both reports here (Markdown)")
    args, search_args = parser.parse_known_args()

    parts = [f"command: `{command_line()}`", ""]
    if not args.skip_import:
        imported = subprocess.run(
            [sys.executable, str(HERE / "import_bench.py"), "--items", str(args.items), "--seed", str(args.seed),
             "--data-dir", str(args.data_dir), "--json", str(args.data_dir.with_name(args.data_dir.name + "-import.json"))],
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
         "--json", str(args.data_dir.with_name(args.data_dir.name + "-search.json")), *search_args],
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
