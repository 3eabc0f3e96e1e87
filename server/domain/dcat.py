"""DCAT (W3C Data Catalog Vocabulary) JSON-LD export of published catalog items.

For exchange with other platforms (省市级联, open-data portals): a ``dcat:Catalog`` whose
``dcat:dataset`` entries are the published items. Pure: rows in, a JSON-serialisable dict out.

Mapping (item property → DCAT):

=====================  ===========================================================
name                   ``dct:title`` (zh)
summary                ``dct:description`` (zh)
code (目录编码)         ``dct:identifier`` (the item id when it has no code yet)
providerCode/Name      ``dct:publisher`` — ``foaf:Organization`` with ``foaf:name`` and
                       ``dct:identifier``; also ``dcat:contactPoint`` (``vcard:Organization``)
publishedOn            ``dct:issued`` (xsd:date)
updatedAt              ``dct:modified`` (xsd:dateTime)
updateCycle            ``dct:accrualPeriodicity`` — a ``http://purl.org/cld/freq/*`` URI
themeCodes             ``dcat:theme`` — ``<base>/themes/<code>``
element names          ``dcat:keyword`` (what a searcher types: 公民身份号码, 统一社会信用代码 …)
shareType              ``dct:accessRights`` — EU access-right authority URI, with the Chinese
                       label as ``rdfs:label`` and ``mulu:shareType``
shareModes             one ``dcat:distribution`` per mode; ``dct:format`` from formatDetail,
                       ``dcat:mediaType`` (IANA) when formatDetail has one
elements               ``dct:conformsTo`` — the data dictionary (第十条) as a ``dct:Standard``
                       whose ``mulu:element`` entries carry name, code, type, length, description
=====================  ===========================================================

Rows are the item properties as stored in the graph (camelCase), each with its ``elements``
(``[{name, code, type, length, description}]``, in order). A row with a ``status`` other than
``PUBLISHED`` is left out (only published items are exchanged); a row without ``status`` is
taken as published. Missing optional properties are simply omitted from the output.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Any

from server.domain.values import DataFormat, ShareMode, ShareType, UpdateCycle

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
LANGUAGE = "zh-CN"

# 更新周期 → Dublin Core Collection Description Frequency Vocabulary.
FREQUENCY: dict[UpdateCycle, str] = {
    UpdateCycle.REALTIME: "http://purl.org/cld/freq/continuous",
    UpdateCycle.DAILY: "http://purl.org/cld/freq/daily",
    UpdateCycle.WEEKLY: "http://purl.org/cld/freq/weekly",
    UpdateCycle.MONTHLY: "http://purl.org/cld/freq/monthly",
    UpdateCycle.QUARTERLY: "http://purl.org/cld/freq/quarterly",
    UpdateCycle.HALF_YEARLY: "http://purl.org/cld/freq/semiannual",
    UpdateCycle.YEARLY: "http://purl.org/cld/freq/annual",
    UpdateCycle.OTHER: "http://purl.org/cld/freq/irregular",
}

# 共享属性 → EU access-right authority table (the nearest common vocabulary).
_ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"
ACCESS_RIGHTS: dict[ShareType, str] = {
    ShareType.UNCONDITIONAL: _ACCESS_RIGHT + "PUBLIC",
    ShareType.CONDITIONAL: _ACCESS_RIGHT + "RESTRICTED",
    ShareType.NOT_SHARED: _ACCESS_RIGHT + "NON_PUBLIC",
}

# formatDetail → IANA media type (database engines and streaming protocols have none).
_IANA = "https://www.iana.org/assignments/media-types/"
MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "csv": "text/csv",
    "jpg": "image/jpeg",
    "png": "image/png",
    "tiff": "image/tiff",
    "geotiff": "image/tiff",
    "shp": "application/vnd.shp",
    "mp4": "video/mp4",
    "json": "application/json",
    "xml": "application/xml",
    "rest": "application/json",
    "webservice": "application/soap+xml",
}


def _uri(base_uri: str) -> str:
    return base_uri.rstrip("/")


def context(base_uri: str) -> dict[str, Any]:
    """The JSON-LD ``@context``: dcat, dct, foaf, vcard, xsd, rdfs and mulu's own terms."""
    return {
        "dcat": DCAT,
        "dct": DCT,
        "foaf": FOAF,
        "vcard": VCARD,
        "xsd": XSD,
        "rdfs": RDFS,
        "mulu": f"{_uri(base_uri)}/ns#",
    }


