"""Digital signatures of a PDF: who signed and when, from each signature dictionary.

The name comes from ``/Name`` or, when that is empty (as on most Vietnamese government
PDFs), from the common name of the signing certificate in ``/Contents`` (CMS, read with
asn1crypto). Nothing is verified: this is what the file says, not a proof.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from archive.extract.office.model import Signature
from archive.extract.office.text import clean_text

_PDF_DATE = re.compile(
    r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?"
)
MAX_SIGNATURES = 20


def pdf_date(raw: object) -> datetime | None:
    """A PDF date string ("D:20210203095752+07'00'") as an aware datetime."""
    m = _PDF_DATE.match(str(raw or "").strip())
    if not m:
        return None
    year, month, day, hour, minute, sec = (
        int(g) if g else d for g, d in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0), strict=True)
    )
    tz = UTC
    if m.group(7) in ("+", "-"):
        offset = timedelta(hours=int(m.group(8) or 0), minutes=int(m.group(9) or 0))
        tz = timezone(offset if m.group(7) == "+" else -offset)
    try:
        return datetime(year, month, day, hour, minute, sec, tzinfo=tz)
    except ValueError:
        return None


def signatures(reader: Any) -> tuple[Signature, ...]:
    """The signatures of a pypdf ``PdfReader``; () when there are none or they cannot be read."""
    try:
        form = reader.trailer["/Root"].get("/AcroForm")
        fields = form.get_object().get("/Fields", []) if form is not None else []
        found = []
        for ref in list(fields)[:200]:
            field = ref.get_object()
            value = field.get("/V")
            if field.get("/FT") == "/Sig" and value is not None:
                found.append(_signature(value.get_object()))
            if len(found) >= MAX_SIGNATURES:
                break
        return tuple(found)
    except Exception:  # a damaged form must not stop the reading
        return ()


def _signature(value: Any) -> Signature:
    name = _text(value.get("/Name")) or _certificate_name(value.get("/Contents"))
    return Signature(
        signer=name,
        signed_at=pdf_date(value.get("/M")),
        reason=_text(value.get("/Reason")),
        location=_text(value.get("/Location")),
    )


def _text(raw: object) -> str | None:
    text = clean_text(str(raw)) if raw is not None else ""
    return text or None


def _certificate_name(contents: object) -> str | None:
    """The common name of the signer's certificate in a CMS signature."""
    if not contents:
        return None
    try:
        from asn1crypto import cms

        raw = contents if isinstance(contents, bytes) else str(contents).encode("latin-1")
        info = cms.ContentInfo.load(raw.rstrip(b"\x00"))
        signed = info["content"]
        signer = signed["signer_infos"][0]["sid"]
        certs = [c.chosen for c in signed["certificates"]]
        chosen = next(
            (
                c
                for c in certs
                if signer.name == "issuer_and_serial_number"
                and c.serial_number == signer.chosen["serial_number"].native
            ),
            certs[0] if certs else None,
        )
        if chosen is None:
            return None
        return _text(chosen.subject.native.get("common_name"))
    except Exception:  # an odd or damaged signature: no name rather than no reading
        return None
