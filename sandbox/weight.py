"""Page weight as real portals carry it: inline styles and scripts, menu data, form tokens,
a directory of units.

Real pages weigh far more than their article: the 181 news pages of the shared extraction
benchmark have a median of 115 KB of HTML (24 KB gzipped), and Vietnamese portals add menu
trees, SharePoint/ASP.NET form state and widget scripts. Without this the sandbox's pages
were 13 KB (4 KB gzipped), which made WARC sizes, recrawl ratios and crawl throughput look
unlike the real thing. With it, article pages have a median of about 90 KB (24 KB gzipped),
calibrated on that benchmark's median; ASP.NET pages are heavier. Everything here is
deterministic from (seed, host) or, for the form tokens, (seed, host, clock); it sits in
``<head>``, hidden inputs and a ``<nav>``, where real pages keep it.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from functools import lru_cache

from sandbox.slug import unaccent

DEPARTMENTS = (
    "Văn phòng HĐND và UBND",
    "Phòng Nội vụ",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Kinh tế",
    "Phòng Quản lý đô thị",
    "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Tư pháp",
    "Thanh tra",
    "Trung tâm Văn hóa - Thể thao",
    "Ban Quản lý dự án",
    "Trung tâm Y tế",
    "Công an",
    "Ban Chỉ huy Quân sự",
    "Mặt trận Tổ quốc",
    "Hội Nông dân",
    "Hội Phụ nữ",
    "Đoàn Thanh niên",
    "Hội Cựu chiến binh",
    "Liên đoàn Lao động",
    "Chi cục Thống kê",
)
SYLLABLES = (
    "An",
    "Bình",
    "Hòa",
    "Tân",
    "Phú",
    "Thịnh",
    "Hưng",
    "Lạc",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Quang",
    "Minh",
    "Hiệp",
    "Long",
    "Thành",
    "Kim",
    "Hồng",
    "Thái",
    "Phúc",
    "Lộc",
    "Vĩnh",
    "Trung",
    "Thượng",
    "Hạ",
    "Cẩm",
    "Lê",
    "Duy",
    "Tiến",
    "Thắng",
    "Lợi",
    "Yên",
    "Đức",
)
UNIT_KINDS = (
    "UBND xã",
    "UBND phường",
    "UBND thị trấn",
    "Trường THCS",
    "Trường Tiểu học",
    "Trạm Y tế xã",
)
MENU_ITEMS = 280
CSS_RULES = 180


def _rng(*parts: object) -> random.Random:
    return random.Random(hashlib.sha256("|".join(map(str, parts)).encode()).digest())


def _place(rng: random.Random) -> str:
    return f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"


def _menu(rng: random.Random, host: str) -> list[dict[str, object]]:
    items = []
    for i in range(MENU_ITEMS):
        name = rng.choice(DEPARTMENTS) if i % 3 == 0 else f"{rng.choice(UNIT_KINDS)} {_place(rng)}"
        items.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                "title": name,
                "url": f"/Pages/don-vi.aspx?ID={rng.getrandbits(24)}",
                "parent": i // 12,
                "order": i,
                "icon": f"/Images/icons/{rng.getrandbits(24):06x}.png",
            }
        )
    return items


def _css(rng: random.Random) -> str:
    props = (
        "color",
        "background-color",
        "border-color",
        "margin",
        "padding",
        "font-size",
        "line-height",
        "width",
        "height",
        "top",
        "left",
    )
    rules = []
    for i in range(CSS_RULES):
        decl = ";".join(
            f"{rng.choice(props)}:{rng.randint(0, 999)}px"
            if j % 2
            else f"{rng.choice(props)}:#{rng.getrandbits(24):06x}"
            for j in range(4)
        )
        rules.append(f".w{i:03d}-{rng.getrandbits(16):04x}{{{decl}}}")
    return "".join(rules)


@lru_cache(maxsize=64)
def head_assets(seed: int, host: str) -> str:
    """The inline ``<style>`` and ``<script>`` a portal repeats in every page's head."""
    rng = _rng(seed, host, "assets")
    config = {
        "siteId": str(uuid.UUID(int=rng.getrandbits(128))),
        "host": host,
        "analytics": f"UA-{rng.getrandbits(28)}-{rng.randint(1, 9)}",
        "menuData": _menu(rng, host),
    }
    return (
        f'<style type="text/css">{_css(rng)}</style>\n'
        '<script type="text/javascript">//<![CDATA[\n'
        f"var _portalConfig = {json.dumps(config, ensure_ascii=False)};\n"
        "//]]></script>\n"
    )


@lru_cache(maxsize=64)
def unit_directory(seed: int, host: str) -> str:
    """A directory of units and offices, the long link list many portals end with; it links
    to the units' own sites (other hosts, which a crawl of this portal leaves alone)."""
    rng = _rng(seed, host, "units")
    province = host.removesuffix(".test").split(".")[-3]
    items = []
    for _ in range(90):
        place = _place(rng)
        slug = unaccent(place).replace(" ", "").lower()
        items.append(
            f'<li><a href="http://{slug}.{province}.gov.vn.test/">'
            f"{rng.choice(UNIT_KINDS)} {place}</a></li>"
        )
    links = "".join(items)
    return f'<nav class="unit-directory" aria-label="Đơn vị trực thuộc"><ul>{links}</ul></nav>\n'


def form_tokens(*parts: object) -> str:
    """Per-page hidden form state (request digest, event validation), as CMSs emit it."""
    rng = _rng(*parts)
    digest = "".join(f"{rng.getrandbits(32):08X}" for _ in range(32))
    validation = "".join(f"{rng.getrandbits(32):08x}" for _ in range(96))
    return (
        '<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" '
        f'value="0x{digest}" />'
        '<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" '
        f'value="{validation}" />\n'
    )


def weigh(html: str, seed: int, host: str, page_key: str) -> str:
    """``html`` with the head assets, form tokens and unit directory put in place."""
    if "</head>" not in html or "</body>" not in html:
        return html
    head, _, rest = html.partition("</head>")
    body, _, tail = rest.rpartition("</body>")
    return (
        head
        + head_assets(seed, host)
        + "</head>"
        + body
        + form_tokens(seed, host, page_key)
        + unit_directory(seed, host)
        + "</body>"
        + tail
    )
