"""The catalog template (目录导入模板): read and write catalog items as .xlsx or .csv.

Departments keep their catalogs in spreadsheets. This module is the one place that knows the
template's layout; it is pure (bytes in, bytes out — no files, no database), so the service
that saves drafts and the CLI that exports both call the same code.

Layout (.xlsx)
--------------
* sheet ``目录`` — one row per catalog item (第九条), columns :data:`ITEM_COLUMNS`.
* sheet ``数据项`` — one row per data element (第十条), columns :data:`ELEMENT_COLUMNS`. A row
  belongs to the item named in ``数据资源名称``; ``提供部门编码`` on this sheet is needed only when
  the file holds two items of the same name from different departments (a whole-city export
  does: every 大数据局 has a 政务数据资源目录汇总信息). ``序号`` orders the elements of an item.
* sheet ``说明`` — written on export, ignored on import: what each column means and its
  allowed values.

Row 1 is the header; the order of columns does not matter, extra columns are ignored, a
missing column is an error (except ``提供部门编码`` and ``序号`` on ``数据项``; without ``序号`` the
elements keep their row order). Blank rows are skipped.

Cells
-----
* Value-list cells take the Chinese label as a clerk writes it (``有条件共享``) or the English
  name (``CONDITIONAL``); half-width brackets and the part before the bracket also work
  (``数据库表(前置库)``, ``数据库表``). Exports write the label.
* Lists (共享范围, 共享方式, 主题编码) are separated by ``；`` or ``;`` (also ``，`` ``,`` ``、`` or a
  line break). Exports use ``；``.
* 仅供比对 / 不予提供: ``是`` / ``否`` (also true/false, Y/N, 1/0); blank is ``否``.
* 发布日期: a date cell, or text ``2024-03-01``, ``2024/3/1``, ``2024年3月1日``.
* 权威来源 (一数一源, 第十五条): ``<部门编码>/<目录名称>`` of the authoritative item.
* A blank optional cell takes the model's default (e.g. 敏感属性 → 非敏感, 脱敏规则 → 不脱敏).
* Formula injection (OWASP "CSV injection"): an exported text cell that begins with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is written with a leading ``'`` so no spreadsheet runs
  it as a formula; on import a leading ``'`` followed by one of those is taken off again, so the
  value round-trips (:func:`neutralise`, :func:`restore`).

CSV
---
One file, not two: a single UTF-8 CSV (written with a BOM so Excel opens it correctly) whose
first column ``记录类型`` is ``目录`` or ``数据项``; the other columns are the union of the two
sheets' columns (``数据资源名称`` and ``提供部门编码`` are shared). An export writes each item row
followed by its element rows. On import the rows may come in any order, and GB18030 (what Excel
on a Chinese Windows writes with "CSV (逗号分隔)") is accepted as well as UTF-8. In errors, the
sheet is the row's 记录类型 and the row is the record's row in the file as Excel shows it.

Errors
------
:func:`parse_xlsx` and :func:`parse_csv` never raise on bad input. They return a
:class:`ParseResult` with every problem found as a :class:`CellError` (sheet, row as Excel shows
it with the header on row 1, column header, message in Chinese with English beside); when there
is any error, ``items`` is empty — a file is applied whole or not at all. Row 0 means the file
or sheet as a whole.

Limits
------
Reading is linear in the rows (every rule, the model's cross-field ones included, is checked
once per row). A file over :class:`ImportLimits` (rows; bytes, and an .xlsx's unpacked size) is
not a clerk's mistake to list cell by cell: :func:`parse` raises :class:`ImportTooLarge`, which
names the limit, as soon as the limit is passed.

Round trip: ``parse_xlsx(write_xlsx(items)).items == items`` and the same for CSV, for any list
of valid items whose (提供部门编码, 数据资源名称) pairs are unique. Writing is deterministic: the
same items give the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from server.domain.errors import DomainError
from server.domain.models import DEPARTMENT_CODE, CatalogItem, DataElement, describe, field_errors
from server.domain.values import (
    DataFormat,
    DataGrade,
    ElementType,
    FORMAT_DETAILS,
    LabelledEnum,
    MaskingRule,
    OpenMode,
    OpenType,
    ResourceCategory,
    Sensitivity,
    ShareMode,
    ShareType,
    StorageLevel,
    UpdateCycle,
)

ITEM_SHEET = "目录"
ELEMENT_SHEET = "数据项"
README_SHEET = "说明"
RECORD_TYPE = "记录类型"
CSV_SHEET = "CSV"  # the sheet named in errors about a CSV row whose 记录类型 is unknown

LIST_SEPARATOR = "；"
_SPLIT = re.compile(r"[;；,，、\r\n]+")
_TRUE = {"是", "true", "y", "yes", "1", "√", "✓"}
_FALSE = {"否", "false", "n", "no", "0", "×"}
_SOURCE = re.compile(DEPARTMENT_CODE.pattern.rstrip("$") + r"/.+$")


# ---------------------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the template: its header, the model field it fills, and how to read it.

    kind: ``text``, ``enum``, ``enum_list``, ``text_list``, ``date``, ``int``, ``bool``, or
    ``link`` / ``order`` (element sheet only: which item the row belongs to, and its position).
    """

    header: str
    field: str
    kind: str
    help: str
    required: bool = False
    enum: type[LabelledEnum] | None = None
    width: int = 14


