"""The sandbox portal network: synthetic Vietnamese government portals on 127.0.0.1.

>>> sb = Sandbox(seed=1, pages_per_portal=12)
>>> with SandboxServer(sb) as srv:   # srv.proxy_url is an HTTP proxy for the .test hosts
...     ...
"""

from sandbox.runner import serve
from sandbox.sandbox import Sandbox
from sandbox.server import SandboxServer

__all__ = ["Sandbox", "SandboxServer", "serve"]
