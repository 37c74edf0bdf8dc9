"""The archive's database: engine and migrations, the typed models, the CrawlJob lifecycle."""
