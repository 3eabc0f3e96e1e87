"""Builds the shipped catalog template, ``seed/templates/目录导入模板.xlsx``.

    python -m seed.templates.make_template          # rewrite the file
    python -m seed.templates.make_template --check  # exit 1 if the file is out of date

The template is ``server.domain.catalog_template.write_xlsx`` applied to two example items taken
from the demo catalog (one 无条件共享 and open, one 有条件共享 with a share scope, masking rules
and a 一数一源 link), with the example rows greyed out. Writing is deterministic, so running this
again gives the same bytes, and a test checks that the committed file is what this script makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from seed.demo import demo_items  # noqa: E402
from server.domain.catalog_template import write_xlsx  # noqa: E402
from server.domain.models import CatalogItem  # noqa: E402

TEMPLATE_PATH = Path(__file__).with_name("目录导入模板.xlsx")
# (provider code, item name) of the demo items shown as examples.
EXAMPLES = (
    ("140500-WHLYJ", "星级饭店信息"),
    ("140500-YBJ", "医疗救助信息"),
)


def example_items() -> list[CatalogItem]:
    by_key = {(item.provider_code, item.name): item for item in demo_items()}
    return [by_key[key] for key in EXAMPLES]


def build() -> bytes:
    """The template's bytes."""
    return write_xlsx(example_items(), example_rows=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data = build()
    if "--check" in args:
        current = TEMPLATE_PATH.read_bytes() if TEMPLATE_PATH.exists() else b""
        if current != data:
            print(f"{TEMPLATE_PATH} is out of date: run python -m seed.templates.make_template", file=sys.stderr)
            return 1
        print(f"{TEMPLATE_PATH} is up to date")
        return 0
    TEMPLATE_PATH.write_bytes(data)
    print(f"wrote {TEMPLATE_PATH} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
