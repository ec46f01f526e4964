"""Bundled data: knowledge base, lexicons, gazetteer additions, demo corpus (YAML, CSV, Markdown)."""
