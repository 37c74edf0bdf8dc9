"""Search latency at 10k, 50k, 200k and 1M documents, on SQLite (FTS5) and PostgreSQL.

Documents are made from the sandbox's Vietnamese prose (paragraphs drawn at random, so that
common words such as "Đảng bộ" are in most documents, as on real portals), spread over
~3,400 portal hosts of every level, each with a unique decision number for rare queries.
Archives are built once, cumulatively (10k, then 40k more, …), in ``--workdir`` and reused
by later runs (on PostgreSQL, a batch of 100k documents or more loads with the search
table's GIN indexes set aside and builds them once at the end). Each query runs with and
without unit filters; p50 and p95 in-process (the ``archive.search.search`` call) and for
the whole ``vnarchive search`` command.

    .venv/bin/python bench/search.py [--sizes 10000 50000 200000 1000000]
        [--backends sqlite postgresql] [--repeat 15] [--workdir /tmp/vnarchive-bench-search]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import table  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from archive.catalog.discover import candidates  # noqa: E402
from archive.config import ArchiveConfig, load_config  # noqa: E402
from archive.db.engine import make_engine, open_database, upgrade  # noqa: E402
from archive.db.models import Document  # noqa: E402
from archive.search import Filters, search, text_entry  # noqa: E402
from archive.search.facets import document_facets  # noqa: E402
from archive.search.index import index_for  # noqa: E402

QUERIES = [
    ("common words", "dang bo"),
    ("common, with diacritics", "Đảng bộ"),
    ("three words", "uy ban nhan dan"),
    ("medium", "nong thon moi"),
    ("phrase", '"ke hoach phat trien"'),
    ("exclusion", "kinh te -nong"),
    ("OR", "giao duc OR y te"),
    ("prefix", "chuyen*"),
    ("rare: a decision number", "1234/QD-UBND"),
]
FILTERS = [
    ("none", Filters()),
    ("level commune", Filters(level="commune")),
    ("province Hải Dương", Filters(province="Hải Dương")),
    ("one portal", Filters(portal="kinhmon.haiduong.gov.vn")),
    ("year 2024", Filters(year=2024)),
]
COMMAND_QUERIES = [("dang bo", []), ("dang bo", ["--level", "commune"]), ("1234/QD-UBND", [])]


# -- the corpus --------------------------------------------------------------------------
def paragraphs() -> tuple[list[str], list[str]]:
    from sandbox import Sandbox

    paras, titles = [], []
    for seed in (1, 2, 3, 4):
        for article in Sandbox(seed=seed, pages_per_portal=80).ground_truth():
            titles.append(article["title"])
            paras += [p for p in article["body"] if len(p) > 40]
    return paras, titles


def hosts() -> list[str]:
    out = ["kinhmon.haiduong.gov.vn", "haiduong.gov.vn"]
    for province in ("Hải Dương", "Thanh Hóa", "Nghệ An", "Thái Bình", "Bắc Giang", "Hà Nam"):
        out += [c.host for c in candidates(province, "all", "")]
    return list(dict.fromkeys(out))


def documents(start: int, count: int, corpus: tuple[list[str], list[str]], host_list: list[str]):
    paras, titles = corpus
    rng = random.Random(start)
    base = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(start, start + count):
        body = rng.sample(paras, rng.randint(5, 10))
        body.append(f"Quyết định số {i}/QĐ-UBND ngày {1 + i % 28}/{1 + i % 12}/2024.")
        text = "\n\n".join(body)
        yield {
            "text_hash": f"bench-{i}",
            "url": f"http://{host_list[i % len(host_list)]}/tin/{i}.html",
            "host": host_list[i % len(host_list)],
            "title": rng.choice(titles),
            "published_at": base + timedelta(hours=(i * 7919) % 52_000),
            "text": text,
            "extractor_version": "bench",
            "first_captured_at": base,
        }


# Search indexes set aside while a large batch loads into PostgreSQL: GIN entries added one
# row at a time cost a pending-list merge each, built once at the end they cost one sort.
BULK_INDEXES = ("ix_documents_search", "ix_documents_search_title")


def _drop_search_indexes(session) -> list[str]:
    """Drop the search table's GIN indexes; their definitions, to build them again."""
    rows = session.execute(
        text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(:names)"),
        {"names": list(BULK_INDEXES)},
    ).all()
    for name, _ in rows:
        session.execute(text(f"DROP INDEX {name}"))
    session.commit()
    return [definition for _, definition in rows]


def _build_search_indexes(session, definitions: list[str]) -> None:
    session.execute(text("SET maintenance_work_mem = '2GB'"))
    for definition in definitions:
        started = time.monotonic()
        session.execute(text(definition))
        session.commit()
        print(f"    {definition.split(' ON ')[0]}: {time.monotonic() - started:.0f} s", flush=True)


def add_documents(config: ArchiveConfig, start: int, count: int, corpus, host_list) -> None:
    sessions = open_database(config)
    facets: dict[tuple[str, int], list[str]] = {}
    batch: list[dict] = []
    with sessions() as session:
        index = index_for(session)
        bulk = session.get_bind().dialect.name == "postgresql" and count >= 100_000
        definitions = _drop_search_indexes(session) if bulk else []

        def flush() -> None:
            session.execute(insert(Document), batch)
            ids = dict(
                session.execute(
                    select(Document.text_hash, Document.id).where(
                        Document.text_hash.in_([d["text_hash"] for d in batch])
                    )
                ).all()
            )
            items = []
            for d in batch:
                key = (d["host"], d["published_at"].year)
                if key not in facets:
                    facets[key] = document_facets(session, d["host"], d["published_at"])
                items.append(text_entry(ids[d["text_hash"]], d["title"], d["text"], facets[key]))
            index.put_many(session, items)
            session.commit()
            batch.clear()

        for doc in documents(start, count, corpus, host_list):
            batch.append(doc)
            if len(batch) >= 2000:
                flush()
        if batch:
            flush()
        if definitions:
            _build_search_indexes(session, definitions)
    sessions.kw["bind"].dispose()


