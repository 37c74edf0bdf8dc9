"""Captures: an HTTP exchange becomes a WARC record and a row; dedup, verify, repair."""
