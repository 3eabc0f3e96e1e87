"""`mulu policy …`: lint, explain, and administer the Casbin policy.

    mulu policy check [--model F] [--policy F]          parse + validate + evaluate samples (exit 0 ok, 2 broken)
    mulu policy explain --user U --department D --role R --action A [--item-… ] [--grant-… ] [--now ISO]
                                                        which line decided and why (exit 0 allowed, 1 denied, 2 bad input)
    mulu policy history                                 versions in the graph, newest first
    mulu policy show VERSION                            print a version's model and policy
    mulu policy dry-run [--model F] [--policy F]        decisions that would flip against the active version
    mulu policy save --model F --policy F --author A --reason R [--expected-version N]
    mulu policy restore VERSION --author A --reason R   a new version whose text is the old one

`check` and `explain` read files (the shipped ones by default; `explain --active` reads the
graph's active version); the others open the configured graph.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from policies import admin
from server.domain.grants import add_years
from server.domain.instants import utc_iso
from server.domain.records.catalog import ItemFacts
from server.domain.records.sharing import GrantRecord, RequestRecord
from server.domain.requests import RequestStatus
from server.domain.values import ItemStatus, ShareType
from policies.enforcer import ACTIONS, MODEL_PATH, POLICY_PATH, ROLES, SHARE_CLASSES, Authorizer, PolicyError, Resource, Subject

GRAPH_COMMANDS = {"history", "show", "dry-run", "save", "restore"}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    policy = subparsers.add_parser("policy", help="共享策略 (Casbin policy): check, explain, history, dry-run, save, restore")
    commands = policy.add_subparsers(dest="policy_command", required=True)

    check = commands.add_parser("check", help="检查策略文件 (lint model and policy: parse, validate, evaluate samples)")
    _files(check)

    explain = commands.add_parser("explain", help="解释一次判定 (which rule decides a request, and why)")
    explain.add_argument("--user", default="cli")
    explain.add_argument("--department", required=True, help="调用者部门编码 (caller's department code)")
    explain.add_argument("--role", required=True, action="append", help=f"可重复 (repeatable): {', '.join(ROLES)}")
    explain.add_argument("--authority", action="store_true", help="调用者部门为政务数据主管部门 (caller's department is the authority)")
    explain.add_argument("--action", required=True, help=f"one of: {', '.join(ACTIONS)}")
    explain.add_argument("--item-id", default="ITEM")
    explain.add_argument("--item-share-type", help=f"one of: {', '.join(SHARE_CLASSES)}")
    explain.add_argument("--item-provider", help="提供部门编码 (provider department code)")
    explain.add_argument("--item-status", default="PUBLISHED")
    explain.add_argument("--scope", nargs="*", action="extend", default=[], help="共享范围部门编码 (departments in scope)")
    explain.add_argument("--request-consumer", help="申请部门编码 (the request's consumer department)")
    explain.add_argument("--grant-consumer", help="授权使用部门 (default: --department)")
    explain.add_argument("--grant-granted", help="ISO instant (default: --grant-expires minus 3 years)")
    explain.add_argument("--grant-expires", help="ISO instant; with it the request carries a grant")
    explain.add_argument("--grant-last-used", help="ISO instant")
    explain.add_argument("--grant-revoked", help="ISO instant")
    explain.add_argument("--grant-reinstated", help="ISO instant")
    explain.add_argument("--now", help="ISO instant (default: now)")
    explain.add_argument("--active", action="store_true", help="用图中当前生效版本 (use the graph's active version)")
    _files(explain)

    commands.add_parser("history", help="策略版本历史 (policy versions, newest first)")
    show = commands.add_parser("show", help="显示某一版本 (print a version's model and policy)")
    show.add_argument("version", type=int)

    dry = commands.add_parser("dry-run", help="试运行：哪些判定会改变 (which current decisions would flip)")
    _files(dry)
    dry.add_argument("--now", help="ISO instant (default: now)")

    save = commands.add_parser("save", help="保存为新版本 (validate and save as a new version)")
    _files(save)
    save.add_argument("--author", required=True)
    save.add_argument("--reason", required=True)
    save.add_argument("--expected-version", type=int, help="当前版本号 (the version you edited; default: the active one)")

    restore = commands.add_parser("restore", help="恢复旧版本 (save an old version as a new version)")
    restore.add_argument("version", type=int)
    restore.add_argument("--author", required=True)
    restore.add_argument("--reason", required=True)
    return policy


def _files(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help=f"model file (default {MODEL_PATH.name})")
    parser.add_argument("--policy", type=Path, default=POLICY_PATH, help=f"policy file (default {POLICY_PATH.name})")


def run(args: argparse.Namespace, settings: Any, store: Any = None) -> int:
    """Runs `mulu policy …`; returns the exit code."""
    if args.policy_command == "check":
        return _check(args.model, args.policy)
    if args.policy_command == "explain" and not args.active:
        return _explain(args, None)
    return asyncio.run(run_async(args, settings, store))


async def run_async(args: argparse.Namespace, settings: Any, store: Any = None) -> int:
    """The same, inside a running event loop (graph commands; tests pass their store)."""
    if args.policy_command == "check":
        return _check(args.model, args.policy)
    if args.policy_command == "explain" and not args.active:
        return _explain(args, None)
    if store is not None:
        return await _graph_command(args, store)
    from graph.connect import open_store

    async with open_store(settings, attach=True) as opened:
        return await _graph_command(args, opened)


async def _graph_command(args: argparse.Namespace, store: Any) -> int:
    command = args.policy_command
    try:
        if command == "explain":
            return _explain(args, await admin.load_active(store))
        if command == "history":
            for version in await admin.history(store):
                restored = f" (restores {version.restored_from})" if version.restored_from else ""
                saved_at = utc_iso(version.saved_at) if version.saved_at else "-"
                print(f"{version.version:>4}  {saved_at:<27}  {version.author or '-':<16}  "
                      f"{version.reason}{restored}")
            return 0
        if command == "show":
            version = await admin.get_version(store, args.version)
            print(f"# version {version.version} by {version.author}: {version.reason}")
            print("# ---- model.conf ----")
            print((version.model or "").rstrip())
            print("# ---- policy.csv ----")
            print((version.policy or "").rstrip())
            return 0
        if command == "dry-run":
            new = _load(args.model, args.policy)
            if new is None:
                return 2
            flips = await admin.dry_run(store, new, _instant(args.now, "--now") if args.now else None)
            for flip in flips:
                print(flip.describe())
            for (kind, action, before, after), count in sorted(admin.summarize(flips).items()):
                print(f"  {count:>6} × {kind} {action}: {before} → {after}", file=sys.stderr)
            print(f"{len(flips)} decision(s) would change (将改变的判定)", file=sys.stderr)
            return 0
        if command == "save":
            model, policy = args.model.read_text(encoding="utf-8"), args.policy.read_text(encoding="utf-8")
            expected = args.expected_version if args.expected_version is not None else await admin.active_version(store)
            version = await admin.save(store, model, policy, args.author, args.reason, expected)
            print(f"saved policy version {version} (已保存为版本 {version})")
            return 0
        if command == "restore":
            version = await admin.restore(store, args.version, args.author, args.reason)
            print(f"restored version {args.version} as version {version} (已恢复为新版本 {version})")
            return 0
    except PolicyError as exc:
        _print_problems(exc.problems)
        return 2
    except admin.PolicyConflict as exc:
        print(f"mulu policy: {exc}", file=sys.stderr)
        return 3
    except (LookupError, ValueError) as exc:
        print(f"mulu policy: {exc}", file=sys.stderr)
        return 2
    raise AssertionError(command)


def _print_problems(problems: list[str]) -> None:
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)


def _load(model_path: Path, policy_path: Path) -> Authorizer | None:
    try:
        return Authorizer(model_path.read_text(encoding="utf-8"), policy_path.read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
    except PolicyError as exc:
        _print_problems(exc.problems)
    return None


def _check(model_path: Path, policy_path: Path) -> int:
    try:
        model, policy = model_path.read_text(encoding="utf-8"), policy_path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    problems = admin.validate_texts(model, policy)
    if problems:
        _print_problems(problems)
        print(f"{policy_path}: {len(problems)} problem(s); 策略有误，不能使用 (the policy cannot be used)", file=sys.stderr)
        return 2
    authorizer = Authorizer(model, policy)
    for warning in admin.warnings_for(authorizer):
        print(f"warning: {warning}", file=sys.stderr)
    lines = [line for line in authorizer.lines if line.ptype == "p"]
    print(
        f"{policy_path}: ok — {len(lines)} rule lines for {len(authorizer.actions())} actions; "
        f"grants last at most {authorizer.max_grant_period().iso()}, idle limit {authorizer.idle_limit().iso()} (策略有效)"
    )
    return 0


def _instant(value: str, flag: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{flag}: 不是 ISO 时间 (not an ISO instant): {value!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _explain(args: argparse.Namespace, active: Authorizer | None) -> int:
    try:
        authorizer = active or _load(args.model, args.policy)
        if authorizer is None:
            return 2
        now = _instant(args.now, "--now") if args.now else datetime.now(timezone.utc)
        subject = Subject(args.user, args.department, frozenset(role.upper() for role in args.role), args.authority)
        item = None
        if args.item_share_type or args.item_provider:
            item = ItemFacts(
                provider_code=args.item_provider or "", id=args.item_id,
                share_type=ShareType(args.item_share_type.upper()) if args.item_share_type else None,
                status=ItemStatus(args.item_status) if args.item_status else None, scope=tuple(args.scope),
            )
        grant = None
        if args.grant_expires:
            expires = _instant(args.grant_expires, "--grant-expires")
            granted = _instant(args.grant_granted, "--grant-granted") if args.grant_granted else None
            grant = GrantRecord(
                id="GRANT", item_id=args.item_id, consumer_code=args.grant_consumer or args.department,
                granted_at=granted or add_years(expires, -3), expires_at=expires, element_codes=(),
                last_used_at=_optional(args.grant_last_used, "--grant-last-used"),
                revoked_at=_optional(args.grant_revoked, "--grant-revoked"),
                reinstated_at=_optional(args.grant_reinstated, "--grant-reinstated"),
            )
        request = None
        if args.request_consumer:
            request = RequestRecord(
                id="REQUEST", item_id=args.item_id, item_name="", provider_code=args.item_provider or "",
                consumer_code=args.request_consumer,
                share_type=ShareType(args.item_share_type.upper()) if args.item_share_type else None,
                applicant="", element_codes=(), purpose="", scenario="", requested_until=now,
                status=RequestStatus.PENDING_REVIEW, version=1, created_at=now, review_due_at=now,
                review_due_provisional=False, review_region=None, coordination_region=None,
            )
        kind = "grant" if grant else "request" if request else "item" if item else "policy"
        resource = Resource(kind=kind, item=item, grant=grant, request=request)
        for line in authorizer.explain(subject, args.action, resource, now):
            print(line)
        return 0 if authorizer.decide(subject, args.action, resource, now).allowed else 1
    except ValueError as exc:
        print(f"mulu policy explain: {exc}", file=sys.stderr)
        return 2


def _optional(value: str | None, flag: str) -> datetime | None:
    return _instant(value, flag) if value else None
