"""The crawl job queue in Redis, shared by every machine of a deployment.

With ``VNARCHIVE_REDIS_URL`` set, ``vnarchive crawl`` and the scheduler put jobs here and
``vnarchive worker crawl`` processes take them. A job is its ``CrawlJob`` row (status
``queued``, its ``jobdir`` ``redis:<id>``: where its frontier lives) and one *task* per
portal it crawls, which any worker may take::

    vnarchive:tasks:pending              task ids (``<job>:<n>``) waiting, oldest out first
    vnarchive:tasks:active               task ids a worker took and did not end
    vnarchive:job:<id>                   hash: spec (JSON: seeds, page budget, delay…),
                                         tasks (how many), left (not ended yet)
    vnarchive:job:<id>:dupefilter        fingerprints of the job's requests (scrapy-redis):
                                         a file two portals link is fetched once per job
    vnarchive:job:<id>:stats             hash: each ended task's Scrapy stats (JSON)
    vnarchive:task:<id>:<n>              hash: seed, hosts
    vnarchive:task:<id>:<n>:lease        the worker holding the task; expires unless renewed
    vnarchive:task:<id>:<n>:requests     the task's frontier (scrapy-redis' priority queue)
    vnarchive:task:<id>:<n>:journal      its resume journal: ``+ URL CALLBACK`` / ``= URL``
    vnarchive:host:<host>:lease          the task fetching that portal host now
    vnarchive:host:<host>:next           when the workers may next ask a host no task
                                         leases (a file host, a CDN): ``archive.hostpace``
    vnarchive:job:<id>:robots:<host>     the worker asking a shared host for robots.txt

A worker takes a task and, with it, a lease on its portal's hosts, atomically (one Lua
script): one portal is fetched by one worker at a time, so adding workers never adds load
on a portal, and its page budget and sitemap gating live in that one spider. The worker
renews its leases while it crawls; a worker that stops renewing (killed, hung, cut off)
loses them when they expire, and the next worker looking for work takes the task over
first of all and resumes it from its journal. Fingerprints, frontier and journal belong to
one job: a recrawl is a new job and fetches again. The worker that ends a job's last task
records the job's outcome; the job's keys are then deleted.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from archive.errors import VnarchiveError

PREFIX = "vnarchive:"
PENDING = PREFIX + "tasks:pending"
ACTIVE = PREFIX + "tasks:active"
JOBDIR_PREFIX = "redis:"  # the jobdir of a job whose frontier lives in Redis


class QueueError(VnarchiveError):
    """Redis cannot be reached or refuses: a one-line error for the command."""


def job_key(job_id: int, part: str = "") -> str:
    return f"{PREFIX}job:{job_id}" + (f":{part}" if part else "")


def task_key(task: str, part: str = "") -> str:
    return f"{PREFIX}task:{task}" + (f":{part}" if part else "")


def default_worker_id() -> str:
    return f"{socket.gethostname().split('.')[0] or 'localhost'}-{os.getpid()}"


def portal_host(url: str) -> str:
    """The host a lease is taken on: the portal's, without ``www.``."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


@dataclass
class JobSpec:
    """What a worker needs to run a job's tasks, beside its row."""

    seeds: list[str]
    max_pages: int | None = None
    delay: float | None = None
    log_level: str = "INFO"
    proxy: str | None = None  # the crawl's, when the command gave one
    allow_networks: str | None = None
    options: dict[str, Any] = field(default_factory=dict)  # Scrapy settings of the job

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> JobSpec:
        return cls(**json.loads(text))


@dataclass
class Taken:
    """A task a worker took: one portal of a job."""

    task: str  # "<job>:<n>"
    job_id: int
    seed: str
    spec: JobSpec
    resumed: bool  # a task another worker held and stopped renewing


# Take a task: an abandoned one first (active, its lease expired), else the oldest pending
# one whose hosts no other task holds; with it, the task's and its hosts' leases.
# KEYS: pending, active. ARGV: worker, lease (ms), prefix.
_TAKE = """
local prefix = ARGV[3]
local function hosts_of(task)
  local hosts = redis.call('HGET', prefix .. 'task:' .. task, 'hosts') or ''
  local out = {}
  for host in string.gmatch(hosts, '%S+') do table.insert(out, host) end
  return out
end
local function hosts_free(task)
  for _, host in ipairs(hosts_of(task)) do
    local holder = redis.call('GET', prefix .. 'host:' .. host .. ':lease')
    if holder and holder ~= task then return false end
  end
  return true
end
local function take(task, how)
  redis.call('SADD', KEYS[2], task)
  redis.call('SET', prefix .. 'task:' .. task .. ':lease', ARGV[1], 'PX', ARGV[2])
  redis.call('HSET', prefix .. 'task:' .. task, 'worker', ARGV[1])
  for _, host in ipairs(hosts_of(task)) do
    redis.call('SET', prefix .. 'host:' .. host .. ':lease', task, 'PX', ARGV[2])
  end
  local job = string.match(task, '^(%d+):')
  local seed = redis.call('HGET', prefix .. 'task:' .. task, 'seed')
  return {task, seed, redis.call('HGET', prefix .. 'job:' .. job, 'spec'), how}
end
for _, task in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', prefix .. 'task:' .. task .. ':lease') == 0 and hosts_free(task) then
    return take(task, 'resumed')
  end
end
local n = redis.call('LLEN', KEYS[1])
for i = 1, n do
  local task = redis.call('RPOP', KEYS[1])
  if not task then break end
  if hosts_free(task) then return take(task, 'new') end
  redis.call('LPUSH', KEYS[1], task)
end
return false
"""

