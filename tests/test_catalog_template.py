"""The catalog template (server/domain/catalog_template.py) and the DCAT export (server/domain/dcat.py).

Pure functions, no database: a round trip of the whole demo catalog through .xlsx and .csv is
lossless; a file with bad rows reports every one of them (sheet, row as Excel shows it, column,
reason in Chinese) and yields no items; the shipped template is valid and up to date.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from datetime import date, datetime, timezone

import pytest
from openpyxl import Workbook, load_workbook

from seed import demo
from seed.load import Reference
from server.domain.coding import catalog_code
from server.domain.records.lifecycle import ExportedItem
from server.services.catalog_io import _dcat_entry
from seed.templates import make_template
from server.domain import catalog_template as ct
from server.domain.dcat import FREQUENCY, dcat_catalog
from server.domain.models import CatalogItem
from server.domain.values import ItemStatus, ShareType, UpdateCycle

CJK = re.compile(r"[\u4e00-\u9fff]")
ITEM_HEADERS = [c.header for c in ct.ITEM_COLUMNS]
ELEMENT_HEADERS = [c.header for c in ct.ELEMENT_COLUMNS]


@pytest.fixture(scope="module")
def items() -> list[CatalogItem]:
    return demo.demo_items()


@pytest.fixture(scope="module")
def xlsx_bytes(items: list[CatalogItem]) -> bytes:
    return ct.write_xlsx(items)


def _workbook(item_rows: list[list], element_rows: list[list]) -> bytes:
    """A hand-filled template, as a clerk's spreadsheet would be."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ct.ITEM_SHEET
    sheet.append(ITEM_HEADERS)
    for row in item_rows:
        sheet.append(row)
    elements = workbook.create_sheet(ct.ELEMENT_SHEET)
    elements.append(ELEMENT_HEADERS)
    for row in element_rows:
        elements.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _item_row(name: str, **cells) -> list:
    """A good 目录 row (by header), with `cells` overriding columns (keys are headers)."""
    base = {
        "数据资源名称": name,
        "摘要": f"{name}的登记记录。",
        "提供部门编码": "140500-SCJGJ",
        "存储层级": "市级",
        "分类": "部门信息资源",
        "分级": "一般数据",
        "数据格式": "数据库",
        "具体格式": "mysql",
        "共享属性": "无条件共享",
        "共享方式": "数据库表（前置库）；服务接口（API）",
        "开放属性": "不予开放",
        "开放方式": "不开放",
        "更新周期": "每月",
        "发布日期": datetime(2025, 4, 1),
        "主题编码": "T08-01",
    }
    base.update(cells)
    return [base.get(header) for header in ITEM_HEADERS]


def _element_row(item: str, order: int | None, name: str, code: str, **cells) -> list:
    base = {"数据资源名称": item, "序号": order, "数据项名称": name, "数据项编码": code,
            "数据类型": "字符型", "长度": 50}
    base.update(cells)
    return [base.get(header) for header in ELEMENT_HEADERS]


def _cells(errors: list[ct.CellError]) -> set[tuple[str, int, str]]:
    return {(e.sheet, e.row, e.column) for e in errors}


# ---------------------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------------------


def test_xlsx_round_trip_of_the_demo_catalog_is_lossless(items: list[CatalogItem], xlsx_bytes: bytes) -> None:
    result = ct.parse_xlsx(xlsx_bytes)
    assert result.errors == []
    assert len(result.items) == 366
    assert result.items == items


def test_csv_round_trip_of_the_demo_catalog_is_lossless(items: list[CatalogItem]) -> None:
    data = ct.write_csv(items)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    result = ct.parse_csv(data)
    assert result.errors == []
    assert result.items == items


def test_writing_is_deterministic_and_parsing_twice_gives_the_same(items: list[CatalogItem], xlsx_bytes: bytes) -> None:
    assert ct.write_xlsx(items) == xlsx_bytes
    assert ct.write_csv(items) == ct.write_csv(items)
    small = ct.write_xlsx(items[:20])
    assert ct.parse_xlsx(small).items == ct.parse_xlsx(small).items == items[:20]


