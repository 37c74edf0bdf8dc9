"""Scrapy settings of the vnarchive crawler: every component wired here, in one place."""

BOT_NAME = "vnarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "vnarchive/0.1 (web archive of Vietnamese local-government portals)"
ROBOTSTXT_OBEY = True

# Politeness: these are small government servers.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30  # the archive's download_timeout setting (VNARCHIVE_DOWNLOAD_TIMEOUT) wins
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
RETRY_TIMES = 2

# Breadth-first: home, then listings, then articles.
DEPTH_PRIORITY = 1
# The queue lives on disk, JOBDIR or not: a big crawl's frontier must not live in memory.
SCHEDULER = "crawler.scheduler.DiskQueueScheduler"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# A page yields at most one item and a few requests; Scrapy starts this many tasks for the
# output of every page (100 by default: thousands of idle tasks a second).
CONCURRENT_ITEMS = 8

# No console into the crawling process: neither Telnet nor Scrapy's remote-control server
# (which runs the Python code it is sent).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# http and https only: a page cannot make the crawler read file:, ftp:, s3: or data: URLs.
# Scrapy's HTTP/1.1 handler, also saying how each body was framed (chunked, by length or
# by closing the connection), which Twisted keeps to itself: the WARC record needs it.
DOWNLOAD_HANDLERS = {
    "file": None,
    "ftp": None,
    "s3": None,
    "data": None,
    "http": "crawler.downloadhandlers.http11.RawHTTP11DownloadHandler",
    "https": "crawler.downloadhandlers.http11.RawHTTP11DownloadHandler",
}
LOG_LEVEL = "INFO"

# Names resolve through a resolver that drops private addresses (DNS rebinding included).
TWISTED_DNS_RESOLVER = "crawler.resolver.GuardedResolver"
# Redirect chains longer than this are errors (counted), not silently dropped.
REDIRECT_MAX_TIMES = 20

DOWNLOADER_MIDDLEWARES = {
    # First of all, and again for every redirect and robots.txt request: nothing outside
    # the portals' hosts for pages, nothing at a private address for anything.
    "crawler.downloadermiddlewares.scope.ScopeGuardMiddleware": 50,
    # robots.txt as RFC 9309 says: a 5xx or an unreachable robots.txt disallows everything.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.downloadermiddlewares.robots.PortalRobotsTxtMiddleware": 100,
    # A job taken over from a crawl worker that stopped: what it archived and did not
    # process is answered from the archive, not fetched again.
    "crawler.downloadermiddlewares.replay.ReplayArchivedMiddleware": 110,
    # Crawl workers: hosts other than the task's portal (a province's file host, a CDN),
    # which several workers reach at once, are paced together through Redis.
    "crawler.downloadermiddlewares.sharedhosts.SharedHostPacingMiddleware": 120,
    # 429/503 with Retry-After: the host slowed to the wait it asked for before the retry.
    "crawler.downloadermiddlewares.retryafter.RetryAfterMiddleware": 560,
    # Cookies, bounded in number and size (Scrapy's keeps them all).
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "crawler.downloadermiddlewares.cookies.BoundedCookiesMiddleware": 700,
    # Sets request.meta["proxy"] from VNARCHIVE_PROXY (the sandbox, or a real proxy).
    "crawler.downloadermiddlewares.proxy.FixedProxyMiddleware": 740,
    # Adds If-None-Match / If-Modified-Since; turns a 304 back into the archived page for
    # the spider (below HttpCompressionMiddleware, so the archived body is already decoded).
    "crawler.downloadermiddlewares.conditional.ConditionalRequestMiddleware": 580,
    # Above HttpCompressionMiddleware (590) and RedirectMiddleware (600) in order number:
    # it sees requests as sent and bodies and 3xx answers as they came off the wire.
    "crawler.downloadermiddlewares.warcrecord.WarcRecordMiddleware": 950,
}
# The job row's heartbeat and live counts, and the progress line, from a thread of its own.
EXTENSIONS = {
    "crawler.extensions.progress.CrawlProgress": 100,
}
ITEM_PIPELINES = {
    "crawler.pipelines.DocumentPipeline": 300,
}

# vnarchive's own settings. crawler.run fills them in from the archive's settings registry
# (archive.config: flag > VNARCHIVE_* > vnarchive.toml > default); the values here are the
# defaults a crawler started otherwise would get.
VNARCHIVE_CONFIG = None  # the ArchiveConfig of the crawl
VNARCHIVE_JOB_ID = None
VNARCHIVE_SEEDS: list[str] = []  # the portals' start URLs: their hosts are the crawl's scope
VNARCHIVE_SCOPE_ALIASES: list[str] = []  # hosts the catalog says these portals moved to
VNARCHIVE_ALLOW_NETWORKS: list[str] = []  # CIDRs that may be requested although not public
VNARCHIVE_MAX_DEPTH = 500  # link hops from a home page at most (0: no limit)
VNARCHIVE_MAX_PAGINATION = 2000  # ?page=N beyond this is a trap
VNARCHIVE_MAX_CALENDAR = 500  # URLs of one dated shape per portal (a calendar)
VNARCHIVE_MAX_SITEMAPS = 500  # sitemaps (index children) per portal
VNARCHIVE_MAX_LINKS = 1000  # links followed from one page
VNARCHIVE_MAX_RETRY_AFTER = 120.0  # seconds of Retry-After obeyed at most
VNARCHIVE_PROXY = None
VNARCHIVE_CONDITIONAL_REQUESTS = True  # send validators of pages already archived
VNARCHIVE_MAX_PAGES = 0  # per portal; 0 = no limit
# A page its portal's sitemap dates (<lastmod>) no later than our last capture of it is not
# requested at all, if that capture is younger than this many days (0: every page is
# requested, conditionally).
VNARCHIVE_REVALIDATE_AFTER_DAYS = 30.0
# Extraction runs behind the crawl in worker processes that read the pages back from the
# WARC files (0 workers: inline); VNARCHIVE_EXTRACT False: captures only.
VNARCHIVE_EXTRACT = True
VNARCHIVE_EXTRACT_WORKERS = 1
# Workers run at this niceness: when cores are short the crawl goes first, indexing catches up.
VNARCHIVE_EXTRACT_NICENESS = 10
