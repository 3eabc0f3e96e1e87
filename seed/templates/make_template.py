"""Builds the shipped catalog template, ``seed/templates/目录导入模板.xlsx``, from its CSV form.

    python -m seed.templates.make_template          # rewrite the .xlsx (and the .csv in its written form)
    python -m seed.templates.make_template --check  # exit 1 if either file is out of date

The template ships in both forms a department hands in: ``目录导入模板.csv`` (the CSV form, and
the source of the examples) and ``目录导入模板.xlsx`` (``server.domain.catalog_template.write_xlsx``
of the same items, the example rows greyed out, with the 说明 sheet). The examples are two
items of one demo department, 晋城市医疗保障局 (140500-YBJ) — one 无条件共享 and open, one
有条件共享 with a share scope, masking rules, an element only for verification, a withheld
element and a 一数一源 link — that are not in the demo catalog: that department's data officer
imports either file as it is, and every row is accepted as a draft (tests/test_validation_findings.py).
Examples of two departments were refused to every officer (one of them was always another
department's), and examples taken from the demo catalog were refused as already published.

Writing is deterministic, so running this again gives the same bytes, and a test checks that
the committed files are what this script makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from server.domain.catalog_template import parse_csv, write_csv, write_xlsx  # noqa: E402
from server.domain.models import CatalogItem  # noqa: E402

TEMPLATE_PATH = Path(__file__).with_name("目录导入模板.xlsx")
CSV_TEMPLATE_PATH = Path(__file__).with_name("目录导入模板.csv")
EXAMPLE_DEPARTMENT = "140500-YBJ"  # 晋城市医疗保障局, a department of the demo catalog
# (provider code, item name) of the examples, in the files' order.
EXAMPLES = (
    (EXAMPLE_DEPARTMENT, "医保经办服务网点信息"),
    (EXAMPLE_DEPARTMENT, "长期护理保险待遇享受信息"),
)


def example_items() -> list[CatalogItem]:
    """The examples, as the CSV template holds them; raises when it does not parse or holds others."""
    parsed = parse_csv(CSV_TEMPLATE_PATH.read_bytes())
    if not parsed.ok:
        raise ValueError(f"{CSV_TEMPLATE_PATH.name}: " + "; ".join(str(error) for error in parsed.errors[:5]))
    found = tuple((item.provider_code, item.name) for item in parsed.items)
    if found != EXAMPLES:
        raise ValueError(f"{CSV_TEMPLATE_PATH.name} holds {found}, not the examples {EXAMPLES}")
    return parsed.items


def build() -> bytes:
    """The .xlsx template's bytes."""
    return write_xlsx(example_items(), example_rows=True)


def build_csv() -> bytes:
    """The .csv template as the template writes it (a hand edit is written back in that form)."""
    return write_csv(example_items())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    files = ((TEMPLATE_PATH, build()), (CSV_TEMPLATE_PATH, build_csv()))
    if "--check" in args:
        stale = [path for path, data in files if (path.read_bytes() if path.exists() else b"") != data]
        for path in stale:
            print(f"{path} is out of date: run python -m seed.templates.make_template", file=sys.stderr)
        if not stale:
            print(f"{TEMPLATE_PATH} and {CSV_TEMPLATE_PATH.name} are up to date")
        return 1 if stale else 0
    for path, data in files:
        path.write_bytes(data)
        print(f"wrote {path} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
