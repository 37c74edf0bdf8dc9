"""Hand-made portal layouts filled with sandbox articles: the labelled set's pages beside the
sandbox's own (``bench/data/layouts/*.html``, ``string.Template`` files).

``joomla`` and ``liferay``: the first two. ``liferay62``: a Liferay 6.2 department portal with
a CMS account in the author slot, the section label above the heading, a lead in
``p.description`` that holds a date, the byline as a right-aligned last paragraph, and body
text outside ``<p>`` (divs, bare text after an image, ``<br>`` lines, hard-wrapped runs).
``drupal``: a commune portal ("Gửi bởi admin"), ``<br>``-separated lines, a short first
paragraph opening with a date, "Tác giả: …" / "Theo …" bylines. ``newsbyline``: a news site
whose meta author is its own name and whose byline sits under the headline (with UI words, or
a co-author widget, or a "Name - dd/mm/yyyy hh:mm" dateline).
"""

from __future__ import annotations

import html
import random
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from string import Template
from typing import Any

from _common import WEEKDAYS, Page, chrome_on_page, own_text, sentences

LAYOUTS_DIR = Path(__file__).resolve().parent / "data" / "layouts"
LAYOUTS = ("drupal", "joomla", "liferay", "liferay62", "newsbyline")

SITES = {
    "joomla": {
        "host": "namdong.thanhmien.haiduong.gov.vn",
        "site": "Cổng thông tin điện tử xã Nam Đồng",
        "unit": "xã Nam Đồng",
        "editor": "Ông Nguyễn Văn Thắng - Phó Chủ tịch UBND xã",
        "address": "Thôn Nam Cầu, xã Nam Đồng, huyện Thanh Miện, tỉnh Hải Dương",
        "phone": "0220.3736.215",
    },
    "liferay": {
        "host": "thanhmien.haiduong.gov.vn",
        "site": "Cổng thông tin điện tử huyện Thanh Miện",
        "unit": "huyện Thanh Miện",
        "editor": "Bà Đỗ Thị Hồng Nhung - Phó Chủ tịch UBND huyện",
        "address": "Thị trấn Thanh Miện, huyện Thanh Miện, tỉnh Hải Dương",
        "phone": "0220.3735.161",
    },
    "liferay62": {
        "host": "stttt.haiduong.gov.vn",
        "site": "Cổng thông tin điện tử Sở Thông tin và Truyền thông tỉnh Hải Dương",
        "unit": "Sở Thông tin và Truyền thông tỉnh Hải Dương",
        "editor": "Ông Phạm Văn Đức - Phó Giám đốc Sở",
        "address": "Số 10 đường Hồng Quang, thành phố Hải Dương",
        "phone": "0220.3853.447",
    },
    "drupal": {
        "host": "xaanthanh.tuky.haiduong.gov.vn",
        "site": "Trang thông tin điện tử xã An Thanh",
        "unit": "xã An Thanh",
        "editor": "Ông Vũ Văn Hào - Chủ tịch UBND xã",
        "address": "Thôn Đồng Ngọ, xã An Thanh, huyện Tứ Kỳ, tỉnh Hải Dương",
        "phone": "0220.3747.118",
    },
    "newsbyline": {
        "host": "tinviet.vn",
        "site": "Báo điện tử Tin Việt",
        "unit": "Báo điện tử Tin Việt",
        "editor": "",
        "address": "",
        "phone": "",
    },
}
# what a Liferay 6.2 portal shows in its author slot: the CMS account, never a byline
ACCOUNTS = ("admin admin", "Pho Ban bien tap", "Biên tập viên", "Quản trị viên")
SECTION_LABELS = ("Tin tức sự kiện", "Tin tức nổi bật", "Công nghệ thông tin")
CO_AUTHORS = ("NGHI VŨ", "THU HÀ", "MINH ĐỨC")
UI_WORDS = "Xem các bài viết của tác giả"


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")


def _dmy(d: datetime) -> str:
    return d.strftime("%d/%m/%Y")


def _joomla_date(d: datetime) -> str:
    return f"{WEEKDAYS[d.weekday()]}, {d:%d} Tháng {d.month} {d:%Y} {d:%H:%M}"


