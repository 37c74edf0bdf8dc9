"""Official documents: reading PDF, DOC/DOCX, spreadsheets and scans, and their fields.

Pure functions, bytes in and results out; nothing here knows Scrapy or SQLAlchemy.

``read_document(data, content_type=..., filename=..., ocr=True, limits=ReadLimits())``
returns a :class:`DocumentReading` (NFC text, pages, format, ``needs_ocr``, ``reason``,
signatures) and never raises. ``official_fields(text)`` reads the Nghị định 30/2020/NĐ-CP
layout (type, number, issuer, place and date, subject, signer, effective date, replaced and
amended documents) into :class:`OfficialFields`; ``number_key(number)`` and
``number_tokens(number)`` are a document number's forms for search.

Modules: ``sniff`` (format by content), ``limits`` (bounds and programs), ``tools``
(subprocesses), ``pdf``, ``ocr``, ``pages`` (running headers), ``signatures``, ``word``
(DOCX, DOC), ``sheets`` (XLS, XLSX), ``opendoc`` (ODT, ODS, RTF), ``archives`` (zip, rar),
``reader`` (composes them); ``fields`` with ``header``, ``doctypes``, ``numbers``, ``vndates``
and ``signer`` for the official-document fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.lazy import lazy_names

if TYPE_CHECKING:
    from archive.extract.office.fields import OfficialFields, official_fields
    from archive.extract.office.limits import DEFAULT_LIMITS, ReadLimits, limits_from_env
    from archive.extract.office.model import DocumentReading, Signature
    from archive.extract.office.numbers import number_key, number_tokens
    from archive.extract.office.reader import read_document

# bump when the output for the same input changes
OFFICE_VERSION = "1.0"

__all__ = [
    "DEFAULT_LIMITS",
    "OFFICE_VERSION",
    "DocumentReading",
    "OfficialFields",
    "ReadLimits",
    "Signature",
    "limits_from_env",
    "number_key",
    "number_tokens",
    "official_fields",
    "read_document",
]

# Loaded on first use (PEP 562), as in ``archive.extract``: the search facets import
# ``doctypes`` alone and must not load the readers.
__getattr__ = lazy_names(
    __name__,
    {
        "OfficialFields": "fields",
        "official_fields": "fields",
        "DEFAULT_LIMITS": "limits",
        "ReadLimits": "limits",
        "limits_from_env": "limits",
        "DocumentReading": "model",
        "Signature": "model",
        "number_key": "numbers",
        "number_tokens": "numbers",
        "read_document": "reader",
    },
)
