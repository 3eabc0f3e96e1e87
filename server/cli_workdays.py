"""`mulu workdays …`: working-day deadlines and the official holiday arrangement.

    mulu workdays add 2025-09-30 2      → 2025-10-10
    mulu workdays add 2026-12-29 5      → 2027-01-05 provisional   (no 2027 data yet)
    mulu workdays check 2027.json       validate a State Council arrangement file
    mulu workdays load 2027.json        validate it and install it as <data_dir>/calendar/2027.json

Exit codes: 0 done, 2 bad input (the message, in Chinese and English, is on stderr).
A running server reads the calendar directory when it starts. `load` appends a CALENDAR_LOAD
event to the audit log (第三十八条) in the configured graph — a running server's engine, or the
stopped one in the data directory — and takes the file back when it cannot.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from server.domain.records.audit import AuditAction, AuditTargetKind
from server.services import audit
from server.services.calendar import calendar_dir, calendar_for
from server.domain.workdays import (
    WEEKDAY_EN,
    WEEKDAY_ZH,
    Arrangement,
    ArrangementError,
    WorkCalendar,
    load_arrangement_file,
    load_arrangements,
    working_days_after,
)

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Registers `workdays` and its subcommands on the `mulu` command's subparsers."""
    workdays = subparsers.add_parser(
        "workdays",
        help="工作日期限与法定节假日安排 (working-day deadlines and the official holiday arrangement)",
        description="按国家法定节假日安排计算工作日期限，载入国务院公布的年度安排 "
        "(count working days on China's official calendar; load the State Council's yearly arrangement)",
    )
    commands = workdays.add_subparsers(dest="workdays_command", required=True, metavar="{add,check,load}")

    add = commands.add_parser(
        "add", help="起算日之后第 N 个工作日 (the Nth working day after DATE; DATE itself does not count)")
    add.add_argument("date", metavar="DATE", help="起算日 YYYY-MM-DD (the filing date)")
    add.add_argument("n", metavar="N", help="工作日数 (number of working days, >= 0)")
    add.add_argument("--data-dir", type=Path, help="数据目录 (data directory; its calendar/ holds loaded arrangements)")

    check = commands.add_parser("check", help="只校验安排文件 (validate an arrangement file only)")
    check.add_argument("file", metavar="FILE", type=Path)
    check.add_argument("--data-dir", type=Path, help="数据目录 (data directory, to show what would change)")

    load = commands.add_parser(
        "load", help="校验并载入安排文件 (validate an arrangement file and install it in <data_dir>/calendar/)")
    load.add_argument("file", metavar="FILE", type=Path)
    load.add_argument("--data-dir", type=Path, help="数据目录 (data directory)")
    return workdays


def run(args: argparse.Namespace, settings: Any) -> int:
    data_dir = getattr(args, "data_dir", None)
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": Path(data_dir)})
    command = args.workdays_command
    try:
        if command == "add":
            return _add(args.date, args.n, settings)
        if command == "check":
            return _check(Path(args.file), settings)
        if command == "load":
            return _load(Path(args.file), settings)
    except ArrangementError as exc:
        _fail(command, "安排文件有误 (invalid arrangement file)" + (f" {exc.origin}" if exc.origin else ""),
              [str(error) for error in exc.errors])
        return 2
    _fail(command, f"未知子命令 (unknown subcommand): {command}")
    return 2


def _fail(command: str, message: str, details: Iterable[str] = ()) -> None:
    print(f"mulu workdays {command}: {message}", file=sys.stderr)
    for line in details:
        print(f"  {line}", file=sys.stderr)


def _add(raw_date: Any, raw_n: Any, settings: Any) -> int:
    if isinstance(raw_date, date):
        start = raw_date
    else:
        try:
            start = date.fromisoformat(str(raw_date)) if _DATE_RE.fullmatch(str(raw_date)) else None
        except ValueError:
            start = None
        if start is None:
            _fail("add", f"日期应为 YYYY-MM-DD 格式的有效日期 (DATE must be a valid YYYY-MM-DD date): {raw_date!r}")
            return 2
    try:
        n = raw_n if isinstance(raw_n, int) and not isinstance(raw_n, bool) else int(str(raw_n).strip(), 10)
    except ValueError:
        _fail("add", f"工作日数应为整数 (N must be a whole number): {raw_n!r}")
        return 2
    if n < 0:
        _fail("add", f"工作日数不能为负数 (N must not be negative): {n}")
        return 2
    try:
        deadline = working_days_after(start, n, calendar_for(settings))
    except ValueError as exc:  # out of the representable range of dates
        _fail("add", str(exc))
        return 2
    print(deadline.day.isoformat() + (" provisional" if deadline.provisional else ""))
    return 0