def _d(truth: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(truth["date"])


def _wrap(text: str, width: int = 70) -> str:
    """``text`` hard-wrapped as an editor's source view would: newlines between words."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) >= width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def _liferay62_body(paras: list[str], index: int) -> str:
    """Body text mostly outside <p>: a div, bare text after an image, <br> lines, wrapped spans."""
    e = html.escape
    out = [f'<div style="text-align: justify;">{e(paras[0])}</div>']
    rest = paras[1:]
    if rest:
        out.append(f'<img src="/documents/10180/anh-{index}.jpg" width="600" />\n{e(rest[0])}')
        rest = rest[1:]
    if len(rest) >= 2:
        out.append(f"<p>{e(rest[0])}<br />\n<br />\n{e(rest[1])}</p>")
        rest = rest[2:]
    if rest:
        half = len(rest[0]) // 2
        cut = rest[0].rfind(" ", 0, half) + 1 or half
        first, second = _wrap(rest[0][:cut]), _wrap(rest[0][cut:])
        out.append(
            f'<p><span style="font-size:14px">{e(first)}</span>\n<span>{e(second)}</span></p>'
        )
        rest = rest[1:]
    out += [f'<p style="text-align: justify;">{e(p)}</p>' for p in rest]
    return "\n".join(out)


def _drupal_body(paras: list[str], opening: str) -> str:
    e = html.escape
    out = [f"<p>{e(opening)}</p>"]
    if len(paras) >= 3:
        out.append(f"<p>{e(paras[0])}<br />\n{e(paras[1])}<br />\n{e(paras[2])}</p>")
        paras = paras[3:]
    out += [f"<p>{e(p)}</p>" for p in paras]
    return "\n".join(out)


def _byline_block(author: str, date: datetime, variant: int) -> tuple[str, str]:
    """The block under a news site's headline and the author it shows (three variants)."""
    e = html.escape
    when = f"{date:%d/%m/%Y %H:%M}"
    if variant == 0:
        page = f"/tac-gia/{slug(author)}.htm"
        block = (
            f'<div class="author-wrap"><div class="author-name"><a href="{page}">'
            f'<b>{e(author)}</b></a></div> <a class="author-more" href="{page}">'
            f'{UI_WORDS}</a><time class="author-time" datetime="{date.isoformat()}">'
            f"{WEEKDAYS[date.weekday()]}, {when}</time></div>"
        )
        return block, author
    if variant == 1:
        first, second = author.upper(), CO_AUTHORS[date.day % len(CO_AUTHORS)]
        block = (
            f'<div class="author-wrap"><div class="author-name"><b>{e(first)}</b> và 1 tác giả khác'
            f'<ul class="author-list"><li><a href="/tac-gia/a.htm">{e(first)}</a></li>'
            f'<li><a href="/tac-gia/b.htm">{e(second)}</a></li></ul></div>'
            f'<time class="author-time" datetime="{date.isoformat()}">{when}</time></div>'
        )
        return block, f"{first}, {second}"
    return f'<div class="dateline">{e(author)} - {when}</div>', author


def _lists(layout: str, others: list[dict[str, Any]], latest: list[dict[str, Any]]) -> list[str]:
    e = html.escape
    if layout == "joomla":
        related = [
            f'<li><a href="/tin-tuc-su-kien/{slug(o["category"])}/{o["id"]}-'
            f'{slug(o["title"])}.html">{e(o["title"])}</a> <span>({_dmy(_d(o))})</span></li>'
            for o in others
        ]
        newest = [f'<li><a href="/tin-tuc/{o["id"]}.html">{e(o["title"])}</a></li>' for o in latest]
        return ["\n".join(related), "\n".join(newest)]
    related = [
        f'<li><a href="/web/portal/tin-tuc/-/asset_publisher/{o["id"]}">'
        f'{e(o["title"])}</a> <span class="date">({_dmy(_d(o))} {_d(o):%H:%M})</span></li>'
        for o in others
    ]
    newest = [
        f'<li><span class="date">{_dmy(_d(o))}</span> <a href="/web/portal/tin-tuc/-/'
        f'asset_publisher/{o["id"]}">{e(o["title"])}</a></li>'
        for o in latest
    ]
    return ["\n".join(related), "\n".join(newest)]


def _figures(layout: str, captions: list[str]) -> list[str]:
    e = html.escape
    if layout == "joomla":
        return [
            f'<p style="text-align: center;"><img src="/images/tintuc/2024/anh-{i}.jpg" '
            f'alt="" width="600" height="400" /></p>\n'
            f'<p style="text-align: center;"><em>{e(c)}</em></p>'
            for i, c in enumerate(captions, 1)
        ]
    return [
        f'<table class="image" align="center"><tr><td><img src="/documents/10180/'
        f'anh-{i}.jpg" /></td></tr><tr><td class="image_desc">{e(c)}</td></tr></table>'
        for i, c in enumerate(captions, 1)
    ]


def fragments(
    layout: str, truth: dict[str, Any], index: int, date: datetime
) -> tuple[dict[str, str], list[str], str]:
    """(template values, body paragraphs as shown, author as shown) for one article."""
    e = html.escape
    paras = list(truth["body"])
    author = truth["author"]
    values: dict[str, str] = {"author": e(author)}
    if layout == "liferay62":
        values["body"] = _liferay62_body(paras, index)
        values["account"] = ACCOUNTS[index % len(ACCOUNTS)]
        values["section_label"] = SECTION_LABELS[index % len(SECTION_LABELS)]
        # a date in the lead must not beat the one shown by the heading
        values["sapo"] = e(f"{truth['sapo']} Kế hoạch áp dụng kể từ ngày "
                           f"{(date - timedelta(days=1)):%-d/%-m/%Y}.")  # fmt: skip
        return values, paras, author
    if layout == "drupal":
        opening = f"Ngày {date:%d/%m/%Y}, UBND {SITES['drupal']['unit']} tổ chức hội nghị."
        values["body"] = _drupal_body(paras, opening)
        values["byline"] = e(f"Tác giả: {author}" if index % 2 else f"Theo {author}")
        values["section_label"] = "Tin hoạt động"
        day = "CN" if date.isoweekday() == 7 else f"T{date.isoweekday() + 1}"
        values["drupal_date"] = f"{day}, {date:%d/%m/%Y - %H:%M}"
        return values, [opening, *paras], author
    if layout == "newsbyline":
        block, author = _byline_block(author, date, index % 3)
        values["byline_block"] = block
        values["body"] = "\n".join(f"<p>{e(p)}</p>" for p in paras)
        return values, paras, author
    figures = _figures(layout, truth["captions"] or [])
    body = [f'<p style="text-align: justify;">{e(p)}</p>' for p in paras]
    values["body"] = "\n".join(body[:1] + figures[:1] + body[1:-1] + figures[1:] + body[-1:])
    return values, paras, author


def _url(layout: str, host: str, values: dict[str, Any], truth: dict[str, Any]) -> str:
    if layout == "joomla":
        return f"https://{host}/tin-tuc-su-kien/{values['category_slug']}/{truth['id']}-{values['slug']}.html"
    if layout == "drupal":
        return f"https://{host}/tin-hoat-dong/{values['slug']}"
    if layout == "newsbyline":
        return f"https://{host}/xa-hoi/{values['slug']}-{truth['id']}.htm"
    return f"https://{host}/web/{values['portal_slug']}/tin-tuc/-/asset_publisher/news/content/{values['slug']}"


def _chrome_values(rng: random.Random, date: datetime) -> dict[str, Any]:
    now = date + timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 9))
    received = rng.randint(60, 900)
    late = rng.choice((0, 0, 1, 2))
    today = rng.randint(100, 900)
    return {
        "today_line": f"{WEEKDAYS[now.weekday()]}, ngày {now.day} tháng {now.month} năm {now.year}",
        "hits": rng.randint(80, 4000),
        "month": now.month,
        "tthc_received": received,
        "tthc_on_time": received - late,
        "tthc_late_pct": f"{100 * late / received:.2f}" if late else "0",
        "tthc_updated": (now - timedelta(hours=rng.randint(1, 9))).strftime("%d/%m/%Y %H:%M:%S"),
        "online": rng.randint(2, 40),
        "today": today,
        "yesterday": rng.randint(100, 900),
        "month_visits": today * 20,
        "total": f"{rng.randint(100_000, 2_000_000):,}".replace(",", "."),
    }


