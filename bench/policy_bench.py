"""Decision latency of the Casbin policy, per action: `Authorizer.decide` against bare `enforce`.

For each action and a typical allowed and denied request, prints microseconds per call:

* **decide** — `Authorizer.decide`: the action's own enforcer (only its lines), the reason
  and message (a denial also walks the action's lines to name the failing one);
* **enforce (action)** — bare `casbin.Enforcer.enforce` on that per-action enforcer;
* **enforce (all lines)** — bare `enforce` on one enforcer holding every policy line, i.e.
  what a single Casbin enforcer without the per-action split would cost.

Best of `--repeat` runs of `--number` calls each (the minimum is the least disturbed by
other work on the machine). In-process, no graph.

    python bench/policy_bench.py
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import timeit
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policies.admin import sample_request  # noqa: E402
from policies.enforcer import Authorizer, Env, Resource, Subject  # noqa: E402
from server.domain.records.catalog import ItemFacts  # noqa: E402
from server.domain.records.sharing import GrantRecord  # noqa: E402
from server.domain.values import ItemStatus, ShareType  # noqa: E402

NOW = datetime(2025, 6, 1, 9, tzinfo=timezone.utc)
PROVIDER, CONSUMER, OTHER, AUTHORITY = "140500-GAJ", "140500-MZJ", "140521-RSJ", "140500-DSJ"


def _cases() -> list[tuple[str, Subject, Resource]]:
    item = ItemFacts(provider_code=PROVIDER, id="i", share_type=ShareType.CONDITIONAL, status=ItemStatus.PUBLISHED,
                     scope=(CONSUMER, "140500-JYJ", "140500-WJW"))
    grant = GrantRecord(id="g", item_id="i", consumer_code=CONSUMER, granted_at=datetime(2025, 1, 10, tzinfo=timezone.utc),
                        expires_at=datetime(2028, 1, 10, tzinfo=timezone.utc), element_codes=(),
                        last_used_at=datetime(2025, 5, 20, tzinfo=timezone.utc), provider_code=PROVIDER)
    idle = dataclasses.replace(grant, last_used_at=datetime(2025, 1, 20, tzinfo=timezone.utc))
    request = sample_request("r", "i", CONSUMER, PROVIDER, "CONDITIONAL", NOW)
    user = lambda dept, *roles, authority=False: Subject("u", dept, frozenset(roles), authority)  # noqa: E731
    return [
        ("use", user(CONSUMER, "DEPT_USER"), Resource("grant", item=item, grant=grant)),
        ("use", user(CONSUMER, "DEPT_USER"), Resource("grant", item=item, grant=idle)),
        ("apply", user(CONSUMER, "DEPT_USER"), Resource("item", item=item)),
        ("apply", user(OTHER, "DEPT_USER"), Resource("item", item=item)),
        ("review", user(AUTHORITY, "AUTHORITY_ADMIN", authority=True), Resource("request", item=item, request=request)),
        ("review", user(PROVIDER, "DEPT_DATA_OFFICER"), Resource("request", item=item, request=request)),
        ("answer", user(PROVIDER, "DEPT_DATA_OFFICER"), Resource("request", item=item, request=request)),
        ("revoke", user(AUTHORITY, "AUTHORITY_ADMIN", authority=True), Resource("grant", item=item, grant=grant)),
        ("feedback", user(CONSUMER, "DEPT_USER"), Resource("grant", item=item, grant=grant)),
        ("read_published", user(OTHER, "DEPT_USER"), Resource("item", item=item)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--number", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    authorizer = Authorizer()
    env = Env(NOW, authorizer.rules)

    def best(call) -> float:
        return min(timeit.repeat(call, number=args.number, repeat=args.repeat)) / args.number * 1e6

    print(f"policy version {authorizer.version}: {len(authorizer.lines)} lines; µs per call, best of {args.repeat}×{args.number}")
    print(f"{'action':<16} {'decision':<18} {'decide':>8} {'enforce (action)':>17} {'enforce (all lines)':>20}")
    for action, subject, resource in _cases():
        decision = authorizer.decide(subject, action, resource, NOW)
        own = authorizer._enforcers[action]
        decide = best(lambda: authorizer.decide(subject, action, resource, NOW))
        bare = best(lambda: own.enforce(subject, resource, action, env))
        full = best(lambda: authorizer.enforcer.enforce(subject, resource, action, env))
        label = "ALLOW" if decision.allowed else f"DENY {decision.reason}"
        print(f"{action:<16} {label:<18} {decide:>8.1f} {bare:>17.1f} {full:>20.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
