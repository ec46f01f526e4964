"""Temporal expressions in a parse: where they are, the tense that governs them, and which one dates an event."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from panj.nlp import CITATION, text_of
from panj.extract.times.periods import lexicon
from panj.extract.times.grammar import normalize
from panj.records import DateValue

# Words spaCy leaves outside a DATE entity that change its meaning: "the following September", "early May".
_LEFT_PAIRS = {("the", "following"), ("the", "previous"), ("the", "same"), ("the", "preceding"), ("the", "next"),
               ("that", "same")}
_LEFT_ONE = {"early", "late", "mid", "since", "earlier", "later"}
_LEFT_MID = {"mid"}  # "mid-December" is tokenised mid, -, December
_CITED_DATE = re.compile(r"(?<=,\s)(?:[A-Z][a-z]{2,8}\.?\s+[0-9]{1,2},\s*)?(?:19|20)[0-9]{2}(?=\)$)")  # "(X, 2021)"


@lru_cache(maxsize=1)
def _extra_rx() -> re.Pattern:
    """Expressions spaCy's NER often leaves out: 'recently', 'in recent weeks', 'the recent closure', 'over
    time', seasons."""
    sea = "|".join(lexicon()["seasons"])
    wd = "|".join(sorted(lexicon()["weekdays"], key=len, reverse=True))
    since = "|".join(re.escape(w).replace("\\ ", "\\s+") for w in sorted(lexicon()["since_narrative"], key=len,
                                                                         reverse=True))
    return re.compile(
        rf"\b(?:(?:in\s+)?recent\s+(?:days|weeks|months|years)|recently|lately|recent(?=\s+[a-z])|{since}|"
        rf"at\s+(?:the|that)\s+time|overnight\s+(?:on\s+|into\s+)?(?:{wd})|"
        rf"(?:(?:last|this|next|the)\s+)(?:{sea})(?:\s+of\s+(?:1[0-9]{{3}}|20[0-9]{{2}})|(?!\s+of\b)))\b",
        re.IGNORECASE)


