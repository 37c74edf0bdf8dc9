"""Page layouts seen on real Vietnamese government portals, one module each."""

from __future__ import annotations

from crawler.sandbox.layouts.aspnet import AspNetLayout
from crawler.sandbox.layouts.base import Layout, Route
from crawler.sandbox.layouts.bootstrap import BootstrapLayout
from crawler.sandbox.layouts.newspaper import NewspaperLayout
from crawler.sandbox.layouts.sharepoint import SharePointLayout

LAYOUTS: dict[str, type[Layout]] = {
    cls.name: cls for cls in (AspNetLayout, BootstrapLayout, SharePointLayout, NewspaperLayout)
}

__all__ = ["LAYOUTS", "Layout", "Route"]
