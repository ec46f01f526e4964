"""The trigger lexicon and PLOVER table, loaded once from panj/data/lexicons (data, not code).

Entries are checked on load (known keys, known types, modes and contexts) so a typo in the YAML fails loudly
instead of silently never firing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import re

import yaml

from panj.data import SafeLoader
from panj.records import PLOVER_TYPES

LEXICON_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicons"


class _Loader(SafeLoader):
    """YAML 1.2 booleans: the prepositions and particles "on" and "off" stay words (YAML 1.1 reads them as
    true/false, which silently disabled every `prep: [on]` constraint)."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))

_ENTRY_KEYS = {
    "id", "lemmas", "type", "mode", "cameo", "context", "dobj", "not_dobj", "prep", "pobj", "prt", "xcomp",
    "mods", "not_mods", "of", "of_role", "with_role", "light", "two_sided", "patient_role", "frame",
    "needs_target", "needs_party", "intransitive", "state_type", "example", "about", "held",
}


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a lemma set plus constraints, mapped to a PLOVER type and mode."""

    id: str
    kind: str  # verb | noun | adj
    lemmas: frozenset[str]
    type: str
    mode: str | None = None
    cameo: str | None = None
    context: tuple[str, ...] = ()
    dobj: frozenset[str] | None = None
    not_dobj: frozenset[str] = frozenset()
    prep: frozenset[str] | None = None
    pobj: frozenset[str] | None = None
    prt: frozenset[str] | None = None
    xcomp: bool = False
    mods: frozenset[str] | None = None
    not_mods: frozenset[str] = frozenset()
    of: frozenset[str] | None = None
    of_role: str | None = None
    with_role: str | None = None
    light: bool = False
    two_sided: bool = False
    patient_role: str = "recipient"
    frame: bool = False  # a speech act whose complement is its content, not a second event
    needs_target: bool = False
    needs_party: bool = False
    intransitive: bool = False
    state_type: str | None = None  # the type when a state agent (GOV, MIL, COP, SPY) acts: a road blocked by troops
    example: str | None = None  # a sentence of ours the entry must fire on (tests/extract/events/test_lexicon.py)
    about: frozenset[str] | None = None  # what the object must be about: its own lemma, modifiers or topic ("on X")
    held: bool = False  # the object is someone held ("released him", "released from jail"), not a thing issued


@dataclass
class Lexicon:
    verbs: list[Trigger]
    adjs: list[Trigger]
    nouns: list[Trigger]
    light_verbs: frozenset[str]
    assault_modes: dict[str, str]  # cue lemma -> mode
    context_cues: dict[str, str]  # cue lemma -> context
    np_sectors: dict[str, str]  # head lemma -> sector
    argument_rules: dict[str, str]
    nominal_heads: frozenset[str] = frozenset()
    place_heads: frozenset[str] = frozenset()  # "the Afghan side": a place, never a party
    setting_preps: frozenset[str] = frozenset()  # "at the conference": the event's setting, not its content
    anaphoric_heads: frozenset[str] = frozenset()  # "the group": refers back to an armed group named before
    non_agents: frozenset[str] = frozenset()  # weapons, weapon systems and vehicles: instruments, never parties
    pair_heads: frozenset[str] = frozenset()  # "the two countries", "both sides": the document's two main states
    party_heads: frozenset[str] = frozenset()  # "the Kyrgyz side": the state its demonym names
    delegation_heads: frozenset[str] = frozenset()  # "working groups from X": X's
    clause_rules: dict[str, Any] = field(default_factory=dict)  # modal_demand, negated_reject, intent...
    types: dict[str, dict[str, Any]] = field(default_factory=dict)
    contexts: frozenset[str] = frozenset()
    verb_lemmas: frozenset[str] = frozenset()
    noun_lemmas: frozenset[str] = frozenset()
    adj_lemmas: frozenset[str] = frozenset()
    directed_types: frozenset[str] = frozenset()  # "X and Y accused each other": one act each way
    topic_preps: frozenset[str] = frozenset()  # "an agreement on the border": the prepositions naming a topic
    held_nouns: frozenset[str] = frozenset()  # who or what is held and let go (a `held` trigger's object)
    custody_words: frozenset[str] = frozenset()  # "released from jail", "on bail", "without charge"


def _fs(v: Any) -> frozenset[str] | None:
    if v is None:
        return None
    return frozenset(str(x).lower() for x in v)


def _trigger(raw: dict[str, Any], kind: str, types: dict, contexts: frozenset[str]) -> Trigger:
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise ValueError(f"trigger {raw.get('id')}: unknown keys {sorted(unknown)}")
    t = raw["type"]
    if t not in PLOVER_TYPES:
        raise ValueError(f"trigger {raw['id']}: {t} is not a PLOVER 2.0 type")
    mode = raw.get("mode")
    if mode is not None and mode not in types[t]["modes"]:
        raise ValueError(f"trigger {raw['id']}: mode {mode} not listed for {t} in plover.yaml")
    ctx = tuple(raw.get("context") or ())
    for c in ctx:
        if c not in contexts:
            raise ValueError(f"trigger {raw['id']}: context {c} not listed in plover.yaml")
    return Trigger(
        id=raw["id"], kind=kind, lemmas=_fs(raw["lemmas"]) or frozenset(), type=t, mode=mode,
        cameo=raw.get("cameo"), context=ctx, dobj=_fs(raw.get("dobj")), not_dobj=_fs(raw.get("not_dobj")) or frozenset(),
        prep=_fs(raw.get("prep")), pobj=_fs(raw.get("pobj")), prt=_fs(raw.get("prt")), xcomp=bool(raw.get("xcomp")),
        mods=_fs(raw.get("mods")), not_mods=_fs(raw.get("not_mods")) or frozenset(), of=_fs(raw.get("of")),
        of_role=raw.get("of_role"), with_role=raw.get("with_role"), light=bool(raw.get("light")),
        two_sided=bool(raw.get("two_sided")), patient_role=raw.get("patient_role", "recipient"),
        frame=bool(raw.get("frame")), needs_target=bool(raw.get("needs_target")),
        needs_party=bool(raw.get("needs_party")), intransitive=bool(raw.get("intransitive")),
        state_type=_state_type(raw), example=raw.get("example"), about=_fs(raw.get("about")),
        held=bool(raw.get("held")),
    )


def _state_type(raw: dict[str, Any]) -> str | None:
    t = raw.get("state_type")
    if t is not None and t not in PLOVER_TYPES:
        raise ValueError(f"trigger {raw['id']}: state_type {t} is not a PLOVER 2.0 type")
    return t


def _invert(groups: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, words in groups.items():
        for w in words:
            out.setdefault(str(w).lower(), key)
    return out


@lru_cache(maxsize=1)
def load() -> Lexicon:
    plover = yaml.load((LEXICON_DIR / "plover.yaml").read_text(), Loader=_Loader)
    raw = yaml.load((LEXICON_DIR / "triggers.yaml").read_text(), Loader=_Loader)
    types = plover["types"]
    if set(types) != set(PLOVER_TYPES):
        raise ValueError("plover.yaml must list exactly the 16 PLOVER 2.0 types")
    contexts = frozenset(plover["contexts"])
    verbs = [_trigger(e, "verb", types, contexts) for e in raw["verbs"]]
    # constrained entries first (stable): "fire rockets" must win over a plain "fire"
    verbs.sort(key=lambda t: 0 if (t.dobj is not None or t.prep is not None or t.prt is not None) else 1)
    adjs = [_trigger(e, "adj", types, contexts) for e in raw.get("adjs", [])]
    nouns = [_trigger(e, "noun", types, contexts) for e in raw["nouns"]]
    ids = [t.id for t in verbs + adjs + nouns]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ValueError(f"duplicate trigger ids: {sorted(dup)}")
    return Lexicon(
        verbs=verbs, adjs=adjs, nouns=nouns, light_verbs=_fs(raw["light_verbs"]) or frozenset(),
        assault_modes=_invert(raw["assault_modes"]), context_cues=_invert(raw["context_cues"]),
        np_sectors=_invert(raw["np_sectors"]), argument_rules=dict(raw["argument_rules"]), types=types,
        nominal_heads=_fs(raw.get("nominal_heads", [])) or frozenset(),
        place_heads=_fs(raw.get("place_heads", [])) or frozenset(),
        setting_preps=_fs(raw.get("setting_preps", [])) or frozenset(),
        anaphoric_heads=_fs(raw.get("anaphoric_heads", [])) or frozenset(),
        non_agents=_fs(raw.get("non_agents", [])) or frozenset(),
        pair_heads=_fs(raw.get("pair_heads", [])) or frozenset(),
        party_heads=_fs(raw.get("party_heads", [])) or frozenset(),
        delegation_heads=_fs(raw.get("delegation_heads", [])) or frozenset(),
        clause_rules={k: raw[k] for k in ("modal_demand", "modal_threat", "negated_reject", "intent_conflict", "intent",
                                          "characterization")},
        contexts=contexts,
        verb_lemmas=frozenset().union(*(t.lemmas for t in verbs)),
        noun_lemmas=frozenset().union(*(t.lemmas for t in nouns)),
        adj_lemmas=frozenset().union(*(t.lemmas for t in adjs)),
        directed_types=frozenset(raw.get("reciprocal_directed_types") or ()),
        topic_preps=_fs(raw.get("topic_preps", [])) or frozenset(),
        held_nouns=_fs(raw.get("held_nouns", [])) or frozenset(),
        custody_words=_fs(raw.get("custody_words", [])) or frozenset(),
    )


def score_of(event_type: str, mode: str | None) -> tuple[float, str, str]:
    """(score, quad_class, default cameo) of a type and mode, from plover.yaml."""
    t = load().types[event_type]
    m = (t.get("modes") or {}).get(mode) if mode else None
    score = float(m["score"]) if m else float(t["score"])
    cameo = str(m["cameo"]) if m else str(t["cameo"])
    return score, t["quad_class"], cameo
