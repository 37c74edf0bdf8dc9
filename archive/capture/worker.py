"""The one writer: captures archived in a thread of their own, in short batches.

A crawl's event loop must never wait on a disk or a database. ``CaptureWorker`` takes
exchanges from a queue and archives them on its own thread, as many as are waiting at once
(up to ``max_batch``): every record is written and flushed, then every row committed in one
short transaction (``CaptureRecorder.record_many``), and each caller's ``Future`` resolved.
Reads a crawl needs (the last capture of a URL, an archived record) run on a second thread,
so that they never queue behind writes. Datasette's one-writer pattern is the model.

Knows nothing of Scrapy or Twisted: callers get ``concurrent.futures.Future`` objects
(``asyncio.wrap_future`` turns them into awaitables).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError

from archive.capture.record import CaptureRecorder, Pending, Recorded

logger = logging.getLogger(__name__)
T = TypeVar("T")
_STOP = object()
COMMIT_ATTEMPTS = 4  # a row commit that fails on a lock is tried again, records are not


class CaptureWorker:
    def __init__(self, recorder: CaptureRecorder, max_batch: int = 64) -> None:
        self.recorder = recorder
        self.max_batch = max_batch
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="vnarchive-capture", daemon=True)
        self._reads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vnarchive-lookup")
        self._thread.start()
        self.batches = 0
        self.captures = 0

    def submit(self, pending: Pending) -> Future[Recorded]:
        """Archive one exchange on the writer thread."""
        future: Future[Recorded] = Future()
        self._queue.put((pending, future))
        return future

    def read(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run a read (a look-up, a record read back) on the reader thread."""
        return self._reads.submit(fn, *args)

    def close(self) -> None:
        """Archive what is queued, stop both threads, close the WARC file."""
        self._queue.put(_STOP)
        self._thread.join()
        self._reads.shutdown(wait=True)
        self.recorder.close()

    # -- the writer thread -------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            stop = False
            while len(batch) < self.max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    stop = True
                    break
                batch.append(more)
            self._archive(batch)
            if stop:
                return

    def _archive(self, batch: list[tuple[Pending, Future[Recorded]]]) -> None:
        live = [(p, f) for p, f in batch if f.set_running_or_notify_cancel()]
        if not live:
            return
        try:
            written = self.recorder.write_records([p for p, _ in live])
        except Exception as exc:  # a record that cannot be written: these pages fail
            for _, future in live:
                future.set_exception(exc)
            return
        for attempt in range(COMMIT_ATTEMPTS):
            try:
                results = self.recorder.commit_rows(written)
                break
            except OperationalError as exc:  # the database was busy: try the commit again
                if attempt == COMMIT_ATTEMPTS - 1:
                    self._fail(live, exc)
                    return
                logger.warning("capture rows not committed (%s); trying again", exc.orig)
                time.sleep(0.5 * (attempt + 1))
            except Exception as exc:
                self._fail(live, exc)
                return
        self.batches += 1
        self.captures += len(results)
        for (_, future), result in zip(live, results, strict=True):
            future.set_result(result)

    @staticmethod
    def _fail(live: list[tuple[Pending, Future[Recorded]]], exc: Exception) -> None:
        logger.error(
            "%d capture row(s) not committed: %s (their records are in the WARC file: "
            "'vnarchive verify --repair' records them)",
            len(live),
            exc,
        )
        for _, future in live:
            future.set_exception(exc)
