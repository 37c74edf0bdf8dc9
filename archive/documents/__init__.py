"""Documents: article text stored once per distinct text, portal templates, indexing,
re-extraction."""
