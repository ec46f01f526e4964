"""Fusion settings, read once from panj/data/fusion.yaml (type families, windows, evidence weights, wire aliases)."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

GRAN_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4, "unresolved": 9}
PRECISION_RANK = {"point": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 4}


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    return yaml.safe_load(resources.files("panj.data").joinpath("fusion.yaml").read_text("utf-8"))


@lru_cache(maxsize=None)
def family(event_type: str) -> str:
    """The blocking key: the type family a PLOVER type belongs to (itself when unlisted)."""
    for name, types in (config().get("type_families") or {}).items():
        if event_type in types:
            return name
    return event_type


@lru_cache(maxsize=None)
def place_bound(event_type: str) -> bool:
    """Whether two reports naming different places must be two events of this type: for material acts (a
    shelling, a deployment, an aid delivery) the place is part of what happened; for verbal ones (a phone call,
    a statement, an accusation) the place a report names is where a speaker or a press service was, and reports
    of one call or one statement name different ones. fusion.yaml `place_bound_quads`."""
    from panj.data import load_yaml

    quad = ((load_yaml("lexicons/plover.yaml").get("types") or {}).get(event_type) or {}).get("quad_class")
    return quad is None or quad in (config().get("place_bound_quads") or [])


def is_symmetric(*types: str) -> bool:
    sym = set(config().get("symmetric_types") or [])
    return any(t in sym for t in types)


@lru_cache(maxsize=131_072)
def norm(text: str | None) -> str:
    """Lower-case, punctuation to spaces, spaces collapsed: how names are compared."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", (text or "").lower())).strip()


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for canon, aliases in (config().get("outlet_aliases") or {}).items():
        out[norm(canon)] = canon
        for a in aliases:
            out[norm(a)] = canon
    return out


def outlet_key(name: str | None) -> str | None:
    """Canonical outlet name after alias folding ("Thomson Reuters" → reuters), or None."""
    n = norm(name)
    if not n:
        return None
    n2 = re.sub(r"^www ", "", n)
    return _alias_index().get(n, _alias_index().get(n2, n2))
