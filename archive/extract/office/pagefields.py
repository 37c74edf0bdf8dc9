"""page_fields(): what a web page says of an official document.

Two kinds of page carry a document's fields without being the document:

- a **registry record** ("Số ký hiệu 182/QĐ-UBND Ngày ban hành 12/05/2023 Loại văn bản
  Quyết định Cơ quan ban hành … Người ký … Trích yếu …"), the detail page of a portal's
  "Văn bản" section or of vbpl.vn: each value follows its label;
- a **notice** ("Ngày 29/6/2020, Sở … ban hành Quyết định số 182/QĐ-STTTT về việc … Chi
  tiết xem tại đây"): the number, its type, the date, the issuer and the subject are read
  from the sentence that names the number.

The fields are weaker than the file's own (``source`` says who said them): the archive
lets a file's fields win over a page's.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from archive.extract.office.doctypes import TYPES, type_from_number
from archive.extract.office.fields import OfficialFields
from archive.extract.office.numbers import NUMBER, tidy_number
from archive.extract.office.vndates import find_any_date, folded

# registry labels (folded) → field; None: a label that ends the value before it
_LABELS: dict[str, str | None] = {
    "so ky hieu": "number",
    "so hieu": "number",
    "ngay ban hanh": "issued",
    "loai van ban": "doc_type",
    "hinh thuc van ban": "doc_type",
    "co quan ban hanh": "issuer",
    "don vi ban hanh": "issuer",
    "noi ban hanh": "issuer",
    "nguoi ky": "signer",
    "chuc vu": "signer_title",
    "trich yeu": "subject",
    "ngay co hieu luc": "effective",
    "ngay hieu luc": "effective",
    "tai ve": None,
    "tep dinh kem": None,
    "file dinh kem": None,
    "linh vuc": None,
    "tinh trang hieu luc": None,
    "tinh trang": None,
    "ngay het hieu luc": None,
    "cap ban hanh": None,
    "thong bao": None,
    "xem truoc": None,
    "van ban lien quan": None,
}
_LABEL = re.compile(
    r"(?<![\w])(" + "|".join(sorted(_LABELS, key=len, reverse=True)) + r")\s*[:|]?\s*"
)
_TYPE_BEFORE = re.compile(
    r"(" + "|".join(sorted(TYPES, key=len, reverse=True)) + r")\s+(?:so\s*:?\s*)?$"
)
_ISSUER = re.compile(r"(?:^|[,.;]\s*)([^,.;]{3,120}?)\s+(?:da\s+)?ban hanh\s*$")
_SUBJECT = re.compile(r"^\s*[,:]?\s*((?:ve viec|v/v|ve)\s.{5,300}?)(?:[.;]\s|[.;]?$)")
_REGISTRY_MIN_FIELDS = 2


def page_fields(
    title: str | None, text: str, published: datetime | None = None
) -> tuple[OfficialFields, str] | None:
    """The fields a page gives of the official document it records or announces, with
    their ``source`` ("registry" or "notice"); None when it names no document number."""
    record = _registry(text)
    if record is not None:
        return record, "registry"
    notice = _notice(title or "", text, published)
    return (notice, "notice") if notice is not None else None


def _registry(text: str) -> OfficialFields | None:
    flat = " ".join(text.split())
    key = folded(flat)
    marks = list(_LABEL.finditer(key))
    values: dict[str, str] = {}
    for i, m in enumerate(marks):
        name = _LABELS[m.group(1)]
        end = marks[i + 1].start() if i + 1 < len(marks) else len(flat)
        value = flat[m.end() : end].strip(" :|-–")
        if name and value and name not in values:
            values[name] = value
    number_text = values.get("number", "")
    found = NUMBER.search(number_text)
    if found is None or len(values) < _REGISTRY_MIN_FIELDS:
        return None
    number = tidy_number(found.group(1))
    doc_type = _type_name(values.get("doc_type")) or type_from_number(number)
    return OfficialFields(
        doc_type=doc_type,
        number=number,
        issuer=values.get("issuer"),
        issued_date=find_any_date(values.get("issued", "")),
        place=None,
        subject=values.get("subject"),
        signer=values.get("signer"),
        signer_title=values.get("signer_title"),
        effective_date=find_any_date(values.get("effective", "")),
    )


def _type_name(value: str | None) -> str | None:
    if not value:
        return None
    key = " ".join(folded(value).split())
    return TYPES.get(key) or value.strip() or None


def _notice(title: str, text: str, published: datetime | None) -> OfficialFields | None:
    for source in (title, text):
        flat = " ".join(source.split())
        for m in NUMBER.finditer(flat):
            key = folded(flat)
            kind = _TYPE_BEFORE.search(key[: m.start()])
            if kind is None:
                continue
            number = tidy_number(m.group(1))
            return _notice_fields(number, TYPES[kind.group(1)], text, published)
    return None


def _notice_fields(
    number: str, doc_type: str, text: str, published: datetime | None
) -> OfficialFields:
    """What the sentence naming ``number`` says: the date before it, who issued it, and the
    subject after it."""
    flat = " ".join(text.split())
    key = folded(flat)
    at = flat.find(number)
    issued: date | None = None
    issuer = subject = None
    if at >= 0:
        sentence_start = max(flat.rfind(". ", 0, at) + 1, 0)
        before = flat[sentence_start:at]
        issued = find_any_date(before)
        kind = _TYPE_BEFORE.search(key[sentence_start:at])
        head = key[sentence_start : sentence_start + (kind.start() if kind else len(before))]
        if (who := _ISSUER.search(head)) is not None:
            issuer = flat[sentence_start + who.start(1) : sentence_start + who.end(1)].strip()
            issuer = re.sub(r"^ngày\s+\S+\s*,?\s*", "", issuer, flags=re.I).strip() or None
        after = at + len(number)
        if (about := _SUBJECT.search(key[after : after + 320])) is not None:
            subject = flat[after + about.start(1) : after + about.end(1)].strip()
            subject = subject[:1].upper() + subject[1:]
    if issued is None and published is not None:
        issued = published.date()
    return OfficialFields(
        doc_type=doc_type,
        number=number,
        issuer=issuer,
        issued_date=issued,
        place=None,
        subject=subject,
        signer=None,
        signer_title=None,
    )
