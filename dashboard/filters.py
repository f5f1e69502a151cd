"""The Werkcentrum filters as one value: read from the URL against the known values, turned
into bound SQL parameters by `dashboard.data`, written back into the URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def _as_tuple(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def quarter_bounds(label: str) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter label such as '2024-K3'."""
    year, q = int(label[:4]), int(label[-1])
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)
    return start, end


@dataclass(frozen=True)
class Domain:
    """What may be chosen: the values present in the warehouse for one region."""

    regio: str
    gemeenten: tuple[str, ...]
    doelgroepen: tuple[str, ...]
    instrumenten: tuple[str, ...]
    kwartalen: tuple[str, ...]  # in order


@dataclass(frozen=True)
class Filters:
    """A region, optionally some municipalities, target groups and instruments, and a range
    of quarters (inclusive). Empty tuples mean 'all'."""

    regio: str
    van: str
    tot: str
    gemeenten: tuple[str, ...] = field(default=())
    doelgroepen: tuple[str, ...] = field(default=())
    instrumenten: tuple[str, ...] = field(default=())

    @classmethod
    def parse(cls, query: dict, domain: Domain) -> Filters:
        """Filters from URL arguments; anything not in `domain` is dropped, never passed on."""
        def keep(key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(v for v in dict.fromkeys(_as_tuple(query.get(key))) if v in allowed)

        quarters = domain.kwartalen
        van = query.get("van") if query.get("van") in quarters else quarters[0]
        tot = query.get("tot") if query.get("tot") in quarters else quarters[-1]
        if quarters.index(van) > quarters.index(tot):
            van, tot = tot, van
        return cls(regio=domain.regio, van=van, tot=tot,
                   gemeenten=keep("gemeente", domain.gemeenten),
                   doelgroepen=keep("doelgroep", domain.doelgroepen),
                   instrumenten=keep("instrument", domain.instrumenten))

    @property
    def start(self) -> dt.date:
        """First day of the period."""
        return quarter_bounds(self.van)[0]

    @property
    def end(self) -> dt.date:
        """Last day of the period."""
        return quarter_bounds(self.tot)[1]

    @property
    def reach_start(self) -> dt.date:
        """First day of the window persons reached are counted over: the period's last four
        quarters, or the whole period when it is shorter. A group's size is a stock at the
        period's end; everyone reached over many years would overstate the reach of it."""
        return max(self.start, self.end.replace(year=self.end.year - 1) + dt.timedelta(days=1))

    def query_args(self) -> dict[str, str | list[str]]:
        """The URL arguments that reproduce these filters (lists repeat the parameter)."""
        return {"regio": self.regio, "gemeente": list(self.gemeenten),
                "doelgroep": list(self.doelgroepen), "instrument": list(self.instrumenten),
                "van": self.van, "tot": self.tot}


@dataclass(frozen=True)
class SobDomain:
    """What the social-development-company filters may take."""

    organisaties: tuple[str, ...]
    units: tuple[str, ...]
    werkvormen: tuple[str, ...]
    regelingen: tuple[str, ...]
    gemeenten: tuple[str, ...]
    maanden: tuple[str, ...]  # in order


@dataclass(frozen=True)
class SobFilters:
    """Organisations, units, work forms, schemes, home municipalities (empty = all) and an
    inclusive month range."""

    van: str
    tot: str
    organisaties: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    werkvormen: tuple[str, ...] = ()
    regelingen: tuple[str, ...] = ()
    gemeenten: tuple[str, ...] = ()

    FIELDS = (("organisatie", "organisaties"), ("unit", "units"), ("werkvorm", "werkvormen"),
              ("regeling", "regelingen"), ("gemeente", "gemeenten"))

    @classmethod
    def parse(cls, query: dict, domain: SobDomain) -> SobFilters:
        """Filters from URL arguments; values not in `domain` are dropped."""
        chosen = {attr: tuple(v for v in dict.fromkeys(_as_tuple(query.get(key)))
                              if v in getattr(domain, attr)) for key, attr in cls.FIELDS}
        months = domain.maanden
        van = query.get("van") if query.get("van") in months else months[0]
        tot = query.get("tot") if query.get("tot") in months else months[-1]
        if months.index(van) > months.index(tot):
            van, tot = tot, van
        return cls(van=van, tot=tot, **chosen)

    @property
    def by_unit(self) -> SobFilters:
        """The same period, organisations and units only: revenue is not split by work form,
        scheme or home town, so whatever is set beside it must not be either."""
        return SobFilters(van=self.van, tot=self.tot, organisaties=self.organisaties,
                          units=self.units)

    def query_args(self) -> dict[str, str | list[str]]:
        """The URL arguments that reproduce these filters."""
        return {**{key: list(getattr(self, attr)) for key, attr in self.FIELDS},
                "van": self.van, "tot": self.tot}