@lru_cache(maxsize=1)
def _anchor_names() -> str:
    """The names of anchor_events.yaml as one alternation, longest first."""
    from panj.extract.times.grammar import anchor_entries

    names = [n for e in anchor_entries() for n in e["names"]]
    return "|".join(re.escape(n).replace("\\ ", "\\s+").replace("'", "['’]")
                    for n in sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _anchor_rx() -> re.Pattern:
    """The names of anchor_events.yaml after "the", with an optional "since/after/before ..." or "two weeks
    into ..." in front; not when a year follows ("the Taliban takeover in 1996")."""
    from panj.extract.times.forms import count_words

    offset = rf"(?:(?:(?:{count_words()}|a|an|[0-9]+)\s+)?(?:day|week|month|year)s?\s+(?:into|after|before)\s+)"
    return re.compile(rf"\b(?:{offset}|(?:since|after|before|following|until|prior\s+to)\s+)?"
                      rf"the\s+(?:{_anchor_names()})\b(?!\s+(?:in|of)\s+(?:1[0-9]{{3}}|20[0-9]{{2}}))", re.IGNORECASE)


@lru_cache(maxsize=1)
def _anchor_hint() -> re.Pattern:
    """"the" and an anchor name, which every match of `_anchor_rx` contains: a tenth of its cost over a text that
    names no anchor event (most do not), so the full pattern runs only where this finds something."""
    return re.compile(rf"\bthe\s+(?:{_anchor_names()})\b", re.IGNORECASE)


def _extend_left(doc: Doc, ent: Span) -> int:
    """The start token after pulling in the modifiers that belong to the expression."""
    i = ent.start
    if i >= 2 and (doc[i - 2].lower_, doc[i - 1].lower_) in _LEFT_PAIRS:
        return i - 2
    if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in _LEFT_MID:
        return i - 2
    if i >= 1 and doc[i - 1].lower_ in _LEFT_ONE:
        return i - 1
    if i >= 1 and _DAY.fullmatch(doc[i - 1].text) and ent[0].lower_.rstrip(".") in lexicon()["months"]:
        return i - 1  # "27th January, 2022" whose day the tagger left in the name before it
    if i >= 1 and doc[i - 1].lower_ == "from" and any(t.lower_ in ("to", "until", "through") for t in ent):
        return i - 1
    return i


def find_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of temporal expressions: spaCy DATE (and TIME) entities, extended leftwards over their
    modifiers, plus the extra patterns; overlaps keep the longest."""
    cands: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            cands.append((doc[_extend_left(doc, ent)].idx, ent.end_char))
    for m in _extra_rx().finditer(text_of(doc)):
        cands.append((m.start(), m.end()))
    if _anchor_hint().search(text_of(doc)):
        for m in _anchor_rx().finditer(text_of(doc)):  # "since the fall of Kabul": dated by what readers know
            cands.append((m.start(), m.end()))
    for m in CITATION.finditer(text_of(doc)):  # the cited report's date: a citation is one token, no entity
        when = _CITED_DATE.search(m.group())
        if when:
            cands.append((m.start() + when.start(), m.start() + when.end()))
    cands.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    out: list[tuple[int, int]] = []
    for s, e in cands:
        if out and s < out[-1][1]:
            if e - s > out[-1][1] - out[-1][0]:
                out[-1] = (s, e)
            continue
        out.append((s, e))
    return _join_parts_of_day(text_of(doc), out)


_PART_OF_DAY = re.compile(r"(?i)(?:^|\s)(?:morning|afternoon|evening|night|overnight|hours)$")
_PART_GAP = re.compile(r"(?i)\s*(?:(?:of|on|into)\s+)?")


def _join_parts_of_day(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy splits "the night of May 6 to 7", "overnight on Sunday", "Friday night" into a TIME and a DATE: one
    expression, so that the day dates the event and the part of day does not stand in for today."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            gap = text[pe:s]
            first, second = text[ps:pe], text[s:e]
            if (_PART_GAP.fullmatch(gap) and (_PART_OF_DAY.search(first) and gap.strip()
                                              or _PART_OF_DAY.search(second) and not gap.strip())):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


WITHIN_OFFSET = ":within-offset"  # rule suffix of "the war" inside "two weeks into the war": the war's own date
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll", "would", "might"}
_FUTURE_HEADS = {"expect", "schedule", "plan", "due", "set", "intend", "go", "prepare", "aim", "hope", "upcoming"}
_FUTURE_VERBS = {"expect", "schedule", "plan", "slate", "due"}  # "the vote is scheduled for Friday"


def _clause_verb(tok: Token, limit: int = 6) -> Token:
    """The verb a token hangs from (itself if a verb), walking up the dependency tree."""
    t = tok
    for _ in range(limit):
        if t.pos_ in ("VERB", "AUX") or t.head == t:
            return t
        t = t.head
    return t


def tense_of(doc: Doc, start: int, end: int) -> str | None:
    """'past', 'future' or None for the clause that governs the expression at [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if root.dep_ in ("compound", "poss", "amod", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        return None  # "the Jan. 14 deadline": the clause's tense does not date a noun's modifier
    before = text_of(doc)[max(0, start - 16): start].lower()
    if "as soon as" in before or "as early as" in before:
        return "future"
    if any(a.lower_ == "since" and a.dep_ == "prep" for a in list(root.ancestors)[:4]):
        return "past"  # "since the US exit in August": what began before now
    v = _clause_verb(root.head if root.head != root else root)
    weak = "" if _attached_to(span) == v else "?"
    tense = _verb_tense(v, span)
    return tense + weak if tense else None


def _verb_tense(v: Token, span: Span | None = None) -> str | None:
    aux = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in aux) or v.lemma_.lower() in _FUTURE_VERBS:
        return "future"
    for t in (v, v.head):  # "is expected to meet on Friday", "plans to visit in August"
        if t.lemma_.lower() in _FUTURE_HEADS and (t != v or v.dep_ == "xcomp"):
            if t.lemma_.lower() != "go" or any(c.lower_ == "to" for c in v.children):
                return "future"
    if (v.dep_ == "xcomp" and v.head.lemma_ == "be" and v.head.tag_ in _PRESENT_TAGS
            and any(c.lower_ == "to" and c.dep_ == "aux" for c in v.children)):
        return "future"  # "trading is to resume in Paris Tuesday"
    if span is not None and any(c.lemma_.lower() in ("upcoming", "coming", "next") for c in span.root.subtree
                                if c.i < span.start):
        return "future"
    if v.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if v.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
        return "past"
    return None


def is_past_event(tok: Token) -> bool:
    """Whether a trigger reports something already done (past tense or perfect), judged from its verb."""
    return _verb_tense(_clause_verb(tok)) == "past"


_PRESENT_TAGS = {"VBZ", "VBP"}


def is_present_state(tok: Token, limit: int = 8) -> bool:
    """Whether the finite verb that governs a trigger is in the simple present ("is the only state to reject",
    "are keen to ask", "understands the need of defending"): a state at the time of writing, which the dates
    of neighbouring sentences do not date. Perfect, progressive and modal forms are not simple present. An event
    noun is not judged by the verb it hangs from ("animosity stretches back to the occupation")."""
    if tok.pos_ not in ("VERB", "AUX", "ADJ"):
        return False
    t = tok
    for _ in range(limit):
        if t.pos_ in ("VERB", "AUX"):
            aux = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
            tags = {t.tag_} | {a.tag_ for a in aux}
            if tags & {"VBD", "MD"} or any(a.lemma_ == "have" for a in aux) or (t.tag_ == "VBG" and aux):
                return False
            if t.tag_ in _PRESENT_TAGS or any(a.tag_ in _PRESENT_TAGS for a in aux):
                return True
        infinitival = t.dep_ == "relcl" and any(c.tag_ == "TO" for c in t.children)
        if t.head == t or (t.dep_ in ("ccomp", "parataxis", "relcl", "advcl") and not infinitival):
            return False  # a finite clause has a tense of its own; "the only state to reject" has its noun's
        t = t.head
    return False


def _paragraph(doc: Doc, char: int) -> tuple[int, int]:
    text = text_of(doc)
    s = text.rfind("\n", 0, char) + 1
    e = text.find("\n", char)
    return s, (len(text) if e < 0 else e)


def _usable(dv: DateValue) -> bool:
    """A date an event may take: resolved, or an explicit vague past/future ('in the past')."""
    if dv.granularity != "unresolved":
        return True
    return normalize(dv.text) in set(lexicon()["past_words"]) | set(lexicon()["future_words"])


def attach(doc: Doc, trigger_i: int, times: list[DateValue], published: date | None = None) -> DateValue | None:
    """The time expression that dates the trigger, or None (the caller falls back on the publication date).

    0. a past-tense trigger never takes a date after the publication;
    1. an expression attached to the trigger or inside its own clause, else to its nearest ancestor that has
       one (the parse decides, so "talks held on Friday after the attack of May 7" gives 'talks' Friday and
       'attack' May 7); a reported clause does not take its reporting verb's time, an event noun that only
       starts the clause's time ("since the withdrawal, ...") stays unresolved without a date of its own, and
       a trigger whose own words give a time no date can be made of ("trained them for decades") takes none
       from elsewhere;
    2. else the sentence's: one the parse attaches to no other verb (the root's first, else the nearest);
    3. else, unless the trigger states what holds now (simple present, `is_present_state`), the paragraph's
       last one before the trigger;
    4. else, for a trigger in the past tense or perfect, the last date of the paragraph before (narrative
       continues across a paragraph break: "... in September 2021." / "Baradar stated: ..."), which a date later
       in the paragraph, usually another event's, does not override;
    5. else the paragraph's first date after the trigger, unless the sentence opens on the narrative's time
       ("Simultaneously, ...").
    A date the parse gives to a relative clause on a party ("the NRF, an alliance that opened an office in
    October 2021") is that clause's alone: it dates nothing else in the paragraph.
    The date of an in-text citation ("(Reuters, 2021)") may date its own sentence (steps 1-2), no other; an event
    noun that is itself a known anchor ("the Taliban takeover") takes the anchor's date first.
    Sentences are cut at paragraph breaks (the parser sometimes runs one over a blank line).
    """
    trig = doc[trigger_i]
    past = is_past_event(trig)
    spans = []
    unknown_own = False  # the trigger's own words say when, in a way no date can be made of ("for decades")
    for dv in times:
        if dv.start_char is None:
            continue
        if not _usable(dv):
            sp = doc.char_span(dv.start_char, dv.end_char, alignment_mode="expand")
            if (trig.pos_ in ("VERB", "AUX") and sp is not None and len(sp)
                    and (_attached_to(sp) == trig or _within_clause(_attached_to(sp), trig))):
                unknown_own = True  # a verb's own adjunct; "the largest drills in years" is no time of the drills
            continue
        if past and published is not None and dv.start and dv.start > published.isoformat():
            continue  # "plans to rearm by the end of 2022 ... Russia asked China": a done act is not dated later
        sp = doc.char_span(dv.start_char, dv.end_char, alignment_mode="expand")
        if sp is not None and len(sp):
            spans.append((dv, sp))
    ps, pe = _paragraph(doc, trig.idx)
    sent = trig.sent
    s0, s1 = max(sent.start_char, ps), min(sent.end_char, pe)
    own = [dv for dv, sp in spans if sp.start <= trigger_i < sp.end and (dv.rule or "").startswith("anchor:")
           and "+" not in dv.rule]  # "weeks into the war" is no date of the war itself
    spans = [(dv, sp) for dv, sp in spans if not (dv.rule or "").endswith(WITHIN_OFFSET)]
    if own:  # "the Taliban takeover" names an event every reader can date (anchor_events.yaml)
        return own[0]
    in_sent = [(dv, sp) for dv, sp in spans if sp.start_char >= s0 and sp.end_char <= s1
               and not (sp.start <= trigger_i < sp.end)]
    ancestors = [trig] + list(trig.ancestors)
    ordered = _ordered_reference(trig)
    for anc in ancestors:
        hits = [(dv, sp) for dv, sp in in_sent if _attached_to(sp) == anc]
        if anc == trig and not hits:  # "pilots who fled alongside the withdrawal in August 2021"
            hits = [(dv, sp) for dv, sp in in_sent if _within_clause(_attached_to(sp), trig)
                    or _occurrence_of(_clause_verb(_attached_to(sp)), trig)]
        if hits:
            return min(hits, key=lambda h: abs(h[1].start - trigger_i))[0]
        if anc == trig and unknown_own:
            return None  # no other clause's date: the publication stands in, marked as such
        if ordered:  # "since the withdrawal of US forces, warnings have emerged": not the clause's time
            unknown = DateValue.unresolved()
            unknown.rule = f"ordered:{ordered.lower_}"
            return unknown
        if anc.dep_ in ("ccomp", "parataxis"):
            break  # the reporting verb's time ("said on Monday that ...") does not govern the reported event
    others = [h for h in in_sent if _clause_verb(_attached_to(h[1])).pos_ in ("VERB", "AUX")
              and _clause_verb(_attached_to(h[1])) not in ancestors]
    free = [h for h in in_sent if h not in others]
    background = {id(dv) for dv, sp in others if _describes_participant(_clause_verb(_attached_to(sp)))}
    if free:
        root = [h for h in free if _attached_to(h[1]) == sent.root]
        return (root or sorted(free, key=lambda h: abs(h[1].start - trigger_i)))[0][0]
    if is_present_state(trig):
        return None  # "X is the only state to reject Y": what holds now is dated by the publication
    spans = [(dv, sp) for dv, sp in spans if dv.basis != "citation"]  # a citation dates its own sentence only
    # a deadline ("plan to settle it by the end of 2023") dates its own clause, not the events told around it
    text = text_of(doc)
    spans = [(dv, sp) for dv, sp in spans if not _DEADLINE.search(text, max(0, dv.start_char - 24), dv.start_char)]
    in_par = [(dv, sp) for dv, sp in spans if ps <= sp.start_char and sp.end_char <= pe and id(dv) not in background]
    before = [h for h in in_par if h[1].end <= trigger_i]
    if before:
        return before[-1][0]
    if ps > 0 and past:
        qs, qe = _paragraph(doc, max(0, ps - 2))
        while qs > 0 and not text_of(doc)[qs:qe].strip():  # skip blank lines
            qs, qe = _paragraph(doc, max(0, qs - 2))
        prev = [dv for dv, sp in spans if qs <= sp.start_char and sp.end_char <= qe
                and dv.granularity != "unresolved" and (published is None or dv.start <= published.isoformat())]
        if prev:
            return prev[-1]
    if in_par and not _opens_on_narrative(sent):
        return in_par[0][0]
    return None


_DAY = re.compile(r"(?:[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?", re.IGNORECASE)
_DEADLINE = re.compile(r"\b(?:by|until|till|no later than)(?:\s+the)?(?:\s+(?:end|middle|start|beginning)\s+of)?"
                       r"(?:\s+the)?\s*$", re.IGNORECASE)
_ORDER_PREPS = {"since"}


def _ordered_reference(trig: Token) -> Token | None:
    """The preposition when an event noun only marks where the clause's time starts ("since the withdrawal,
    warnings have emerged"): the clause's date is not the noun's own. "after"/"following" are left out: what
    they name is usually just before the clause's time, which then dates it well enough."""
    if trig.pos_ in ("NOUN", "PROPN") and trig.dep_ == "pobj" and trig.head.lower_ in _ORDER_PREPS:
        return trig.head
    return None


def _within_clause(tok: Token, trig: Token, limit: int = 6) -> bool:
    """`tok` hangs below `trig` through nouns and prepositions only, no other verb: it is part of the
    trigger's own clause ("fled alongside the withdrawal in August 2021": August 2021 dates "fled")."""
    t = tok
    for _ in range(limit):
        if t == trig:
            return True
        if t.head == t or t.pos_ in ("VERB", "AUX"):  # another clause: "the administration that took power"
            return False
        t = t.head
    return False


def _occurrence_of(verb: Token, trig: Token) -> bool:
    """"the summit that started in Moscow on May 16", "shooting that broke out on Thursday": a relative clause on
    the event noun that only says when it took place (lexicon `occurrence_verbs`) dates the noun."""
    return (verb.dep_ == "relcl" and verb.head == trig and _nominal(trig)
            and verb.lemma_.lower() in lexicon()["occurrence_verbs"])


def _nominal(tok: Token) -> bool:
    """A noun, or a gerund standing as one ("shooting that broke out on Thursday was the heaviest")."""
    return tok.pos_ in ("NOUN", "PROPN") or (tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "csubj", "nsubjpass",
                                                                                 "dobj", "pobj"))


def _describes_participant(verb: Token) -> bool:
    """A relative clause that tells a past of its own: "the NRF, the alliance that opened an office in Tajikistan in
    October 2021". Its date dates nothing else in the paragraph. One whose verb only says when its noun took place
    ("the CSTO summit that started on May 16", lexicon `occurrence_verbs`) sets the scene and stays usable."""
    return verb.dep_ == "relcl" and verb.lemma_.lower() not in lexicon()["occurrence_verbs"]


def _opens_on_narrative(sent: Span) -> bool:
    """"Simultaneously, ...", "Later, ...": the sentence continues the narrative's time (time_words.yaml)."""
    opening = " ".join(t.lower_ for t in sent[:4] if not t.is_punct)
    return any(opening == w or opening.startswith(w + " ") for w in lexicon()["narrative_openers"])


def _attached_to(sp: Span) -> Token:
    """The head a time expression modifies: its root's head, skipping a preposition ('on' in 'on Friday')."""
    h = sp.root.head
    if h == sp.root:
        return h
    if h.dep_ == "prep" or h.pos_ == "ADP":
        return h.head
    return h