ITEM_COLUMNS: tuple[Column, ...] = (
    Column("数据资源名称", "name", "text", "目录名称，准确、易懂，同一部门内不重复（第十一条）", True, width=30),
    Column("摘要", "summary", "text", "数据资源的内容、范围和用途", True, width=40),
    Column("提供部门编码", "provider_code", "text", "提供部门的编码，如 140500-GAJ", True, width=16),
    Column("存储层级", "storage_level", "enum", "数据实际存放的层级", True, StorageLevel),
    Column("分类", "category", "enum", "基础、主题或部门信息资源", True, ResourceCategory),
    Column("分级", "grade", "enum", "GB/T 43697-2024 数据分级", True, DataGrade),
    Column("数据格式", "format", "enum", "数据格式类别", True, DataFormat),
    Column("具体格式", "format_detail", "text",
           "具体类型，如 " + "、".join(d for details in FORMAT_DETAILS.values() for d in details[:2])),
    Column("共享属性", "share_type", "enum", "第二十二条：无条件共享、有条件共享或不予共享", True, ShareType),
    Column("共享条件", "share_condition", "text", "有条件共享时必填：共享条件（第二十三条）", width=40),
    Column("共享范围", "share_scope", "text_list", "有条件共享的部门编码，多个用“；”分隔；与“共享范围为全部部门”二选一（第二十三条）", width=30),
    Column("共享范围为全部部门", "share_scope_all", "bool", "是/否：有条件共享（脱敏、部分内容或仅比对）面向全部政务部门（第二十二条），不填为“否”"),
    Column("不予共享依据", "legal_basis", "text", "不予共享时必填：法律、法规、规章或政策依据", width=30),
    Column("共享方式", "share_modes", "enum_list", "第十七条，可多选，用“；”分隔", True, ShareMode, width=24),
    Column("开放属性", "open_type", "enum", "第二十四条；不予共享的数据只能不予开放", True, OpenType),
    Column("开放方式", "open_mode", "enum", "不予开放时填“不开放”", True, OpenMode),
    Column("更新周期", "update_cycle", "enum", "第十八条；实时更新的须以服务接口共享", True, UpdateCycle),
    Column("更新周期说明", "update_cycle_note", "text", "更新周期为“其他”时必填", width=24),
    Column("发布日期", "published_on", "date", "格式 2024-03-01；草稿可不填"),
    Column("主题编码", "theme_codes", "text_list", "所属政务主题编码，多个用“；”分隔，如 T03-01"),
    Column("所属数据库编码", "database_code", "text", "所属基础库或主题库编码（第十四条），如 RKJCK", width=16),
)

ELEMENT_COLUMNS: tuple[Column, ...] = (
    Column("数据资源名称", "", "link", "所属目录的数据资源名称，须与“目录”表中的名称一致", True, width=30),
    Column("提供部门编码", "", "link",
           "所属目录的提供部门编码；文件中有同名目录时必填，否则可不填", width=16),
    Column("序号", "", "order", "数据项在目录中的顺序，正整数，不重复", width=8),
    Column("数据项名称", "name", "text", "数据项（字段）中文名称，同一目录内不重复", True, width=24),
    Column("数据项编码", "code", "text", "字母开头，字母、数字、下划线，最长64位，同一目录内不重复", True, width=18),
    Column("数据类型", "type", "enum", "第十条数据字典的字段类型", True, ElementType),
    Column("长度", "length", "int", "字段长度，整数；日期等可不填", width=8),
    Column("说明", "description", "text", "取值含义、格式、单位等", width=36),
    Column("敏感属性", "sensitivity", "enum", "不填为“非敏感”", False, Sensitivity),
    Column("脱敏规则", "masking_rule", "enum", "敏感数据项共享时的脱敏规则（第二十三条），不填为“不脱敏”",
           False, MaskingRule, width=28),
    Column("仅供比对", "verify_only", "bool", "是/否：只提供比对核验，不返回明细（第二十二条），不填为“否”"),
    Column("不予提供", "withheld", "bool", "是/否：有条件共享目录中不提供的数据项（第二十二条），不填为“否”"),
    Column("权威来源", "source_item_code", "text",
           "一数一源（第十五条）：权威来源目录，格式“部门编码/目录名称”，本部门为权威来源时不填", width=30),
)

_ITEM_BY_HEADER = {c.header: c for c in ITEM_COLUMNS}
_ELEMENT_BY_HEADER = {c.header: c for c in ELEMENT_COLUMNS}
# Columns a file may leave out: on the element sheet, what the item sheet says; on the item sheet,
# a column added after files were filled in (its cells read as empty: "否").
_OPTIONAL_HEADERS = {ELEMENT_SHEET: {"提供部门编码", "序号"}, ITEM_SHEET: {"共享范围为全部部门"}}
CSV_HEADERS: tuple[str, ...] = (
    RECORD_TYPE,
    *(c.header for c in ITEM_COLUMNS),
    *(c.header for c in ELEMENT_COLUMNS if c.header not in _ITEM_BY_HEADER),
)


