"""Bundled data: knowledge base, lexicons, gazetteer additions, demo corpus (YAML, CSV, Markdown)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (the wheels are): the same constructors and resolvers as
# yaml.SafeLoader, so the same values, in a seventh of the time; the knowledge base and lexicons every worker
# process loads cost about 0.4 s a process with the pure-Python parser
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(stream: Any) -> Any:
    """`yaml.safe_load` with the fastest safe loader: the one way panj reads its YAML."""
    return yaml.load(stream, Loader=SafeLoader)


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """A YAML file of this folder (`"ingest.yaml"`, `"lexicons/reporting.yaml"`), parsed once per process.

    Why here: several stages read the same file (ingest.yaml serves both credit lines at ingest and embedded
    reports at date resolution); loading it from the data package keeps neither stage importing the other."""
    return parse_yaml(resources.files(__name__).joinpath(name).read_text("utf-8"))
