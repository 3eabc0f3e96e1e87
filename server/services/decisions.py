"""The use of shared data (第三十九条): where `authorize` records its decisions, and the auditors'
view of them."""

from __future__ import annotations

import asyncio
from pathlib import Path

from graph.repos import decisions as repo
from graph.repos.decisions import DecisionLog
from server.context import Context
from server.domain import audit_export
from server.domain.errors import Invalid
from server.domain.records.decisions import AuthorizeDecision, DecisionFilter, DecisionLogVerdict
from server.services.authorization import require
from server.settings import Settings

DECISIONS_DIR = "decisions"  # inside the data directory; `mulu backup` copies it


def decision_log_for(settings: Settings) -> DecisionLog:
    """This process's writer of the decision log (one per server process; processes share the files)."""
    return DecisionLog(log_directory(settings), sync=settings.decision_log_sync)


async def decisions_page(ctx: Context, which: DecisionFilter, skip: int, limit: int) -> tuple[int, list[AuthorizeDecision]]:
    """第三十九条: authorize's decisions for AUDITOR (policy action `audit`), newest first."""
    await require(ctx, "audit", "catalog")
    return await ctx.decisions.page(which, skip, limit)


async def export_decisions(ctx: Context, which: DecisionFilter, fmt: str) -> bytes:
    """第三十九条: the decisions `which` selects, newest first, as a csv or xlsx file (AUDITOR)."""
    await require(ctx, "audit", "catalog")
    limit = audit_export.EXPORT_MAX_ROWS
    total, decisions = await ctx.decisions.page(which, 0, limit)
    if total > limit:
        raise Invalid.of("from", f"所选鉴权记录 {total} 条，超过一次导出的上限 {limit} 条，请缩小时间范围 "
                                 f"({total} decisions: more than {limit} in one file; narrow the window)")
    return await asyncio.to_thread(audit_export.write_file, fmt, "鉴权日志", audit_export.DECISION_HEADERS,
                                   list(audit_export.decision_rows(decisions)))


async def verify_log(directory: Path) -> DecisionLogVerdict:
    """第三十九条: every day file's hash chain recomputed (`mulu audit verify`, `auditVerification`)."""
    return await asyncio.to_thread(repo.verify, directory)


def log_directory(settings: Settings) -> Path:
    return Path(settings.data_dir) / DECISIONS_DIR
