"""Bundled data: knowledge base, lexicons, gazetteer additions, demo corpus (YAML, CSV, Markdown)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """A YAML file of this folder (`"ingest.yaml"`, `"lexicons/reporting.yaml"`), parsed once per process.

    Why here: several stages read the same file (ingest.yaml serves both credit lines at ingest and embedded
    reports at date resolution); loading it from the data package keeps neither stage importing the other."""
    return yaml.safe_load(resources.files(__name__).joinpath(name).read_text("utf-8"))
