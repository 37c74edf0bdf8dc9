"""The deterministic site model: every portal's articles as a function of (seed, size, clock).

Nothing here knows about URLs or markup; :mod:`sandbox.site` renders it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sandbox import phrases as P
from sandbox.clock import SandboxClock
from sandbox.content import REPOST_VARIANTS, Content, article_content, locale_for, repost_content
from sandbox.dates import SHOWS_SECONDS
from sandbox.portals import PORTALS, Category, PortalSpec
from sandbox.prose import GROUPS, Writer, byline
from sandbox.slug import slugify


@dataclass
class Article:
    id: int
    host: str
    category: Category
    title: str
    date: datetime
    author: str
    group: str
    topic: str
    modified: datetime
    version: int = 1
    deleted: bool = False  # still linked from a stale listing, but answers 404
    source: Article | None = None  # a repost: the provincial article it republishes
    variant: str | None = None  # how the repost differs (sandbox.content.REPOST_VARIANTS)

    @property
    def slug(self) -> str:
        return slugify(self.title)

    def content(self, seed: int) -> Content:
        if self.source is not None and self.variant is not None:
            return repost_content(
                seed, self.host, self.id, self.date, self.group, self.topic,
                self.source.content(seed), self.variant, self.version,
            )  # fmt: skip
        return article_content(
            seed, self.host, self.id, self.date, self.group, self.topic, self.version
        )


def _rng(*parts: object) -> random.Random:
    return random.Random("|".join(map(str, parts)))


class PortalState:
    """One portal's articles; ``generation`` changes whenever they do."""

    def __init__(self, spec: PortalSpec, seed: int) -> None:
        self.spec, self.seed = spec, seed
        self.articles: dict[int, Article] = {}
        self.titles: set[str] = set()
        self.next_id = _rng(seed, spec.host, "ids").randint(1200, 24000)
        self.generation = 0
        self._views: dict[tuple[object, ...], list[Article]] = {}

    # -- building ---------------------------------------------------------------------------
    def create(self, when: datetime, rng: random.Random) -> Article:
        spec = self.spec
        cats = spec.category_list()
        cat = rng.choices(cats, weights=[c.weight for c in cats])[0]
        group = rng.choice(GROUPS) if cat.group == "mix" else cat.group
        topic = rng.choice(P.TOPICS[group])
        art_id = self.next_id
        self.next_id += rng.randint(1, 9)
        title = self._unique_title(art_id, when, group, topic)
        art = Article(art_id, spec.host, cat, title, when, byline(rng, spec), group, topic, when)
        self.articles[art_id] = art
        self.touch()
        return art

    def repost(self, source: Article, when: datetime, rng: random.Random) -> Article:
        """Republish ``source`` (an article of the province) here, changed by a variant;
        the title too, if it is taken here or the variant says so."""
        variant = rng.choice(REPOST_VARIANTS)
        cat = rng.choice(self.spec.category_list())
        art_id = self.next_id
        self.next_id += rng.randint(1, 9)
        title = source.title
        if variant == "title" or title in self.titles:
            title = self._unique_title(art_id, when, source.group, source.topic)
        self.titles.add(title)
        art = Article(
            art_id, self.spec.host, cat, title, when, byline(rng, self.spec), source.group,
            source.topic, when, source=source, variant=variant,
        )  # fmt: skip
        self.articles[art_id] = art
        self.touch()
        return art

    def _unique_title(self, art_id: int, when: datetime, group: str, topic: str) -> str:
        locale = locale_for(self.spec.host)
        for attempt in range(50):
            rng = _rng(self.seed, self.spec.host, art_id, "title", attempt)
            title = Writer(rng, locale, when, group, topic).title()
            if title not in self.titles:
                self.titles.add(title)
                return title
        raise RuntimeError(f"no unique title for {self.spec.host} #{art_id}")

    def edit(self, art: Article, when: datetime) -> None:
        art.version += 1
        art.modified = when
        self.touch()

    def touch(self) -> None:
        self.generation += 1
        self._views.clear()

    # -- views (memoised until the next change) ---------------------------------------------
    def newest(self, category: Category | None = None, ghosts: bool = False) -> list[Article]:
        key = (category.name if category else None, ghosts)
        if key not in self._views:
            arts = [
                a
                for a in self.articles.values()
                if (ghosts or not a.deleted) and (category is None or a.category == category)
            ]
            arts.sort(key=lambda a: (a.date, a.id), reverse=True)
            self._views[key] = arts
        return self._views[key]

    def published(self, art_id: int) -> Article | None:
        art = self.articles.get(art_id)
        return art if art is not None and not art.deleted else None


