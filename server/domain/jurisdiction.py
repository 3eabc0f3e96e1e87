"""Which data authority (政务数据主管部门) is competent for a matter, as the regulation assigns it.

Pure rules over the departments' facts (region, level, whether a department is an authority);
the policy's checks (policies/enforcer.py) ask them, and the graph supplies the facts.

- 第十三条: the city authority codes and reviews every department's catalog entries, county
  departments' included.
- 第二十八条: an application is accepted and reviewed by the authority of the applicant's own
  level (受理同级政务部门的使用申请).
- 第三十条(三): a dispute is reported to, and coordinated by, the authority of the same level;
  when the two parties are not under one authority, by the city authority.
- 第十九条: a withdrawal is approved by the provider's own-level authority.

"Own-level authority" of a department: the authority department of its region; a region with
no authority of its own (e.g. a development zone) is served by the city authority.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from server.domain.values import RegionLevel


class OwnCaseRule(str, Enum):
    """Who decides when the competent authority's own department is a party to the case.

    OTHER_PERSON: another person of the same authority (the person who applied, compiled or
    answered never decides) — the default. NEXT_LEVEL: the authority of the next level up, the
    city authority for a county's case; a case of the city authority's own department stays with
    another person of the city authority, the platform having no level above the city.
    """

    OTHER_PERSON = "OTHER_PERSON"
    NEXT_LEVEL = "NEXT_LEVEL"


@dataclass(frozen=True, slots=True)
class DepartmentFacts:
    code: str
    region_code: str
    level: str  # RegionLevel value of its region: CITY, COUNTY, ZONE …
    is_authority: bool = False
    parent_code: str | None = None  # the department a subordinate unit belongs to (第六条)


@dataclass(frozen=True)
class Jurisdiction:
    """Every department's facts and the regions that have an authority of their own."""

    departments: Mapping[str, DepartmentFacts] = field(default_factory=dict)
    own_case: OwnCaseRule = OwnCaseRule.OTHER_PERSON

    def __post_init__(self) -> None:
        authorities = {facts.region_code for facts in self.departments.values() if facts.is_authority}
        cities = sorted(
            facts.region_code for facts in self.departments.values()
            if facts.is_authority and facts.level == RegionLevel.CITY.value
        )
        object.__setattr__(self, "_authority_regions", frozenset(authorities))
        object.__setattr__(self, "_city_region", cities[0] if cities else None)

    @property
    def city_region(self) -> str | None:
        """The region of the city authority (市大数据应用局), the top of the city's platform."""
        return self._city_region  # type: ignore[attr-defined]

    def of(self, department_code: str | None) -> DepartmentFacts | None:
        return self.departments.get(department_code) if department_code else None

    def own_level_region(self, department_code: str | None) -> str | None:
        """The region whose authority is the department's own-level authority (第十九条, 第二十八条)."""
        facts = self.of(department_code)
        if facts is None:
            return None
        if facts.region_code in self._authority_regions:  # type: ignore[attr-defined]
            return facts.region_code
        return self.city_region

    def coordinating_region(self, consumer_code: str | None, provider_code: str | None) -> str | None:
        """第三十条(三): the parties' common own-level authority, else the city authority."""
        consumer, provider = self.own_level_region(consumer_code), self.own_level_region(provider_code)
        if consumer is None or provider is None:
            return None
        return consumer if consumer == provider else self.city_region

    def is_authority_of(self, department_code: str, region_code: str | None) -> bool:
        """Whether the department is the authority of `region_code`."""
        facts = self.of(department_code)
        return bool(facts and facts.is_authority and region_code and facts.region_code == region_code)

    def is_city_authority(self, department_code: str) -> bool:
        return self.is_authority_of(department_code, self.city_region)

    def is_own_or_unit(self, department_code: str, provider_code: str | None) -> bool:
        """第六条: a department acts for itself and for its subordinate units."""
        facts = self.of(provider_code)
        return provider_code == department_code or bool(facts and facts.parent_code == department_code)

    def deciding_region(self, region_code: str | None, *parties: str | None) -> str | None:
        """The region whose authority decides a case that `region_code`'s authority is competent for,
        under the own-case rule: with NEXT_LEVEL, a county authority whose own department is one of
        the `parties` hands the decision to the city authority."""
        if self.own_case is not OwnCaseRule.NEXT_LEVEL or region_code is None or region_code == self.city_region:
            return region_code
        if any(self.is_authority_of(party, region_code) for party in parties if party):
            return self.city_region
        return region_code
