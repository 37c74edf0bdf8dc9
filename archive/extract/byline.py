"""The author: the byline a reader sees, never the CMS account or the publication's name.

Where it is looked for, best first (``pipeline``): a byline closing the text ("Kim Chi",
"Tác giả: Bích Ngọc", "Theo Thu Hà", a bold or right-aligned last line), a byline element
(``class="author"`` and kin: under the headline or after the body), a name before the date in
the header ("Nguyên Minh - 07/03/2026 08:47"), then a meta tag. Accounts ("admin admin",
"Pho Ban bien tap", "Biên tập viên"), agencies and site names are never an author.
"""

from __future__ import annotations

import re
import unicodedata

from lxml.html import HtmlElement

from archive.extract import dates
from archive.extract.chrome import fold, is_chrome_line
from archive.extract.dom import classes, element_with_text, is_bold, meta_content, squash, text_of
from archive.extract.titles import is_site_name

_AUTHOR_ATTR = re.compile(r"author|tacgia|tac-gia|tac_gia|byline|writer|nguoiviet|butdanh")
_AUTHOR_PREFIX = re.compile(
    r"^(tác giả|bài và ảnh|bài, ảnh|bài/ảnh|bài & ảnh|tin và ảnh|tin, ảnh|tin/ảnh|tin & ảnh|bài"
    r"|tin|người viết|thực hiện|nhóm phóng viên"
    r"|phóng viên|by|theo)\s*[:.]?\s+",
    re.IGNORECASE,
)
_AUTHOR_MARKS = frozenset({"pv", "ctv", "btv", "pv.", "ttxvn", "pv-ctv", "pv/ctv", "nhóm pv"})
_NAME_JOINERS = frozenset({"và", "-", "–", "&", ",", "/"})
# CMS accounts, matched on the text without diacritics ("Pho Ban bien tap" is typed so)
_ACCOUNT = re.compile(
    r"^(admin|ad min|administrator|quan tri|quantri|webmaster|editor|author|user|guest|test|root"
    r"|(pho |truong )?ban bien tap|bien tap vien|btv |nguoi dang|tai khoan"
    r"|to thu ky|thu ky toa soan)"
)
# offices and agencies, matched with their diacritics ("Phòng …" is an office, "Phong" a name)
_OFFICE = re.compile(
    r"^(cổng thông tin|trang thông tin|ubnd|ủy ban|uỷ ban|sở|phòng|văn phòng|trung tâm|bộ"
    r"|ban (tuyên|tổ chức|dân|quản lý|chỉ đạo|chấp hành|biên tập|thường vụ|kinh tế|pháp chế"
    r"|văn hóa|văn hoá|tiếp|thi đua|đại diện|an toàn|nội chính|kiểm tra)"
    r"|cục|chi cục|huyện ủy|huyện uỷ|tỉnh ủy|tỉnh uỷ|đảng ủy|đảng uỷ|hđnd|báo|tạp chí"
    r"|đài|cơ quan|đoàn thanh niên|đoàn tncs|chi đoàn|chi bộ|công đoàn|mặt trận|hội liên hiệp"
    r"|hội nông dân|hội cựu chiến binh|hội phụ nữ)\b"
)
# a contact line closing a text ("Facebook: Phố Sách Hà Nội", "Website: …"), not a byline
_CONTACT = re.compile(
    r"^(facebook|fanpage|website|web|email|e-mail|zalo|youtube|hotline|điện thoại|đt|fax"
    r"|địa chỉ)\s*:",
    re.IGNORECASE,
)
# words a byline widget shows beside the name
_UI_WORDS = re.compile(
    r"\s*(xem (tất cả |thêm )?(các )?bài viết( của tác giả)?|các bài viết của tác giả|theo dõi"
    r"|follow|gửi email|gửi thư|email|liên hệ tác giả|trang tác giả|hồ sơ tác giả"
    r"|(thứ (hai|ba|tư|năm|sáu|bảy)|chủ nhật)\b).*$",
    re.IGNORECASE,
)
_CO_AUTHORS = re.compile(r"\s*(và|cùng)\s+\d+\s+tác giả khác.*$", re.IGNORECASE)


def strip_ui(text: str) -> str:
    """A byline line without the widget words beside the name ("Xem các bài viết…")."""
    return _CO_AUTHORS.sub("", _UI_WORDS.sub("", squash(text))).strip(" -–|:,")


def is_co_author_note(line: str) -> bool:
    """ "NHẬT XUÂN và 1 tác giả khác": a widget line, never text."""
    return bool(_CO_AUTHORS.search(line))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def is_account(text: str, offices: bool = True) -> bool:
    """Whether a byline is a CMS account, a site or (``offices``) an office, not a person.

    An office signing the closing line of its own text ("Văn phòng HĐND - UBND xã") is its
    author; the same name in a CMS slot or a meta tag is the account that published it."""
    value = fold(text)
    if not value or _ACCOUNT.match(_ascii(value) + " ") or (offices and _OFFICE.match(value)):
        return True
    return is_site_name(value)