def test_the_export_writes_chinese_labels_and_real_dates(items: list[CatalogItem], xlsx_bytes: bytes) -> None:
    workbook = load_workbook(io.BytesIO(xlsx_bytes))
    assert workbook.sheetnames == [ct.ITEM_SHEET, ct.ELEMENT_SHEET, ct.README_SHEET]
    sheet = workbook[ct.ITEM_SHEET]
    header = [cell.value for cell in sheet[1]]
    assert header == ITEM_HEADERS
    first = dict(zip(header, (cell.value for cell in sheet[2])))
    item = items[0]
    assert first["共享属性"] == item.share_type.label == "有条件共享"
    assert first["共享方式"] == "；".join(mode.label for mode in item.share_modes)
    assert first["共享范围"] == "；".join(item.share_scope)
    assert isinstance(first["发布日期"], datetime) and first["发布日期"].date() == item.published_on
    elements = workbook[ct.ELEMENT_SHEET]
    row = dict(zip([c.value for c in elements[1]], (c.value for c in elements[2])))
    assert row["数据资源名称"] == item.name and row["提供部门编码"] == item.provider_code and row["序号"] == 1
    assert row["数据类型"] == "字符型" and row["敏感属性"] == "敏感" and row["仅供比对"] == "否"


def test_elements_follow_their_order_numbers_not_the_row_order(items: list[CatalogItem]) -> None:
    chosen = items[:5]
    workbook = load_workbook(io.BytesIO(ct.write_xlsx(chosen)))
    sheet = workbook[ct.ELEMENT_SHEET]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    random.Random(7).shuffle(rows)
    data = _workbook(
        [[c.value for c in row] for row in workbook[ct.ITEM_SHEET].iter_rows(min_row=2)], rows,
    )
    assert ct.parse_xlsx(data).items == chosen


# ---------------------------------------------------------------------------------------
# Labels and names
# ---------------------------------------------------------------------------------------


def test_chinese_labels_and_english_names_are_both_accepted() -> None:
    by_label = _workbook(
        [_item_row("食品经营许可信息", **{"共享属性": "有条件共享", "共享条件": "依法履职使用",
                                     "共享范围": "140500-GAJ;140500-SWJ", "开放属性": "有条件开放",
                                     "开放方式": "在线查询"})],
        [_element_row("食品经营许可信息", 1, "许可证编号", "XKZBH"),
         _element_row("食品经营许可信息", 2, "法定代表人姓名", "FDDBRXM", **{"敏感属性": "敏感", "脱敏规则": "姓名脱敏（保留姓）", "仅供比对": "是"})],
    )
    by_name = _workbook(
        [_item_row("食品经营许可信息", **{
            "存储层级": "CITY", "分类": "DEPARTMENTAL", "分级": "GENERAL", "数据格式": "DATABASE",
            "共享属性": "CONDITIONAL", "共享条件": "依法履职使用", "共享范围": "140500-GAJ；140500-SWJ",
            "共享方式": "DATABASE_TABLE;API", "开放属性": "CONDITIONAL", "开放方式": "ONLINE_VIEW",
            "更新周期": "MONTHLY", "发布日期": "2025-04-01"})],
        [_element_row("食品经营许可信息", 1, "许可证编号", "XKZBH", **{"数据类型": "STRING"}),
         _element_row("食品经营许可信息", 2, "法定代表人姓名", "FDDBRXM", **{
             "数据类型": "STRING", "敏感属性": "SENSITIVE", "脱敏规则": "NAME", "仅供比对": True})],
    )
    # What clerks also type: half-width brackets, the label without its bracket, a lower-case
    # name, a text date with slashes, 'Y' for 是.
    loose = _workbook(
        [_item_row("食品经营许可信息", **{
            "共享属性": "有条件共享", "共享条件": "依法履职使用", "共享范围": "140500-GAJ、140500-SWJ",
            "共享方式": "数据库表(前置库)，api", "开放属性": "有条件开放", "开放方式": "在线查询",
            "发布日期": "2025/4/1"})],
        [_element_row("食品经营许可信息", 1.0, "许可证编号", "XKZBH"),
         _element_row("食品经营许可信息", "2", "法定代表人姓名", "FDDBRXM", **{
             "敏感属性": "敏感", "脱敏规则": "姓名脱敏", "仅供比对": "Y"})],
    )
    results = [ct.parse_xlsx(data) for data in (by_label, by_name, loose)]
    for result in results:
        assert result.errors == []
    assert results[0].items == results[1].items == results[2].items
    item = results[0].items[0]
    assert item.share_type is ShareType.CONDITIONAL
    assert item.share_scope == ["140500-GAJ", "140500-SWJ"]
    assert item.published_on == date(2025, 4, 1)
    assert item.elements[1].verify_only is True


