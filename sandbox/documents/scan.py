"""A scanned document: the page drawn as an image (Pillow, DejaVu), a red stamp over the
signature, slight skew and speckle noise; a PDF holding only the image (no text layer)."""

from __future__ import annotations

import io
import random
import textwrap
import time

from PIL import Image, ImageDraw, ImageFont

from sandbox.documents.fonts import bold_path, font_path
from sandbox.documents.model import OfficialDoc

DPI = 200
WIDTH, HEIGHT = 1654, 2339  # A4 at 200 dpi
MARGIN = 190
SIZE = 34  # 12 pt at 200 dpi
LINE = 48


def render_scan(doc: OfficialDoc, seed: int) -> bytes:
    rng = random.Random(f"{seed}|{doc.host}|{doc.id}|scan")
    page = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(page)
    regular = ImageFont.truetype(font_path(), SIZE)
    bold = ImageFont.truetype(bold_path(), SIZE)
    y = _header(draw, doc, regular, bold)
    y = _body(draw, doc, regular, bold, y + LINE)
    stamp_at = _signature(draw, doc, regular, bold, y + LINE)
    page = page.convert("RGB")
    _stamp(page, stamp_at)
    _speckle(page, rng)
    page = page.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, fillcolor="white")
    out = io.BytesIO()
    fixed = time.gmtime(1704067200)  # 2024-01-01: the same bytes every time
    page.save(out, "PDF", resolution=DPI, quality=80, creationDate=fixed, modDate=fixed)
    return out.getvalue()


def _centred(
    draw: ImageDraw.ImageDraw, cx: int, y: int, text: str, font: ImageFont.FreeTypeFont
) -> None:
    width = draw.textlength(text, font=font)
    draw.text((cx - width / 2, y), text, font=font, fill=0)


def _header(
    draw: ImageDraw.ImageDraw,
    doc: OfficialDoc,
    regular: ImageFont.FreeTypeFont,
    bold: ImageFont.FreeTypeFont,
) -> int:
    left = [(line, bold) for line in doc.issuer_lines] + [(f"Số: {doc.number}", regular)]
    if doc.heading is None:
        left += [(f"V/v {doc.subject[8:]}", regular)]
    right = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold),
        ("Độc lập - Tự do - Hạnh phúc", bold),
        (doc.place_date, regular),
    ]
    y_left = y_right = 130
    for text, font in left:
        for part in textwrap.wrap(text, 30):
            _centred(draw, 400, y_left, part, font)
            y_left += LINE
    for text, font in right:
        _centred(draw, 1130, y_right, text, font)
        y_right += LINE
    y = max(y_left, y_right) + LINE
    if doc.heading:
        _centred(draw, WIDTH // 2, y, doc.heading, bold)
        y += LINE
        for part in textwrap.wrap(doc.subject, 62):
            _centred(draw, WIDTH // 2, y, part, bold)
            y += LINE
    return y


def _body(
    draw: ImageDraw.ImageDraw,
    doc: OfficialDoc,
    regular: ImageFont.FreeTypeFont,
    bold: ImageFont.FreeTypeFont,
    y: int,
) -> int:
    for para in doc.body:
        for part in textwrap.wrap(para, 68):
            draw.text((MARGIN, y), part, font=regular, fill=0)
            y += LINE
        y += 10
    return y


def _signature(
    draw: ImageDraw.ImageDraw,
    doc: OfficialDoc,
    regular: ImageFont.FreeTypeFont,
    bold: ImageFont.FreeTypeFont,
    y: int,
) -> tuple[int, int]:
    draw.text((MARGIN, y), "Nơi nhận:", font=bold, fill=0)
    for i, line in enumerate(doc.recipients):
        draw.text((MARGIN, y + (i + 1) * LINE), line, font=regular, fill=0)
    for i, line in enumerate(doc.title_lines):
        _centred(draw, 1150, y + i * LINE, line, bold)
    name_y = y + (len(doc.title_lines) + 4) * LINE
    _centred(draw, 1150, name_y, doc.signer, bold)
    return 1000, y + (len(doc.title_lines) + 2) * LINE


def _stamp(page: Image.Image, at: tuple[int, int]) -> None:
    """A red seal between the title and the name, where real stamps sit."""
    draw = ImageDraw.Draw(page)
    x, y = at
    for r, width in ((80, 7), (58, 3)):
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(205, 30, 30), width=width)
    draw.regular_polygon((x, y, 24), 5, fill=(205, 30, 30))


def _speckle(page: Image.Image, rng: random.Random) -> None:
    pixels = page.load()
    for _ in range(2500):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        grey = rng.randint(90, 200)
        pixels[x, y] = (grey, grey, grey)
