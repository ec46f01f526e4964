"""An event's confidence (0–1): how likely the record is a real event, read from its evidence.

Why a score: an analyst triages thousands of machine-coded events; the ones with a named participant, both sides
of the act, a strong trigger and several independent outlets are rarely wrong, the ones with none of these often
are. The score is a logistic function of a few named evidence features, with weights in panj/data/fusion.yaml
(`confidence`), fitted on the development gold sets by bench/confidence.py, which prints how each threshold
trades recall for precision. The record keeps the features that fired (`confidence_basis`), so every score can
be explained.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from panj.fuse.config import config

Dict = dict[str, Any]

# each feature's value lies in [0, 1]
FEATURES = ("known_participant", "known_agent", "both_sides", "verb_trigger", "independent_sources")


def features(rec: Dict) -> dict[str, float]:
    """The evidence of a fused record, feature by feature."""
    parts = rec.get("actors", []) + rec.get("recipients", [])
    mentions = rec.get("mentions") or []
    both = any((x.get("arguments") or 0) >= 2 for x in mentions) or bool(rec.get("actors") and rec.get("recipients"))
    sources = rec.get("independent_sources") or len({x.get("doc_id") for x in mentions}) or 1
    return {
        # someone the knowledge base or a country code identifies, as actor or recipient
        "known_participant": float(any(a.get("kb_id") or a.get("country") for a in parts)),
        # the doer itself identified in the knowledge base
        "known_agent": float(any(a.get("kb_id") for a in rec.get("actors", []))),
        # the act has its two arguments in one of its sentences
        "both_sides": float(both),
        # some report names the act with a verb (nouns such as "tension" or "operation" are looser)
        "verb_trigger": float(any(str(x.get("rule") or "").startswith("v.") for x in mentions)),
        # independent outlets beyond the first, saturating at four
        "independent_sources": min(sources - 1, 3) / 3,
    }


@lru_cache(maxsize=1)
def _settings() -> tuple[float, dict[str, float]]:
    cfg = config().get("confidence") or {}
    return float(cfg.get("bias", 0.0)), {k: float(v) for k, v in (cfg.get("weights") or {}).items()}


def default_threshold() -> float:
    """Events below this are left out of the dashboard, the API and exports unless asked for."""
    return float((config().get("confidence") or {}).get("default_threshold", 0.0))


def confidence(rec: Dict) -> tuple[float, list[str]]:
    """(score, the features that fired), from the record's evidence and the configured weights."""
    bias, weights = _settings()
    f = features(rec)
    z = bias + sum(weights.get(k, 0.0) * v for k, v in f.items())
    return round(1.0 / (1.0 + math.exp(-z)), 3), [k for k in FEATURES if f[k] > 0]
