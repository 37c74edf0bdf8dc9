"""Official documents: text recall, field accuracy and speed of archive.extract.office.

On the sandbox's documents (ground truth from the sandbox) and on the real devset files
labelled in ``bench/data/documents-truth.json`` (rebuild them with
``/work/shared/devset/materialize.sh``; pass their folder with ``--devset``). Baselines:
plain ``pdftotext`` (poppler's default mode) for text-layer PDFs, plain ``tesseract`` for scans.

    python bench/documents.py [--devset /tmp/devset] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.extract.office import official_fields, read_document  # noqa: E402
from archive.extract.office.numbers import fold  # noqa: E402
from sandbox import Sandbox  # noqa: E402
from sandbox.documents.files import file_bytes  # noqa: E402
from sandbox.documents.model import portal_documents  # noqa: E402

FIELDS = ("doc_type", "number", "issuer", "issued_date", "subject", "signer", "signer_title")
TRUTH = Path(__file__).parent / "data" / "documents-truth.json"


def norm(value: object) -> str:
    return " ".join(fold(unicodedata.normalize("NFC", str(value or ""))).split())


def recall(text: str, sentences: list[str]) -> tuple[int, int]:
    flat = norm(text)
    return sum(norm(s) in flat for s in sentences), len(sentences)


def pdftotext_plain(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode()


def tesseract_plain(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "d.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "300", "-png", f"{tmp}/d.pdf", f"{tmp}/p"], check=True)
        pages = sorted(Path(tmp).glob("p*.png"))
        return "\n".join(
            subprocess.run(
                ["tesseract", str(p), "stdout", "-l", "vie"], capture_output=True
            ).stdout.decode()
            for p in pages
        )


class Score:
    def __init__(self) -> None:
        self.fields: dict[str, list[int]] = {f: [0, 0] for f in FIELDS}
        self.hits = self.sentences = self.pages = 0
        self.seconds = 0.0
        self.base_hits = self.base_seconds = 0.0
        self.base_sentences = 0

    def row(self, name: str) -> str:
        acc = " ".join(f"{(h / n if n else float('nan')):5.2f}" for h, n in self.fields.values())
        rec = self.hits / self.sentences if self.sentences else float("nan")
        base = self.base_hits / self.base_sentences if self.base_sentences else float("nan")
        speed = self.pages / self.seconds if self.seconds else float("nan")
        return f"{name:<26} {rec:6.3f} {base:6.3f}  {acc}  {speed:7.1f}"


def score_one(score: Score, data: bytes, truth: dict, name: str, baseline: object) -> None:
    started = time.perf_counter()
    reading = read_document(data, filename=name)
    score.seconds += time.perf_counter() - started
    score.pages += reading.page_count or 1
    found = official_fields(reading.text)
    got = found.to_json() if found else {}
    for key in FIELDS:
        if key in truth:
            score.fields[key][1] += 1
            score.fields[key][0] += norm(got.get(key)) == norm(truth[key])
    hits, total = recall(reading.text, truth.get("sentences", []))
    score.hits += hits
    score.sentences += total
    if baseline is not None:
        started = time.perf_counter()
        score.base_hits += recall(baseline(data), truth.get("sentences", []))[0]
        score.base_sentences += total
        score.base_seconds += time.perf_counter() - started


def sandbox_scores(seed: int) -> dict[str, Score]:
    scores = {"sandbox text layer": Score(), "sandbox scans (OCR)": Score()}
    for truth in Sandbox(seed=seed, pages_per_portal=4).documents_truth():
        index = next(d.index for d in portal_documents(seed, truth["host"]) if d.id == truth["id"])
        data = file_bytes(seed, truth["host"], index)
        key = "sandbox scans (OCR)" if truth["scanned"] else "sandbox text layer"
        plain = tesseract_plain if truth["scanned"] else pdftotext_plain
        base = plain if truth["format"] in ("pdf", "scan") else None
        score_one(scores[key], data, truth, truth["filename"], base)
    return scores


def devset_scores(folder: Path) -> dict[str, Score]:
    labels = json.loads(TRUTH.read_text())["items"]
    files = {p.name[:3]: p for p in folder.rglob("*") if p.is_file() and p.name[:3].isdigit()}
    scores = {"real PDF": Score(), "real DOC/DOCX": Score()}
    for ident, truth in sorted(labels.items()):
        path = files.get(ident)
        if path is None:
            continue
        pdf = path.suffix == ".pdf"
        score_one(
            scores["real PDF" if pdf else "real DOC/DOCX"],
            path.read_bytes(),
            truth,
            path.name,
            pdftotext_plain if pdf else None,
        )
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--devset", type=Path, default=Path(tempfile.gettempdir()) / "devset")
    args = parser.parse_args()
    scores = sandbox_scores(args.seed)
    if args.devset.is_dir():
        scores.update(devset_scores(args.devset))
    head = " ".join(f"{f[:5]:>5}" for f in FIELDS)
    print(f"{'set':<26} {'recall':>6} {'base':>6}  {head}  pages/s")
    for name, score in scores.items():
        print(score.row(name))
    print("base: plain pdftotext (text layer) / plain tesseract at 300 dpi (scans)")


if __name__ == "__main__":
    main()
