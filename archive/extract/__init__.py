"""Main-text extraction for Vietnamese portal article pages: trafilatura plus portal rules.

``extract(html, url, content_type=..., template=...)`` returns an :class:`Extraction` and
never raises; ``template`` is a portal's learned chrome lines (``archive.documents.templates``).

Modules: ``decode`` (bytes → NFC text), ``dom`` (parsing, text helpers), ``chrome`` (portal
widgets and lists: DOM pruning and a line filter), ``titles``, ``header`` (datelines, the
date by the heading), ``dates`` (Vietnamese date forms), ``sapo``, ``byline`` (author, CMS
accounts), ``labels`` (section names at the text's ends), ``prose`` (the article block and
the prose trafilatura leaves out), ``crumbs`` (category), ``engine`` (the trafilatura call),
``documents`` (files a notice announces), ``classify`` (the kind of page), ``language``,
``model`` (the result) and ``pipeline`` (composes them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.lazy import lazy_names

if TYPE_CHECKING:
    from archive.extract.model import KINDS, Extraction, Kind
    from archive.extract.pipeline import extract, template_key

# bump when the output for the same input changes
EXTRACTOR_VERSION = "1.3"

__all__ = ["EXTRACTOR_VERSION", "KINDS", "Extraction", "Kind", "extract", "template_key"]

# The names above are loaded on first use (PEP 562): importing a light submodule such as
# ``archive.extract.office.doctypes`` (search facets) must not load trafilatura and lxml,
# a third of a second of every ``vnarchive search``.
__getattr__ = lazy_names(
    __name__,
    {
        "KINDS": "model",
        "Extraction": "model",
        "Kind": "model",
        "extract": "pipeline",
        "template_key": "pipeline",
    },
)
