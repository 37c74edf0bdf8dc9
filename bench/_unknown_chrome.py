"""Portal chrome the rules do not know, for benchmarking template learning (extraction (c)).

Every portal has blocks of its own in the content column: a slogan banner, a contact box, a
standing invitation to another section. No rule names them; only their repetition across a
portal's pages gives them away. ``with_unknown_chrome`` adds such blocks, worded per portal,
around the article body of each labelled page; ``evaluate_templates`` learns each portal's
template from half of its pages and scores the other half.
"""

from __future__ import annotations

import copy
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

import lxml.html
from _common import Page, norm
from _scoring import Output, Score, plain, score

from archive.documents.templates import TemplateLearner
from archive.extract import extract

UNITS = ("phường", "xã", "thị trấn", "huyện", "thành phố", "tỉnh")


def _unit(host: str) -> str:
    name = host.split(".")[0].capitalize()
    return f"{random.Random(host).choice(UNITS)} {name}"


def portal_blocks(host: str) -> list[str]:
    """The lines of this portal's own chrome (the same on each of its pages)."""
    rng = random.Random(f"chrome|{host}")
    unit = _unit(host)
    return [
        f"Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ {unit} lần thứ "
        f"{rng.choice(('XX', 'XXI', 'XXII', 'XXV'))}, nhiệm kỳ 2025 - 2030",
        f"Mọi thông tin phản ánh, kiến nghị xin gửi về Văn phòng HĐND và UBND {unit}",
        f"Đường dây nóng của {unit}: 0220 38{rng.randint(10, 99)} {rng.randint(100, 999)}",
        f"Mời bạn đọc theo dõi các văn bản chỉ đạo, điều hành của {unit} tại chuyên mục "
        "Văn bản pháp quy",
    ]


def _holder(root: lxml.html.HtmlElement, sentence: str) -> lxml.html.HtmlElement | None:
    """The innermost element whose text holds ``sentence``."""
    found = None
    for el in root.iter("p", "div", "td", "span", "li"):
        if sentence in norm(el.text_content()):
            found = el  # iter() is in document order: later matches are deeper or after
    return found


def with_unknown_chrome(page: Page) -> Page | None:
    """``page`` with its portal's own chrome around the body (None if the body is not found)."""
    host = urlsplit(page.url).hostname or ""
    slogan, contact, hotline, invite = portal_blocks(host)
    root = lxml.html.document_fromstring(page.html.decode("utf-8"))
    first = _holder(root, page.keep[0][:60]) if page.keep else None
    last = _holder(root, page.keep[-1][:60]) if page.keep else None
    if first is None or last is None or first.getparent() is None or last.getparent() is None:
        return None
    banner = lxml.html.fragment_fromstring(
        f'<p style="text-align:center"><span style="color:red">{slogan}</span></p>'
    )
    box = lxml.html.fragment_fromstring(
        f'<div class="box-lh"><p>{contact}</p><p>{hotline}</p><p><em>{invite}</em></p></div>'
    )
    first.addprevious(banner)
    last.addnext(box)
    html = lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")
    out = copy.copy(page)
    out.html = html
    out.chrome = [slogan, contact, hotline, invite]  # leak counted on these only
    return out


def _ours(template: frozenset[str]) -> Callable[[Page], Output]:
    def run(page: Page) -> Output:
        r = extract(page.html, page.url, content_type=page.content_type, template=template)
        return Output(r.text, r.title, r.date, r.author)

    return run


def evaluate_templates(pages: Sequence[Page]) -> tuple[dict[str, Score], dict[str, int]]:
    """Learn each portal's template on its even pages, score its odd pages three ways."""
    by_host: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        if (marked := with_unknown_chrome(page)) is not None:
            by_host[urlsplit(page.url).hostname or ""].append(marked)
    scores = {name: Score() for name in NAMES}
    lines_learned: dict[str, int] = {}
    for host, group in sorted(by_host.items()):
        group.sort(key=lambda p: p.url)
        train, test = group[0::2], group[1::2]
        learner = TemplateLearner()
        for page in train:
            r = extract(page.html, page.url, content_type=page.content_type)
            if r.is_article:
                learner.add(host, r.lines)
        learned = learner.learned()
        template = frozenset(learned[0].lines) if learned else frozenset()
        lines_learned[host] = len(template)
        runs = {NAMES[0]: plain, NAMES[1]: _ours(frozenset()), NAMES[2]: _ours(template)}
        for name, fn in runs.items():
            for page in test:
                started = time.perf_counter()
                out = fn(page)
                scores[name].add(score(page, out, (time.perf_counter() - started) * 1000))
    return scores, lines_learned


NAMES = (
    "trafilatura (plain)",
    "archive.extract, no template",
    "archive.extract + template learned on the other half",
)