# ---------------------------------------------------------------------------------------
# Bad rows
# ---------------------------------------------------------------------------------------


def _mixed_file() -> tuple[list[list], list[list], set[tuple[str, int, str]]]:
    """Good and bad rows mixed; returns the rows and the cells that must be reported."""
    items = [
        _item_row("企业年报信息"),                                                   # 2 good
        _item_row("个体工商户登记信息", **{"共享属性": "有时共享"}),                   # 3 bad enum
        _item_row("特种设备登记信息", **{"提供部门编码": "SCJGJ"}),                     # 4 bad code
        _item_row("广告经营许可信息", **{"共享属性": "不予共享"}),                      # 5 no legal basis
        _item_row("企业年报信息"),                                                   # 6 duplicate name
        _item_row("商标质押信息"),                                                   # 7 no elements
        _item_row("计量器具检定信息", **{"发布日期": "下个月", "更新周期": "其他"}),       # 8 bad date, no note
        _item_row("", **{"摘要": "没有名字的目录"}),                                   # 9 name missing
        _item_row("抽查检查结果信息", **{"共享方式": None}),                           # 10 no share mode
        _item_row("认证机构信息"),                                                   # 11 good
    ]
    elements = [
        _element_row("企业年报信息", 1, "统一社会信用代码", "TYSHXYDM"),                # 2 good
        _element_row("企业年报信息", 2, "年报年度", "NBND", **{"数据类型": "年份型"}),   # 3 bad enum
        _element_row("个体工商户登记信息", 1, "经营者姓名", "JYZXM"),                   # 4 good (item bad)
        _element_row("特种设备登记信息", 1, "设备代码", "1SBDM"),                       # 5 bad element code
        _element_row("广告经营许可信息", 1, "许可证号", "XKZH"),                        # 6 good
        _element_row("不存在的目录", 1, "字段", "ZD"),                                  # 7 no such item
        _element_row("计量器具检定信息", 1, "器具名称", "QJMC", **{"长度": "五十"}),     # 8 bad length
        _element_row("计量器具检定信息", 2, "检定日期", "JDRQ", **{"仅供比对": "也许"}), # 9 bad bool
        _element_row("抽查检查结果信息", 1, "检查结果", "JCJG"),                        # 10 good
        _element_row("认证机构信息", 1, "机构名称", "JGMC"),                            # 11 good
        _element_row("认证机构信息", 2, "机构名称", "JGMC2"),                           # 12 duplicate name
        _element_row("认证机构信息", 3, "批准文号", "PZWH", **{"不予提供": "是"}),       # 13 withheld, not CONDITIONAL
        _element_row("认证机构信息", 4, "证书编号", "ZSBH", **{"权威来源": "市场监管局"}),  # 14 bad source
        _element_row("认证机构信息", 4, "有效期", "YXQ"),                               # 15 duplicate 序号
    ]
    expected = {
        (ct.ITEM_SHEET, 3, "共享属性"),
        (ct.ITEM_SHEET, 4, "提供部门编码"),
        (ct.ITEM_SHEET, 5, "不予共享依据"),
        (ct.ITEM_SHEET, 6, "数据资源名称"),
        (ct.ITEM_SHEET, 7, "数据资源名称"),
        (ct.ITEM_SHEET, 8, "发布日期"),
        (ct.ITEM_SHEET, 9, "数据资源名称"),
        (ct.ITEM_SHEET, 10, "共享方式"),
        (ct.ELEMENT_SHEET, 3, "数据类型"),
        (ct.ELEMENT_SHEET, 5, "数据项编码"),
        (ct.ELEMENT_SHEET, 7, "数据资源名称"),
        (ct.ELEMENT_SHEET, 8, "长度"),
        (ct.ELEMENT_SHEET, 9, "仅供比对"),
        (ct.ELEMENT_SHEET, 12, "数据项名称"),
        (ct.ELEMENT_SHEET, 14, "权威来源"),
        (ct.ELEMENT_SHEET, 15, "序号"),
    }
    return items, elements, expected


