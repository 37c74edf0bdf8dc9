"""Names of units and hosts: unaccenting, unit-type words, hostname candidates.

>>> unaccent("Thị xã Kinh Môn")
'Thi xa Kinh Mon'
>>> host_label("Huyện Kiến Thuỵ")
'kienthuy'
>>> commune_host("Xã Quang Thành", "Thị xã Kinh Môn", "Tỉnh Hải Dương")
'quangthanh.kinhmon.haiduong.gov.vn'
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from archive.catalog.errors import CatalogInputError
from archive.text import nfc

GOV_SUFFIX = "gov.vn"
SANDBOX_SUFFIX = ".test"
TYPE_WORDS = (
    "Thành phố",
    "Tỉnh",
    "Quận",
    "Huyện",
    "Thị xã",
    "Thị trấn",
    "Xã",
    "Phường",
    "Đặc khu",
)
_FOLDED_TYPES = tuple(sorted((w.lower() for w in TYPE_WORDS), key=len, reverse=True))


def unaccent(text: str) -> str:
    """NFC text without diacritics, Đ/đ → D/d."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def strip_type(name: str) -> str:
    """'Thị xã Kinh Môn' → 'Kinh Môn'; works on accented and unaccented names alike."""
    name = " ".join(nfc(name).split())
    folded = unaccent(name).lower()
    for word in _FOLDED_TYPES:
        plain = unaccent(word)
        if folded.startswith(plain + " ") and len(name) > len(plain) + 1:
            return name[len(plain) + 1 :]
    return name


def folded_name(name: str) -> str:
    """The comparison key of a unit name: no type word, no diacritics, lowercase, one space."""
    return " ".join(unaccent(strip_type(name)).lower().replace("-", " ").split())


def host_label(name: str) -> str:
    """The hostname label of a unit: 'Thị xã Kinh Môn' → 'kinhmon'."""
    return "".join(c for c in folded_name(name) if c.isascii() and c.isalnum())


def province_host(province: str) -> str:
    return f"{host_label(province)}.{GOV_SUFFIX}"


def district_host(district: str, province: str) -> str:
    return f"{host_label(district)}.{province_host(province)}"


def commune_host(commune: str, district: str, province: str) -> str:
    return f"{host_label(commune)}.{district_host(district, province)}"


def normalize_host(url_or_host: str) -> str:
    """The lowercase host of a URL or bare host name, without port or trailing dot."""
    text = nfc(url_or_host).strip()
    parts = urlsplit(text if "://" in text else f"//{text}")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host or "." not in host or any(c.isspace() for c in host):
        raise CatalogInputError(f"not a portal URL or host name: {url_or_host!r}")
    return host


def start_url(url_or_host: str) -> str:
    """The start URL of a portal: the URL's scheme (https by default) and host, path '/'."""
    text = url_or_host.strip()
    scheme = text.split("://", 1)[0].lower() if "://" in text else "https"
    if scheme not in ("http", "https"):
        raise CatalogInputError(f"not an http(s) URL: {url_or_host!r}")
    parts = urlsplit(text if "://" in text else f"//{text}")
    port = f":{parts.port}" if parts.port else ""
    return f"{scheme}://{normalize_host(text)}{port}/"


def catalog_host(host: str) -> str:
    """The real host a host stands for: without a sandbox '.test' suffix or a 'www.' prefix."""
    return host.removesuffix(SANDBOX_SUFFIX).removeprefix("www.")
