"""Real pages of Vietnamese portals and newspapers, found in public repositories.

Their licences are unknown, so nothing of them enters the project: ``bench/realpages/
manifest.json`` lists where each page is (repository, commit, path, sha256) and
``materialize.sh`` rebuilds them from fetched snapshots into a folder outside the tree;
``truth.json`` holds what a reader sees on each page as labels (kind, date, split) and
hashes (title, author, 5-10 body sentences, chrome lines), never as text.

    python bench/_realpages.py build TRUTH_SOURCE.json PAGES_DIR   # plain truth -> truth.json

Pages of the source replace their entries in truth.json; the others are kept (a source may
hold only the pages added since).

A plain truth source (kept outside the project) gives, per page: ``title``, ``author``,
``date``, ``kind``, ``paras`` (the starts of body paragraphs whose first two sentences must
be kept, as the page shows them) and ``chrome`` (lines that must not appear).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from _common import norm, sentences

HERE = Path(__file__).resolve().parent / "realpages"
MANIFEST = HERE / "manifest.json"
TRUTH = HERE / "truth.json"


def digest(text: str) -> str:
    """The hash a truth file keeps of a text: sha1 of its normalised (NFC, spaces) form."""
    return hashlib.sha1(norm(text).encode("utf-8")).hexdigest()


@dataclass
class RealPage:
    id: str
    url: str
    html: bytes
    cms: str
    split: str  # "dev" (rules were developed on it) or "heldout" (only measured)
    kind: str
    title: str | None  # sha1, or None when the kind has no title to score (home, listing)
    author: str | None  # sha1, "" for pages without an author
    date: datetime | None
    date_only: bool
    keep: list[str] = field(default_factory=list)  # sha1 of sentences
    chrome: list[tuple[str, int]] = field(default_factory=list)  # (sha1, length)


def body_bytes(data: bytes) -> bytes:
    """The page as a crawler hands it on: a gzip-compressed capture is decompressed."""
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def load(pages_dir: Path) -> list[RealPage]:
    """The manifest's pages present in ``pages_dir`` (materialize.sh's output), with truth."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))["items"]
    truth = {t["id"]: t for t in json.loads(TRUTH.read_text(encoding="utf-8"))["pages"]}
    out = []
    for item in manifest:
        path = pages_dir / item["local_file"]
        t = truth.get(item["id"])
        if t is None or not path.is_file():
            continue
        date = datetime.fromisoformat(t["date"]) if t.get("date") else None
        out.append(
            RealPage(
                id=item["id"],
                url=item.get("original_url") or "",
                html=body_bytes(path.read_bytes()),
                cms=item["cms"],
                split=item["split"],
                kind=t["kind"],
                title=t.get("title"),
                author=t.get("author"),
                date=date,
                date_only=bool(t.get("date_only")),
                keep=t.get("keep", []),
                chrome=[(h, n) for h, n in t.get("chrome", [])],
            )
        )
    return out


def kept(page: RealPage, text: str) -> int:
    """How many of the page's truth sentences the text holds (sentence by sentence)."""
    have = {digest(s) for s in sentences(text.split("\n"))}
    return sum(1 for h in page.keep if h in have)


def leaked(page: RealPage, text: str) -> int:
    """How many chrome lines open, close or make up a paragraph of the text."""
    paras = [norm(p) for p in text.split("\n") if p.strip()]
    count = 0
    for h, n in page.chrome:
        if any(digest(p[:n]) == h or digest(p[-n:]) == h for p in paras):
            count += 1
    return count


def same(value: str | None, want: str | None) -> bool:
    """Whether an extracted field matches a hashed truth ("" for "no author")."""
    if want == "":
        return not value
    return bool(value) and digest(value or "") == want


# -- building truth.json from a plain source (run by hand; the source stays outside) -------
def _lines(html: bytes) -> list[str]:
    from archive.extract.decode import decode
    from archive.extract.dom import lines_of, parse

    root = parse(decode(body_bytes(html)))
    if root is None:
        return []
    body = root.find("body")
    return lines_of(body if body is not None else root)


def build(source: Path, pages_dir: Path) -> dict[str, Any]:
    manifest = {i["id"]: i for i in json.loads(MANIFEST.read_text(encoding="utf-8"))["items"]}
    pages = []
    for src in json.loads(source.read_text(encoding="utf-8")):
        lines = _lines((pages_dir / manifest[src["id"]]["local_file"]).read_bytes())
        keep: list[str] = []
        for start in src.get("paras", []):
            line = next((x for x in lines if x.startswith(start)), None)
            if line is None:
                raise SystemExit(f"{src['id']}: no paragraph starts with {start!r}")
            keep += [digest(s) for s in sentences([line])[:2]]
        pages.append(
            {
                "id": src["id"],
                "kind": src["kind"],
                "title": digest(src["title"]) if src.get("title") else None,
                "author": digest(src["author"]) if src.get("author") else "",
                "date": src.get("date"),
                "date_only": bool(src.get("date_only")),
                "keep": keep,
                "chrome": [[digest(c), len(norm(c))] for c in src.get("chrome", [])],
            }
        )
    return {
        "about": "Ground truth of bench/realpages (read by hand): labels in clear, texts as "
        "sha1 of their NFC, space-collapsed form (bench/_realpages.py).",
        "pages": pages,
    }


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "build":
        raise SystemExit(__doc__)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    truth = build(Path(sys.argv[2]), Path(sys.argv[3]))
    new = {p["id"] for p in truth["pages"]}
    if TRUTH.is_file():  # the pages the source does not give are kept
        old = json.loads(TRUTH.read_text(encoding="utf-8"))["pages"]
        truth["pages"] = sorted(
            [p for p in old if p["id"] not in new] + truth["pages"],
            key=lambda p: int("".join(c for c in p["id"] if c.isdigit()) or 0),
        )
    TRUTH.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(truth['pages'])} pages -> {TRUTH}")


def score_real(page: RealPage, out: Any, ms: float) -> Any:
    """The Score of one real page (see ``_scoring.Score``)."""
    from _scoring import kind_score, same_minute

    s = kind_score(page.kind, out.kind)
    s.pages, s.ms = 1, [ms]
    s.kept, s.sentences = kept(page, out.text), len(page.keep)
    s.leaked, s.chrome = leaked(page, out.text), len(page.chrome)
    if page.title is not None:
        s.titled, s.title = 1, int(same(out.title, page.title))
    if page.date is not None:
        minute, day = same_minute(out.date, page.date, out.date_only)
        s.dated, s.date, s.day = 1, int(minute or (page.date_only and day)), int(day)
    if page.kind == "article":
        s.authored, s.author = 1, int(same(out.author, page.author))
    return s
