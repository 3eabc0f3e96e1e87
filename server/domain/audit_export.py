"""The audit log and the decision log as spreadsheets (第三十八条, 第三十九条): what an auditor
takes away. One table per log, a header row in Chinese with the field's English name beside it,
every text cell neutralised against formula injection (catalog_template.neutralise), instants in
ISO-8601 UTC as stored. Pure: records in, bytes out."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from server.domain.catalog_template import neutralise
from server.domain.instants import utc_iso
from server.domain.records.audit import AuditEvent
from server.domain.records.decisions import AuthorizeDecision

EXPORT_MAX_ROWS = 100_000  # one file; an auditor narrows the window for more
FORMATS = (".csv", ".xlsx")

EVENT_HEADERS = [
    "序号 seq", "时间 at (UTC)", "操作人 user", "所属部门 department", "角色 roles", "动作 action", "动作代码 action code",
    "对象类型 target kind", "对象 id target id", "对象编码 target code", "结果 outcome", "理由 reason",
    "变更前 before", "变更后 after", "哈希 hash",
]
DECISION_HEADERS = [
    "位置 position", "时间 at (UTC)", "用户 user", "使用部门 department", "目录 id item id", "授权 id grant id",
    "结果 allowed", "原因代码 reason code", "原因 reason", "数据项 elements",
]


def event_rows(events: Iterable[AuditEvent]) -> Iterable[list[Any]]:
    for event in events:
        yield [
            event.seq, utc_iso(event.at), event.actor.user, event.actor.department, " ".join(event.actor.roles),
            event.action.label, event.action.value, event.target.kind.label, event.target.id, event.target.code or "",
            event.outcome.label, event.reason, _json(event.before), _json(event.after), event.hash or "",
        ]


def decision_rows(decisions: Iterable[AuthorizeDecision]) -> Iterable[list[Any]]:
    for decision in decisions:
        yield [
            decision.position or "", utc_iso(decision.at), decision.user, decision.department, decision.item_id,
            decision.grant_id or "", "允许" if decision.allowed else "拒绝", decision.reason.value, decision.reason.label,
            "; ".join(f"{e.code}:{e.access.value}" + (f"({e.masking_rule.value})" if e.masking_rule else "")
                      for e in decision.elements),
        ]


def _json(fields: dict[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True) if fields else ""


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with BOM (Excel opens it as UTF-8), CRLF, every cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else neutralise(str(value)) for value in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def write_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet; text neutralised, so no cell is read as a formula ("=…" would be one), and the
    control characters a worksheet cannot hold shown as escapes (\x0b), not dropped: the file
    says what the log holds."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return neutralise(ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value))

    workbook = Workbook(write_only=True)
    workbook.properties.creator = "mulu"
    workbook.properties.title = title
    sheet = workbook.create_sheet(title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_file(fmt: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """`fmt` is ".csv" or ".xlsx"."""
    return write_csv(headers, rows) if fmt == ".csv" else write_xlsx(title, headers, rows)