def render(
    layout: str, truth: dict[str, Any], others: list[dict[str, Any]], latest: list[dict[str, Any]],
    rng: random.Random, index: int, **override: str,
) -> tuple[bytes, str, list[str], str]:  # fmt: skip
    """(page, url, body paragraphs shown, author shown) of one article in one layout."""
    template = Template((LAYOUTS_DIR / f"{layout}.html").read_text(encoding="utf-8"))
    site = SITES[layout]
    date = _d(truth)
    related, newest = _lists(layout, others, latest)
    frag, paras, author = fragments(layout, truth, index, date)
    values: dict[str, Any] = {
        **{k: html.escape(v) for k, v in site.items()},
        "site_upper": html.escape(site["site"].upper()),
        "portal_slug": slug(site["unit"]),
        "title": html.escape(truth["title"]),
        "sapo": html.escape(truth["sapo"]),
        "category": html.escape(truth["category"]),
        "category_slug": slug(truth["category"]),
        "slug": slug(truth["title"]),
        "id": truth["id"],
        "prev_id": truth["id"] - 3,
        "next_id": truth["id"] + 4,
        "itemid": 103,
        "iso_date": date.isoformat(),
        "joomla_date": _joomla_date(date),
        "liferay_date": f"{_dmy(date)} {date:%H:%M}",
        **_chrome_values(rng, date),
        "related": related,
        "latest": newest,
        **frag,
        **override,
    }
    page = template.substitute(values).encode("utf-8")
    return page, _url(layout, site["host"], values, truth), paras, author