def _field_to_column(columns: Iterable[Column]) -> dict[str, Column]:
    """Model field name (snake and camelCase) → column, for mapping pydantic errors back."""
    out: dict[str, Column] = {}
    for column in columns:
        if column.field:
            head, *rest = column.field.split("_")
            out[column.field] = column
            out[head + "".join(part.title() for part in rest)] = column
    return out


_ITEM_FIELDS = _field_to_column(ITEM_COLUMNS)
_ELEMENT_FIELDS = _field_to_column(ELEMENT_COLUMNS)


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class CellError:
    """A problem with one cell: the sheet, the row as Excel shows it (header = 1; 0 = the
    whole sheet or file), the column header, and the reason in Chinese with English beside."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "整表"
        column = f"「{self.column}」" if self.column else ""
        return f"{self.sheet} {where}{column}：{self.message}"


@dataclass
class ParseResult:
    """Items parsed from a file, or the errors that stopped it (then ``items`` is empty).

    ``named`` and ``scope_codes`` are what the file names even when it has errors — (提供部门编码,
    数据资源名称) of every item row, and every 共享范围 code, where well-formed — so the import
    can check them against the graph (who may compile for whom, what exists, what is published)
    in the same answer as the cells' problems: every problem at once (第十一条)."""

    items: list[CatalogItem] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    named: list[tuple[str, str]] = field(default_factory=list)
    scope_codes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------------------------------
# Reading cells
# ---------------------------------------------------------------------------------------


class _CellProblem(ValueError):
    """A cell that cannot be read as its column's kind; the message is for the clerk."""


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）").upper()


def _enum_lookup(enum: type[LabelledEnum]) -> dict[str, LabelledEnum]:
    """Every spelling a clerk may use for a member: label, name, and the label's stem."""
    table: dict[str, LabelledEnum] = {}
    stems: dict[str, list[LabelledEnum]] = {}
    for member in enum:
        table[_norm(member.label)] = member
        table[_norm(member.value)] = member
        stem = member.label.split("（", 1)[0]
        if stem != member.label:
            stems.setdefault(_norm(stem), []).append(member)
    for stem, members in stems.items():
        if len(members) == 1 and stem not in table:
            table[stem] = members[0]
    return table


_LOOKUPS: dict[type[LabelledEnum], dict[str, LabelledEnum]] = {}
_EXACT: dict[type[LabelledEnum], dict[str, LabelledEnum]] = {}


def allowed_labels(enum: type[LabelledEnum]) -> str:
    return "、".join(member.label for member in enum)


def read_enum(enum: type[LabelledEnum], text: str, header: str) -> LabelledEnum:
    """The member a clerk meant by `text`: what ``LabelledEnum.from_label`` accepts (label or
    name), and also the name in any case, brackets of either width, or the label's stem."""
    exact = _EXACT.get(enum)
    if exact is None:
        exact = _EXACT[enum] = {spelling: m for m in enum for spelling in (m.label, m.value)}
        _LOOKUPS[enum] = _enum_lookup(enum)
    member = exact.get(text) or _LOOKUPS[enum].get(_norm(text))
    if member is None:
        raise _CellProblem(
            f"“{text}”不是{header}的可选值，可选：{allowed_labels(enum)} "
            f"(not an allowed value; use a label or one of {', '.join(m.value for m in enum)})"
        )
    return member


def _as_text(value: Any) -> str | None:
    """A cell as stripped text; None when blank. Numbers typed into text columns become text."""
    if value is None:
        return None
    if type(value) is str:  # the common case, first
        return value.strip() or None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
