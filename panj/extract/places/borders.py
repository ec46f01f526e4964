"""Border phrases: "near Tajik-Afghan border", "the border between X and Y", "the Tajik border", "its border with
Afghanistan", a bare "the border".

Read before the other toponyms. Two sides named give the gazetteer's border feature, or a border region between
the two countries; one side the border with the neighbour the document names most (or that country's own
border); a bare "the border" the last border named before it, and "the border area" with none named before
the border of the two countries the document names most (when the gazetteer has it). "border troops" and
"border districts" are not borders (places.yaml `border`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from panj.extract.places.toponyms import Mention, Resolution, config, is_capitalised, place_of
from panj.gazetteer import Entry, Gazetteer
from panj.records import Place

@dataclass
class BorderMention:
    """A border phrase: both sides named ("the Tajik-Afghan border", "the border between X and Y"), one side
    named ("the Tajik border", "the border with Afghanistan"), or none ("the border", which refers back)."""

    start: int  # char offsets of the phrase
    end: int
    sides: tuple[Entry, ...]  # the countries named, in text order
    written: tuple[str, ...] = ()  # the words that named them
    possessor: bool = False  # one side is the phrase's owner ("Tajikistan's border with ...", "the Tajik border")
    shared: bool = False  # "their shared border", "the two countries' border": the pair the document is about
    area: bool = False  # "the border area", "the border zone": a stretch of land along the border


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


def border_mentions(doc: Doc, gaz: Gazetteer, taken: set[int]) -> list[BorderMention]:
    """Border phrases, their tokens added to `taken`. A border noun that modifies another noun ("border troops",
    "border districts") names no border unless both sides are written ("Tajik-Afghan border crossing")."""
    nouns = config()["border"]
    out: list[BorderMention] = []
    for t in doc:
        if t.lower_ not in nouns or t.i in taken:
            continue
        modifier = t.dep_ in ("compound", "amod", "nmod") and t.head.i > t.i or \
            (t.i + 1 < len(doc) and doc[t.i + 1].tag_ in ("NN", "NNS"))
        if modifier and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in config()["border_areas"]:
            modifier = False  # "the border area", "the border zone": the border region itself
        # the words just before: a run of capitalised names and dashes ("Tajik - Afghan", "Tajik-Afghan")
        k = t.i
        while k > 0 and t.i - k < 5 and (is_capitalised(doc[k - 1]) or doc[k - 1].text in _NAME_RUN) and \
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
            shared = False
            if not sides:
                shared = _shared(t)
                bare = t.i > 0 and doc[t.i - 1].lower_ == "the" and not any(
                    c.dep_ in ("amod", "compound", "poss", "nmod") for c in t.lefts)
                if not bare and not shared:
                    continue
        area = t.i + 1 < len(doc) and doc[t.i + 1].lower_ in config()["border_areas"]
        out.append(BorderMention(start, end, tuple(sides), tuple(written), possessor,
                                 shared=bool(not sides and shared), area=area))
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and sides and end == t.idx + len(t.text):
            taken.update(range(span.start, span.end))  # "border with X": X stays a place of its own
        elif span is not None:
            taken.update(range(span.start, t.i + 1))
    return out


_SHARED = {"their", "shared", "common", "mutual"}
_PAIR_OWNERS = {"countries", "nations", "states", "republics", "neighbours", "neighbors"}


def _shared(t) -> bool:
    """A border the text says two parties share: "their (shared) border", "the common border", "the two
    countries' border" (a reflexive "its border" names one side and is left to the other rules)."""
    return any(c.lower_ in _SHARED or c.lower_ in _PAIR_OWNERS and c.dep_ == "poss" for c in t.lefts)


def border_places(borders: list[BorderMention], gaz: Gazetteer, places: list[Place], text: str) -> list[Place]:
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
        elif b.shared:
            pair = [cc for cc, _ in counts.most_common(2)]
            if len(pair) < 2:
                continue
            a, c = gaz.country(pair[0]), gaz.country(pair[1])
            if a is None or c is None:
                continue
            feature, rule = index.get(frozenset((a.cc, c.cc))), "border+document"
            if feature is None:
                b = replace(b, sides=(a, c), written=(a.name, c.name))
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
            # none named before, "the border area": the border of the two countries the document names most,
            # when they share one (a bare "the border" may be any border the reader knows of: no place)
            pair = [cc for cc, _ in counts.most_common(2)] if b.area else []
            a, c = (gaz.country(pair[0]), gaz.country(pair[1])) if len(pair) == 2 else (None, None)
            feature = index.get(frozenset((a.cc, c.cc))) if a is not None and c is not None else None
            if feature is None:
                continue
            p = place_of(Resolution(Mention(span, b.start, b.end), feature, 1, True, "border+document"), text)
            if p is not None:
                out.append(p)
            continue
        if feature is not None:
            p = place_of(Resolution(Mention(span, b.start, b.end), feature, 1, False, rule), text)
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
