"""A DNS resolver that never hands the downloader a private address.

A public name can resolve to 127.0.0.1, 10.x or 169.254.169.254 (by mistake, or on
purpose: DNS rebinding). Every resolution is filtered here, at connection time, so the
address checked is the address connected to; names whose addresses are all forbidden fail
to resolve. Scrapy's caching resolver does the rest.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.resolver import CachingHostnameResolver
from twisted.internet.interfaces import IAddress, IHostResolution, IResolutionReceiver
from zope.interface import provider

from crawler.scope import Network, forbidden_address, parse_networks

logger = logging.getLogger(__name__)


@provider(IResolutionReceiver)
class _Filtering:
    def __init__(self, receiver: IResolutionReceiver, host: str, allowed: tuple[Network, ...]):
        self.receiver = receiver
        self.host = host
        self.allowed = allowed
        self.dropped: list[str] = []

    def resolutionBegan(self, resolution: IHostResolution) -> None:  # noqa: N802
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:  # noqa: N802
        host = getattr(address, "host", "")
        try:
            ip = ipaddress.ip_address(host.split("%")[0])
        except ValueError:
            self.receiver.addressResolved(address)
            return
        if forbidden_address(ip, self.allowed):
            self.dropped.append(str(ip))
            return
        self.receiver.addressResolved(address)

    def resolutionComplete(self) -> None:  # noqa: N802
        if self.dropped:
            logger.warning(
                "%s resolves to %s: not a public address, not connected to",
                self.host,
                ", ".join(self.dropped),
            )
        self.receiver.resolutionComplete()


class GuardedResolver(CachingHostnameResolver):
    """Filters every resolution, but the configured proxy's: the operator chose it."""

    allowed: tuple[Network, ...] = ()
    trusted: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allowed = parse_networks(crawler.settings.getlist("VNARCHIVE_ALLOW_NETWORKS"))
        config = crawler.settings.get("VNARCHIVE_CONFIG")
        proxy_url = getattr(config, "proxy", None) or crawler.settings.get("VNARCHIVE_PROXY")
        proxy = urlsplit(proxy_url or "").hostname
        resolver.trusted = frozenset({proxy.lower()} if proxy else ())
        return resolver

    def resolveHostName(  # noqa: N802
        self,
        resolutionReceiver: IResolutionReceiver,  # noqa: N803
        hostName: str,  # noqa: N803
        portNumber: int = 0,  # noqa: N803
        addressTypes: Sequence[type[IAddress]] | None = None,  # noqa: N803
        transportSemantics: str = "TCP",  # noqa: N803
    ) -> IHostResolution:
        if hostName.lower() in self.trusted:
            return super().resolveHostName(
                resolutionReceiver, hostName, portNumber, addressTypes, transportSemantics
            )
        return super().resolveHostName(
            _Filtering(resolutionReceiver, hostName, self.allowed),
            hostName,
            portNumber,
            addressTypes,
            transportSemantics,
        )