def _moment(base: datetime, minutes: int, rng: random.Random, seconds: bool) -> datetime:
    return base + timedelta(minutes=minutes, seconds=rng.randint(0, 59) if seconds else 0)


class SiteModel:
    """All portals at the current clock; ``advance`` moves the clock a day at a time."""

    def __init__(
        self,
        seed: int = 1,
        pages_per_portal: int = 12,
        specs: tuple[PortalSpec, ...] = PORTALS,
        page_weight: bool = True,
        documents: bool = True,
        reposts: float = 0.0,
    ) -> None:
        self.seed, self.pages_per_portal = seed, pages_per_portal
        # the share of district and commune articles that republish one of the province's
        self.reposts = reposts
        self.page_weight = page_weight  # real-world page weight (see weight.py)
        self.documents = documents  # official documents under /van-ban/ (sandbox.documents)
        self.clock = SandboxClock()
        self.portals = {spec.host: PortalState(spec, seed) for spec in specs}
        for state in self.portals.values():
            self._populate(state)

    def _populate(self, state: PortalState) -> None:
        """The initial articles, spread over the months before the start, plus a few ghosts."""
        count = self.pages_per_portal
        ghosts = 2 + count // 100
        rng = _rng(self.seed, state.spec.host, "initial")
        span = max(60, min(365, count // 2))
        seconds = state.spec.date_style in SHOWS_SECONDS
        midnight = self.clock.start.replace(hour=0, minute=0)
        days = sorted(rng.randint(1, span) for _ in range(count + ghosts))
        moments = sorted(
            _moment(midnight - timedelta(days=d), rng.randint(390, 1290), rng, seconds)
            for d in reversed(days)
        )
        ghost_at = set(rng.sample(range(len(moments) - 1), ghosts))
        for i, when in enumerate(moments):
            art = self._repost(state, when, ("initial", i)) or state.create(when, rng)
            art.deleted = i in ghost_at

    def _repost(self, state: PortalState, when: datetime, salt: object) -> Article | None:
        """A repost of a provincial article of the last 30 days, for a share ``reposts`` of
        the articles of district and commune portals (its own random draws: a sandbox
        without reposts is the same as before they existed)."""
        if not self.reposts or state.spec.level == "province":
            return None
        rng = _rng(self.seed, state.spec.host, "repost", salt)
        if rng.random() >= self.reposts:
            return None
        root = state.spec
        while root.parent is not None and root.parent in self.portals:
            root = self.portals[root.parent].spec
        recent = [
            a
            for a in self.portals[root.host].newest()
            if a.source is None and timedelta(0) < when - a.date <= timedelta(days=30)
        ]
        return state.repost(rng.choice(recent), when, rng) if recent else None

    def advance(self, days: int = 1) -> tuple[list[Article], list[Article]]:
        """Move the clock; return the articles added and the articles edited."""
        added: list[Article] = []
        edited: list[Article] = []
        for _ in range(max(0, days)):
            day = self.clock.tick()
            lo, _hi = self.clock.day_bounds(day)
            for state in self.portals.values():
                self._advance_portal(state, day, lo, added, edited)
        return added, edited

    def _advance_portal(
        self,
        state: PortalState,
        day: int,
        lo: datetime,
        added: list[Article],
        edited: list[Article],
    ) -> None:
        rng = _rng(self.seed, state.spec.host, "day", day)
        seconds = state.spec.date_style in SHOWS_SECONDS
        older = state.newest()[:30]
        for art in rng.sample(older, min(len(older), rng.randint(1, 2))):
            state.edit(art, _moment(lo, rng.randint(1, 1438), rng, True))
            edited.append(art)
        for minutes in sorted(rng.sample(range(1, 1439), rng.randint(1, 3))):
            when = _moment(lo, minutes, rng, seconds)
            added.append(
                self._repost(state, when, ("day", day, minutes)) or state.create(when, rng)
            )