def test_every_bad_row_is_reported_with_sheet_row_column_and_reason_and_nothing_is_applied() -> None:
    item_rows, element_rows, expected = _mixed_file()
    result = ct.parse_xlsx(_workbook(item_rows, element_rows))
    assert result.items == []
    assert not result.ok
    assert expected <= _cells(result.errors), sorted(expected - _cells(result.errors))
    for error in result.errors:
        assert CJK.search(error.message), error
        assert re.search(r"\([A-Za-z][^)]*\)", error.message), error  # English beside
    # Rows that were good are not reported.
    good = {(ct.ITEM_SHEET, 2), (ct.ITEM_SHEET, 11), (ct.ELEMENT_SHEET, 2), (ct.ELEMENT_SHEET, 4),
            (ct.ELEMENT_SHEET, 6), (ct.ELEMENT_SHEET, 10), (ct.ELEMENT_SHEET, 11)}
    assert not {(e.sheet, e.row) for e in result.errors} & good
    messages = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert "有时共享" in messages[(ct.ITEM_SHEET, 3, "共享属性")]
    assert "无条件共享" in messages[(ct.ITEM_SHEET, 3, "共享属性")]  # lists the allowed values
    assert "重复" in messages[(ct.ITEM_SHEET, 6, "数据资源名称")] and "第2行" in messages[(ct.ITEM_SHEET, 6, "数据资源名称")]
    assert "没有数据项" in messages[(ct.ITEM_SHEET, 7, "数据资源名称")]
    assert "不存在的目录" in messages[(ct.ELEMENT_SHEET, 7, "数据资源名称")]
    assert "法律" in messages[(ct.ITEM_SHEET, 5, "不予共享依据")]
    assert "必填" in messages[(ct.ITEM_SHEET, 9, "数据资源名称")]
    # The errors come sorted the way a clerk works through them.
    assert result.errors == sorted(result.errors, key=lambda e: (e.sheet != ct.ITEM_SHEET, e.row, ITEM_HEADERS.index(e.column) if e.column in ITEM_HEADERS else 99 + ELEMENT_HEADERS.index(e.column)))
    assert str(result.errors[0]).startswith("目录 第3行「共享属性」：")


def test_a_cross_field_rule_on_an_element_points_at_that_element_row() -> None:
    data = _workbook(
        [_item_row("企业年报信息")],
        [_element_row("企业年报信息", 1, "统一社会信用代码", "TYSHXYDM"),
         _element_row("企业年报信息", 2, "企业名称", "QYMC", **{"不予提供": "是"})],
    )
    result = ct.parse_xlsx(data)
    assert _cells(result.errors) == {(ct.ELEMENT_SHEET, 3, "不予提供")}
    assert "有条件共享" in result.errors[0].message


def test_bad_rows_in_a_csv_are_reported_the_same_way() -> None:
    item_rows, element_rows, expected = _mixed_file()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = list(ct.CSV_HEADERS)
    writer.writerow(header)
    # CSV rows: all 目录 rows first, then all 数据项 rows, so row numbers shift predictably.
    for row in item_rows:
        cells = dict(zip(ITEM_HEADERS, row))
        writer.writerow(["目录", *(_csv(cells.get(h)) for h in header[1:])])
    for row in element_rows:
        cells = dict(zip(ELEMENT_HEADERS, row))
        writer.writerow(["数据项", *(_csv(cells.get(h)) for h in header[1:])])
    writer.writerow(["备注", "这一行的记录类型不对"])
    result = ct.parse_csv(buffer.getvalue().encode("utf-8"))
    assert result.items == []
    assert _cells(result.errors) == {(ct.CSV_SHEET, 2 + len(item_rows) + len(element_rows), ct.RECORD_TYPE)}
    # Without the bad record type, every bad row is reported with its row in the file.
    lines = buffer.getvalue().splitlines()[:-1]
    result = ct.parse_csv("\n".join(lines).encode("gb18030"))  # as Excel on a Chinese Windows saves it
    offset = len(item_rows)
    shifted = {(sheet, row if sheet == ct.ITEM_SHEET else row + offset, column) for sheet, row, column in expected}
    assert result.items == []
    assert shifted <= _cells(result.errors), sorted(shifted - _cells(result.errors))


