"""WARC stores: where the file of each capture is, on whichever machine reads it.

Every process writes its WARC files to one store, the folder ``VNARCHIVE_WARC_DIR`` under
the name ``VNARCHIVE_WARC_STORE`` (``local`` by default), and every capture row records the
name of the store that holds its file (``captures.warc_store``). A reader resolves a
capture's file through ``WarcStores``: its own store is its WARC folder; the stores of other
machines are where ``VNARCHIVE_WARC_STORES`` says they are mounted here
(``w2=/mnt/warcs/w2,…``); a store not listed is looked for in the WARC folder, which is
where every store is when all the machines share one folder (and where the captures of an
archive made before stores existed are: their store is ``local``).

A store is a local folder or a mount (NFS, SMB…) today. Readers only ask a store to find a
file by name (``locate``) and to list its files (``files``), so that another kind of store
(an S3-compatible bucket through fsspec) needs a class of its own, not changes to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from archive.config import ArchiveConfig
from archive.errors import WarcReadError
from archive.warc.writer import OPEN_SUFFIX

DEFAULT_STORE = "local"


@dataclass(frozen=True)
class WarcStore:
    """A folder of WARC files, by the name captures record."""

    name: str
    root: Path
    own: bool  # the store this machine writes to

    def locate(self, filename: str) -> Path:
        """The file as closed, or still ``.open`` while its writer runs."""
        for candidate in (self.root / filename, self.root / (filename + OPEN_SUFFIX)):
            if candidate.is_file():
                return candidate
        raise WarcReadError(f"WARC file {filename} is missing from store {self.where}")

    def files(self) -> list[Path]:
        """Its WARC files, closed and open, by name."""
        if not self.root.is_dir():
            return []
        return sorted(
            p
            for p in self.root.iterdir()
            if p.name.endswith((".warc.gz", ".warc.gz" + OPEN_SUFFIX, ".warc"))
        )

    @property
    def where(self) -> str:
        return f"{self.name} ({self.root})"


class WarcStores:
    """The stores a process can reach: its own, and those of other machines."""

    def __init__(self, own: str, root: Path, others: Iterable[tuple[str, Path]] = ()) -> None:
        self.own = WarcStore(own, root, True)
        self.others = {n: WarcStore(n, p, False) for n, p in others if n != own}

    @classmethod
    def of(cls, config: ArchiveConfig) -> WarcStores:
        return cls(config.warc_store, config.warc_dir, config.warc_stores)

    def store(self, name: str | None) -> WarcStore:
        """The store named ``name``; one not listed is looked for in the WARC folder."""
        if not name or name == self.own.name:
            return self.own
        found = self.others.get(name)
        return found if found is not None else WarcStore(name, self.own.root, False)

    def folder(self, name: str | None) -> Path:
        return self.store(name).root

    def locate(self, name: str | None, filename: str) -> Path:
        return self.store(name).locate(filename)

    def find(self, filename: str) -> Path:
        """A file by its name alone, in whichever store reachable here holds it."""
        for store in self.reachable():
            try:
                return store.locate(filename)
            except WarcReadError:
                continue
        raise WarcReadError(f"WARC file {filename} is in no store reachable here")

    def reachable(self) -> list[WarcStore]:
        """Every store listed here, each folder once (the own store first)."""
        out, seen = [self.own], {self.own.root.resolve()}
        for store in self.others.values():
            if store.root.resolve() not in seen:
                seen.add(store.root.resolve())
                out.append(store)
        return out
