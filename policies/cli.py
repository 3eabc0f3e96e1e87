"""`mulu policy …`: lint, explain, compare and administer the Casbin policy.

    mulu policy check [--model F] [--policy F] [--rules F]   parse + validate + evaluate samples (exit 0 ok, 2 broken)
    mulu policy explain --department D --role R --action A [--item-id ID] [--user U] [--now ISO]
                                                        which line decides and why (exit 0 allowed, 1 denied, 2 bad input)
    mulu policy history                                 versions, newest first
    mulu policy show VERSION                            a version's model, policy and rules
    mulu policy diff A B                                what changes from A to B (each a version number or `files`)
    mulu policy dry-run [--model F] [--policy F] [--rules F]   problems, warnings, changed rules, flipping decisions
    mulu policy save [--model F] [--policy F] [--rules F] --reason R [--author A] [--expected-version N] [--force REASON]
    mulu policy restore VERSION --reason R [--author A] [--force REASON]   a new version whose texts are the old one's

Where the versions are (every command but `check`):

    --server URL    a running server, over GraphQL, with a token from --token or MULU_TOKEN
                    (POLICY_ADMIN to change; POLICY_ADMIN or AUDITOR to read); the author is the token's user
    --data-dir DIR  a server's data directory: a running server's engine is attached to, a stopped
                    server's engine is started on its data
    neither         the configured engine (MULU_NEO4J_URI, MULU_FALKORDB_URL, MULU_DATA_DIR or ./data);
                    a data directory without a graph is an error, never a new empty graph

`explain --item-id` reads the item (class, scope, status, provider), the department's facts and
its grants on the item from the graph and decides as the server does (`use` as the gateway's
`authorize`, `apply` and the rest as `require`). Every explanation is decided by the version in
force unless `--version N`, or `--files` / `--model` / `--policy` / `--rules` (the files) say
otherwise. Failing to reach the server or the engine is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from policies import admin
from server.domain.instants import utc_iso
from server.domain.records.catalog import ItemFacts
from server.domain.records.policy import PolicyVersionRecord
from server.domain.records.sharing import GrantRecord, RequestRecord
from server.domain.requests import RequestStatus
from server.domain.values import ItemStatus, ShareType
from policies.enforcer import (
    ACTIONS, MODEL_PATH, POLICY_PATH, ROLES, RULES_PATH, SHARE_CLASSES, Authorizer, Decision, PolicyError, Resource,
    Subject,
)

GRAPH_COMMANDS = {"history", "show", "diff", "dry-run", "save", "restore"}
FILES = "files"


class CliError(Exception):
    """Ends the command: one line on stderr (after any `problems`, one per line), and `code`."""

    def __init__(self, message: str, code: int = 2, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message, self.code, self.problems = message, code, problems or []

    def report(self) -> int:
        _print_problems(self.problems)
        print(f"mulu policy: {' '.join(self.message.split())}", file=sys.stderr)
        return self.code


# --------------------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------------------


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    policy = subparsers.add_parser(
        "policy", help="共享策略 (Casbin policy): check, explain, history, show, diff, dry-run, save, restore")
    commands = policy.add_subparsers(dest="policy_command", required=True)

    check = commands.add_parser("check", help="检查策略文件 (lint model and policy: parse, validate, evaluate samples)")
    _files(check)

    explain = commands.add_parser("explain", help="解释一次判定 (which rule decides a request, and why)")
    explain.add_argument("--user", default="cli")
    explain.add_argument("--department", required=True, help="调用者部门编码 (caller's department code)")
    explain.add_argument("--role", required=True, action="append", help=f"可重复 (repeatable): {', '.join(ROLES)}")
    explain.add_argument("--authority", action="store_true",
                         help="调用者部门为政务数据主管部门；--item-id 时从图中读取 (caller's department is the authority; read from the graph with --item-id)")
    explain.add_argument("--action", required=True, help=f"one of: {', '.join(ACTIONS)}")
    explain.add_argument("--item-id", help="目录 id 或目录编码：从图中读取目录、范围、状态、提供部门与本部门的授权 "
                                           "(an item's id or catalog code: its facts and the department's grants are read from the graph)")
    explain.add_argument("--item-share-type", help=f"假设的目录 (a hypothetical item): one of: {', '.join(SHARE_CLASSES)}")
    explain.add_argument("--item-provider", help="假设目录的提供部门编码 (a hypothetical item's provider)")
    explain.add_argument("--item-status", help="假设目录的状态 (a hypothetical item's status; default PUBLISHED)")
    explain.add_argument("--scope", nargs="*", action="extend", default=[], help="假设目录的共享范围 (a hypothetical item's scope)")
    explain.add_argument("--request-consumer", help="一件待审申请的申请部门 (the consumer of a pending application for the item)")
    explain.add_argument("--grant-consumer", help="假设授权的使用部门 (default: --department)")
    explain.add_argument("--grant-granted", help="ISO instant (default: --now)")
    explain.add_argument("--grant-expires", help="ISO instant; with it the request carries a hypothetical grant")
    explain.add_argument("--grant-last-used", help="ISO instant")
    explain.add_argument("--grant-revoked", help="ISO instant")
    explain.add_argument("--grant-reinstated", help="ISO instant")
    explain.add_argument("--now", help="ISO instant (default: now)")
    explain.add_argument("--version", type=int, help="用此版本判定 (decide with this stored version; default: the version in force)")
    explain.add_argument("--files", action="store_true",
                         help="用策略文件判定，而非现行版本 (decide with the files, not the version in force)")
    explain.add_argument("--active", action="store_true", help=argparse.SUPPRESS)  # the default now; kept for old scripts
    _files(explain, defaults=False)
    _where(explain)

    history = commands.add_parser("history", help="策略版本历史 (policy versions, newest first)")
    _where(history)
    show = commands.add_parser("show", help="显示某一版本 (print a version's model, policy and rules)")
    show.add_argument("version", type=int)
    _where(show)

    diff = commands.add_parser("diff", help="比较两个版本 (what changes between two versions; `files` for the files)")
    diff.add_argument("before", metavar="A", help="版本号或 files (a version number, or `files`)")
    diff.add_argument("after", metavar="B", help="版本号或 files (a version number, or `files`)")
    _files(diff)
    _where(diff)

    dry = commands.add_parser("dry-run", help="试运行：问题、警告、规则变化、哪些判定会改变 (problems, warnings, changed rules, flipping decisions)")
    _files(dry)
    dry.add_argument("--now", help="ISO instant (default: now)")
    _where(dry)

    save = commands.add_parser("save", help="保存为新版本 (validate and save as a new version)")
    _files(save)
    save.add_argument("--author", help="修改人；--server 时为令牌用户 (who; with --server, the token's user)")
    save.add_argument("--reason", required=True)
    save.add_argument("--expected-version", type=int, help="当前版本号 (the version you edited; default: the active one)")
    save.add_argument("--force", metavar="REASON", help="有警告时仍保存，并说明理由 (save despite warnings, saying why)")
    _where(save)

    restore = commands.add_parser("restore", help="恢复旧版本 (save an old version as a new version)")
    restore.add_argument("version", type=int)
    restore.add_argument("--author", help="修改人；--server 时为令牌用户 (who; with --server, the token's user)")
    restore.add_argument("--reason", required=True)
    restore.add_argument("--force", metavar="REASON", help="有警告时仍恢复，并说明理由 (restore despite warnings, saying why)")
    _where(restore)
    return policy


def _files(parser: argparse.ArgumentParser, defaults: bool = True) -> None:
    for flag, path in (("--model", MODEL_PATH), ("--policy", POLICY_PATH), ("--rules", RULES_PATH)):
        parser.add_argument(flag, type=Path, default=path if defaults else None,
                            help=f"{flag[2:]} file (default {path.name})")


def _where(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", metavar="URL", help="运行中的服务，如 http://127.0.0.1:8000 (a running server)")
    parser.add_argument("--token", help="--server 的令牌，默认取 MULU_TOKEN (the bearer token for --server; default $MULU_TOKEN)")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="服务的数据目录：连接运行中服务的图引擎 (a server's data directory: attach to its running engine)")


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------


def run(args: argparse.Namespace, settings: Any, store: Any = None) -> int:
    """Runs `mulu policy …`; returns the exit code."""
    return asyncio.run(run_async(args, settings, store))


async def run_async(args: argparse.Namespace, settings: Any, store: Any = None, transport: Any = None) -> int:
    """The same, inside a running event loop (tests pass their store, or their app's transport for --server)."""
    try:
        return await _dispatch(args, settings, store, transport)
    except CliError as exc:
        return exc.report()


async def _dispatch(args: argparse.Namespace, settings: Any, store: Any, transport: Any) -> int:
    command = args.policy_command
    if command == "check":
        return _check(args.model, args.policy, args.rules)
    if command == "explain":
        _check_explain_flags(args)
        if not args.item_id and _explain_files(args):
            return _explain(args, _load(args.model or MODEL_PATH, args.policy or POLICY_PATH, args.rules or RULES_PATH))
    if command == "diff" and args.before == FILES and args.after == FILES:
        return _print_diff(admin.diff_texts(_file_texts(args), _file_texts(args), FILES, FILES))
    if getattr(args, "server", None):
        return await _command(args, Remote(args.server, _token(args), transport))
    if store is not None:
        return await _command(args, Local(store, settings))
    hint = " 或用 --files 按策略文件判定 (or --files to decide with the files)" if command == "explain" else ""
    async with _graph(settings, getattr(args, "data_dir", None), hint) as opened:
        return await _command(args, Local(opened, settings))


async def _command(args: argparse.Namespace, versions: "Versions") -> int:
    command = args.policy_command
    if command == "explain":
        return await _explain_command(args, versions)
    if command == "history":
        for version in await versions.history():
            restored = f" (restores {version.restored_from})" if version.restored_from else ""
            saved_at = utc_iso(version.saved_at) if version.saved_at else "-"
            print(f"{version.version:>4}  {saved_at:<27}  {version.author or '-':<16}  {version.reason}{restored}")
        return 0
    if command == "show":
        version = await versions.version(args.version)
        print(f"# version {version.version} by {version.author}: {version.reason}")
        print("# ---- model.conf ----")
        print((version.model or "").rstrip())
        print("# ---- policy.csv ----")
        print((version.policy or "").rstrip())
        print("# ---- rules.toml ----")
        print(admin.rules_text_of(version).rstrip())
        return 0
    if command == "diff":
        before, after = _side(args.before), _side(args.after)
        if before is not None and after is not None:
            return _print_diff(await versions.diff(before, after))
        texts = [_file_texts(args) if side is None else admin.texts_of(await versions.version(side))
                 for side in (before, after)]
        return _print_diff(admin.diff_texts(texts[0], texts[1], _label(before), _label(after)))
    if command == "dry-run":
        model, policy, rules = _file_texts(args)
        report = await versions.dry_run(model, policy, rules, _instant(args.now, "--now") if args.now else None)
        return _print_dry_run(report)
    if command == "save":
        model, policy, rules = _file_texts(args)
        version = await versions.save(model, policy, rules, args.author, args.reason, args.expected_version, args.force)
        print(f"saved policy version {version} (已保存为版本 {version})")
        return 0
    if command == "restore":
        version = await versions.restore(args.version, args.author, args.reason, args.force)
        print(f"restored version {args.version} as version {version} (已恢复为新版本 {version})")
        return 0
    raise AssertionError(command)


def _side(value: str) -> int | None:
    """A side of `diff`: a version number, or None for the files."""
    if value == FILES:
        return None
    try:
        number = int(value)
    except ValueError:
        raise CliError(f"diff: 应为版本号或 files (a version number or `files`, not {value!r})") from None
    if number < 1:
        raise CliError(f"diff: 版本号从 1 开始 (versions are numbered from 1, not {number})")
    return number


def _label(side: int | None) -> str:
    return FILES if side is None else f"version {side}"


def _token(args: argparse.Namespace) -> str:
    token = getattr(args, "token", None) or os.environ.get("MULU_TOKEN")
    if not token:
        raise CliError("--server 需要令牌 (--server needs a bearer token: --token or MULU_TOKEN)")
    return token


# --------------------------------------------------------------------------------------
# The graph: the configured engine, or a server's data directory
# --------------------------------------------------------------------------------------


def _engine_dir(data_dir: Path) -> Path:
    return data_dir / "falkordb"


def has_graph(data_dir: Path) -> bool:
    """Whether an embedded engine has kept (or keeps) a graph in `data_dir`."""
    engine = _engine_dir(data_dir)
    return (engine / "appendonlydir").is_dir() or (engine / ".lock").is_file()


def _where_graph(settings: Any) -> str:
    if settings.neo4j_uri:
        return f"Neo4j {_without_password(settings.neo4j_uri)}"
    if settings.falkordb_url:
        return f"FalkorDB {_without_password(settings.falkordb_url)}"
    return f"data directory {Path(settings.data_dir).resolve()}"


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = (f"{parts.username}@" if parts.username else "") + host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


@asynccontextmanager
async def _graph(settings: Any, data_dir: Path | None, hint: str = "") -> AsyncIterator[Any]:
    """The configured graph — with `data_dir`, that directory's engine whatever else is configured.
    A data directory without a graph is refused (no empty ./data appears); failing to reach the
    engine is a CliError."""
    from graph.connect import open_store
    from graph.store import EngineUnavailable

    if settings is None:
        raise CliError(f"没有图引擎配置 (no graph engine configured: give --server URL or --data-dir DIR){hint}")
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir, "neo4j_uri": None, "falkordb_url": None})
    where = _where_graph(settings)
    if not settings.neo4j_uri and not settings.falkordb_url and not has_graph(Path(settings.data_dir)):
        raise CliError(
            f"数据目录 {Path(settings.data_dir).resolve()} 中没有图，请用 --data-dir 指向服务的数据目录，或用 --server URL "
            f"(no graph in the data directory {Path(settings.data_dir).resolve()}: give --data-dir of the server's data "
            f"directory, or --server URL){hint}")
    stack = AsyncExitStack()
    try:
        store = await stack.enter_async_context(open_store(settings, attach=True))
    except Exception as exc:  # noqa: BLE001 - whatever stops the engine answering is one line, not a traceback
        raise CliError(f"无法连接图引擎 (cannot reach the graph engine, {where}): {_reason(exc)}") from None
    try:
        yield store
    except EngineUnavailable as exc:
        raise CliError(f"图引擎不可用 (the graph engine is unavailable, {where}): {_reason(exc)}") from None
    finally:
        try:
            await stack.aclose()
        except Exception:  # noqa: BLE001 - closing a connection to an engine that went away
            pass


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --------------------------------------------------------------------------------------
# Where the versions are: the graph (Local) or a running server (Remote)
# --------------------------------------------------------------------------------------


