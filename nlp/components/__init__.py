"""spaCy pipeline components of the extraction, one per kind of thing."""
