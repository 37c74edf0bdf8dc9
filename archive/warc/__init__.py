"""WARC writing and reading. Knows nothing of Scrapy or SQLAlchemy: exchanges in, records out."""

from archive.warc.exchange import HttpExchange
from archive.warc.reader import read_payload, read_record
from archive.warc.writer import RecordLocation, WarcFileWriter

__all__ = ["HttpExchange", "RecordLocation", "WarcFileWriter", "read_payload", "read_record"]
