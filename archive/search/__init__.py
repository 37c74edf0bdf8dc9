"""Full-text search over documents, with or without diacritics."""
