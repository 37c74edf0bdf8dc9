"""Reading the archive: snapshots of a URL, CDX lines, exports."""