# Renew a task's leases if this worker still holds it: 1, else 0 (taken over meanwhile).
# KEYS: task lease. ARGV: worker, lease (ms), prefix, task.
_RENEW = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local hosts = redis.call('HGET', ARGV[3] .. 'task:' .. ARGV[4], 'hosts') or ''
for host in string.gmatch(hosts, '%S+') do
  redis.call('SET', ARGV[3] .. 'host:' .. host .. ':lease', ARGV[4], 'PX', ARGV[2])
end
return 1
"""

# Let go of a task: ended (its stats kept for the job, its keys deleted; returns the job's
# tasks left) or handed back (its leases only, for another worker to resume it at once;
# returns -1). 0 if this worker no longer held it.
# KEYS: active, task lease. ARGV: worker, prefix, task, ended, stats (JSON).
_RELEASE = """
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return false end
local task = ARGV[2] .. 'task:' .. ARGV[3]
local hosts = redis.call('HGET', task, 'hosts') or ''
for host in string.gmatch(hosts, '%S+') do
  local key = ARGV[2] .. 'host:' .. host .. ':lease'
  if redis.call('GET', key) == ARGV[3] then redis.call('DEL', key) end
end
redis.call('DEL', KEYS[2])
if ARGV[4] ~= '1' then return -1 end
local job = ARGV[2] .. 'job:' .. string.match(ARGV[3], '^(%d+):')
redis.call('SREM', KEYS[1], ARGV[3])
redis.call('DEL', task, task .. ':requests', task .. ':journal')
redis.call('HSET', job .. ':stats', ARGV[3], ARGV[5])
return redis.call('HINCRBY', job, 'left', -1)
"""


class JobQueue:
    """The queue at ``url``; every call is one short round trip (or one script)."""

    def __init__(self, url: str) -> None:
        try:
            import redis
        except ImportError:
            raise QueueError(
                "VNARCHIVE_REDIS_URL is set but the Redis client is missing: "
                "pip install 'vnarchive[redis]'"
            ) from None
        self.url = url
        self.redis = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
        self._take = self.redis.register_script(_TAKE)
        self._renew = self.redis.register_script(_RENEW)
        self._release = self.redis.register_script(_RELEASE)

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        import redis

        try:
            return fn(*args, **kwargs)
        except redis.RedisError as exc:
            raise QueueError(f"Redis at {self.url_shown}: {exc}") from None

    @property
    def url_shown(self) -> str:
        from archive.config import mask_password

        return mask_password(self.url)

    def ping(self) -> None:
        self._call(self.redis.ping)

    def enqueue(self, job_id: int, spec: JobSpec) -> list[str]:
        """The job and one task per seed (portal): its task ids."""
        tasks = [f"{job_id}:{n}" for n in range(len(spec.seeds))]
        pipe = self.redis.pipeline()
        pipe.hset(
            job_key(job_id),
            mapping={"spec": spec.to_json(), "tasks": len(tasks), "left": len(tasks)},
        )
        for task, seed in zip(tasks, spec.seeds, strict=True):
            hosts = portal_host(seed)
            pipe.hset(task_key(task), mapping={"seed": seed, "hosts": hosts})
        if tasks:
            pipe.lpush(PENDING, *tasks)
        self._call(pipe.execute)
        return tasks

    def take(self, worker: str, lease: float) -> Taken | None:
        found = self._call(
            self._take, keys=[PENDING, ACTIVE], args=[worker, int(lease * 1000), PREFIX]
        )
        if not found:
            return None
        task, seed, spec, how = (v.decode() if isinstance(v, bytes) else v for v in found)
        job_id = int(task.split(":", 1)[0])
        return Taken(task, job_id, seed, JobSpec.from_json(spec), how == "resumed")

    def renew(self, task: str, worker: str, lease: float) -> bool:
        """Whether ``worker`` still holds the task (its leases renewed)."""
        args = [worker, int(lease * 1000), PREFIX, task]
        return bool(self._call(self._renew, keys=[task_key(task, "lease")], args=args))

    def hand_back(self, task: str, worker: str) -> bool:
        """Leave the task to another worker, which resumes it at once."""
        keys = [ACTIVE, task_key(task, "lease")]
        return self._call(self._release, keys=keys, args=[worker, PREFIX, task, "0", ""]) == -1

    def end(self, task: str, worker: str, stats: dict[str, Any]) -> int | None:
        """The task ended: its stats kept for its job. The job's tasks left (0: this was its
        last), or ``None`` if this worker no longer held the task."""
        keys = [ACTIVE, task_key(task, "lease")]
        args = [worker, PREFIX, task, "1", json.dumps(stats, default=str)]
        left = self._call(self._release, keys=keys, args=args)
        return None if left is None else int(left)

    def job_stats(self, job_id: int) -> list[dict[str, Any]]:
        """The Scrapy stats of each ended task of the job."""
        values = self._call(self.redis.hvals, job_key(job_id, "stats"))
        return [json.loads(v) for v in values]

    def forget_job(self, job_id: int) -> None:
        """The job ended: its own keys deleted (its tasks' went as each ended)."""
        parts = ("", "dupefilter", "stats")
        self._call(self.redis.delete, *(job_key(job_id, part) for part in parts))

    def holder(self, task: str) -> str | None:
        value = self._call(self.redis.get, task_key(task, "lease"))
        return value.decode() if value else None

    def pending(self) -> list[str]:
        return [t.decode() for t in reversed(self._call(self.redis.lrange, PENDING, 0, -1))]

    def active(self) -> list[str]:
        return sorted(t.decode() for t in self._call(self.redis.smembers, ACTIVE))