def _text(value: str) -> dict[str, str]:
    return {"@value": value, "@language": LANGUAGE}


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def _datetime(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat() + "T00:00:00Z"
    return str(value)


def _member(enum, value: Any):
    if value is None:
        return None
    try:
        return enum(value) if not isinstance(value, enum) else value
    except ValueError:
        try:
            return enum.from_label(str(value))
        except ValueError:
            return None


def _publisher(base: str, row: dict) -> dict[str, Any] | None:
    code = row.get("providerCode")
    if not code:
        return None
    out: dict[str, Any] = {"@id": f"{base}/departments/{code}", "@type": "foaf:Organization", "dct:identifier": code}
    if row.get("providerName"):
        out["foaf:name"] = _text(row["providerName"])
    return out


def _distributions(dataset_id: str, row: dict) -> list[dict[str, Any]]:
    detail = (row.get("formatDetail") or "").strip()
    data_format = _member(DataFormat, row.get("format"))
    out = []
    for raw in row.get("shareModes") or []:
        mode = _member(ShareMode, raw)
        if mode is None:
            continue
        distribution: dict[str, Any] = {
            "@id": f"{dataset_id}/distributions/{mode.value.lower()}",
            "@type": "dcat:Distribution",
            "dct:title": _text(mode.label),
            "mulu:shareMode": mode.value,
        }
        if detail:
            distribution["dct:format"] = detail
        elif data_format is not None:
            distribution["dct:format"] = data_format.label
        media = MEDIA_TYPES.get(detail.lower())
        if media:
            distribution["dcat:mediaType"] = {"@id": _IANA + media}
        out.append(distribution)
    return out


def _dictionary(dataset_id: str, row: dict) -> dict[str, Any] | None:
    elements = row.get("elements") or []
    if not elements:
        return None
    entries = []
    for seq, element in enumerate(elements, start=1):
        entry: dict[str, Any] = {"@type": "mulu:DataElement", "mulu:seq": seq, "dct:title": _text(element["name"])}
        if element.get("code"):
            entry["dct:identifier"] = element["code"]
        if element.get("type"):
            entry["mulu:type"] = element["type"]
        if element.get("length") is not None:
            entry["mulu:length"] = element["length"]
        if element.get("description"):
            entry["dct:description"] = _text(element["description"])
        entries.append(entry)
    return {
        "@id": f"{dataset_id}#dictionary",
        "@type": "dct:Standard",
        "dct:title": _text(f"{row.get('name', '')}数据项（数据字典）"),
        "mulu:element": entries,
    }


def dcat_dataset(row: dict, base_uri: str) -> dict[str, Any]:
    """One ``dcat:Dataset`` for one stored item row (see the module docstring for the mapping)."""
    base = _uri(base_uri)
    identifier = row.get("code") or row.get("id")
    dataset_id = f"{base}/items/{row.get('id') or identifier}"
    dataset: dict[str, Any] = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": _text(row["name"]),
    }
    if row.get("summary"):
        dataset["dct:description"] = _text(row["summary"])
    publisher = _publisher(base, row)
    if publisher:
        dataset["dct:publisher"] = publisher
        contact: dict[str, Any] = {"@type": "vcard:Organization"}
        if row.get("providerName"):
            contact["vcard:fn"] = row["providerName"]
        contact["vcard:hasUID"] = row["providerCode"]
        dataset["dcat:contactPoint"] = contact
    issued = _date(row.get("publishedOn"))
    if issued:
        dataset["dct:issued"] = {"@value": issued, "@type": "xsd:date"}
    modified = _datetime(row.get("updatedAt"))
    if modified:
        dataset["dct:modified"] = {"@value": modified, "@type": "xsd:dateTime"}
    cycle = _member(UpdateCycle, row.get("updateCycle"))
    if cycle is not None:
        dataset["dct:accrualPeriodicity"] = {"@id": FREQUENCY[cycle]}
    themes = row.get("themeCodes") or []
    if themes:
        dataset["dcat:theme"] = [{"@id": f"{base}/themes/{code}"} for code in themes]
    keywords = [element["name"] for element in row.get("elements") or [] if element.get("name")]
    if keywords:
        dataset["dcat:keyword"] = [_text(word) for word in keywords]
    share = _member(ShareType, row.get("shareType"))
    if share is not None:
        dataset["dct:accessRights"] = {
            "@id": ACCESS_RIGHTS[share],
            "rdfs:label": _text(share.label),
            "mulu:shareType": share.value,
        }
    distributions = _distributions(dataset_id, row)
    if distributions:
        dataset["dcat:distribution"] = distributions
    dictionary = _dictionary(dataset_id, row)
    if dictionary:
        dataset["dct:conformsTo"] = dictionary
    return dataset


def dcat_catalog(
    items: Iterable[dict],
    base_uri: str,
    *,
    title: str = "晋城市政务数据资源目录",
    publisher_name: str = "晋城市大数据应用局",
) -> dict[str, Any]:
    """A JSON-LD ``dcat:Catalog`` of the published `items` (stored rows, camelCase).

    ``base_uri`` names everything this platform mints (``<base>/items/<id>``,
    ``<base>/departments/<code>``, ``<base>/themes/<code>``, and the ``mulu:`` vocabulary at
    ``<base>/ns#``). ``json.dumps(..., ensure_ascii=False)`` of the result is the document.
    """
    base = _uri(base_uri)
    datasets = [
        dcat_dataset(row, base)
        for row in items
        if row.get("status") in (None, "PUBLISHED")
    ]
    return {
        "@context": context(base),
        "@id": f"{base}/catalog",
        "@type": "dcat:Catalog",
        "dct:title": _text(title),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": _text(publisher_name)},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ZHO"},
        "dcat:dataset": datasets,
    }
