"""Exceptions raised by the archive.

VnarchiveError                 base of every error the CLI turns into one line + exit 2
├── ConfigError                a setting that cannot be used
├── SchemaTooNewError          the database was written by a newer vnarchive
├── WarcReadError              a WARC record that cannot be read where a row says it is
├── InputError                 bad user input (timestamp, file, URL)
└── NotFoundError (LookupError)
    └── CaptureNotFound        no capture of a URL
"""

from __future__ import annotations


class VnarchiveError(Exception):
    """Base class: the message is one line meant for the user."""


class ConfigError(VnarchiveError):
    pass


class SchemaTooNewError(VnarchiveError):
    def __init__(self, *, revision: str, database: str) -> None:
        super().__init__(
            f"database {database} has schema revision {revision!r}, which this version of "
            "vnarchive does not know; upgrade vnarchive to read it"
        )
        self.revision = revision


class WarcReadError(VnarchiveError):
    pass


class UndecodablePayload(WarcReadError):
    """The record is there but its payload does not decode (corrupt gzip, a bomb past the
    cap is not this: it is cut, not refused): reading it again will not help."""


class InputError(VnarchiveError):
    pass


class NotFoundError(VnarchiveError, LookupError):
    pass


class CaptureNotFound(NotFoundError):
    def __init__(self, url: str) -> None:
        super().__init__(f"no capture of {url} in the archive")
        self.url = url


class JobNotFound(NotFoundError):
    def __init__(self, job_id: int) -> None:
        super().__init__(f"no crawl job {job_id}")
        self.job_id = job_id
