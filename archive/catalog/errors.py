"""Errors of the portal catalog.

VnarchiveError (archive.errors)
├── CatalogInputError (InputError)   bad catalog input: a CSV row, a URL, a level or status
│   ├── DuplicatePortal              a host already in the catalog
│   ├── AmbiguousUnit                a unit name several units bear (names some of them)
│   └── PortalInUse                  a portal a schedule crawls, not removed (names it)
└── NotFoundError (LookupError)
    ├── UnknownUnit                   no administrative unit with that code
    ├── UnitNameNotFound              no administrative unit of that name (suggests close ones)
    ├── UnknownProvince               no province of that name (suggests the closest)
    └── PortalNotFound                no portal with that host
"""

from __future__ import annotations

from archive.errors import InputError, NotFoundError


class CatalogInputError(InputError):
    pass


class DuplicatePortal(CatalogInputError):
    def __init__(self, host: str, where: str = "") -> None:
        super().__init__(f"portal {host} is already in the catalog{where}")
        self.host = host


class AmbiguousUnit(CatalogInputError):
    def __init__(self, name: str, some: list[str], count: int, example: str) -> None:
        more = f"; … ({count - len(some)} more)" if count > len(some) else ""
        super().__init__(
            f"{count} units are named {name!r}: {'; '.join(some)}{more}; add the province "
            f"(e.g. {example!r}) or give the code"
        )
        self.name = name


class PortalInUse(CatalogInputError):
    def __init__(self, host: str, users: list[str]) -> None:
        super().__init__(
            f"portal {host} is crawled by {', '.join(users)}: remove the schedule first "
            f"('vnarchive schedule remove {users[0]}')"
        )
        self.host = host


class UnitNameNotFound(NotFoundError):
    def __init__(self, name: str, close: list[str]) -> None:
        hint = f"; close: {'; '.join(close)}" if close else ""
        super().__init__(f"no administrative unit named {name!r}{hint}")
        self.name = name


class UnknownUnit(NotFoundError):
    def __init__(self, code: str) -> None:
        super().__init__(f"no administrative unit with code {code!r}")
        self.code = code


class UnknownProvince(NotFoundError):
    def __init__(self, name: str, suggestion: str | None = None) -> None:
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(f"no province named {name!r}{hint}")
        self.name = name
        self.suggestion = suggestion


class PortalNotFound(NotFoundError):
    def __init__(self, host: str) -> None:
        super().__init__(f"no portal {host} in the catalog")
        self.host = host