@dataclass
class DryRunReport:
    problems: list[str]
    warnings: list[str] = field(default_factory=list)
    rule_changes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    flips: list[str] = field(default_factory=list)  # one line each, departments and items named
    flip_count: int = 0
    summary: dict[tuple[str, str, str, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class ExplainRequest:
    department: str
    roles: tuple[str, ...]
    action: str
    item_id: str
    user: str
    now: datetime | None
    version: int | None
    request_consumer: str | None
    texts: tuple[str, str, str] | None  # decide with these (the files) instead of a stored version


class Versions:
    """The operations the commands need, wherever the versions are."""

    async def history(self) -> list[PolicyVersionRecord]: ...
    async def version(self, number: int) -> PolicyVersionRecord: ...
    async def active(self) -> PolicyVersionRecord: ...
    async def diff(self, before: int, after: int) -> Any: ...
    async def dry_run(self, model: str, policy: str, rules: str, now: datetime | None) -> DryRunReport: ...
    async def save(self, model: str, policy: str, rules: str, author: str | None, reason: str,
                   expected: int | None, force: str | None) -> int: ...
    async def restore(self, version: int, author: str | None, reason: str, force: str | None) -> int: ...
    async def explain(self, request: ExplainRequest) -> tuple[list[str], bool]: ...


class Local(Versions):
    """The graph, through the repositories."""

    def __init__(self, store: Any, settings: Any) -> None:
        self.store, self.settings = store, settings

    async def history(self) -> list[PolicyVersionRecord]:
        return await admin.history(self.store)

    async def version(self, number: int) -> PolicyVersionRecord:
        try:
            return await admin.get_version(self.store, number)
        except LookupError as exc:
            raise CliError(str(exc)) from None

    async def active(self) -> PolicyVersionRecord:
        return await self.version(await admin.active_version(self.store))

    async def diff(self, before: int, after: int) -> admin.PolicyDiff:
        try:
            return await admin.diff_versions(self.store, before, after)
        except LookupError as exc:
            raise CliError(str(exc)) from None

    async def dry_run(self, model: str, policy: str, rules: str, now: datetime | None) -> DryRunReport:
        problems = admin.validate_texts(model, policy, rules, now)
        if problems:
            return DryRunReport(problems)
        now = now or datetime.now(timezone.utc)
        old = await admin.load_active(self.store)
        new = Authorizer(model, policy, old.version + 1, rules)
        flips = await admin.dry_run(self.store, new, now, old)
        names = await admin.flip_names(self.store, flips)
        return DryRunReport(
            [], admin.warnings_for(new, old, now.date()),
            [(change.key, change.before, change.after) for change in admin.rules_changes(old, new)],
            [names.describe(flip) for flip in flips], len(flips), admin.summarize(flips),
        )

    async def save(self, model: str, policy: str, rules: str, author: str | None, reason: str,
                   expected: int | None, force: str | None) -> int:
        if not author:
            raise CliError("save: 须以 --author 注明修改人 (--author is required without --server)")
        expected = expected if expected is not None else await admin.active_version(self.store)
        try:
            return await admin.save(self.store, model, policy, rules, author, reason, expected, force_reason=force)
        except PolicyError as exc:
            raise CliError("策略未保存，原策略继续有效 (not saved; the policy in force stays)", 2, exc.problems) from None
        except admin.PolicyConflict as exc:
            raise CliError(str(exc), 3) from None

    async def restore(self, version: int, author: str | None, reason: str, force: str | None) -> int:
        if not author:
            raise CliError("restore: 须以 --author 注明修改人 (--author is required without --server)")
        try:
            return await admin.restore(self.store, version, author, reason, force_reason=force)
        except LookupError as exc:
            raise CliError(str(exc)) from None
        except PolicyError as exc:
            raise CliError("未恢复，原策略继续有效 (not restored; the policy in force stays)", 2, exc.problems) from None
        except admin.PolicyConflict as exc:
            raise CliError(str(exc), 3) from None

    async def explain(self, request: ExplainRequest) -> tuple[list[str], bool]:
        if request.texts is not None:
            authorizer = _authorizer(*request.texts, version=0)
        elif request.version is not None:
            authorizer = _usable(await self.version(request.version))
        else:
            authorizer = _usable(await self.active())
        own_case = getattr(self.settings, "authority_own_case", None)
        try:
            explanation = await admin.explain_on_graph(
                self.store, authorizer, user=request.user, department=request.department, roles=request.roles,
                action=request.action, item_id=request.item_id, now=request.now or datetime.now(timezone.utc),
                request_consumer=request.request_consumer, own_case=own_case,
            )
        except LookupError as exc:
            raise CliError(str(exc)) from None
        return explanation.lines, explanation.decision.allowed


class Remote(Versions):
    """A running server, over GraphQL (httpx), with a bearer token."""

    def __init__(self, url: str, token: str, transport: Any = None) -> None:
        base = url.rstrip("/")
        self.endpoint = base if base.endswith("/graphql") else base + "/graphql"
        self.url, self.token, self.transport = url, token, transport

    async def query(self, query: str, **variables: Any) -> dict[str, Any]:
        import httpx

        try:
            async with httpx.AsyncClient(timeout=120, transport=self.transport) as client:
                response = await client.post(self.endpoint, json={"query": query, "variables": variables},
                                             headers={"Authorization": f"Bearer {self.token}"})
        except httpx.HTTPError as exc:
            raise CliError(f"无法连接服务 (cannot reach the server {self.url}): {_reason(exc)}") from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        errors = body.get("errors") if isinstance(body, dict) else None
        if errors:
            first = errors[0]
            extensions = first.get("extensions") or {}
            code = extensions.get("code") or f"HTTP {response.status_code}"
            problems = [problem.get("message", "") for problem in extensions.get("problems") or []]
            raise CliError(f"服务拒绝 (the server refused: {code}): {first.get('message')}",
                           3 if code == "CONFLICT" else 2, problems)
        if response.status_code != 200 or not isinstance(body, dict) or not body.get("data"):
            raise CliError(f"服务答复异常 (unexpected answer from {self.url}: HTTP {response.status_code}): "
                           f"{response.text[:200]}")
        return body["data"]

    async def history(self) -> list[PolicyVersionRecord]:
        data = await self.query(_HISTORY)
        return [_record(edge["node"]) for edge in data["policyHistory"]["edges"]]

    async def version(self, number: int) -> PolicyVersionRecord:
        found = (await self.query(_VERSION, version=number))["policyVersion"]
        if found is None:
            raise CliError(f"没有策略版本 {number} (no policy version {number})")
        return _record(found)

    async def active(self) -> PolicyVersionRecord:
        return _record((await self.query(_ACTIVE))["policy"])

    async def diff(self, before: int, after: int) -> admin.PolicyDiff:
        found = (await self.query(_DIFF, before=before, after=after))["policyDiff"]
        return admin.PolicyDiff(
            f"version {before}", f"version {after}", found["modelDiff"],
            [_line(line) for line in found["removedLines"]], [_line(line) for line in found["addedLines"]],
            [admin.RuleChange(c["key"], c["before"], c["after"]) for c in found["ruleChanges"]], found["problems"],
        )

    async def dry_run(self, model: str, policy: str, rules: str, now: datetime | None) -> DryRunReport:
        if now is not None:
            raise CliError("dry-run: --server 时不能指定 --now (--now is not available with --server: the server's now)")
        found = (await self.query(_DRY_RUN, model=model, policy=policy, rules=rules))["policyDryRun"]
        if not found["valid"]:
            return DryRunReport(found["problems"])
        lines, summary = [], {}
        for flip in found["flips"]:
            lines.append(admin.flip_text(
                flip["kind"].lower(), flip["target"], flip["subject"], flip["action"],
                (flip["beforeAllowed"], flip["beforeReason"]), (flip["afterAllowed"], flip["afterReason"]),
                flip["departmentCode"], flip["departmentName"], flip["itemId"], flip["itemName"],
            ))
            key = (flip["kind"].lower(), flip["action"], flip["beforeReason"], flip["afterReason"])
            summary[key] = summary.get(key, 0) + 1
        return DryRunReport([], found["warnings"], [(c["key"], c["before"], c["after"]) for c in found["ruleChanges"]],
                            lines, found["flipCount"], summary)

    async def save(self, model: str, policy: str, rules: str, author: str | None, reason: str,
                   expected: int | None, force: str | None) -> int:
        if expected is None:
            expected = (await self.query("{ policy { version } }"))["policy"]["version"]
        saved = (await self.query(_SAVE, input={
            "model": model, "policy": policy, "rules": rules, "reason": reason, "expectedVersion": expected,
            "forceReason": force,
        }))["savePolicy"]["policyVersion"]
        _note_author(author, saved["author"])
        return int(saved["version"])

    async def restore(self, version: int, author: str | None, reason: str, force: str | None) -> int:
        restored = (await self.query(_RESTORE, input={"version": version, "reason": reason, "forceReason": force}))
        saved = restored["restorePolicy"]["policyVersion"]
        _note_author(author, saved["author"])
        return int(saved["version"])

    async def explain(self, request: ExplainRequest) -> tuple[list[str], bool]:
        question: dict[str, Any] = {
            "department": request.department, "roles": list(request.roles), "action": request.action,
            "itemId": request.item_id, "user": request.user, "version": request.version,
            "requestConsumer": request.request_consumer,
            "now": request.now.isoformat() if request.now else None,
        }
        if request.texts is not None:
            question.update(dict(zip(("model", "policy", "rules"), request.texts)))
        found = (await self.query(_EXPLAIN, input=question))["policyExplain"]
        return found["lines"], bool(found["allowed"])


_VERSION_FIELDS = "version author reason savedAt restoredFrom basedOn"
_HISTORY = f"{{ policyHistory(first: 100) {{ edges {{ node {{ {_VERSION_FIELDS} }} }} }} }}"
_VERSION = f"query($version: Int!) {{ policyVersion(version: $version) {{ {_VERSION_FIELDS} model policy rules }} }}"
_ACTIVE = f"{{ policy {{ {_VERSION_FIELDS} model policy rules }} }}"
_DIFF = ("query($before: Int!, $after: Int!) { policyDiff(from: $before, to: $after) { modelDiff "
         "removedLines { number text } addedLines { number text } ruleChanges { key before after } problems } }")
_DRY_RUN = ("query($model: String!, $policy: String!, $rules: String) { policyDryRun(model: $model, policy: $policy, "
            "rules: $rules) { valid problems warnings ruleChanges { key before after } flipCount flips { kind action "
            "subject target beforeAllowed beforeReason afterAllowed afterReason departmentCode departmentName itemId "
            "itemName } } }")
_SAVE = "mutation($input: SavePolicyInput!) { savePolicy(input: $input) { policyVersion { version author } } }"
_RESTORE = "mutation($input: RestorePolicyInput!) { restorePolicy(input: $input) { policyVersion { version author } } }"
_EXPLAIN = "query($input: PolicyExplainInput!) { policyExplain(input: $input) { version allowed reason lines } }"


def _record(node: dict[str, Any]) -> PolicyVersionRecord:
    saved_at = node.get("savedAt")
    return PolicyVersionRecord(
        version=int(node["version"]), author=node.get("author") or "", reason=node.get("reason") or "",
        saved_at=datetime.fromisoformat(saved_at.replace("Z", "+00:00")) if saved_at else None,
        restored_from=node.get("restoredFrom"), based_on=node.get("basedOn"),
        model=node.get("model"), policy=node.get("policy"), rules=node.get("rules"),
    )


def _line(found: dict[str, Any]) -> admin.PolicyLine:
    ptype, *fields = [part.strip() for part in found["text"].split(",")]
    return admin.PolicyLine(int(found["number"]), ptype, tuple(fields))


def _note_author(given: str | None, recorded: str) -> None:
    if given and given != recorded:
        print(f"note: 修改人取自令牌 (the author is the token's user: {recorded}, not {given})", file=sys.stderr)


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def _print_problems(problems: list[str]) -> None:
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)


def _print_dry_run(report: DryRunReport) -> int:
    if report.problems:
        raise CliError("策略校验未通过，不能保存 (the texts are invalid and cannot be saved)", 2, report.problems)
    for key, before, after in report.rule_changes:
        print(f"rules.toml {key}: {before if before is not None else '-'} → {after if after is not None else '-'} "
              f"(规则参数变化 a value of the rules changes)")
    for line in report.flips:
        print(line)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for (kind, action, before, after), count in sorted(report.summary.items()):
        print(f"  {count:>6} × {kind} {action}: {before} → {after}", file=sys.stderr)
    if report.flip_count > len(report.flips):
        print(f"{report.flip_count - len(report.flips)} more not listed (服务只列出前 {len(report.flips)} 项 "
              f"the server lists the first {len(report.flips)}; use --data-dir for all)", file=sys.stderr)
    print(f"{report.flip_count} decision(s) would change (将改变的判定); {len(report.rule_changes)} rule value(s) change "
          f"(规则参数变化); {len(report.warnings)} warning(s) (警告)", file=sys.stderr)
    return 0


def _print_diff(diff: admin.PolicyDiff) -> int:
    print(f"# diff {diff.before} → {diff.after} (策略差异)")
    print("# ---- model.conf ----")
    for line in diff.model_diff or ["  (no change 无变化)"]:
        print(line)
    print("# ---- policy.csv ----")
    for line in diff.removed:
        print(f"- line {line.number}: {line.text}")
    for line in diff.added:
        print(f"+ line {line.number}: {line.text}")
    if not diff.removed and not diff.added:
        print("  (no change 无变化)")
    print("# ---- rules.toml ----")
    for change in diff.rule_changes:
        print(f"  {change.key}: {change.before if change.before is not None else '-'} → "
              f"{change.after if change.after is not None else '-'}")
    if not diff.rule_changes:
        print("  (no change 无变化)")
    for problem in diff.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------


def _file_texts(args: argparse.Namespace) -> tuple[str, str, str]:
    paths = (args.model or MODEL_PATH, args.policy or POLICY_PATH, args.rules or RULES_PATH)
    try:
        return tuple(path.read_text(encoding="utf-8") for path in paths)  # type: ignore[return-value]
    except OSError as exc:
        raise CliError(f"无法读取文件 (cannot read a file): {_reason(exc)}") from None


def _load(model_path: Path, policy_path: Path, rules_path: Path) -> Authorizer:
    try:
        return Authorizer.from_files(model_path, policy_path, rules_path=rules_path)
    except OSError as exc:
        raise CliError(f"无法读取文件 (cannot read a file): {_reason(exc)}") from None
    except PolicyError as exc:
        raise CliError("策略文件有误 (the policy files are invalid)", 2, exc.problems) from None


def _authorizer(model: str, policy: str, rules: str, version: int) -> Authorizer:
    try:
        return Authorizer(model, policy, version, rules)
    except PolicyError as exc:
        raise CliError(f"版本 {version} 不能在此使用 (version {version} cannot be used here)", 2, exc.problems) from None


def _usable(record: PolicyVersionRecord) -> Authorizer:
    return _authorizer(*admin.texts_of(record), version=record.version)


def _check(model_path: Path, policy_path: Path, rules_path: Path) -> int:
    try:
        model, policy = model_path.read_text(encoding="utf-8"), policy_path.read_text(encoding="utf-8")
        rules = rules_path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    problems = admin.validate_texts(model, policy, rules)
    if problems:
        _print_problems(problems)
        print(f"{policy_path}: {len(problems)} problem(s); 策略有误，不能使用 (the policy cannot be used)", file=sys.stderr)
        return 2
    authorizer = Authorizer(model, policy, rules_text=rules)
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
    except ValueError:
        raise CliError(f"{flag}: 不是 ISO 时间 (not an ISO instant): {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# --------------------------------------------------------------------------------------
# explain
# --------------------------------------------------------------------------------------

_HYPOTHETICAL = ("item_share_type", "item_provider", "item_status", "grant_consumer", "grant_granted", "grant_expires",
                 "grant_last_used", "grant_revoked", "grant_reinstated")


def _explain_files(args: argparse.Namespace) -> bool:
    """Whether the explanation is decided by the files (asked for), not a stored version."""
    return bool(args.files or args.model or args.policy or args.rules)


def _check_explain_flags(args: argparse.Namespace) -> None:
    unknown = sorted({role.upper() for role in args.role} - set(ROLES))
    if unknown:
        raise CliError(f"explain: 未知角色 (unknown role) {', '.join(unknown)}; 可选 (one of): {', '.join(ROLES)}")
    if args.version is not None and _explain_files(args):
        raise CliError("explain: --version 与 --files/--model/--policy/--rules 不能同用 (decide with a version or with the files, not both)")
    if args.item_id:
        given = [f"--{name.replace('_', '-')}" for name in _HYPOTHETICAL if getattr(args, name)]
        given += ["--scope"] if args.scope else []
        given += ["--authority"] if args.authority else []
        if given:
            raise CliError(f"explain: --item-id 从图中读取目录、范围与授权，不能与 {', '.join(given)} 同用 "
                           f"(--item-id reads the item, its scope and the grants from the graph; drop {', '.join(given)})")
    if args.now:
        _instant(args.now, "--now")


async def _explain_command(args: argparse.Namespace, versions: Versions) -> int:
    now = _instant(args.now, "--now") if args.now else None
    if args.item_id:
        request = ExplainRequest(
            department=args.department, roles=tuple(role.upper() for role in args.role), action=args.action,
            item_id=args.item_id, user=args.user, now=now, version=args.version,
            request_consumer=args.request_consumer, texts=_file_texts(args) if _explain_files(args) else None,
        )
        lines, allowed = await versions.explain(request)
        for line in lines:
            print(line)
        return 0 if allowed else 1
    record = await (versions.version(args.version) if args.version is not None else versions.active())
    return _explain(args, _usable(record))


def _explain(args: argparse.Namespace, authorizer: Authorizer) -> int:
    """A hypothetical request: the item, request and grant described by the flags."""
    try:
        now = _instant(args.now, "--now") if args.now else datetime.now(timezone.utc)
        subject = Subject(args.user, args.department, frozenset(role.upper() for role in args.role), args.authority)
        item_id = "ITEM"
        item = None
        if args.item_share_type or args.item_provider:
            item = ItemFacts(
                provider_code=args.item_provider or "", id=item_id,
                share_type=ShareType(args.item_share_type.upper()) if args.item_share_type else None,
                status=ItemStatus(args.item_status.upper() if args.item_status else "PUBLISHED"), scope=tuple(args.scope),
            )
        grant = None
        if args.grant_expires:
            expires = _instant(args.grant_expires, "--grant-expires")
            granted = _instant(args.grant_granted, "--grant-granted") if args.grant_granted else None
            grant = GrantRecord(
                id="GRANT", item_id=item_id, consumer_code=args.grant_consumer or args.department,
                granted_at=granted or now, expires_at=expires, element_codes=(),
                last_used_at=_optional(args.grant_last_used, "--grant-last-used"),
                revoked_at=_optional(args.grant_revoked, "--grant-revoked"),
                reinstated_at=_optional(args.grant_reinstated, "--grant-reinstated"),
            )
        request = None
        if args.request_consumer:
            request = RequestRecord(
                id="REQUEST", item_id=item_id, item_name="", provider_code=args.item_provider or "",
                consumer_code=args.request_consumer,
                share_type=ShareType(args.item_share_type.upper()) if args.item_share_type else None,
                applicant="", element_codes=(), purpose="", scenario="", requested_until=now,
                status=RequestStatus.PENDING_REVIEW, version=1, created_at=now, review_due_at=now,
                review_due_provisional=False, review_region=None, coordination_region=None,
            )
    except ValueError as exc:
        raise CliError(f"explain: {exc}") from None
    kind = "grant" if grant else "request" if request else "item" if item else "policy"
    resource = Resource(kind=kind, item=item, grant=grant, request=request)
    for line in authorizer.explain(subject, args.action, resource, now):
        print(line)
    decision: Decision = authorizer.decide(subject, args.action, resource, now)
    return 0 if decision.allowed else 1


def _optional(value: str | None, flag: str) -> datetime | None:
    return _instant(value, flag) if value else None
