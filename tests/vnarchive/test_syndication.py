"""Syndication end to end: a sandbox whose district and commune portals repost provincial
articles, crawled through the CLI; reposts are clustered with their source, found with the
reposting portal's unit filters, named by ``show`` and ``search``, collapsed on request,
and an archive made before syndication is clustered by ``vnarchive dedup``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sandbox import Sandbox, SandboxServer
from tests.conftest import Backend, Run, crawl_sandbox, vnarchive
from tests.vnarchive.web.conftest import JSON, client_for


@dataclass
class Reposted:
    data_dir: Path
    truth: list[dict]
    backend: Backend

    def cli(self, *args: str) -> Run:
        return vnarchive(*args, data_dir=self.data_dir, env=self.backend.env(self.data_dir))

    def json(self, *args: str) -> object:
        run = self.cli(*args, "--json")
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)

    def clusters(self) -> dict[str, int]:
        """Article URL → the cluster of the document its capture carries."""
        rows = self.backend.rows(
            self.data_dir,
            "SELECT c.url, coalesce(d.cluster_id, d.id) FROM captures c "
            "JOIN documents d ON d.id = c.document_id",
        )
        return {url: cluster for url, cluster in rows}


@pytest.fixture(scope="module")
def reposted(tmp_path_factory: pytest.TempPathFactory, backend: Backend) -> Iterator[Reposted]:
    sandbox = Sandbox(seed=3, pages_per_portal=8, documents=False, reposts=0.5)
    data_dir = tmp_path_factory.mktemp(f"reposts-{backend.name}")
    with SandboxServer(sandbox) as server:
        crawl_sandbox(sandbox, server.proxy_url, data_dir, env=backend.env(data_dir))
    yield Reposted(data_dir, sandbox.ground_truth(), backend)


def reposts(truth: list[dict], variant: str | None = None) -> list[dict]:
    return [a for a in truth if a["source"] and variant in (None, a["variant"])]


def test_every_repost_is_clustered_with_its_source_and_no_two_stories_are(
    reposted: Reposted,
) -> None:
    clusters = reposted.clusters()
    found = [a for a in reposts(reposted.truth) if a["url"] in clusters]
    assert len(found) >= 10 and {a["variant"] for a in found} >= {"lead", "name", "trim"}
    for art in found:
        assert clusters[art["url"]] == clusters[art["source"]], art
    originals = [a["url"] for a in reposted.truth if not a["source"] and a["url"] in clusters]
    stories = [clusters[url] for url in originals]
    assert len(set(stories)) == len(stories)  # different articles: different stories


def test_a_commune_repost_is_found_by_the_commune_filter_and_names_its_origin(
    reposted: Reposted,
) -> None:
    province = {a["url"]: a["host"] for a in reposted.truth if not a["source"]}
    commune = [
        a
        for a in reposts(reposted.truth)
        if a["host"].count(".") == 5 and a["variant"] in ("lead", "trim", "extend", "same")
    ]
    assert commune
    for art in commune:
        words = " ".join(art["body"][1].split()[:8])  # a phrase of the story's text
        hits = reposted.json("search", f'"{words}"', "--level", "commune")
        assert isinstance(hits, list)
        # the very same text is one document, under its first publisher's URL
        mine = [h for h in hits if h["url"] in (art["url"], art["source"])]
        assert mine, (art["url"], art["variant"])
        assert mine[0]["origin"] == province[art["source"]]
        shown = reposted.json("show", art["url"])
        assert isinstance(shown, dict)
        others = {p["url"] for p in shown["also_published_by"]}
        if art["variant"] != "same":
            assert art["source"] in others
        assert shown["origin"] == province[art["source"]]
    with client_for(reposted) as web:  # the web app's document page says the same
        doc_id = reposted.backend.rows(
            reposted.data_dir, "SELECT document_id FROM captures WHERE url = :u", u=art["url"]
        )[0][0]
        page = web.get(f"/documents/{doc_id}", headers=JSON).json()
        assert page["origin"] == province[art["source"]]
        html = web.get(f"/documents/{doc_id}").text
        assert 'id="also-published"' in html and province[art["source"]] in html


def test_search_collapse_shows_one_hit_per_story(reposted: Reposted) -> None:
    art = reposts(reposted.truth, "name")[0]
    words = " ".join(art["body"][2].split()[:8])
    every = reposted.json("search", f'"{words}"')
    one = reposted.json("search", f'"{words}"', "--collapse")
    assert isinstance(every, list) and isinstance(one, list)
    assert len(every) >= 2 and len(one) == 1
    assert {p["portal"] for p in one[0]["also_published_by"]} >= {
        h["portal"] for h in every if h["url"] != one[0]["url"]
    }


def test_dedup_clusters_an_archive_made_before_syndication(reposted: Reposted) -> None:
    before = reposted.clusters()
    with reposted.backend.db(reposted.data_dir) as db:
        db.execute("DELETE FROM text_bands")
        db.execute("UPDATE documents SET cluster_id = NULL")
    out = reposted.json("dedup", "--batch", "7")
    assert isinstance(out, dict) and out["pending"] == 0 and out["joined"] > 0
    after = reposted.clusters()
    partition = lambda c: sorted(  # noqa: E731
        sorted(u for u in c if c[u] == k) for k in set(c.values())
    )
    assert partition(after) == partition(before)
