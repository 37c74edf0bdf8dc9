"""Archives of documents: list the members, read the documents inside.

Zip through the standard library (each member's declared and actual size bounded: no zip
bomb gets past ``max_member_bytes``); RAR and 7z through ``unar``/``lsar`` (Debian ``unar``)
when installed, else a reason. Member names are decoded as UTF-8, or CP437 as zip says.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable

from archive.extract.office.limits import ReadLimits
from archive.extract.office.model import DocumentReading, failed
from archive.extract.office.text import clean_text
from archive.extract.office.tools import available, run

Reader = Callable[[bytes, str, ReadLimits, int], DocumentReading]


def read_zip(data: bytes, limits: ReadLimits, read: Reader, depth: int) -> DocumentReading:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return failed("zip", f"damaged zip: {str(exc)[:120]}")
    members, notes = [], []
    for info in infos[: limits.max_members]:
        name = _name(info)
        if info.file_size > limits.max_member_bytes:
            members.append(failed("unknown", "too large: over max_member_bytes", name=name))
            continue
        try:
            with archive.open(info) as fh:
                body = fh.read(limits.max_member_bytes + 1)
        except Exception as exc:  # encrypted member, bad CRC, unsupported compression
            members.append(failed("unknown", f"member not readable: {str(exc)[:100]}", name=name))
            continue
        members.append(read(body, name, limits, depth + 1))
    if len(infos) > limits.max_members:
        notes.append(f"read {limits.max_members} of {len(infos)} members (limit max_members)")
    return _archive("zip", members, notes)


def _name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return clean_text(info.filename)
    try:  # zipfile decoded it as CP437; most Vietnamese zips are UTF-8 without the flag
        return clean_text(info.filename.encode("cp437").decode("utf-8"))
    except (UnicodeEncodeError, UnicodeDecodeError):
        return clean_text(info.filename)


def read_unar(
    data: bytes, fmt: str, limits: ReadLimits, read: Reader, depth: int
) -> DocumentReading:
    """RAR or 7z by ``unar`` into a temporary folder."""
    if not available(limits.unar_cmd):
        return failed(fmt, f"{fmt.upper()} archives need unar, which is not installed")
    with tempfile.TemporaryDirectory(prefix="vnarchive-unar-") as tmp:
        source = os.path.join(tmp, f"archive.{fmt}")
        with open(source, "wb") as fh:
            fh.write(data)
        out = os.path.join(tmp, "out")
        done = run([limits.unar_cmd, "-q", "-o", out, "-D", "-f", source], timeout=limits.timeout)
        if not done.ok:
            return failed(fmt, f"{fmt.upper()} not readable: {done.problem or 'unar failed'}")
        members: list[DocumentReading] = []
        total = 0
        for root, _dirs, files in sorted(os.walk(out)):
            for file in sorted(files):
                total += 1
                if len(members) >= limits.max_members:
                    continue
                path = os.path.join(root, file)
                name = clean_text(os.path.relpath(path, out))
                if os.path.getsize(path) > limits.max_member_bytes:
                    members.append(failed("unknown", "too large: over max_member_bytes", name=name))
                    continue
                with open(path, "rb") as fh:
                    members.append(read(fh.read(), name, limits, depth + 1))
    notes = [f"read {len(members)} of {total} members"] if total > len(members) else []
    return _archive(fmt, members, notes)


def _archive(fmt: str, members: list[DocumentReading], notes: list[str]) -> DocumentReading:
    texts = [f"{m.name}\n{m.text}" for m in members if m.text]
    return DocumentReading(
        fmt,
        text="\n\n".join(texts),
        members=tuple(members),
        needs_ocr=any(m.needs_ocr for m in members),
        reason=None if members else "empty archive",
        notes=tuple(notes),
    )
