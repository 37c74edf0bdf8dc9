"""When crawls happen: the APScheduler service, the crawl runner, job logs and health.

The scheduler uses ``archive`` only; each crawl runs as a ``vnarchive crawl`` subprocess.
"""