# -- archives on each backend ------------------------------------------------------------
@contextmanager
def backend_configs(name: str, workdir: Path) -> Iterator[object]:
    if name == "sqlite":

        def config(size: int) -> ArchiveConfig:
            return load_config(workdir / f"sqlite-{size}")

        def copy(src: int, dst: int) -> None:
            shutil.copytree(workdir / f"sqlite-{src}", workdir / f"sqlite-{dst}")

        def exists(size: int) -> bool:
            return (workdir / f"sqlite-{size}" / "archive.sqlite3").exists()

        def fresh(size: int) -> None:
            upgrade(make_engine(config(size)))

        yield config, copy, exists, fresh, None
        return
    from tests.servers import postgres_server

    with postgres_server(root=workdir / "pg", shared_buffers="1GB", work_mem="64MB") as server:
        names = {r for r in _databases(server)}

        def config(size: int) -> ArchiveConfig:
            return load_config(workdir / f"pg-{size}", db_url=server.url(f"search_{size}"))

        def copy(src: int, dst: int) -> None:
            server.create_database(f"search_{dst}", template=f"search_{src}")
            names.add(f"search_{dst}")

        def exists(size: int) -> bool:
            return f"search_{size}" in names

        def fresh(size: int) -> None:
            server.create_database(f"search_{size}")
            names.add(f"search_{size}")
            upgrade(make_engine(config(size)))

        yield config, copy, exists, fresh, server


def _databases(server) -> list[str]:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=server.port, user="postgres") as conn:
        return [r[0] for r in conn.execute("SELECT datname FROM pg_database")]


def build(name: str, sizes: list[int], workdir: Path, configs) -> None:
    config, copy, exists, fresh, server = configs
    corpus, host_list = None, None
    previous = 0
    for size in sizes:
        if exists(size):
            previous = size
            continue
        if corpus is None:
            corpus, host_list = paragraphs(), hosts()
        started = time.monotonic()
        if previous:
            copy(previous, size)
        else:
            fresh(size)
        add_documents(config(size), previous, size - previous, corpus, host_list)
        if server is not None:
            server.execute("VACUUM ANALYZE", f"search_{size}")
        print(f"  built {name} {size}: {time.monotonic() - started:.0f} s", flush=True)
        previous = size


# -- measuring ---------------------------------------------------------------------------
def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def in_process(config: ArchiveConfig, repeat: int) -> list[list[object]]:
    sessions = open_database(config)
    rows = []
    with sessions() as session:
        total = session.scalar(select(func.count()).select_from(Document))
        for label, query in QUERIES:
            for fname, filters in FILTERS:
                times, page = [], None
                for _ in range(repeat):
                    started = time.perf_counter()
                    page = search(
                        session, query, filters=filters, count_limit=config.search_count_limit
                    )
                    times.append((time.perf_counter() - started) * 1000)
                assert page is not None
                hits = f"{page.total}" if page.total_exact else f">{page.total}"
                rows.append(
                    [label, fname, hits, f"{pct(times, 0.5):.1f}", f"{pct(times, 0.95):.1f}"]
                )
    sessions.kw["bind"].dispose()
    print(f"    ({total} documents)", flush=True)
    return rows


def whole_command(config: ArchiveConfig, repeat: int) -> list[list[object]]:
    env = {**os.environ, "VNARCHIVE_DB_URL": config.db_url}
    rows = []
    for query, extra in COMMAND_QUERIES:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "vnarchive", "search", query, *extra, "--data-dir",
                 str(config.data_dir)],
                check=True, capture_output=True, env=env,
            )  # fmt: skip
            times.append((time.perf_counter() - started) * 1000)
        rows.append(
            [" ".join([query, *extra]), f"{pct(times, 0.5):.0f}", f"{pct(times, 0.95):.0f}"]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", nargs="+", type=int, default=[10_000, 50_000, 200_000, 1_000_000]
    )
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--command-repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/vnarchive-bench-search"))
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    sizes = sorted(args.sizes)
    summary = []
    for name in args.backends:
        with backend_configs(name, args.workdir) as configs:
            build(name, sizes, args.workdir, configs)
            if args.build_only:
                continue
            config = configs[0]
            for size in sizes:
                print(f"\n### {name}, {size:,} documents\n", flush=True)
                rows = in_process(config(size), args.repeat)
                print(table(["query", "filter", "matches", "p50 ms", "p95 ms"], rows))
                worst = max(float(r[4]) for r in rows)
                median = statistics.median(float(r[3]) for r in rows)
                commands = whole_command(config(size), args.command_repeat)
                print()
                print(table(["vnarchive search …", "p50 ms", "p95 ms"], commands), flush=True)
                summary.append([name, f"{size:,}", f"{median:.1f}", f"{worst:.1f}",
                                max(int(c[2]) for c in commands)])  # fmt: skip
    if summary:
        print("\n### Summary (in-process: median of the per-query p50s, worst per-query p95)\n")
        print(
            table(
                ["backend", "documents", "p50 ms", "worst p95 ms", "command p95 ms (worst)"],
                summary,
            )
        )


if __name__ == "__main__":
    main()
