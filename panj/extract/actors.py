"""Actor mentions over a spaCy parse, resolved against the knowledge base (panj/kb.py).

Every mention is a run of whole tokens, so `Actor.start/end` line up with spaCy token boundaries. The finder
walks the document left to right and at each token takes the longest of these readings:

  title+person      [country/organisation ['s]] [modifiers] TITLE PERSON   "Russian President Vladimir Putin"
                    (a KB person keeps its own role: rule "title+alias"; an unknown PERSON entity takes the
                    prefix's country and the title's sector: rule "title+person")
  <kind>+sector     NAME ['s | -led] [<=2 adjectives/nouns] SECTOR         "Tajik border troops" (demonym+sector)
  sector+of         SECTOR of [the] NAME                                    "the government of Tajikistan"
  country's+alias   STATE 's KB-ACTOR                                       "Afghanistan's Taliban"
  alias | metonymy | demonym | people | ethnic                             "ISKP", "the Kremlin", "Uzbek", "Afghans"
  sector            a bare sector word marked `bare` in sectors.yaml        "the militants" (country None)

`Actor.rule` says which reading fired; a `:SEC` suffix records the sector a sector word imposed, so `actor_at`
can re-resolve the role for another date ("Taliban forces" are REB in 2020 and AFG MIL in 2022). A state name
governed by a locative preposition ("in Tajikistan") keeps its reading with a `+locative` suffix; a capital
there is a place and, as in the PLOVER gold records, gets sector CVL. Capitals modifying another noun
("the Moscow summit") and names inside PERSON entities ("Jordan Peterson") are not actors.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Token

from panj.nlp import text_of
from panj.kb import KnowledgeBase, first_word, NameHit, SectorPattern, case_ok, load_kb, norm
from panj.records import Actor, DocContext, Place

MAX_NAME_TOKENS = 14  # hyphens and slashes split names into many tokens ("Radio Free Europe/Radio Liberty")
LED_WORDS = frozenset({"led", "backed", "controlled", "run", "dominated", "supported", "allied", "aligned"})
PREFIX_TYPES = frozenset({"state", "group", "igo", "ngo", "organ"})
KIND_RANK = {"alias": 0, "metonym": 1, "capital": 2, "people": 3, "demonym": 4}


@dataclass
class _Name:
    start: int  # token indices, end exclusive
    end: int
    hit: NameHit
    all_hits: list[NameHit]


@dataclass
class _Cand:
    start: int
    end: int
    actor: Actor
    priority: int = 0  # ties on length: higher wins


def _char_span(doc: Doc, i: int, j: int) -> tuple[int, int]:
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)


def _span_root(doc: Doc, i: int, j: int) -> Token:
    return doc[i:j].root


class _Finder:
    def __init__(self, doc: Doc, kb: KnowledgeBase, when: date | None):
        self.doc, self.kb, self.when = doc, kb, when
        self.text = text_of(doc)  # Doc.text is rebuilt from the tokens on every access
        self.sec = kb.sectors
        self.sector_keys = {" ".join(p.words): p for p in kb.sectors.patterns}
        # first words of the sector phrases: most tokens start none, and need no longer look-up
        self.sector_starts = {first_word(k) for k in self.sector_keys}
        # per token, read once (a spaCy Token is built anew at each access): offsets, text, whether a name skips it,
        # whether a sector phrase may start there (its word or lemma begins one), whether it is a title modifier
        self.tokens: list[tuple[int, int, bool, str]] = []
        self.sector_start_at: set[int] = set()
        self.title_at: set[int] = set()
        starts, titles = self.sector_starts, kb.sectors.title_modifiers
        for t in doc:
            text, punct = t.text, t.is_punct
            self.tokens.append((t.idx, t.idx + len(text), punct or t.is_space, text))
            key = norm(text)
            if not punct and (first_word(key) in starts or first_word(norm(t.lemma_)) in starts):
                self.sector_start_at.add(t.i)
            if key in titles:
                self.title_at.add(t.i)
        self.sent_end = [len(doc)] * len(doc)
        if doc.has_annotation("SENT_START"):
            for sent in doc.sents:
                for t in range(sent.start, sent.end):
                    self.sent_end[t] = sent.end
        self.person_at = {ent.start: ent for ent in doc.ents if ent.label_ == "PERSON"}
        self.person_ents = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        self._sector_cache: dict[tuple[int, bool | None], tuple[int, SectorPattern] | None] = {}
        self.names: dict[int, list[_Name]] = {}
        self.fuzzy: set[int] = set()  # name starts matched by spelling variant, not exactly
        self._index_names()

    # --- lexical matching -------------------------------------------------------------------------------------
    def _index_names(self) -> None:
        kb, tokens = self.kb, self.tokens
        starts, prefixes = kb.name_starts, kb.name_prefixes
        for i, (start_char, _end, skip, word) in enumerate(tokens):
            if skip or first_word(norm(word)) not in starts:
                continue
            sent_end = self.sent_end[i]
            found: list[_Name] = []
            for j in range(i + 1, min(i + MAX_NAME_TOKENS, sent_end) + 1):
                if tokens[j - 1][2]:
                    continue
                s, e = start_char, tokens[j - 1][1]
                text = self.text[s:e]
                if norm(text) not in prefixes:
                    break  # no name begins so: no longer span is one
                hits = [h for h in kb.lookup(text) if case_ok(h.form, text)]
                if hits:
                    hits.sort(key=lambda h: KIND_RANK[h.kind])
                    found.append(_Name(i, j, hits[0], hits))
            if found:
                self.names[i] = found[::-1]  # longest first
        self._fuzzy_people()

    def _fuzzy_people(self) -> None:
        """A PERSON entity the knowledge base does not know by that spelling, but by one within a few letters
        ("Galbuddin Hekmaytar" ~ Gulbuddin Hekmatyar): transliterations of Dari, Pashto and Tajik names vary.
        Every word must be close, the whole name closer (`transliteration_match`)."""
        for ent in self.person_ents:
            if any(t in self.names for t in range(ent.start, ent.end)) or len(ent) < 2:
                continue
            entry_id = transliteration_match(norm(ent.text), self.kb.person_names)
            if entry_id is not None:
                form = ent.text
                self.fuzzy.add(ent.start)
                self.names[ent.start] = [_Name(ent.start, ent.end, NameHit(entry_id, "alias", form),
                                               [NameHit(entry_id, "alias", form)])]

    def name_at(self, i: int, *, types: frozenset[str] | None = None, kinds: tuple[str, ...] | None = None
                ) -> _Name | None:
        for n in self.names.get(i, []):
            for h in n.all_hits:
                e = self.kb.get(h.entry_id)
                if (types is None or e.type in types) and (kinds is None or h.kind in kinds):
                    return _Name(n.start, n.end, h, n.all_hits)
        return None

    def sector_at(self, i: int, *, title: bool | None = None) -> tuple[int, SectorPattern] | None:
        """Longest sector phrase starting at token i: (end, pattern); the last word may match by lemma."""
        key = (i, title)
        if key not in self._sector_cache:
            self._sector_cache[key] = self._sector_at(i, title)
        return self._sector_cache[key]

    def _sector_at(self, i: int, title: bool | None) -> tuple[int, SectorPattern] | None:
        doc = self.doc
        if i not in self.sector_start_at:
            return None
        sent_end = self.sent_end[i]
        for j in range(min(i + 8, sent_end), i, -1):
            last = doc[j - 1]
            if last.is_punct:
                continue
            s, e = _char_span(doc, i, j)
            head = self.text[s:last.idx]
            for key in (norm(self.text[s:e]), norm(head + last.lemma_)):
                p = self.sector_keys.get(key)
                if p is not None and (title is None or p.title == title):
                    return j, p
        return None

    # --- syntax helpers ---------------------------------------------------------------------------------------
    def _is_head_noun(self, j: int) -> bool:
        """The sector phrase ending at token j-1 names the actor (it is not a modifier of another noun)."""
        t = self.doc[j - 1]
        if t.dep_ in ("compound", "amod", "nmod") and t.head.i > t.i:
            return norm(t.head.lemma_) in self.sec.carrier_heads or norm(t.head.text) in self.sec.carrier_heads \
                or self.sector_at(t.head.i) is not None
        return True

    def _locative(self, i: int, j: int) -> bool:
        root = _span_root(self.doc, i, j)
        return root.dep_ == "pobj" and norm(root.head.text) in self.sec.locative_preps

    def _modifier_head(self, i: int, j: int) -> Token | None:
        """For a name used as a modifier (amod/compound), the noun it modifies."""
        t = _span_root(self.doc, i, j)
        h = t
        steps = 0
        while h.dep_ in ("amod", "compound", "nmod", "npadvmod", "punct", "hmod", "nummod") and h.head.i > h.i \
                and steps < 4:
            h = h.head
            steps += 1
        return h if h is not t else None

    def _possessive_end(self, j: int) -> int:
        doc = self.doc
        if j < len(doc) and doc[j].tag_ == "POS" or (j < len(doc) and doc[j].text in ("'s", "’s", "'")):
            return j + 1
        return j

    # --- readings ---------------------------------------------------------------------------------------------
    def _make(self, i: int, j: int, kb_id: str | None, rule: str, *, sector: str | None = None,
              country: str | None = None, name: str | None = None, override: bool = True) -> Actor:
        s, e = _char_span(self.doc, i, j)
        text = self.text[s:e]
        if kb_id is None:
            return Actor(name=name or text, text=text, country=country, sector=sector, start=s, end=e, rule=rule)
        rule_s = f"{rule}:{sector}" if sector and override else rule
        return self.kb.actor(kb_id, text, self.when, s, e, rule=rule_s, sector=sector if override else None)

    def _prefix(self, i: int) -> tuple[_Name, int] | None:
        """A country/organisation name at i usable before a sector word or title, and where it ends."""
        n = self.name_at(i, types=PREFIX_TYPES, kinds=("alias", "demonym", "capital", "metonym"))
        if n is None:
            return None
        return n, self._possessive_end(n.end)

    def _title_person(self, i: int) -> _Cand | None:
        doc = self.doc
        pre = self._prefix(i)
        k = pre[1] if pre else i
        title_seen = None
        # modifiers and title words, e.g. "Deputy Foreign Minister", "then-President", "acting defence minister"
        while k < len(doc):
            st = self.sector_at(k, title=True)
            if st is not None:
                title_seen, k = st[1], st[0]
                continue
            if norm(doc[k].text) in self.sec.title_modifiers and k + 1 < len(doc):
                k += 1
                continue
            break
        if title_seen is None or k >= len(doc):
            return None
        person = self.name_at(k, types=frozenset({"person"}), kinds=("alias",))
        if person is not None:
            a = self._make(i, person.end, person.hit.entry_id, "title+alias", override=False)
            return _Cand(i, person.end, a, priority=3)
        ent = self.person_at.get(k)
        if ent is not None and not any(t in self.names for t in range(ent.start, ent.end)) \
                and all(t.pos_ == "PROPN" for t in ent):
            country = None
            if pre is not None:
                country = self.kb.role_at(pre[0].hit.entry_id, self.when).country
            s, e = _char_span(doc, i, ent.end)
            a = Actor(name=ent.text, text=self.text[s:e], country=country, sector=title_seen.sector, start=s, end=e,
                      rule=f"title+person:{title_seen.sector}")
            return _Cand(i, ent.end, a, priority=2)
        return None

    def _name_sector(self, i: int) -> _Cand | None:
        doc = self.doc
        pre = self._prefix(i)
        if pre is None:
            return None
        n, k = pre
        if k + 1 < len(doc) and doc[k].text in ("-", "–") and norm(doc[k + 1].text) in LED_WORDS:
            k += 2
        best: tuple[int, SectorPattern] | None = None
        for skip in range(0, 3):
            p = k + skip
            if p >= len(doc):
                break
            if skip and doc[p - 1].pos_ not in ("ADJ", "NOUN", "PROPN") or (skip and (p - 1) in self.names):
                break
            st = self.sector_at(p)
            if st is not None and self._is_head_noun(st[0]) and (best is None or st[0] > best[0]):
                best = st
        if best is None:
            return None
        end, pat = best
        kind = {"alias": "alias", "demonym": "demonym", "capital": "capital", "metonym": "metonymy"}[n.hit.kind]
        if self.kb.get(n.hit.entry_id).type == "state" and kind == "alias":
            kind = "country"
        return _Cand(i, end, self._make(i, end, n.hit.entry_id, f"{kind}+sector", sector=pat.sector), priority=1)

    def _sector_of(self, i: int) -> _Cand | None:
        doc = self.doc
        st = self.sector_at(i)
        if st is None:
            return None
        end, pat = st
        k = end
        if k < len(doc) and doc[k].lower_ == "of":
            k += 1
            if k < len(doc) and doc[k].lower_ == "the":
                k += 1
            n = self.name_at(k, types=PREFIX_TYPES, kinds=("alias",))
            if n is not None:
                return _Cand(i, n.end, self._make(i, n.end, n.hit.entry_id, "sector+of", sector=pat.sector))
        return None

    def _country_s_alias(self, i: int) -> _Cand | None:
        n = self.name_at(i, types=frozenset({"state"}), kinds=("alias",))
        if n is None:
            return None
        k = self._possessive_end(n.end)
        if k == n.end:
            return None
        m = self.name_at(k, types=frozenset({"group", "organ", "igo", "media"}), kinds=("alias",))
        if m is None:
            return None
        return _Cand(i, m.end, self._make(i, m.end, m.hit.entry_id, "country's+alias"), priority=1)

    def _plain(self, i: int) -> _Cand | None:
        n = self.names.get(i)
        if not n:
            return None
        n0 = n[0]
        doc, kb = self.doc, self.kb
        hits = n0.all_hits
        head = self._modifier_head(n0.start, n0.end)
        # "Chinese" is both demonym and people: the syntax decides
        if len({h.kind for h in hits}) > 1 and {"demonym", "people"} <= {h.kind for h in hits}:
            want = "demonym" if head is not None else "people"
            hits = [h for h in hits if h.kind == want] + [h for h in hits if h.kind != want]
        hit = hits[0]
        e = kb.get(hit.entry_id)
        i0, j0 = n0.start, n0.end
        prev = norm(doc[i0 - 1].text) if i0 > 0 else ""
        if e.type == "state" and any(p.start <= i0 and j0 <= p.end and p.end - p.start > j0 - i0
                                     for p in self.person_ents):
            return None
        if hit.kind == "demonym":
            if head is None or prev in self.sec.ethnic_markers:
                return None
            if norm(head.lemma_) in self.sec.non_actor_heads or norm(head.text) in self.sec.non_actor_heads:
                return None
            return _Cand(i0, j0, self._make(i0, j0, e.id, "demonym", override=False))
        if hit.kind == "people":
            if prev in self.sec.ethnic_markers:
                s, t = _char_span(doc, i0 - 1, j0)
                a = Actor(name=f"{self.text[doc[i0].idx:t]} (ethnic group)", text=self.text[s:t], country=None,
                          sector="CVL", start=s, end=t, rule="ethnic")
                return _Cand(i0 - 1, j0, a)
            return _Cand(i0, j0, self._make(i0, j0, e.id, "people", sector="CVL"))
        if hit.kind in ("capital", "metonym"):
            if head is not None and self.sector_at(head.i) is None:
                return None  # "the Moscow summit", "Kabul airport"
            if self._locative(i0, j0):
                return _Cand(i0, j0, self._make(i0, j0, e.id, "metonymy+locative", sector="CVL"))
            return _Cand(i0, j0, self._make(i0, j0, e.id, "metonymy", override=False))
        rule = "alias+locative" if e.type == "state" and self._locative(i0, j0) else "alias"
        rule = "alias~spelling" if i0 in self.fuzzy else rule
        return _Cand(i0, j0, self._make(i0, j0, e.id, rule, override=False), priority=4)

    def _bare_sector(self, i: int) -> _Cand | None:
        st = self.sector_at(i)
        if st is None or not st[1].bare or not self._is_head_noun(st[0]):
            return None
        end, pat = st
        s, e = _char_span(self.doc, i, end)  # a common noun phrase: "Police said" at a sentence's start is the police
        return _Cand(i, end, self._make(i, end, None, f"sector:{pat.sector}", sector=pat.sector,
                                        name=self.text[s:e].lower()))

    def run(self) -> list[Actor]:
        doc = self.doc
        out: list[_Cand] = []
        i = 0
        while i < len(doc):
            # every reading starts on a name, a sector phrase or a title modifier: skip the other tokens cheaply
            if i not in self.names and self.sector_at(i) is None and i not in self.title_at:
                i += 1
                continue
            cands = [c for c in (self._title_person(i), self._name_sector(i), self._sector_of(i),
                                 self._country_s_alias(i), self._plain(i), self._bare_sector(i)) if c is not None]
            if not cands:
                i += 1
                continue
            best = max(cands, key=lambda c: (c.end - c.start, c.priority))
            out.append(best)
            i = best.end
        self._share_sectors(out)
        return [c.actor for c in out]

    def _share_sectors(self, cands: list[_Cand]) -> None:
        """'Tajik and Uzbek troops': a lone demonym coordinated with demonym+sector shares its sector."""
        doc = self.doc
        for a, b in zip(cands, cands[1:]):
            if a.actor.rule != "demonym" or not (b.actor.rule or "").startswith("demonym+sector"):
                continue
            between = doc[a.end:b.start]
            if 1 <= len(between) <= 2 and all(t.lower_ in ("and", ",", "or", "&") for t in between):
                sector = b.actor.rule.split(":", 1)[1] if ":" in b.actor.rule else None
                if sector and a.actor.kb_id:
                    a.actor = self.kb.actor(a.actor.kb_id, a.actor.text, self.when, a.actor.start, a.actor.end,
                                            rule=f"demonym+sector(shared):{sector}", sector=sector)


def namesake_units(actors: list[Actor], places: list[Place]) -> list[Actor]:
    """One sense per discourse for a state named like another country's first-level unit (Georgia, the US
    state): where the document places the name as that unit and nothing at all in the state itself, an actor
    named so ("Georgia", "Georgia lawmakers") is the unit's, of the unit's country, with no knowledge-base id."""
    units = {norm(p.text): p for p in places if p.precision == "admin1" and p.country and p.start is not None}
    if not units:
        return actors
    placed = {p.country for p in places if p.country}
    out = []
    for a in actors:
        words = norm(a.text)
        unit = next((u for k, u in units.items() if words == k or words.startswith(k + " ")), None) \
            if a.kb_id and a.country else None
        if unit is not None and unit.country != a.country and a.country not in placed:
            a = Actor(name=f"{unit.name} ({unit.country})", text=a.text, country=unit.country, sector=a.sector,
                      start=a.start, end=a.end, rule=f"namesake-unit:{a.kb_id}")
        out.append(a)
    return out


def transliteration_match(name: str, people: list[tuple[str, str]], word_min: float = 0.75,
                          name_min: float = 0.85) -> str | None:
    """The one person whose name has as many words as `name`, each similar (difflib ratio >= word_min) and the
    whole >= name_min; None when no one or more than one person qualifies."""
    from difflib import SequenceMatcher

    words = name.split()
    found = set()
    for known, entry_id in people:
        kw = known.split()
        if len(kw) != len(words) or kw[0][0] != words[0][0] or kw[-1][0] != words[-1][0]:
            continue
        if all(SequenceMatcher(None, a, b).ratio() >= word_min for a, b in zip(words, kw)) \
                and SequenceMatcher(None, name, known).ratio() >= name_min:
            found.add(entry_id)
    return found.pop() if len(found) == 1 else None


def find_actors(doc: Doc, ctx: DocContext, kb: KnowledgeBase | None = None) -> list[Actor]:
    """Every actor mention in the doc, longest match first, non-overlapping, in document order; Actor.start/end
    are char offsets of the words (text = those words), role resolved for ctx.published (None -> the latest
    role), Actor.rule says why (see the module docstring)."""
    return _Finder(doc, kb or load_kb(), ctx.published).run()


def actor_at(actor: Actor, when: date | None, kb: KnowledgeBase | None = None) -> Actor:
    """Same actor with country/sector re-resolved for the event date (the Taliban REB before 2021-08-15).
    Actors without a KB id, and readings whose sector the words fix (metonymy), come back unchanged."""
    if actor.kb_id is None:
        return replace(actor)
    kb = kb or load_kb()
    if actor.kb_id not in kb:
        return replace(actor)
    rule = actor.rule or "alias"
    sector = rule.split(":", 1)[1] if ":" in rule else None
    return kb.actor(actor.kb_id, actor.text, when, actor.start, actor.end, rule=rule, sector=sector)