_EXCEL_EPOCH = date(1899, 12, 30)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # An Excel serial day number in a cell without a date format.
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
    text = _as_text(value) or ""
    text = text.split(" ", 1)[0].split("T", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _CellProblem(f"“{text}”不是有效日期，请按 2024-03-01 填写 (not a date; use YYYY-MM-DD)")


def _as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise _CellProblem("应为整数 (must be an integer)")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _as_text(value) or ""
    try:
        number = float(text) if re.fullmatch(r"[+-]?\d+(\.0*)?", text) else None
    except ValueError:
        number = None
    if number is None:
        raise _CellProblem(f"“{text}”应为整数 (must be an integer)")
    return int(number)


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = (_as_text(value) or "").lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _CellProblem(f"“{text}”应填“是”或“否” (must be 是 or 否)")


def _split(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


def _read_cell(column: Column, value: Any) -> Any:
    """The model value of one non-blank cell; raises _CellProblem with the clerk's message."""
    kind = column.kind
    if kind == "date":
        return _as_date(value)
    if kind in ("int", "order"):
        return _as_int(value)
    if kind == "bool":
        return _as_bool(value)
    text = _as_text(value)
    assert text is not None
    if kind == "enum":
        assert column.enum is not None
        return read_enum(column.enum, text, column.header)
    if kind == "enum_list":
        assert column.enum is not None
        return [read_enum(column.enum, part, column.header) for part in _split(text)]
    if kind == "text_list":
        return _split(text)
    return text


# ---------------------------------------------------------------------------------------
# From rows to items (shared by xlsx and csv)
# ---------------------------------------------------------------------------------------


@dataclass
class _Row:
    sheet: str
    number: int
    cells: dict[str, Any]  # header → raw value, blanks already dropped


@dataclass
class _Draft:
    row: _Row
    fields: dict[str, Any]
    key: tuple[str | None, str | None]
    elements: list[tuple[tuple[float, int], _Row, dict[str, Any]]] = field(default_factory=list)
    failed_elements: bool = False


def _header_errors(sheet: str, headers: Sequence[str], required: Iterable[str]) -> list[CellError]:
    errors = []
    seen: set[str] = set()
    for header in headers:
        if header and header in seen:
            errors.append(CellError(sheet, 1, header, f"列名重复：{header} (duplicate column)"))
        seen.add(header)
    for header in required:
        if header not in seen:
            errors.append(CellError(sheet, 1, header, f"缺少列：{header} (missing column)"))
    return errors


def _read_row(row: _Row, columns: dict[str, Column], errors: list[CellError]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(model fields, link/order values) of one row; cell problems go to `errors`."""
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for header, raw in row.cells.items():
        column = columns.get(header)
        if column is None:
            continue
        try:
            value = _read_cell(column, raw)
        except _CellProblem as problem:
            errors.append(CellError(row.sheet, row.number, header, str(problem)))
            continue
        if column.kind in ("link", "order"):
            extra[header] = value
        elif column.kind in ("enum_list", "text_list") and not value:
            continue
        else:
            fields[column.field] = value
    return fields, extra


def _build(item_rows: list[_Row], element_rows: list[_Row]) -> ParseResult:
    errors: list[CellError] = []
    drafts: list[_Draft] = []
    by_key: dict[tuple[str | None, str | None], _Draft] = {}
    by_name: dict[str | None, list[_Draft]] = {}
    # Names whose element rows did not link: their items' "no elements" would only repeat those
    # errors. A set, not a flag set on every same-named draft per row: that loop was rows × drafts.
    unlinked_names: set[str] = set()

    for row in item_rows:
        fields, _ = _read_row(row, _ITEM_BY_HEADER, errors)
        name = _as_text(row.cells.get("数据资源名称"))
        provider = _as_text(row.cells.get("提供部门编码"))
        draft = _Draft(row=row, fields=fields, key=(provider, name))
        if name is not None and draft.key in by_key:
            first = by_key[draft.key].row.number
            errors.append(CellError(
                row.sheet, row.number, "数据资源名称",
                f"目录名称重复：{name}（与第{first}行同一提供部门、同名）"
                "(duplicate item name for the same provider in this file)",
            ))
            continue
        drafts.append(draft)
        if name is not None:
            by_key[draft.key] = draft
            by_name.setdefault(name, []).append(draft)

    for row in element_rows:
        fields, extra = _read_row(row, _ELEMENT_BY_HEADER, errors)
        name = _as_text(row.cells.get("数据资源名称"))
        provider = _as_text(row.cells.get("提供部门编码"))
        if name is None:
            errors.append(CellError(row.sheet, row.number, "数据资源名称",
                                    "必填：所属目录的数据资源名称 (required: the item this element belongs to)"))
            continue
        if provider is not None:
            owner = by_key.get((provider, name))
            if owner is None:
                unlinked_names.add(name)
                errors.append(CellError(
                    row.sheet, row.number, "数据资源名称",
                    f"“目录”表中没有提供部门为 {provider}、名称为“{name}”的目录 (no such item in this file)",
                ))
                continue
        else:
            candidates = by_name.get(name, [])
            if not candidates:
                errors.append(CellError(
                    row.sheet, row.number, "数据资源名称",
                    f"“目录”表中没有名称为“{name}”的目录 (no item of this name in this file)",
                ))
                continue
            if len(candidates) > 1:
                unlinked_names.add(name)
                errors.append(CellError(
                    row.sheet, row.number, "提供部门编码",
                    f"文件中有多个名为“{name}”的目录，请填写提供部门编码 "
                    "(several items have this name; fill in the provider code)",
                ))
                continue
            owner = candidates[0]
        order = extra.get("序号")
        if order is not None and order < 1:
            errors.append(CellError(row.sheet, row.number, "序号", "序号应为正整数 (must be a positive integer)"))
        sort_key = (float(order) if order is not None else float("inf"), row.number)
        owner.elements.append((sort_key, row, fields))

    for draft in drafts:
        draft.failed_elements = draft.key[1] in unlinked_names
        for _, row, fields in draft.elements:
            source = fields.get("source_item_code")
            if source is not None and not _SOURCE.match(source):
                errors.append(CellError(
                    row.sheet, row.number, "权威来源",
                    f"“{source}”格式应为“部门编码/目录名称”，如 140500-GAJ/居民身份证信息 "
                    "(must be <department code>/<item name>)",
                ))

    items: list[CatalogItem] = []
    for draft in drafts:
        item = _validate(draft, errors)
        if item is not None:
            items.append(item)

    named = [(provider, name) for provider, name in by_key if provider and name and DEPARTMENT_CODE.match(provider)]
    scope_codes = sorted({code for draft in drafts for code in draft.fields.get("share_scope", ())
                          if DEPARTMENT_CODE.match(code)})
    if errors:
        return ParseResult(items=[], errors=_sorted_unique(errors), named=named, scope_codes=scope_codes)
    return ParseResult(items=items, errors=[], named=named, scope_codes=scope_codes)


def _validate(draft: _Draft, errors: list[CellError]) -> CatalogItem | None:
    draft.elements.sort(key=lambda entry: entry[0])
    rows = [row for _, row, _ in draft.elements]
    seen_orders: dict[float, int] = {}
    for (order, _), row, _ in draft.elements:
        if order != float("inf"):
            if order in seen_orders:
                errors.append(CellError(row.sheet, row.number, "序号",
                                        f"序号重复：与第{seen_orders[order]}行相同 (duplicate order number)"))
            seen_orders.setdefault(order, row.number)
    item_row = draft.row
    # A nameless row gets "必填" instead; one whose element rows did not link has those errors.
    if not draft.elements and draft.key[1] is not None and not draft.failed_elements:
        errors.append(CellError(
            item_row.sheet, item_row.number, "数据资源名称",
            "该目录没有数据项，请在“数据项”表中填写（第十条） (item has no data elements)",
        ))
    element_fields = [fields for _, _, fields in draft.elements]
    try:
        return CatalogItem.model_validate({**draft.fields, "elements": element_fields})
    except ValidationError as exc:
        # Every problem at once (第十一条): the cells' and every rule between cells, the rules on
        # elements included — checked in one linear pass by the model (models.rule_breaks).
        _report(exc, item_row, rows, errors)
        return None


def _report(exc: ValidationError, item_row: _Row, rows: list[_Row], errors: list[CellError]) -> None:
    """Every problem pydantic found, each at the row and column the clerk filled in."""
    for raw, problem in zip(exc.errors(), field_errors(exc, CatalogItem)):
        located = _locate(problem.field, item_row, rows)
        if located is None:
            continue  # "no elements", already reported in the clerk's words
        row, column, index = located
        errors.append(CellError(row.sheet, row.number, column.header if column else "",
                                _message(raw, problem.message, column, index)))


_ELEMENT_LOC = re.compile(r"^elements(?:\.(\d+)|\[(\d+)\])(?:\.(\w+))?")


def _locate(location: str, item_row: _Row, element_rows: list[_Row]) -> tuple[_Row, Column | None, int | None] | None:
    """Maps a field path (``elements[3].code``, ``shareScope[0]``; pydantic's dotted
    ``elements.3.code`` too) back to the row and column the clerk filled in; the int is a list
    position, if any."""
    match = _ELEMENT_LOC.match(location)
    if match:
        index = int(match.group(1) or match.group(2))
        name = match.group(3)
        row = element_rows[index] if index < len(element_rows) else item_row
        column = _ELEMENT_FIELDS.get(name or "") or _ELEMENT_BY_HEADER["数据项名称"]
        return row, column, None
    field = _ITEM_LOC.match(location)
    head, position = (field.group(1), field.group(2) or field.group(3)) if field else (location, None)
    if head == "elements":
        return None
    column = _ITEM_FIELDS.get(head)
    return item_row, column or _ITEM_BY_HEADER["数据资源名称"], int(position) if position else None


_ITEM_LOC = re.compile(r"^(\w+)(?:\[(\d+)\]|\.(\d+))?")


def _message(raw: dict, message: str, column: Column | None, index: int | None) -> str:
    """The clerk's message for one pydantic error: the column names the field, so the message
    is models.describe's, in Chinese with English beside, without the field's name."""
    text = describe(raw)
    if index is not None:
        value = raw.get("input")
        text = f"第{index + 1}个值“{value}”：{text}"
    return text


def _sorted_unique(errors: list[CellError]) -> list[CellError]:
    """One message per cell (a cell that could not be read is not also reported as missing),
    in the order a clerk fixes them: sheet, row, column as laid out."""
    sheet_order = {ITEM_SHEET: 0, ELEMENT_SHEET: 1}
    column_order = {c.header: i for i, c in enumerate(ITEM_COLUMNS)}
    column_order.update({c.header: 100 + i for i, c in enumerate(ELEMENT_COLUMNS) if c.header not in column_order})
    out: list[CellError] = []
    seen: set[tuple[str, int, str]] = set()
    for error in errors:  # first message for a cell wins: cell problems are recorded first
        key = (error.sheet, error.row, error.column)
        if key in seen and error.row:
            continue
        seen.add(key)
        out.append(error)
    return sorted(out, key=lambda e: (sheet_order.get(e.sheet, 2), e.row, column_order.get(e.column, 999), e.message))


def _rows_of(sheet: str, header: Sequence[Any], body: Iterable[tuple[int, Sequence[Any]]]) -> list[_Row]:
    headers = [_as_text(h) or "" for h in header]
    rows = []
    for number, values in body:
        cells = {}
        for h, value in zip(headers, values):
            if h and _as_text(value) is not None:
                cells[h] = restore(value.strip()) if isinstance(value, str) else value
        if cells:
            rows.append(_Row(sheet, number, cells))
    return rows


def _required_headers(sheet: str) -> list[str]:
    columns = ITEM_COLUMNS if sheet == ITEM_SHEET else ELEMENT_COLUMNS
    return [c.header for c in columns if c.header not in _OPTIONAL_HEADERS[sheet]]


# ---------------------------------------------------------------------------------------
# Limits: a file too large is refused whole, before its rows become items
# ---------------------------------------------------------------------------------------

# An .xlsx is a zip of XML: the template's workbooks unpack to 10–15 times their size. The
# unpacked content may be this many times the byte limit, which a file within the row limit
# never reaches (50,000 rows unpack to ~35 MB); a zip bomb (87 KB that unpack to gigabytes)
# is refused from the zip's directory, before anything is unpacked.
XLSX_EXPANSION = 10


@dataclass(frozen=True)
class ImportLimits:
    """How much one file may hold: data rows (both sheets, or the CSV's records; header and
    blank rows not counted) and bytes (an .xlsx's unpacked content: XLSX_EXPANSION × bytes)."""

    rows: int | None = None
    bytes: int | None = None


NO_LIMITS = ImportLimits()


class ImportTooLarge(DomainError):
    """A file over a limit (`unit` is "rows" or "bytes"); the edge answers 413 with the limit."""

    def __init__(self, message: str, limit: int, unit: str) -> None:
        super().__init__(message)
        self.limit = limit
        self.unit = unit


class _RowBudget:
    """Counts data rows as they are read, across sheets, and stops at the first row over the
    limit: a file of a million rows is refused without being read to its end."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.used = 0

    def take(self, rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
        for values in rows:
            if self.limit is not None and any(value is not None and value != "" for value in values):
                self.used += 1
                if self.used > self.limit:
                    raise ImportTooLarge(
                        f"文件超过导入行数上限 {self.limit} 行（不含表头和空行），请分成几个文件导入 "
                        f"(more than {self.limit} rows, the import limit: split the file)", self.limit, "rows")
            yield values


def _check_size(data: bytes, limits: ImportLimits) -> None:
    if limits.bytes is not None and len(data) > limits.bytes:
        raise ImportTooLarge(f"文件超过导入大小上限 {limits.bytes} 字节 (file larger than the import limit of "
                             f"{limits.bytes} bytes)", limits.bytes, "bytes")


def _check_unpacked(data: bytes, limits: ImportLimits) -> None:
    """Refuses a workbook whose zip directory declares more content than allowed (Python's
    zipfile never unpacks more than an entry declares)."""
    if limits.bytes is None:
        return
    try:
        declared = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip: openpyxl reports it in the clerk's words
    allowed = limits.bytes * XLSX_EXPANSION
    if declared > allowed:
        raise ImportTooLarge(
            f"xlsx 文件解压后超过 {allowed} 字节（导入大小上限 {limits.bytes} 字节的 {XLSX_EXPANSION} 倍） "
            f"(the workbook unpacks to more than {allowed} bytes, {XLSX_EXPANSION}× the import limit of {limits.bytes} bytes)",
            limits.bytes, "bytes")


# ---------------------------------------------------------------------------------------
# xlsx
# ---------------------------------------------------------------------------------------


def parse_xlsx(data: bytes, limits: ImportLimits = NO_LIMITS) -> ParseResult:
    """Items from a filled-in template (.xlsx); all of them, or none and every error found.
    Raises ImportTooLarge for a file over `limits`."""
    from openpyxl import load_workbook

    _check_size(data, limits)
    _check_unpacked(data, limits)
    budget = _RowBudget(limits.rows)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        return ParseResult(errors=[CellError("", 0, "", f"无法读取 xlsx 文件，请用模板另存为 .xlsx ({type(exc).__name__}: not a readable .xlsx workbook)")])
    try:
        errors: list[CellError] = []
        tables: dict[str, list[_Row]] = {}
        for sheet in (ITEM_SHEET, ELEMENT_SHEET):
            if sheet not in workbook.sheetnames:
                errors.append(CellError(sheet, 0, "", f"缺少工作表“{sheet}” (missing sheet)"))
                continue
            rows = workbook[sheet].iter_rows(values_only=True)
            header = next(rows, ())
            header_errors = _header_errors(sheet, [_as_text(h) or "" for h in header], _required_headers(sheet))
            if header_errors:
                errors += header_errors
                continue
            tables[sheet] = _rows_of(sheet, header, enumerate(budget.take(rows), start=2))
    finally:
        workbook.close()
    if errors:
        return ParseResult(errors=errors)
    return _build(tables[ITEM_SHEET], tables[ELEMENT_SHEET])


# Cells a spreadsheet would run as a formula (OWASP, "CSV injection"); a tab or a carriage
# return may precede one, so they are neutralised too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """An exported cell: text that begins like a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """An imported cell: the quote `neutralise` added is taken off — only when what follows
    begins like a formula, so a clerk's own leading quote elsewhere stays."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _item_cells(item: CatalogItem) -> list[Any]:
    return [neutralise(_write_value(column, getattr(item, column.field))) for column in ITEM_COLUMNS]


def _element_cells(item: CatalogItem, order: int, element: DataElement) -> list[Any]:
    out = []
    for column in ELEMENT_COLUMNS:
        if column.header == "数据资源名称":
            out.append(item.name)
        elif column.header == "提供部门编码":
            out.append(item.provider_code)
        elif column.header == "序号":
            out.append(order)
        else:
            out.append(_write_value(column, getattr(element, column.field)))
    return [neutralise(value) for value in out]


def _write_value(column: Column, value: Any) -> Any:
    """The cell for a model value: labels for enums, ``；``-joined lists, 是/否, None for blank."""
    if value is None or value == "" or value == []:
        return None
    if column.kind == "enum":
        return value.label
    if column.kind == "enum_list":
        return LIST_SEPARATOR.join(member.label for member in value)
    if column.kind == "text_list":
        return LIST_SEPARATOR.join(value)
    if column.kind == "bool":
        return "是" if value else "否"
    return value


_FIXED_TIME = datetime(2024, 2, 22)  # the regulation's day: written into every file, so bytes are reproducible
_ZIP_TIME = (2024, 2, 22, 0, 0, 0)


class _ReproducibleZip(zipfile.ZipFile):
    """A ZipFile that stamps every entry with one fixed time, so equal content gives equal bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # type: ignore[override]
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # type: ignore[override]
        # openpyxl writes worksheets through a temporary file; keep its bytes, not its mtime.
        with open(filename, "rb") as source:
            self.writestr(arcname or filename, source.read(), compress_type, compresslevel)


def write_xlsx(
    items: Sequence[CatalogItem],
    *,
    example_rows: bool = False,
    title: str = "晋城市政务数据资源目录",
) -> bytes:
    """The template filled with `items`: sheets 目录, 数据项 and 说明 (explanations, allowed values).

    Deterministic: the same items give the same bytes. ``example_rows`` greys the item and
    element rows and says in 说明 that they are examples to delete (the shipped template).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.properties.creator = "mulu"
    workbook.properties.title = title
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="2F5597")
    required_fill = PatternFill("solid", fgColor="C00000")
    example_font = Font(italic=True, color="7F7F7F")

    def sheet(ws, columns: Sequence[Column], rows: Iterable[list[Any]]) -> None:
        ws.append([c.header for c in columns])
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index)
            cell.font = header_font
            cell.fill = required_fill if column.required else header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
            ws.column_dimensions[get_column_letter(index)].width = column.width
        for number, values in enumerate(rows, start=2):
            for index, value in enumerate(values, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=number, column=index, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula (and neutralised: see neutralise)
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                if example_rows:
                    cell.font = example_font
        ws.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            choices = (
                [m.label for m in column.enum] if column.kind == "enum" and column.enum
                else ["是", "否"] if column.kind == "bool" else None
            )
            if choices:
                letter = get_column_letter(index)
                validation = DataValidation(
                    type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                    errorStyle="warning", showErrorMessage=True,
                    errorTitle=column.header, error=f"可选：{'、'.join(choices)}（也可填英文名称）",
                )
                validation.add(f"{letter}2:{letter}1048576")
                ws.add_data_validation(validation)

    items_ws = workbook.active
    items_ws.title = ITEM_SHEET
    sheet(items_ws, ITEM_COLUMNS, (_item_cells(item) for item in items))
    elements_ws = workbook.create_sheet(ELEMENT_SHEET)
    sheet(elements_ws, ELEMENT_COLUMNS, (
        _element_cells(item, order, element)
        for item in items
        for order, element in enumerate(item.elements, start=1)
    ))
    _write_readme(workbook.create_sheet(README_SHEET), example_rows, title)

    buffer = io.BytesIO()
    ExcelWriter(workbook, _ReproducibleZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return buffer.getvalue()


def readme_rows(example_rows: bool = False, title: str = "晋城市政务数据资源目录") -> list[list[str]]:
    """The 说明 sheet: how to fill in the template and every column with its allowed values."""
    rows = [
        [f"{title} — 目录导入模板说明"],
        ["1. “目录”表每行一个目录条目（第九条），“数据项”表每行一个数据项（第十条），以“数据资源名称”关联；表头在第1行，不要修改列名。"],
        ["2. 红色表头为必填列。取值列可填中文名称或英文名称；多个值用“；”分隔。“仅供比对”“不予提供”填“是”或“否”。"],
        ["3. 同一提供部门的目录名称不得重复；文件中有两个部门同名目录时，“数据项”表须填写“提供部门编码”。"],
        ["4. 导入为草稿：任何一行有误，整个文件都不导入，并逐行列出错误所在的表、行、列和原因；同一文件重复导入不会产生重复目录。"],
        ["5. CSV 格式：一个文件，第一列“记录类型”填“目录”或“数据项”，其余列为两表列名的合集。"],
    ]
    if example_rows:
        rows.append(["6. 灰色斜体的行是示例，均属于同一个提供部门，该部门的数据管理员可原样导入试用；填写本部门目录前请删除。"])
    rows += [[], ["工作表", "列名", "必填", "说明", "可选值（中文名称 / 英文名称）"]]
    for sheet_name, columns in ((ITEM_SHEET, ITEM_COLUMNS), (ELEMENT_SHEET, ELEMENT_COLUMNS)):
        for column in columns:
            allowed = ""
            if column.enum is not None:
                allowed = "；".join(f"{m.label} / {m.value}" for m in column.enum)
            elif column.kind == "bool":
                allowed = "是；否"
            elif column.field == "format_detail":
                allowed = "；".join(
                    f"{fmt.label}：{'、'.join(details)}" for fmt, details in FORMAT_DETAILS.items()
                )
            rows.append([sheet_name, column.header, "是" if column.required else "", column.help, allowed])
    return rows


def _write_readme(ws, example_rows: bool, title: str) -> None:
    from openpyxl.styles import Alignment, Font

    for row in readme_rows(example_rows, title):
        ws.append(row)
    ws["A1"].font = Font(bold=True, size=14)
    header_row = next(i for i, row in enumerate(ws.iter_rows(values_only=True), start=1) if row[0] == "工作表")
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (10, 16, 6, 60, 80)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------------------------------
# csv
# ---------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def parse_csv(data: bytes, limits: ImportLimits = NO_LIMITS) -> ParseResult:
    """Items from a one-file CSV with a 记录类型 column (目录 / 数据项); all, or none and every error.
    Raises ImportTooLarge for a file over `limits`."""
    _check_size(data, limits)
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        return ParseResult(errors=[CellError(CSV_SHEET, 0, "", "无法识别文件编码，请保存为 UTF-8 或 GBK 的 CSV (unknown text encoding)")])
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        first = next(reader, None)
        records = [] if first is None else [first, *_RowBudget(limits.rows).take(reader)]
    except csv.Error as exc:
        return ParseResult(errors=[CellError(CSV_SHEET, 0, "", f"CSV 格式错误 (malformed CSV: {exc})")])
    if not records:
        return ParseResult(errors=[CellError(CSV_SHEET, 0, "", "文件为空 (empty file)")])
    header = [h.strip() for h in records[0]]
    required = [RECORD_TYPE, *_required_headers(ITEM_SHEET),
                *(h for h in _required_headers(ELEMENT_SHEET) if h not in _ITEM_BY_HEADER)]
    errors = _header_errors(CSV_SHEET, header, required)
    if errors:
        return ParseResult(errors=errors)
    kind_at = header.index(RECORD_TYPE)
    item_body: list[tuple[int, list[str]]] = []
    element_body: list[tuple[int, list[str]]] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        kind = record[kind_at].strip() if kind_at < len(record) else ""
        if kind == ITEM_SHEET:
            item_body.append((number, record))
        elif kind == ELEMENT_SHEET:
            element_body.append((number, record))
        else:
            errors.append(CellError(CSV_SHEET, number, RECORD_TYPE,
                                    f"记录类型应为“目录”或“数据项”，而不是“{kind}” (record type must be 目录 or 数据项)"))
    if errors:
        return ParseResult(errors=errors)
    return _build(_rows_of(ITEM_SHEET, header, item_body), _rows_of(ELEMENT_SHEET, header, element_body))


def write_csv(items: Sequence[CatalogItem]) -> bytes:
    """The items as one UTF-8 CSV (with BOM): each 目录 row followed by its 数据项 rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    position = {header: i for i, header in enumerate(CSV_HEADERS)}

    def record(kind: str, columns: Sequence[Column], values: list[Any]) -> list[str]:
        out = [""] * len(CSV_HEADERS)
        out[0] = kind
        for column, value in zip(columns, values):
            out[position[column.header]] = _csv_text(value)
        return out

    for item in items:
        writer.writerow(record(ITEM_SHEET, ITEM_COLUMNS, _item_cells(item)))
        for order, element in enumerate(item.elements, start=1):
            writer.writerow(record(ELEMENT_SHEET, ELEMENT_COLUMNS, _element_cells(item, order, element)))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------------------

PARSERS: dict[str, Callable[[bytes, ImportLimits], ParseResult]] = {".xlsx": parse_xlsx, ".csv": parse_csv}
WRITERS: dict[str, Callable[[Sequence[CatalogItem]], bytes]] = {".xlsx": write_xlsx, ".csv": write_csv}
MEDIA_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
}


def parse(filename: str, data: bytes, limits: ImportLimits = NO_LIMITS) -> ParseResult:
    """Parses by the file's extension (.xlsx or .csv); anything else is one file-level error.
    Linear in the rows; raises ImportTooLarge for a file over `limits` (rows, bytes)."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    parser = PARSERS.get(suffix)
    if parser is None:
        return ParseResult(errors=[CellError("", 0, "", f"不支持的文件类型“{suffix or filename}”，请上传 .xlsx 或 .csv (use .xlsx or .csv)")])
    return parser(data, limits)
