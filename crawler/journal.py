"""The resume journal: every URL a crawl scheduled and every URL it processed, line by line.

Scrapy's own JOBDIR state (its disk queue's index, ``spider.state``) is written on a clean
shutdown only, and its duplicate filter (``requests.seen``) holds every URL ever *queued*,
fetched or not. After a SIGKILL or a power cut the queue is lost while ``requests.seen``
still names the URLs that were in it, so that a resumed crawl would drop them as
duplicates. The journal is what a resume trusts instead::

    + URL CALLBACK     scheduled (the spider's callback that will parse it)
    = URL              processed: fetched and its links journaled, or failed, or skipped

On opening, Scrapy's queue is discarded and ``requests.seen`` rewritten to hold only the
processed URLs: the pending ones (``+`` without ``=``) are scheduled again by the spider,
exactly once, whether the last run ended cleanly or was killed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from scrapy import Request
from scrapy.utils.request import fingerprint

FILE = "portal.journal"


@dataclass
class JournalState:
    """What a journal says of the crawl so far."""

    pending: dict[str, str] = field(default_factory=dict)  # URL → callback name
    scheduled: list[str] = field(default_factory=list)  # every URL scheduled, once each
    done: set[str] = field(default_factory=set)
    callbacks: dict[str, str] = field(default_factory=dict)  # URL → callback it was scheduled for


def read_state(path: Path) -> JournalState:
    """The state a journal file describes (an unfinished last line is ignored)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return JournalState()
    return state_of(text.split("\n")[:-1])  # the last piece has no newline: cut by a kill


def state_of(lines: Iterable[str]) -> JournalState:
    """The state journal lines describe."""
    state, seen = JournalState(), set()
    for mark, url, *callback in (line.split(" ") for line in lines if " " in line):
        if mark == "+" and url not in seen:
            seen.add(url)
            state.scheduled.append(url)
            state.callbacks[url] = callback[0] if callback else "parse"
            if url not in state.done:
                state.pending[url] = state.callbacks[url]
        elif mark == "=":
            state.pending.pop(url, None)
            state.done.add(url)
    return state


def reset_scrapy_state(jobdir: Path, done: set[str]) -> None:
    """Scrapy's queue discarded, its duplicate filter holding the processed URLs only (in
    its documented format: a 2-byte big-endian length, then the fingerprint), so that a
    redirect to a page processed before is not followed again."""
    shutil.rmtree(jobdir / "requests.queue", ignore_errors=True)
    fingerprints = (fingerprint(Request(url)) for url in sorted(done))
    with (jobdir / "requests.seen").open("wb") as seen:
        seen.writelines(len(fp).to_bytes(2, "big") + fp for fp in fingerprints)


class Journal:
    """The journal of one JOBDIR, open for appending (one line per write: it survives a
    SIGKILL of the process, not a power cut)."""

    def __init__(self, jobdir: Path) -> None:
        jobdir.mkdir(parents=True, exist_ok=True)
        path = jobdir / FILE
        self.state = read_state(path)
        reset_scrapy_state(jobdir, self.state.done)
        if path.exists() and not path.read_bytes().endswith(b"\n") and path.stat().st_size:
            with path.open("a", encoding="utf-8") as out:  # end a line cut short by a kill
                out.write("\n")
        self.file: IO[str] = path.open("a", encoding="utf-8", buffering=1)

    def scheduled(self, url: str, callback: str) -> None:
        self.file.write(f"+ {url} {callback}\n")

    def processed(self, url: str) -> None:
        self.file.write(f"= {url}\n")


class RedisJournal:
    """The journal of a task of a crawl workers' job (``archive.jobqueue``): the same lines,
    in a Redis list beside the task's frontier, so that whichever worker resumes the task
    reads what the one before it scheduled and processed.

    The frontier itself survives a worker (scrapy-redis keeps it in Redis): what a stopped
    worker loses is only what it had taken from it and not processed, its requests in
    flight. Opening the journal finds them (scheduled, not processed, no longer queued),
    takes their fingerprints out of the job's duplicate filter and leaves them ``pending``
    for the spider to schedule again, exactly once."""

    def __init__(self, server: Any, key: str, queue_key: str, dupefilter_key: str) -> None:
        import pickle

        from scrapy_redis.dupefilter import RFPDupeFilter

        self.server, self.key = server, key
        lines = [line.decode("utf-8", "replace") for line in server.lrange(key, 0, -1)]
        self.state = state_of(lines)
        if not self.state.pending:
            return
        # scrapy-redis' queue holds pickled request dicts (its default serializer)
        queued = {pickle.loads(member)["url"] for member in server.zrange(queue_key, 0, -1)}
        in_flight = {u: c for u, c in self.state.pending.items() if u not in queued}
        fingerprint = RFPDupeFilter(server, dupefilter_key).request_fingerprint
        if in_flight:
            server.srem(dupefilter_key, *(fingerprint(Request(u)) for u in in_flight))
        self.state.pending = in_flight

    def scheduled(self, url: str, callback: str) -> None:
        self.server.rpush(self.key, f"+ {url} {callback}")

    def processed(self, url: str) -> None:
        self.server.rpush(self.key, f"= {url}")


def redis_journal(settings: Any) -> RedisJournal | None:
    """A crawl worker's job journal, when the crawl's settings name one."""
    key = settings.get("VNARCHIVE_JOURNAL_KEY")
    if not key:
        return None
    from scrapy_redis.connection import get_redis_from_settings

    server = get_redis_from_settings(settings)
    queue_key, dupefilter_key = (
        settings["SCHEDULER_QUEUE_KEY"],
        settings["SCHEDULER_DUPEFILTER_KEY"],
    )
    return RedisJournal(server, key, queue_key, dupefilter_key)
