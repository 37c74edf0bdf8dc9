"""official_fields(): the fields of an official document, read from its text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from archive.extract.office.doctypes import type_from_number
from archive.extract.office.header import read_header
from archive.extract.office.numbers import NUMBER, tidy_number
from archive.extract.office.signer import read_signature_block
from archive.extract.office.text import clean_text
from archive.extract.office.vndates import find_any_date, folded

_EFFECTIVE = re.compile(r"co hieu luc(?: thi hanh)?(?: ke)? tu ngay\s*(.{0,40})")
_FROM_SIGNING = re.compile(r"co hieu luc(?: thi hanh)?(?: ke)? tu ngay ky")
_REPLACES = re.compile(r"thay the(?: cho)?\s+")
_AMENDS = re.compile(r"sua doi,? bo sung(?: mot so dieu(?: cua)?)?\s+")
_CITED = re.compile(r"^.{0,60}?\bso\s*:?\s*", re.S)


@dataclass(frozen=True)
class OfficialFields:
    """What Nghị định 30/2020/NĐ-CP puts in an official document's header and signature."""

    doc_type: str | None
    number: str | None
    issuer: str | None
    issued_date: date | None
    place: str | None
    subject: str | None
    signer: str | None
    signer_title: str | None
    effective_date: date | None = None
    replaces: list[str] = field(default_factory=list)
    amends: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "issuer": self.issuer,
            "issued_date": self.issued_date.isoformat() if self.issued_date else None,
            "place": self.place,
            "subject": self.subject,
            "signer": self.signer,
            "signer_title": self.signer_title,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "replaces": list(self.replaces),
            "amends": list(self.amends),
        }


def official_fields(text: str) -> OfficialFields | None:
    """The fields of an official document, or None when ``text`` has neither a document number
    nor a document type (it is not one)."""
    text = clean_text(text or "")
    if not text:
        return None
    head = read_header(text)
    doc_type = head.doc_type or (type_from_number(head.number) if head.number else None)
    if doc_type is None and head.number is None:
        return None
    if doc_type is None and head.subject and head.subject.lower().startswith("v/v"):
        doc_type = "Công văn"
    block = read_signature_block(text)
    return OfficialFields(
        doc_type=doc_type,
        number=head.number,
        issuer=head.issuer,
        issued_date=head.issued_date,
        place=head.place,
        subject=head.subject,
        signer=block.signer,
        signer_title=block.title,
        effective_date=_effective(text, head.issued_date),
        replaces=_cited(text, _REPLACES),
        amends=_cited(text, _AMENDS),
    )


def _effective(text: str, issued: date | None) -> date | None:
    key = " ".join(folded(text).split())
    flat = " ".join(text.split())
    if _FROM_SIGNING.search(key):
        return issued
    m = _EFFECTIVE.search(key)
    if not m:
        return None
    return find_any_date(flat[m.start() : m.end()])


def _cited(text: str, verb: re.Pattern[str]) -> list[str]:
    """Numbers of the documents that a "thay thế …" / "sửa đổi, bổ sung …" names."""
    key = " ".join(folded(text).split())
    flat = " ".join(text.split())
    out: list[str] = []
    for m in verb.finditer(key):
        window = flat[m.end() : m.end() + 90]
        cited = _CITED.match(folded(window))
        if not cited:
            continue
        found = NUMBER.match(window[cited.end() :])
        if found and (number := tidy_number(found.group(1))) not in out:
            out.append(number)
    return out
