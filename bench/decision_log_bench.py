"""What recording every authorize decision costs (第三十九条): the decision log's `append`, as
`authorize` calls it, against a baseline measured in the same run.

Phases, each with 1 and 16 concurrent callers (asyncio tasks, like a server process's requests):

* baseline — the same decisions encoded (JSON) but not written: what authorize did before;
* write    — appended to the day's file (one O_APPEND write per call), no sync;
* durable  — appended and synced (group-committed fdatasync): what the server does.

Prints median and p95 per call and each phase's ratio to the baseline.

    python bench/decision_log_bench.py [--calls 4000] [--dir /tmp/mulu-decisions-bench]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import command_line, machine_note, percentile, table  # noqa: E402
from graph.repos.decisions import DecisionLog, decision_line  # noqa: E402
from server.domain.records.decisions import AuthorizeDecision  # noqa: E402
from server.domain.sharing import AuthorizeReason, ElementAccess, ElementDecision, ElementReason  # noqa: E402


def _decision(n: int) -> AuthorizeDecision:
    """A typical single-item answer: five elements, allowed under a grant."""
    return AuthorizeDecision(
        at=datetime.now(timezone.utc), user=f"gateway-{n % 16}", department="140500-MZJ",
        item_id=f"item-{n:06d}-5b0e0c7e", grant_id=f"grant-{n:06d}-9a41", allowed=True, reason=AuthorizeReason.ALLOWED,
        elements=tuple(ElementDecision(code, ElementAccess.ALLOW, None, ElementReason.GRANTED)
                       for code in ("XM", "XB", "CSRQ", "GMSFHM", "ZZ")))


async def _phase(name: str, callers: int, calls: int, directory: Path) -> tuple[list[float], float]:
    shutil.rmtree(directory, ignore_errors=True)
    log = DecisionLog(directory, sync=name == "durable")
    timings: list[float] = []

    async def caller(offset: int) -> None:
        for n in range(offset, calls, callers):
            decision = _decision(n)
            started = time.perf_counter()
            if name == "baseline":
                decision_line(decision)
            else:
                await log.append([decision])
            timings.append(time.perf_counter() - started)
            await asyncio.sleep(0)  # the other callers' turn, outside the timed part

    started = time.perf_counter()
    await asyncio.gather(*(caller(offset) for offset in range(callers)))
    wall = time.perf_counter() - started
    log.close()
    return timings, wall


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=4000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/mulu-decisions-bench"))
    args = parser.parse_args()
    print(command_line())
    print(machine_note())
    rows = []
    for callers in (1, 16):
        base = None
        for name in ("baseline", "write", "durable"):
            timings, wall = await _phase(name, callers, args.calls, args.dir)
            median, p95 = percentile(timings, 50), percentile(timings, 95)
            base = base or median
            rows.append([f"{callers}", name, f"{median * 1e6:,.1f}", f"{p95 * 1e6:,.1f}", f"{median / base:,.1f}×",
                         f"{args.calls / wall:,.0f}"])
    print(table(["callers", "phase", "median µs", "p95 µs", "median / baseline", "calls/s"], rows))
    shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