def _csv(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def test_whole_city_export_needs_the_provider_code_to_tell_same_named_items_apart(items: list[CatalogItem]) -> None:
    same_name = [item for item in items if item.name == "政务数据资源目录汇总信息"]
    assert len(same_name) > 1
    workbook = load_workbook(io.BytesIO(ct.write_xlsx(same_name)))
    assert ct.parse_xlsx(ct.write_xlsx(same_name)).items == same_name
    for row in workbook[ct.ELEMENT_SHEET].iter_rows(min_row=2):
        row[1].value = None  # 提供部门编码 cleared
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = ct.parse_xlsx(buffer.getvalue())
    assert result.items == []
    assert {e.column for e in result.errors} == {"提供部门编码"}
    assert "多个" in result.errors[0].message


def test_broken_files_give_errors_not_exceptions() -> None:
    assert ct.parse_xlsx(b"not a workbook").errors[0].row == 0
    assert ct.parse_csv(b"").errors
    assert ct.parse("catalog.pdf", b"%PDF").errors
    # A missing column and a missing sheet.
    workbook = Workbook()
    workbook.active.title = ct.ITEM_SHEET
    workbook.active.append([h for h in ITEM_HEADERS if h != "共享属性"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    errors = ct.parse_xlsx(buffer.getvalue()).errors
    assert (ct.ITEM_SHEET, 1, "共享属性") in _cells(errors)
    assert (ct.ELEMENT_SHEET, 0, "") in _cells(errors)


# ---------------------------------------------------------------------------------------
# The shipped template
# ---------------------------------------------------------------------------------------


def test_the_shipped_template_parses_and_its_examples_are_valid() -> None:
    data = make_template.TEMPLATE_PATH.read_bytes()
    result = ct.parse_xlsx(data)
    assert result.errors == []
    assert [(i.provider_code, i.name) for i in result.items] == list(make_template.EXAMPLES)
    assert {i.share_type for i in result.items} == {ShareType.UNCONDITIONAL, ShareType.CONDITIONAL}
    workbook = load_workbook(io.BytesIO(data))
    readme = [row[1] for row in workbook[ct.README_SHEET].iter_rows(values_only=True)]
    for header in ITEM_HEADERS + ELEMENT_HEADERS:
        assert header in readme  # every column is explained
    allowed = " ".join(str(row[4]) for row in workbook[ct.README_SHEET].iter_rows(values_only=True))
    for cycle in UpdateCycle:
        assert cycle.label in allowed and cycle.value in allowed


def test_the_shipped_template_is_what_the_script_makes() -> None:
    assert make_template.TEMPLATE_PATH.read_bytes() == make_template.build(), (
        "seed/templates/目录导入模板.xlsx is out of date: run python -m seed.templates.make_template"
    )
    assert make_template.CSV_TEMPLATE_PATH.read_bytes() == make_template.build_csv(), (
        "seed/templates/目录导入模板.csv is not in the template's written form: run python -m seed.templates.make_template"
    )


def test_the_shipped_templates_examples_are_one_departments_new_items() -> None:
    """Issue 12 point 10: the examples belong to one demo department, so its data officer can import
    the template as it is; they are not in the demo catalog (there they are published, and an
    import over a published item is refused). The two forms hold the same items."""
    xlsx = ct.parse_xlsx(make_template.TEMPLATE_PATH.read_bytes())
    csv_form = ct.parse_csv(make_template.CSV_TEMPLATE_PATH.read_bytes())
    assert xlsx.ok and csv_form.ok and xlsx.items == csv_form.items
    assert {item.provider_code for item in xlsx.items} == {make_template.EXAMPLE_DEPARTMENT}
    assert make_template.EXAMPLE_DEPARTMENT in {department.code for department in demo.demo_departments()}
    demo_keys = {(item.provider_code, item.name) for item in demo.demo_items()}
    assert not demo_keys & set(make_template.EXAMPLES)
    # What the examples show: a share scope, masking, verification only, a withheld element, 一数一源.
    conditional = next(item for item in xlsx.items if item.share_type is ShareType.CONDITIONAL)
    assert conditional.share_scope and any(e.source_item_code for e in conditional.elements)
    assert any(e.verify_only for e in conditional.elements) and any(e.withheld for e in conditional.elements)


# ---------------------------------------------------------------------------------------
# DCAT
# ---------------------------------------------------------------------------------------


def _stored_rows(items: list[CatalogItem]) -> list[dict]:
    """Items as the export hands them to DCAT (services/catalog_io.py): published, coded, with the provider's name."""
    reference = Reference.of(demo.demo_regions(), demo.demo_departments(), demo.demo_themes(), demo.demo_databases())
    rows, sequences = [], {}
    for item in items:
        key = (item.provider_code, item.category)
        sequences[key] = sequences.get(key, 0) + 1
        exported = ExportedItem(
            id=f"id-{len(rows)}", code=catalog_code(item.provider_code, item.category, sequences[key]),
            status=ItemStatus.PUBLISHED, updated_at=datetime(2025, 6, 1, 1, 0, tzinfo=timezone.utc),
            provider_name=reference.departments[item.provider_code].name, item=item,
        )
        rows.append(_dcat_entry(exported))
    return rows


def _prefixes(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if ":" in key and not key.startswith("@"):
                found.add(key.split(":", 1)[0])
            if key == "@type" and ":" in value:
                found.add(value.split(":", 1)[0])
            _prefixes(value, found)
    elif isinstance(node, list):
        for value in node:
            _prefixes(value, found)
    return found


def test_dcat_catalog_has_one_dataset_per_published_item(items: list[CatalogItem]) -> None:
    rows = _stored_rows(items)
    rows.append({**rows[0], "id": "draft-1", "code": None, "status": "DRAFT"})
    document = dcat_catalog(rows, "https://data.jcs.gov.cn/mulu/")
    text = json.dumps(document, ensure_ascii=False)
    assert json.loads(text) == document
    context = document["@context"]
    assert {"dcat", "dct", "foaf", "vcard"} <= context.keys()
    assert _prefixes(document, set()) <= context.keys()  # every prefix used is declared
    assert document["@type"] == "dcat:Catalog"
    datasets = document["dcat:dataset"]
    assert len(datasets) == len(items) == 366
    assert len({d["@id"] for d in datasets}) == 366
    for dataset, row, item in zip(datasets, rows, items):
        for key in ("dct:title", "dct:description", "dct:identifier", "dct:publisher", "dct:issued",
                    "dct:modified", "dct:accrualPeriodicity", "dct:accessRights", "dcat:distribution",
                    "dct:conformsTo"):
            assert key in dataset, (key, item.name)
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:identifier"] == row["code"]
        assert dataset["dct:title"]["@value"] == item.name
        assert dataset["dct:publisher"]["dct:identifier"] == item.provider_code
        assert dataset["dct:issued"]["@value"] == item.published_on.isoformat()
        assert dataset["dct:accrualPeriodicity"]["@id"] == FREQUENCY[item.update_cycle]
        assert dataset["dct:accrualPeriodicity"]["@id"].startswith("http://purl.org/cld/freq/")
        assert len(dataset["dcat:distribution"]) == len(item.share_modes)
        assert all(d["dct:format"] for d in dataset["dcat:distribution"])
        elements = dataset["dct:conformsTo"]["mulu:element"]
        assert [e["dct:identifier"] for e in elements] == [e.code for e in item.elements]
        assert len(dataset.get("dcat:theme", [])) == len(item.theme_codes)
    first = datasets[0]
    assert first["dct:accessRights"]["rdfs:label"]["@value"] == "有条件共享"
    assert items[0].format_detail == "oracle"  # a database engine has a format but no media type
    assert [d["dct:format"] for d in first["dcat:distribution"]] == ["oracle"] * len(items[0].share_modes)
    assert all("dcat:mediaType" not in d for d in first["dcat:distribution"])
    xlsx_items = [d for d, i in zip(datasets, items) if i.format_detail == "xlsx"]
    assert xlsx_items and all(
        d["dcat:distribution"][0]["dcat:mediaType"]["@id"].endswith("spreadsheetml.sheet") for d in xlsx_items
    )