def is_office(text: str) -> bool:
    """Whether a name is an office's or an organisation's ("Đoàn Thanh niên Sở …")."""
    return bool(_OFFICE.match(fold(text)))


def _unmarked(text: str) -> str:
    """``text`` without stray typing marks around it ("` Thu Lan")."""
    return squash(text).strip("`'\"*_~ ")


def clean_author(text: str, offices: bool = False) -> str | None:
    """A byline without its label, UI words and trailing date, or None when it is not a name
    (``offices``: an office's name may stand, as in a closing line)."""
    value = _unmarked(text)
    if _CONTACT.match(value):
        return None
    found = dates.find_date(value)
    if found is not None:
        value = squash(value[: found.start])
    value = _UI_WORDS.sub("", value)
    value = _AUTHOR_PREFIX.sub("", value.strip(" -–|:,•·")).strip(" -–|:,")
    if not value or len(value) > 80 or is_chrome_line(value) or is_account(value, not offices):
        return None
    return value


def looks_like_name(text: str) -> bool:
    """A short byline: "PV", "Thu Xuân", "Trang Hằng (Hà Trung)", "Ngọc Anh - Thu Hà"."""
    value = squash(text)
    if value.lower() in _AUTHOR_MARKS:
        return True
    if not 2 <= len(value) <= 60 or value.endswith((".", ":", ";", "?", "!")):
        return False
    words = re.sub(r"\([^)]{1,40}\)$", "", value).replace(",", " , ").split()
    if not 1 <= len(words) <= 8:
        return False
    return all(w in _NAME_JOINERS or w[:1].isupper() or w.lower() in _AUTHOR_MARKS for w in words)


def byline_of(line: str) -> str | None:
    """The author named by a byline line ("Kim Chi", "Tác giả: Bích Ngọc", "Theo Thu Hà")."""
    labelled = bool(_AUTHOR_PREFIX.match(squash(line)))
    value = clean_author(line, offices=not labelled)
    if value is None or not looks_like_name(value):
        return None
    if not labelled and not looks_like_name(_unmarked(line)):
        return None
    return value


def _names_in(el: HtmlElement) -> list[str]:
    """Distinct names of a byline widget's items (links, list items, bold runs)."""
    names: list[str] = []
    for item in el.iter("a", "li", "b", "strong"):
        if any(True for _ in item.iter("li")) and item.tag != "li":
            continue
        value = clean_author(text_of(item))
        if value and looks_like_name(value) and value not in names:
            names.append(value)
    return names


def _from_element(el: HtmlElement) -> str | None:
    """The author an author element shows: one name, or several joined with ", "."""
    text = text_of(el)
    if _CO_AUTHORS.search(text):
        names = _names_in(el)
        return ", ".join(names) if names else clean_author(_CO_AUTHORS.sub("", text))
    names = _names_in(el)
    if len(names) == 1 and names[0] in text:
        return names[0]
    value = clean_author(text)
    if value and looks_like_name(value):
        return value
    return names[0] if names else value


def selector_author(root: HtmlElement) -> str | None:
    """A byline marked up with an author class or itemprop (accounts skipped)."""
    for el in root.iter("*"):
        if el.tag == "meta":
            continue
        if _AUTHOR_ATTR.search(classes(el)) or (el.get("itemprop") or "").lower() == "author":
            if value := _from_element(el):
                return value
    return None


def meta_author(root: HtmlElement) -> str | None:
    """A meta author that is a person's name, not the publication's or an account."""
    value = meta_content(root, "author", "article:author", "dc.creator")
    if not value or value.startswith("http") or "." in value:
        return None
    site = meta_content(root, "og:site_name")
    if site and fold(site) in fold(value):
        return None
    return clean_author(value)


def trailing_author(paragraphs: list[str], root: HtmlElement) -> str | None:
    """A byline closing the text: name-like, labelled, or a short bold / right-aligned line."""
    if not paragraphs:
        return None
    last = paragraphs[-1]
    if value := byline_of(last):
        return value
    el = element_with_text(root, last)
    if el is None or len(last) > 60 or last.endswith("."):
        return None
    align = (el.get("align") or "") + (el.get("style") or "").replace(" ", "")
    if "right" in align.lower() or is_bold(el):
        return clean_author(last, offices=True)
    return None


def header_author(lines: list[str]) -> str | None:
    """A name right before the date in the header line ("PV 27/02/2024 09:00",
    "Nguyên Minh - 07/03/2026 08:47")."""
    for line in lines:
        found = dates.find_date(line)
        if found is None:
            continue
        prefix = squash(line[: found.start]).strip(" -–|,")
        if prefix and looks_like_name(prefix) and not re.search(r"\d", prefix):
            return clean_author(prefix) if not _is_label(prefix) else None
        return None
    return None


def _is_label(text: str) -> bool:
    return bool(re.match(r"^(cập nhật|ngày|đăng|thứ|chủ nhật|lúc|thời gian|xuất bản)", fold(text)))
