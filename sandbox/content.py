"""An article's text for one version: sapo, paragraphs and figures (generated lazily, cached)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sandbox import phrases as P
from sandbox.portals import specs_by_host
from sandbox.prose import Locale, Writer, nfc
from sandbox.slug import slugify

SPECS = specs_by_host()


@lru_cache(maxsize=64)
def locale_for(host: str) -> Locale:
    return Locale.of(SPECS[host])


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: int = 0  # the first ``lead`` characters are printed in bold


@dataclass(frozen=True)
class Figure:
    name: str  # file name of the image, e.g. "quang-canh-hoi-nghi-1.jpg"
    caption: str


Block = Paragraph | Figure


@dataclass(frozen=True)
class Content:
    sapo: str
    blocks: tuple[Block, ...]
    tags: tuple[str, ...]

    @property
    def body(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def captions(self) -> list[str]:
        return [b.caption for b in self.blocks if isinstance(b, Figure)]


def _paragraph(writer: Writer) -> Paragraph:
    text = writer.paragraph()
    comma = text.find(", ")
    lead = comma if 0 < comma < 40 and writer.rng.random() < 0.15 else 0
    return Paragraph(text, lead)


def _base(writer: Writer) -> list[Block]:
    rng = writer.rng
    paragraphs: list[Block] = [_paragraph(writer) for _ in range(rng.randint(4, 6))]
    captions: list[str] = []
    for _ in range(rng.randint(1, 3) * 4):
        caption = writer.caption()
        if caption not in captions:
            captions.append(caption)
    for k, caption in enumerate(captions[: rng.randint(1, 3)]):
        name = f"{slugify(caption, 6)}-{k + 1}.jpg"
        paragraphs.insert(rng.randint(1, len(paragraphs)), Figure(name, caption))
    last = paragraphs[-1]
    if isinstance(last, Paragraph) and rng.random() < 0.4:
        paragraphs[-1] = Paragraph(last.text.rstrip(".") + "./.", last.lead)
    return paragraphs


def _edit(writer: Writer, blocks: list[Block]) -> None:
    """One editorial change: append, rewrite or extend a paragraph."""
    rng = writer.rng
    where = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    op = rng.choice(("append", "revise", "extend"))
    if op == "append":
        blocks.insert(where[-1] + 1, _paragraph(writer))
        return
    i = rng.choice(where)
    old = blocks[i]
    assert isinstance(old, Paragraph)
    if op == "revise":
        blocks[i] = _paragraph(writer)
    else:
        blocks[i] = Paragraph(nfc(f"{old.text} {writer.sentence()}"), old.lead)


@lru_cache(maxsize=8192)
def article_content(
    seed: int, host: str, art_id: int, when: datetime, group: str, topic: str, version: int
) -> Content:
    locale = locale_for(host)

    def writer(*salt: object) -> Writer:
        rng = random.Random("|".join(map(str, (seed, host, art_id, *salt))))
        return Writer(rng, locale, when, group, topic)

    base = writer("body")
    sapo = base.sapo()
    blocks = _base(base)
    for v in range(2, version + 1):
        _edit(writer("edit", v), blocks)
    tags = tuple(base.rng.sample(P.KEYWORDS, 3))
    return Content(sapo, tuple(blocks), tags)


# How a district or commune portal changes the provincial article it republishes.
REPOST_VARIANTS = ("lead", "name", "trim", "extend", "title", "same")


@lru_cache(maxsize=4096)
def repost_content(
    seed: int,
    host: str,
    art_id: int,
    when: datetime,
    group: str,
    topic: str,
    source: Content,
    variant: str,
    version: int,
) -> Content:
    """The provincial article ``source`` as republished on ``host``: its first paragraph
    rewritten (``lead``), the portal's unit named in it (``name``), its last paragraphs cut
    (``trim``) or one added (``extend``); the same text under another title (``title``),
    or unchanged (``same``). Later versions are the portal's own edits."""
    spec = SPECS[host]
    rng = random.Random("|".join(map(str, (seed, host, art_id, "repost"))))
    locale = locale_for(host)
    writer = Writer(rng, locale, when, group, topic)
    blocks = list(source.blocks)
    paragraphs = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    first = paragraphs[0]
    head = blocks[first]
    assert isinstance(head, Paragraph)
    if variant == "lead":
        blocks[first] = Paragraph(writer.paragraph())
    elif variant == "name":
        blocks[first] = Paragraph(nfc(f"{spec.name}: {head.text}"), 0)
    elif variant == "trim" and len(paragraphs) > 3:
        for i in reversed(paragraphs[-rng.randint(1, min(2, len(paragraphs) - 3)) :]):
            del blocks[i]
    elif variant == "extend":
        blocks.insert(paragraphs[-1] + 1, Paragraph(writer.paragraph()))
    for v in range(2, version + 1):
        rng_v = random.Random("|".join(map(str, (seed, host, art_id, "edit", v))))
        _edit(Writer(rng_v, locale, when, group, topic), blocks)
    return Content(source.sapo, tuple(blocks), source.tags)