def template_pages(layouts: Sequence[str], count: int, seed: int = 7) -> list[Page]:
    """Hand-made layouts, each filled with ``count`` sandbox articles (their ground truth)."""
    from sandbox import Sandbox

    truths = Sandbox(seed=seed, pages_per_portal=max(4, count)).ground_truth()
    truths.sort(key=lambda t: (t["date"], t["id"]))
    pages = []
    for layout in layouts:
        rng = random.Random(f"{layout}|{seed}")
        for n, index in enumerate(rng.sample(range(len(truths)), count)):
            truth = truths[index]
            others = [truths[j] for j in rng.sample(range(len(truths)), 6) if j != index][:5]
            newer = truths[max(0, index - 2) : index + 4]  # the article itself may be listed
            page, url, paras, author = render(layout, truth, others, newer, rng, n)
            own = own_text(truth) + " " + " ".join(paras) + " " + author
            listed = [o["title"] for o in others + newer]
            pages.append(
                Page(
                    layout=layout,
                    url=url,
                    html=page,
                    content_type="text/html; charset=utf-8",
                    title=truth["title"],
                    date=_d(truth),
                    author=author,
                    keep=sentences(paras),
                    chrome=chrome_on_page(page, own, listed) + _extra_chrome(layout, page, own),
                    own=own,
                )
            )
    return pages


def _extra_chrome(layout: str, page: bytes, own: str) -> list[str]:
    """Labels of the new layouts that must not reach the text (section labels, accounts)."""
    text = page.decode("utf-8")
    labels = (*SECTION_LABELS, "Tin hoạt động", UI_WORDS)
    found = [label for label in labels if label in text and label not in own]
    found += [a for a in ACCOUNTS if f">{a}<" in text and a not in own]
    return sorted(set(found)) if layout in ("liferay62", "drupal", "newsbyline") else []


KINDS_DIR = LAYOUTS_DIR.parent / "kinds"


def kind_pages() -> list[Page]:
    """The hand-made pages of the other kinds (static pages, home, one-item listing, notices)."""
    import json

    truth = json.loads((KINDS_DIR / "truth.json").read_text(encoding="utf-8"))
    pages = []
    for t in truth["pages"]:
        pages.append(
            Page(
                layout="kinds",
                url=t["url"],
                html=(KINDS_DIR / t["file"]).read_bytes(),
                content_type="text/html; charset=utf-8",
                title=t["title"],
                date=datetime.fromisoformat(t["date"]) if t["date"] else None,
                author=t["author"],
                keep=list(t["keep"]),
                chrome=list(t["chrome"]),
                kind=t["kind"],
                documents=list(t.get("documents", [])),
            )
        )
    return pages
