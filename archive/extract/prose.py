"""All the prose of the article block, including what trafilatura leaves out.

trafilatura keeps paragraphs in ``<p>`` well but drops text that portal editors put elsewhere:
paragraphs typed into ``<div style=…>`` blocks, bare text after an ``<img>``, runs of lines
separated by ``<br>``. The article block is found again in the page (the element holding the
first and the last paragraph trafilatura kept) and read line by line; lines it adds must read
as prose (long, or a sentence) and be neither chrome nor a linked headline.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from archive.extract.chrome import fold, is_chrome_line
from archive.extract.dom import classes, lines_of, squash, text_of

_SNIPPET = 24
_ANCHOR_CHARS = 60
_MAX_GROWTH = 3
_HOLDS = 0.8
_FULLER = 1.25
_ENDS = 30
_RUN_KEY = 12  # characters that find the block line a run-together paragraph starts with
_PROSE_CHARS = 60
_SENTENCE_CHARS = 25
_SENTENCE_END = re.compile(r"[.!?…:;\"”»)]$")
# boxes inside an article that are not its text: captions, credits, author and share boxes
_ASIDE_ATTR = re.compile(
    r"caption|credit|image|photo|picture|figure|media|video|author|bio|share|social|related"
    r"|tags?\b|promo|newsletter|citation|more-info|embed"
)

# a Vietnamese news caption ends with its photo's credit ("… tại nhà tưởng niệm. Ảnh: THUẬN
# VĂN", "(Ảnh: TTXVN)"): a sentence of the report, unlike a bare credit or a stock caption
_PHOTO_CREDIT = re.compile(
    r"[.!?…)]\s*\(?(?:Ảnh|Nguồn ảnh|Ảnh minh (?:họa|hoạ))\s*:\s*\S[^.!?]{0,60}\)?\s*$"
)


def is_reported_caption(line: str) -> bool:
    """A caption that is a sentence of the report with its photo credit, kept as text."""
    text = squash(line)
    return len(text) >= _PROSE_CHARS and bool(_PHOTO_CREDIT.search(text))


def _snippets(paragraph: str) -> list[str]:
    """Short windows of a paragraph (start, middle, end) to find it in one text node."""
    text = squash(paragraph)
    if len(text) <= _SNIPPET:
        return [text]
    mid = len(text) // 2
    return [text[:_SNIPPET], text[mid : mid + _SNIPPET], text[-_SNIPPET:]]


def _owner(root: HtmlElement, paragraph: str) -> HtmlElement | None:
    """The element whose own text (or a child's tail) holds a window of ``paragraph``."""
    body = root.find("body")
    scope = body if body is not None else root
    for snippet in _snippets(paragraph):
        for el in scope.iter():
            if not isinstance(el.tag, str):
                continue
            if el.text and snippet in squash(el.text):
                return el
            if el.tail and snippet in squash(el.tail):
                return el.getparent()
    return None


def _holder(el: HtmlElement, paragraph: str) -> HtmlElement:
    """The element that holds the whole paragraph: ``el`` or an ancestor (a paragraph the
    engine ran together from many boxes is held by their common box, not the last one)."""
    want = _HOLDS * len(squash(paragraph))
    while len(squash(el.text_content())) < want and el.getparent() is not None:
        el = el.getparent()
    return el


def common_ancestor(a: HtmlElement, b: HtmlElement) -> HtmlElement:
    # elements compared by identity while held in a list (lxml reuses freed proxies' ids)
    chain = [a, *a.iterancestors()]
    for x in [b, *b.iterancestors()]:
        if any(x is y for y in chain):
            return x
    return b


def _is_teaser(line: str, headlines: set[str]) -> bool:
    """A linked headline, alone or beside a date (a list item of some box)."""
    key = fold(line)
    return key in headlines or any(
        key.endswith(" " + h) or key.startswith(h + " ") for h in headlines
    )


def article_block(
    root: HtmlElement,
    paragraphs: list[str],
    headlines: set[str] = frozenset(),  # type: ignore[assignment]
) -> HtmlElement | None:
    """The element holding the first and last long paragraphs, when it is not the page
    (linked headlines, list items of other boxes, are no anchors)."""
    long = [p for p in paragraphs if len(p) >= _ANCHOR_CHARS and not _is_teaser(p, headlines)]
    if not long:
        return None
    first, last = _owner(root, long[0]), _owner(root, long[-1])
    if first is None or last is None:
        return None
    first, last = _holder(first, long[0]), _holder(last, long[-1])
    block = common_ancestor(first, last)
    if block.tag in ("html", "body"):
        return None
    kept = sum(len(p) for p in paragraphs)
    if len(squash(block.text_content())) > _MAX_GROWTH * kept + 2000:
        return None  # the block is a layout column with more than the article
    return block


def _is_prose(line: str, links: set[str]) -> bool:
    key = fold(line)
    if key in links or is_chrome_line(line):
        return False
    if any(len(k) >= 20 and key.startswith(k) for k in links):
        return False  # a linked headline and its teaser in one line
    return len(line) >= _PROSE_CHARS or (
        len(line) >= _SENTENCE_CHARS and bool(_SENTENCE_END.search(line))
    )


def _match(line: str, keys: list[str], exact: dict[str, int] | None = None) -> int | None:
    """Index of the trafilatura line this block line is (or holds), else None; ``exact``
    (each key's first index) finds a line that is a kept paragraph at once (long documents
    have thousands of both)."""
    key = fold(line)
    if exact is not None and key in exact:
        return exact[key]
    for i, k in enumerate(keys):
        if k == key or (len(k) >= 20 and k in key) or (len(key) >= 20 and key in k):
            return i
    for i, k in enumerate(keys):  # the same paragraph, with a link text trafilatura dropped
        if len(k) >= _ENDS * 2 and k[:_ENDS] == key[:_ENDS] and k[-_ENDS:] == key[-_ENDS:]:
            return i
    return None


def _fuller(line: str, para: str) -> str:
    """The block's line where it is trafilatura's paragraph with what trafilatura dropped
    inside it (link texts), not a run of other lines around it."""
    return line if len(para) < len(line) <= _FULLER * len(para) else para


def _split_runs(paragraphs: list[str], lines: list[str]) -> list[str]:
    """trafilatura's paragraphs that run several block lines of the page together (the inner
    ``<div>`` paragraphs of a ``<div>`` it read as one, sotttt.hanoi.gov.vn's article body),
    as those lines."""
    folded = [squash(line).casefold() for line in lines]
    firsts: dict[str, list[int]] = {}
    for i, key in enumerate(folded):
        if key:
            firsts.setdefault(key[:_RUN_KEY], []).append(i)
    out: list[str] = []
    for para in paragraphs:
        key = squash(para).casefold()
        split = None
        for i in firsts.get(key[:_RUN_KEY], []):
            run, j = folded[i], i
            while len(run) < len(key) and j + 1 < len(folded):
                j += 1
                run = f"{run} {folded[j]}" if folded[j] else run
                if not key.startswith(run):
                    break
            if run == key and j > i:
                split = [line for line in lines[i : j + 1] if line.strip()]
                break
        out.extend(split or [para])
    return out


def fill(root: HtmlElement, paragraphs: list[str], block: HtmlElement | None = None) -> list[str]:
    """``paragraphs`` with the prose lines of the article block that they miss, in page order.

    Only lines between two paragraphs trafilatura kept are added: what comes before the
    first or after the last is more often another box (a caption, a teaser) than text;
    the exception is the reported captions (``is_reported_caption``) right after the last."""
    block = block if block is not None else article_block(root, paragraphs)
    if block is None:
        return paragraphs
    paragraphs = _split_runs(paragraphs, lines_of(block))
    keys = [fold(p) for p in paragraphs]
    exact: dict[str, int] = {}
    for i, k in enumerate(keys):
        exact.setdefault(k, i)
    links = {fold(text_of(a)) for a in block.iter("a")}
    links |= {  # lines of captions and boxes count as not prose, like links
        fold(line)
        for el in block.iter("figure", "figcaption", "aside", "div", "p", "span", "td")
        if el.tag in ("figure", "figcaption", "aside") or _ASIDE_ATTR.search(classes(el))
        for line in lines_of(el)
        if not is_reported_caption(line)
    }
    out: list[list[str]] = [[]]  # out[0]: lines before any kept paragraph (dropped)
    added: list[list[str]] = [[]]  # per slot, the lines the block adds after its paragraph
    placed: dict[int, int] = {}  # paragraph index -> its slot in out
    for line in lines_of(block):
        at = _match(line, keys, exact)
        if at is not None and at not in placed:
            placed[at] = len(out)
            out.append([_fuller(line, paragraphs[at])])
            added.append([])
        elif at is None and _is_prose(line, links):
            added[-1].append(line)
    if not placed:
        return paragraphs
    last = max(placed.values())
    seen = set(keys)
    for slot in range(1, last + 1):  # lines between two kept paragraphs, each once
        for line in added[slot]:
            if slot == last and not is_reported_caption(line):
                break  # after the last one: only the photos' reported captions that follow it
            if fold(line) not in seen:
                seen.add(fold(line))
                out[slot].append(line)
    head: list[str] = []
    for i, para in enumerate(paragraphs):  # paragraphs the block did not show: keep them
        if i in placed:
            continue
        before = [placed[j] for j in placed if j < i]
        if before:
            out[max(before)].append(para)
        else:
            head.append(para)
    return head + [line for group in out[1:] for line in group]
