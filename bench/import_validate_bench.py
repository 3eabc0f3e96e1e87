"""Import validation benchmark (issue 11, point 7): how long `catalog_template.parse` takes to
read and validate N element rows — the CPU an import spends before it touches the graph.

Two files of N element rows each, as CSV and as .xlsx:

* valid  — N / 100 items of 100 elements each: every row is read, checked and becomes a model;
* attack — one item whose N elements all have the same name (第十一条 forbids it): the file of
  the issue, where every row breaks a rule between elements and each is reported.

Each is parsed `--repeat` times; the median and p95 are printed. The issue's target: 20,000 rows
in under 5 s. `--baseline-rows` also times the attack file with the earlier validation (the
model validated again after leaving out each broken element: quadratic), copied below as it
was, against the current one at that size; the ratio is printed (at 2,000 rows the earlier one
took ~7 s, so it is not run at 20,000, where it took minutes).

    .venv/bin/python bench/import_validate_bench.py [--rows 20000] [--repeat 5] [--baseline-rows 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pydantic import ValidationError  # noqa: E402

from seed import demo  # noqa: E402
from server.domain import catalog_template as ct  # noqa: E402
from server.domain.models import CatalogItem, DataElement, field_errors  # noqa: E402


def items(rows: int, attack: bool) -> list[CatalogItem]:
    template = next(i for i in demo.demo_items() if i.provider_code == "140500-MZJ" and i.share_type.value == "UNCONDITIONAL")
    per_item = rows if attack else 100
    out = []
    for i in range(max(1, rows // per_item)):
        elements = [DataElement(name="重复数据项" if attack else f"数据项{k:05d}", code=f"F{i}_{k}", type="STRING",
                                length=32, description="基准测试 (benchmark)") for k in range(per_item)]
        fields = {**dict(template), "name": f"基准目录{i:04d}", "published_on": None, "elements": elements}
        out.append(CatalogItem.model_construct(**fields) if attack else CatalogItem(**fields))
    return out


def timed(parse: Callable[[], ct.ParseResult], repeat: int) -> tuple[list[float], ct.ParseResult]:
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = parse()
        seconds.append(time.perf_counter() - started)
    assert result is not None
    return seconds, result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def quadratic_validate(draft, errors):  # type: ignore[no-untyped-def]
    """The validation before issue 11, as it was: validate, leave out the first broken element,
    validate all the others again."""
    draft.elements.sort(key=lambda entry: entry[0])
    rows = [row for _, row, _ in draft.elements]
    element_fields = [fields for _, _, fields in draft.elements]
    while True:
        try:
            return CatalogItem.model_validate({**draft.fields, "elements": element_fields})
        except ValidationError as exc:
            retry_without = None
            for raw, problem in zip(exc.errors(), field_errors(exc)):
                located = ct._locate(problem.field, draft.row, rows)
                if located is None:
                    continue
                row, column, index = located
                errors.append(ct.CellError(row.sheet, row.number, column.header if column else "",
                                           ct._message(raw, problem.message, column, index)))
                match = ct._ELEMENT_LOC.match(problem.field)
                if raw.get("type") == "value_error" and not raw.get("loc") and match and len(element_fields) > 1:
                    retry_without = int(match.group(1) or match.group(2))
            if retry_without is None or retry_without >= len(element_fields):
                return None
            del element_fields[retry_without]
            del rows[retry_without]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-rows", type=int, default=2_000, help="0: skip the quadratic baseline")
    args = parser.parse_args()

    print(f"parse + validate {args.rows:,} element rows, {args.repeat} runs each (seconds)")
    print(f"{'file':<14}{'bytes':>11}{'median':>9}{'p95':>9}{'rows/s':>10}  result")
    for attack in (False, True):
        files = items(args.rows, attack)
        for fmt, write in ((".csv", ct.write_csv), (".xlsx", ct.write_xlsx)):
            data = write(files)
            seconds, result = timed(lambda: ct.parse("bench" + fmt, data), args.repeat)
            median = statistics.median(seconds)
            outcome = f"{len(result.items)} items" if result.ok else f"{len(result.errors):,} errors"
            name = ("attack" if attack else "valid") + fmt
            print(f"{name:<14}{len(data):>11,}{median:>9.2f}{p95(seconds):>9.2f}{args.rows / median:>10,.0f}  {outcome}")

    if args.baseline_rows:
        data = ct.write_csv(items(args.baseline_rows, attack=True))
        now, result = timed(lambda: ct.parse("bench.csv", data), 3)
        current = ct._validate
        ct._validate = quadratic_validate
        try:
            before, old_result = timed(lambda: ct.parse("bench.csv", data), 1)
        finally:
            ct._validate = current
        assert [str(e) for e in old_result.errors] == [str(e) for e in result.errors], "the same errors, the same words"
        ratio = before[0] / statistics.median(now)
        print(f"\nattack.csv at {args.baseline_rows:,} rows: earlier validation {before[0]:.2f} s, now "
              f"{statistics.median(now):.3f} s (median of 3): {ratio:,.0f}× faster, identical errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
