"""Page layouts seen on real Vietnamese government portals, one module each."""

from __future__ import annotations

from sandbox.layouts.aspnet import AspNetLayout
from sandbox.layouts.base import Layout, Route
from sandbox.layouts.bootstrap import BootstrapLayout
from sandbox.layouts.newspaper import NewspaperLayout
from sandbox.layouts.sharepoint import SharePointLayout

LAYOUTS: dict[str, type[Layout]] = {
    cls.name: cls for cls in (AspNetLayout, BootstrapLayout, SharePointLayout, NewspaperLayout)
}

__all__ = ["LAYOUTS", "Layout", "Route"]