def _report(arrangement: Arrangement, current: WorkCalendar) -> list[str]:
    """The file's content and how the working days of its year would change."""
    lines = arrangement.summary()
    year = arrangement.year
    replacing = current.arrangement(year)
    if replacing is not None:
        lines.append(f"将取代已载入的文件 (replaces the loaded file) {replacing.origin}")
    else:
        lines.append(f"将取代 (replaces): {current.source(year)}")
    changes = current.differences(current.with_arrangement(arrangement), year)
    if not changes:
        lines.append("工作日与现有日历完全一致 (working days are the same as the current calendar's)")
    else:
        lines.append(f"与现有日历不同的日期 {len(changes)} 个 (days that change: {len(changes)}):")
        for day, before, after in changes:
            state = "上班 (working)" if after else "休息 (off)"
            was = "上班 (working)" if before else "休息 (off)"
            lines.append(f"  {day.isoformat()} {WEEKDAY_ZH[day.weekday()]} ({WEEKDAY_EN[day.weekday()]}): "
                         f"{was} → {state}")
    return lines


def _check(path: Path, settings: Any) -> int:
    arrangement = load_arrangement_file(path)
    current = WorkCalendar(arrangements=_others(calendar_dir(settings), skip=None))
    print(f"有效 (valid): {path}")
    print("\n".join(_report(arrangement, current)))
    return 0


def _others(directory: Path, skip: Path | None) -> list[Arrangement]:
    """The arrangements already installed, except the file `skip` (the one being replaced)."""
    if not directory.is_dir():
        return []
    result: dict[int, Arrangement] = {}
    for path in sorted(directory.glob("*.json")):
        if skip is not None and path.resolve() == skip.resolve():
            continue
        arrangement = load_arrangement_file(path)
        if arrangement.year in result:  # the same message the server would give at start-up
            load_arrangements([directory])
        result[arrangement.year] = arrangement
    return list(result.values())


def _install(directory: Path, target: Path, content: bytes) -> None:
    """Writes `target` whole or not at all (a temporary file, fsynced, renamed)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


async def _record_load(settings: Any, year: int, target: Path, content: bytes, replaced: bytes | None) -> int:
    """The CALENDAR_LOAD event, in the configured graph (a running server's engine included)."""
    from graph.connect import open_store

    event = audit.command_event(
        AuditAction.CALENDAR_LOAD, AuditTargetKind.CALENDAR, str(year), target.name,
        after={"year": year, "file": str(target), "sha256": hashlib.sha256(content).hexdigest(),
               "replacedSha256": hashlib.sha256(replaced).hexdigest() if replaced is not None else None},
        reason=f"载入 {year} 年节假日安排 (installed the {year} holiday arrangement)",
    )
    async with open_store(settings, setup_schema=False, attach=True) as store:
        return await audit.record_operation(store, event)


def _load(path: Path, settings: Any) -> int:
    arrangement = load_arrangement_file(path)
    directory = calendar_dir(settings)
    target = directory / f"{arrangement.year}.json"
    installed = _others(directory, skip=target)
    clash = next((a for a in installed if a.year == arrangement.year), None)
    if clash is not None:
        _fail("load", f"{arrangement.year} 年已有安排文件 {clash.origin}，请先删除它 "
                      f"(another file already gives {arrangement.year}: {clash.origin}; remove it first)")
        return 2
    previous: list[Arrangement] = []
    notes: list[str] = []
    if target.exists():
        try:
            previous = [load_arrangement_file(target)]
        except ArrangementError as exc:  # a broken file of the same year is exactly what a load replaces
            notes.append(f"将取代无效的文件 (replaces an invalid file) {target}: {exc}")
    report = _report(arrangement, WorkCalendar(arrangements=installed + previous)) + notes

    directory.mkdir(parents=True, exist_ok=True)
    content = path.read_bytes()  # verbatim: the file stays as the person wrote it
    replaced = target.read_bytes() if target.exists() else None
    _install(directory, target, content)
    try:  # 第三十八条: installing a calendar is a change; its audit event is appended now
        seq = asyncio.run(_record_load(settings, arrangement.year, target, content, replaced))
    except Exception as exc:  # noqa: BLE001 - an unrecorded change is taken back
        if replaced is None:
            target.unlink(missing_ok=True)
        else:
            _install(directory, target, replaced)
        _fail("load", f"无法写入审计日志，未载入 (the audit log cannot be written: nothing was installed): {exc}")
        return 2
    print(f"已载入 (loaded) {path} → {target}（审计事件 audit event {seq}）")
    print("\n".join(report))
    return 0
