"""Varied Vietnamese prose from the phrase bank: titles, sapos, paragraphs, captions, bylines."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sandbox import phrases as P
from sandbox.portals import PORTALS, PortalSpec

ROMAN = ("I", "II", "III", "IV")
GROUPS = tuple(P.TOPICS)


@dataclass(frozen=True)
class Locale:
    """Who and where a portal writes about."""

    unit: str  # "thị xã Kinh Môn"
    kind: str
    place: str
    actors: tuple[str, ...]
    positions: tuple[str, ...]
    subunits: tuple[str, ...]
    superior: str

    @classmethod
    def of(cls, spec: PortalSpec) -> Locale:
        k, unit, party = spec.kind, spec.unit, spec.party
        common = (
            f"UBND {unit}",
            f"Ban Thường vụ {party} {spec.place}",
            f"Ủy ban MTTQ Việt Nam {unit}",
            f"Hội Nông dân {unit}",
        )
        by_level = {
            "province": (
                f"Sở Nông nghiệp và Phát triển nông thôn tỉnh {spec.place}",
                "Sở Kế hoạch và Đầu tư",
                f"Công an tỉnh {spec.place}",
                f"Thường trực HĐND tỉnh {spec.place}",
            ),
            "district": (
                f"Phòng Kinh tế {k}",
                "Phòng Tài nguyên và Môi trường",
                f"Công an {unit}",
                f"Trung tâm Y tế {unit}",
                f"Thường trực HĐND {k}",
            ),
            "commune": (
                f"Đảng ủy {unit}",
                f"Hội Liên hiệp Phụ nữ {k}",
                f"Đoàn Thanh niên {k}",
                f"Hội Cựu chiến binh {k}",
                f"Công an {k}",
            ),
        }
        positions = (
            f"Bí thư {party}",
            f"Phó Bí thư Thường trực {party}",
            f"Chủ tịch UBND {k}",
            f"Phó Chủ tịch UBND {k}",
            f"Chủ tịch HĐND {k}",
        )
        if spec.level == "province":
            positions += ("Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo Tỉnh ủy",)
        parent = next((p for p in PORTALS if p.host == spec.parent), None)
        superior = f"UBND {parent.unit}" if parent else "Chính phủ"
        return cls(
            unit, k, spec.place, common + by_level[spec.level], positions, spec.subunits, superior
        )


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def decimal(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def _num(lo: int, hi: int, fmt: Callable[[int], str] = str) -> Callable[[random.Random], str]:
    return lambda rng: fmt(rng.randint(lo, hi))


def _dec(lo: float, hi: float) -> Callable[[random.Random], str]:
    return lambda rng: decimal(rng.uniform(lo, hi))


NUMBERS: dict[str, Callable[[random.Random], str]] = {
    "n": _num(3, 60),
    "n_small": _num(2, 12),
    "pct": _dec(60, 99.9),
    "pct_high": _dec(95, 99.9),
    "pct_small": _dec(1.5, 15),
    "money": _dec(15, 950),
    "ha": _num(800, 5200, thousands),
    "ha_small": _dec(1.5, 60),
    "income": _dec(60, 95),
    "income_ha": _num(150, 260),
    "firms": _num(120, 900),
    "jobs": _num(300, 4500, thousands),
    "gifts": _num(500, 6000, thousands),
    "docs": _num(800, 12000, thousands),
    "accounts": _num(2000, 60000, thousands),
    "animals": _num(10000, 300000, thousands),
    "members": _num(20, 320),
    "opinions": _num(30, 250),
    "recruits": _num(40, 260),
}
POOLS: dict[str, tuple[str, ...]] = {
    "meeting": P.MEETINGS,
    "daypart": P.DAYPARTS,
    "time": P.TIMES,
    "weakness": P.WEAKNESSES,
    "goal": P.GOALS,
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class Writer:
    """Fills templates for one article: its locale, date, topic group and main topic."""

    def __init__(
        self, rng: random.Random, locale: Locale, when: datetime, group: str, topic: str
    ) -> None:
        self.rng, self.locale, self.when = rng, locale, when
        self.group, self.topic = group, topic
        self.used: set[str] = set()

    # -- slots ------------------------------------------------------------------------------
    def pick(self, seq: tuple[str, ...] | list[str]) -> str:
        return seq[self.rng.randrange(len(seq))]

    def slot(self, name: str) -> str:
        if name in NUMBERS:
            return NUMBERS[name](self.rng)
        if name in POOLS:
            return self.pick(POOLS[name])
        return WORDS[name](self)

    def fill(self, template: str) -> str:
        return template.format_map(_Slots(self))

    def person(self) -> str:
        middle = self.pick(P.MIDDLE)
        return f"{self.pick(P.FAMILY)} {middle} {self.pick(P.GIVEN)}"

    def day_month(self, offset_days: int) -> str:
        day = self.when + timedelta(days=offset_days)
        return f"{day.day}/{day.month}"

    def period(self) -> str:
        w = self.when
        quarter = ROMAN[(w.month - 1) // 3]
        return self.pick(
            (
                f"quý {quarter}-{w.year}",
                f"năm {w.year}",
                f"tháng {w.month}/{w.year}",
                f"6 tháng đầu năm {w.year}",
                "giai đoạn 2021-2025",
            )
        )

    def period_next(self) -> str:
        quarter = ROMAN[((self.when.month - 1) // 3 + 1) % 4]
        return self.pick((f"quý {quarter}", "những tháng cuối năm", "thời gian tới"))

    # -- texts ------------------------------------------------------------------------------
    def title(self) -> str:
        return nfc(cap(self.fill(self.pick(P.TITLES))))

    def sapo(self) -> str:
        return nfc(cap(self.fill(self.pick(P.SAPOS))))

    def sentence(self) -> str:
        results = [t for t in P.RESULTS[self.group] if t not in self.used]
        others = [t for t in P.SENTENCES if t not in self.used]
        use_result = results and (self.rng.random() < 0.3 or not others)
        template = self.pick(results if use_result else others or P.SENTENCES)
        self.used.add(template)
        return cap(self.fill(template))

    def paragraph(self, sentences: int | None = None) -> str:
        count = sentences or self.rng.randint(2, 4)
        seen: list[str] = []
        while len(seen) < count:
            text = self.sentence()
            if text not in seen:
                seen.append(text)
        return nfc(" ".join(seen))

    def caption(self) -> str:
        text = cap(self.fill(self.pick(P.CAPTIONS)))
        if self.rng.random() < 0.3:
            text += f". Ảnh: {self.pick(P.PHOTOGRAPHERS)}"
        return nfc(text)


def _rand_year(w: Writer) -> str:
    return str(w.rng.randint(w.when.year + 1, 2030))


WORDS: dict[str, Callable[[Writer], str]] = {
    "topic": lambda w: w.pick(P.TOPICS[w.group]),
    "task": lambda w: w.pick(P.TASKS[w.group]),
    "actor": lambda w: w.pick(w.locale.actors),
    "position": lambda w: w.pick(w.locale.positions),
    "sub": lambda w: w.pick(w.locale.subunits),
    "person": lambda w: w.person(),
    "unit": lambda w: w.locale.unit,
    "kind": lambda w: w.locale.kind,
    "place": lambda w: w.locale.place,
    "superior": lambda w: w.locale.superior,
    "year": lambda w: str(w.when.year),
    "prev_year": lambda w: str(w.when.year - 1),
    "target_year": _rand_year,
    "month": lambda w: str(w.rng.randint(w.when.month, 12)),
    "dm": lambda w: w.day_month(-w.rng.randint(0, 2)),
    "dm2": lambda w: w.day_month(w.rng.randint(5, 40)),
    "period": lambda w: w.period(),
    "period_next": lambda w: w.period_next(),
    "event": lambda w: w.fill(w.pick(P.EVENTS)),
}


class _Slots(dict[str, str]):
    """Lazily drawn slot values; ``Actor`` capitalises ``actor``; ``task2`` differs from
    ``task``."""

    def __init__(self, writer: Writer) -> None:
        super().__init__()
        self.writer = writer

    def __missing__(self, key: str) -> str:
        base = key.lower()
        if base not in WORDS and base not in NUMBERS:
            base = base.rstrip("0123456789")
        if base == "topic" and base == key.lower():
            value = self.writer.topic
        else:
            taken = {v for k, v in self.items() if k.rstrip("0123456789").lower() == base}
            value = self.writer.slot(base)
            for _ in range(6):
                if value not in taken:
                    break
                value = self.writer.slot(base)
        value = cap(value) if key[0].isupper() else value
        self[key] = value
        return value


def byline(rng: random.Random, spec: PortalSpec) -> str:
    """An author as portals print it: "PV", a pen name, or "Tên (Đơn vị)"."""
    roll = rng.random()
    name = P.PEN_NAMES[rng.randrange(len(P.PEN_NAMES))]
    if roll < 0.2 and spec.level != "commune":
        return "PV"
    if roll < 0.45:
        sub = spec.subunits[rng.randrange(len(spec.subunits))]
        unit = short_name(sub) if spec.level == "province" else f"TTVH {spec.kind}"
        return nfc(f"{name} ({unit})")
    return name


KINDS = ("thành phố ", "thị xã ", "thị trấn ", "huyện ", "xã ", "phường ", "thôn ", "khu dân cư ")


def short_name(unit: str) -> str:
    """ "thị xã Kinh Môn" → "Kinh Môn"."""
    for kind in KINDS:
        if unit.startswith(kind):
            return unit[len(kind) :]
    return unit
