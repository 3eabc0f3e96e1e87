"""`mulu audit …`: prove the audit log unaltered (第三十八条).

    mulu audit verify [--checkpoint SEQ:HASH] [--data-dir D]   recompute the hash chain from event 1;
                                                          exit 0 intact, 1 tampered (names the first
                                                          altered, inserted or missing event), 2 bad input
    mulu audit checkpoint [--data-dir D]                  print "SEQ:HASH" of the last chained event,
                                                          to keep elsewhere (paper, another system)

Like `mulu policy`, these open the configured graph: the running server's engine (MULU_NEO4J_URI,
or MULU_FALKORDB_URL for a shared FalkorDB), or a stopped server's embedded engine in --data-dir.
With `--server URL` they ask a running server instead (its `auditVerification` query), with an
AUDITOR's token from --token or MULU_TOKEN: the way to reach a server whose embedded engine it
owns, or one on another machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from server.domain.audit import Checkpoint, Verdict
from server.services import audit, decisions


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("audit", help="审计日志 (audit log): verify the hash chain, print a checkpoint")
    commands = parser.add_subparsers(dest="audit_command", required=True)
    verify = commands.add_parser("verify", help="校验审计日志哈希链 (recompute the hash chain, name the first tampered event)")
    verify.add_argument("--checkpoint", help="此前记下的 序号:哈希 (a SEQ:HASH kept from `mulu audit checkpoint`)")
    checkpoint = commands.add_parser("checkpoint", help="打印检查点 序号:哈希 (print SEQ:HASH of the last chained event)")
    for command in (verify, checkpoint):
        command.add_argument("--data-dir", type=Path, help="已停止服务的数据目录 (a stopped server's data directory)")
        command.add_argument("--server", help="运行中的服务地址，如 http://127.0.0.1:8000 (ask a running server)")
        command.add_argument("--token", help="审计人员令牌，默认取 MULU_TOKEN (an AUDITOR's token; default $MULU_TOKEN)")
    return parser


def run(args: argparse.Namespace, settings: Any) -> int:
    return asyncio.run(run_async(args, settings))


async def run_async(args: argparse.Namespace, settings: Any, store: Any = None, transport: Any = None) -> int:
    """The same inside a running event loop (tests pass their store, or their app's transport)."""
    if getattr(args, "server", None):
        return await _remote(args, transport)
    if store is not None:
        return await _command(args, store, settings)
    from graph.connect import open_store

    async with open_store(settings, attach=True) as opened:
        return await _command(args, opened, settings)


async def _command(args: argparse.Namespace, store: Any, settings: Any) -> int:
    if args.audit_command == "checkpoint":
        await audit.chain(store)  # a stopped server's newest events are chained first
        try:
            point = await audit.checkpoint(store)
        except ValueError as exc:
            print(f"mulu audit: 审计日志校验未通过，不能给出检查点 (the log does not verify): {exc}", file=sys.stderr)
            return 1
        if point is None:
            print("mulu audit: 审计日志为空 (the audit log is empty)", file=sys.stderr)
            return 1
        print(point)
        return 0
    checkpoint = None
    if getattr(args, "checkpoint", None):
        try:
            checkpoint = Checkpoint.parse(args.checkpoint)
        except ValueError as exc:
            print(f"mulu audit: {exc}", file=sys.stderr)
            return 2
    chain = _report(await audit.verify(store, checkpoint), checkpoint)
    return max(chain, _report_decisions(await decisions.verify_log(decisions.log_directory(settings))))


def _report_decisions(verdict: Any) -> int:
    """第三十九条: the decision log's day files, each a hash chain."""
    if not verdict.ok:
        print(f"mulu audit: decision log {verdict.problem}: {verdict.message}", file=sys.stderr)
        return 1
    torn = f"; {verdict.torn} line(s) cut by a crash skipped (因故障截断的行已跳过)" if verdict.torn else ""
    print(f"OK: decision log, {verdict.lines} lines in {verdict.files} day files (鉴权日志完好){torn}")
    return 0


def _report(verdict: Verdict, checkpoint: Checkpoint | None) -> int:
    if not verdict.ok:
        print(f"mulu audit: {verdict.problem}: {verdict.message}", file=sys.stderr)
        print(f"chain intact through event {verdict.chained_through} (链完好至事件 {verdict.chained_through})",
              file=sys.stderr)
        return 1
    pending = f"; {verdict.unchained} newer event(s) not chained yet (尚未链接)" if verdict.unchained else ""
    proven = f"; checkpoint {checkpoint.seq} matches (与检查点一致)" if checkpoint else ""
    print(f"OK: {verdict.events} events, chained through {verdict.chained_through} "
          f"(审计日志完好){proven}{pending}")
    return 0


_VERIFICATION = """query($checkpoint: String) { auditVerification(checkpoint: $checkpoint) {
  ok events chainedThrough headHash unchained problem seq message } }"""


async def _remote(args: argparse.Namespace, transport: Any = None) -> int:
    """verify / checkpoint asked of a running server (GraphQL `auditVerification`, AUDITOR)."""
    import httpx

    token = args.token or os.environ.get("MULU_TOKEN")
    if not token:
        print("mulu audit: --server 需要审计人员令牌 (--token or MULU_TOKEN: an AUDITOR's token)", file=sys.stderr)
        return 2
    checkpoint = getattr(args, "checkpoint", None) if args.audit_command == "verify" else None
    try:
        async with httpx.AsyncClient(timeout=120, transport=transport) as client:
            response = await client.post(args.server.rstrip("/") + "/graphql",
                                         json={"query": _VERIFICATION, "variables": {"checkpoint": checkpoint}},
                                         headers={"Authorization": f"Bearer {token}"})
    except httpx.HTTPError as exc:
        print(f"mulu audit: 无法连接服务 (cannot reach {args.server}): {exc}", file=sys.stderr)
        return 2
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or body.get("errors") or not body.get("data"):
        errors = body.get("errors") or [{"message": response.text[:300]}]
        print(f"mulu audit: 服务拒绝 (the server refused, HTTP {response.status_code}): {errors[0].get('message')}",
              file=sys.stderr)
        return 2
    found = body["data"]["auditVerification"]
    if args.audit_command == "checkpoint":
        if not found["ok"]:
            print(f"mulu audit: 审计日志校验未通过，不能给出检查点 (the log does not verify): {found['message']}",
                  file=sys.stderr)
            return 1
        if not found["chainedThrough"]:
            print("mulu audit: 审计日志为空 (the audit log is empty)", file=sys.stderr)
            return 1
        print(f"{found['chainedThrough']}:{found['headHash']}")
        return 0
    verdict = Verdict(found["events"], found["chainedThrough"], found["headHash"], found["unchained"],
                      found["problem"], found["seq"], found["message"])
    return _report(verdict, Checkpoint.parse(checkpoint) if checkpoint else None)
