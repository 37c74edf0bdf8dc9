"""Errors of the portal catalog.

VnarchiveError (archive.errors)
├── CatalogInputError (InputError)   bad catalog input: a CSV row, a URL, a level or status
│   └── DuplicatePortal              a host already in the catalog
└── NotFoundError (LookupError)
    ├── UnknownUnit                   no administrative unit with that code
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
