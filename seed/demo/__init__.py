"""The Jincheng (晋城市) demo catalog, read from the files beside this module (see README.md).

* ``catalogs/<部门编码>.csv`` — each providing department's catalog in the CSV form of the catalog
  template (server/domain/catalog_template.py), exactly what the department's data officer would
  hand in: its 目录 rows with their 数据项 rows. ``seed/load.py`` imports them through the same
  import service a department's upload goes through, then the city authority reviews them.
* ``regions.csv``, ``departments.csv``, ``themes.csv``, ``databases.csv`` — the reference data
  the template does not hold (行政区划, 政务部门 with their data officers, 政务主题, 基础库/主题库).

Pure reading, no database I/O. Every function returns freshly built, validated models (the
files are parsed once per process and the models copied), in file order: departments in the
order of ``departments.csv``, each department's items in the order of its file.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from pathlib import Path

from server.domain import catalog_template
from server.domain.models import CatalogItem, Database, DataOfficer, Department, Region, Theme

DIRECTORY = Path(__file__).resolve().parent
CATALOGS = DIRECTORY / "catalogs"
CITY = "140500"
LIST_SEPARATORS = ("；", ";")


class DemoDataError(ValueError):
    """A demo file does not read as what its README says it holds."""


def item_key(provider_code: str, name: str) -> str:
    """How the template names an item across departments (权威来源): ``<部门编码>/<目录名称>``."""
    return f"{provider_code}/{name}"


def _rows(name: str) -> list[dict[str, str | None]]:
    """The records of one reference file, blank cells as None."""
    text = (DIRECTORY / name).read_text(encoding="utf-8-sig")
    return [
        {key: (value.strip() or None) for key, value in record.items()}
        for record in csv.DictReader(io.StringIO(text, newline=""))
    ]


def _list(cell: str | None) -> list[str]:
    text = cell or ""
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]


def _flag(cell: str | None, where: str) -> bool:
    value = (cell or "false").lower()
    if value not in ("true", "false"):
        raise DemoDataError(f"{where}: is_authority must be true or false, not {cell!r}")
    return value == "true"


@lru_cache(maxsize=1)
def _regions() -> tuple[Region, ...]:
    return tuple(Region.model_validate(row) for row in _rows("regions.csv"))


@lru_cache(maxsize=1)
def _departments() -> tuple[Department, ...]:
    out = []
    for row in _rows("departments.csv"):
        out.append(Department(
            code=row["code"], name=row["name"], short_name=row["short_name"], region_code=row["region_code"],
            kind=row["kind"], parent_code=row["parent_code"], responsible_unit=row["responsible_unit"],
            data_officer=DataOfficer(
                name=row["data_officer_name"], phone=row["data_officer_phone"], email=row["data_officer_email"],
            ),
            is_authority=_flag(row["is_authority"], f"departments.csv {row['code']}"),
        ))
    return tuple(out)


@lru_cache(maxsize=1)
def _themes() -> tuple[Theme, ...]:
    return tuple(Theme.model_validate(row) for row in _rows("themes.csv"))


@lru_cache(maxsize=1)
def _databases() -> tuple[Database, ...]:
    return tuple(
        Database.model_validate({**row, "contributor_codes": _list(row["contributor_codes"]),
                                 "description": row["description"] or ""})
        for row in _rows("databases.csv")
    )


def demo_regions() -> list[Region]:
    return [region.model_copy(deep=True) for region in _regions()]


def demo_departments() -> list[Department]:
    return [department.model_copy(deep=True) for department in _departments()]


def demo_themes() -> list[Theme]:
    return [theme.model_copy(deep=True) for theme in _themes()]


def demo_databases() -> list[Database]:
    return [database.model_copy(deep=True) for database in _databases()]


def region_names() -> dict[str, str]:
    return {region.code: region.name for region in _regions()}


def catalog_path(department_code: str) -> Path:
    """The file a department hands in: its catalog in the template's CSV form."""
    return CATALOGS / f"{department_code}.csv"


def catalog_files() -> list[tuple[str, Path]]:
    """(department code, file) for every department that provides items, in departments.csv order;
    a file whose name is not a department's code is an error (it would never be loaded)."""
    codes = [department.code for department in _departments()]
    present = {path.stem: path for path in CATALOGS.glob("*.csv")}
    unknown = sorted(set(present) - set(codes))
    if unknown:
        raise DemoDataError(f"catalog files of no department in departments.csv: {unknown}")
    return [(code, present[code]) for code in codes if code in present]


def parse_catalog(department_code: str, data: bytes) -> list[CatalogItem]:
    """A department's file through the template's own parser; every item must be the department's."""
    parsed = catalog_template.parse_csv(data)
    if not parsed.ok:
        raise DemoDataError(f"{department_code}.csv: " + "; ".join(str(error) for error in parsed.errors[:10]))
    strangers = sorted({item.provider_code for item in parsed.items} - {department_code})
    if strangers:
        raise DemoDataError(f"{department_code}.csv holds items of other departments: {strangers}")
    return parsed.items


@lru_cache(maxsize=1)
def _catalogs() -> tuple[tuple[str, bytes, tuple[CatalogItem, ...]], ...]:
    out = []
    for code, path in catalog_files():
        data = path.read_bytes()
        out.append((code, data, tuple(parse_catalog(code, data))))
    return tuple(out)


def shared_catalogs() -> tuple[tuple[str, bytes, tuple[CatalogItem, ...]], ...]:
    """(department code, the file's bytes, its items) per providing department, parsed once per
    process and shared: read them, never change them (the loader's fast path)."""
    return _catalogs()


def shared_departments() -> tuple[Department, ...]:
    """The departments, shared like :func:`shared_catalogs`: read-only."""
    return _departments()


def demo_items() -> list[CatalogItem]:
    """Every item of every department's file (constructing them validated them), fresh copies."""
    return [item.model_copy(deep=True) for _, _, items in _catalogs() for item in items]
