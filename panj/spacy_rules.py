"""Faster exact stand-ins for two rule components of the pinned model: the attribute ruler and the lemmatizer.

Why: they are rules, not networks, yet they cost a sixth of a parse (10 and 6 CPU ms a news text against 18 for the
shared tok2vec; `bench/stages.py`). spaCy's AttributeRuler runs a Matcher that tries every one of its 180 patterns
at every token; its Lemmatizer walks the tokens in Python. Here each pattern is compiled once into predicates over
four token columns, and the outcome is cached per distinct (tag, lower, dep, is-space) row, so a document costs one
`to_array`, a dictionary lookup per token and one `from_array`. The lemmatizer keeps spaCy's own rules (it calls
them on a cache miss) and caches by the key spaCy caches by, (orth, pos, morph).

Both replace the shipped components in `panj.nlp.load` only when every pattern uses constructs compiled here
(`compile_ruler` returns None otherwise, and the shipped ruler stays); the output is the same token for token
(tags, POS, morphology, lemmas, dependencies): `tests/test_spacy_rules.py` compares them on our sample texts, and
RESULTS.md records the comparison over the 1,518 news texts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy
from spacy.attrs import DEP, IDS, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

COLUMNS = (TAG, LOWER, DEP, IS_SPACE)  # what the shipped ruler's patterns test, read in one to_array
SETTABLE = (POS, MORPH, LEMMA, TAG, DEP)  # what its patterns may set: token attributes, never lexical ones
_COLUMN = {attr: i for i, attr in enumerate(COLUMNS)}

UNTESTED = -1  # a row's lower-case form that no pattern names nor matches: all such words test alike
Predicate = Callable[[tuple[int, ...]], bool]  # over one row of COLUMNS
Rules = list[tuple[int, dict[int, int]]]  # (the rule's order, the columns of SETTABLE it sets)
_Decided = tuple[Rules, dict[int, int], tuple[int, ...]]  # a row's rules, their merged assignment, two-token starts


@dataclass
class _Lowers:
    """The lower-case forms the patterns can tell apart: those they name, and those they match by expression."""

    named: set[int] = field(default_factory=set)
    regexes: list[re.Pattern] = field(default_factory=list)


def _predicate(attr: int, value: Any, strings: Any, lowers: _Lowers) -> Predicate | None:
    """One attribute test of a Matcher token pattern, as the Matcher reads it (the lower-case forms it tells apart
    noted in `lowers`); None for a construct not handled."""
    col = _COLUMN.get(attr)
    if col is None:
        return None
    named = lowers.named if attr == LOWER else set()
    if isinstance(value, bool) or isinstance(value, int):
        wanted = int(value)
        return lambda row: row[col] == wanted
    if isinstance(value, str):
        wanted = strings.add(value)
        named.add(wanted)
        return lambda row: row[col] == wanted
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            members = {strings.add(a) for a in arg}
            named.update(members)
            return (lambda row: row[col] in members) if op == "IN" else (lambda row: row[col] not in members)
        if op == "REGEX" and isinstance(arg, str):
            regex = re.compile(arg)
            if attr == LOWER:
                lowers.regexes.append(regex)
            return lambda row: row[col] != UNTESTED and bool(regex.search(strings[row[col]]))
    return None


def _token_test(spec: dict, strings: Any, lowers: _Lowers) -> Predicate | None:
    tests = []
    for name, value in spec.items():
        attr = IDS.get(name.upper()) if isinstance(name, str) else None
        test = None if attr is None else _predicate(attr, value, strings, lowers)
        if test is None:
            return None
        tests.append(test)
    return lambda row: all(t(row) for t in tests)


@dataclass
class CompiledRuler:
    """The shipped ruler's patterns as predicates, in its order (later rules win), with a cache of each row's
    merged assignment."""

    strings: Any
    rules: list[tuple[list[Predicate], int, dict[int, int]]]  # (token tests, index in the match, attrs to set)
    tested: _Lowers
    cache: dict[tuple[int, ...], _Decided] = field(default_factory=dict)  # by row: `_row`
    lowers: dict[int, int] = field(default_factory=dict)  # a lower-case form -> itself or UNTESTED
    single: list[tuple[Predicate, dict[int, int], int]] = field(default_factory=list)
    multi: list[tuple[list[Predicate], int, dict[int, int], int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for order, (tests, index, attrs) in enumerate(self.rules):
            if len(tests) == 1:
                self.single.append((tests[0], attrs, order))
            else:
                self.multi.append((tests, index, attrs, order))

    def _lower(self, lower: int) -> int:
        """The row key's lower-case column: the word itself only where some pattern could tell it apart, so that
        the cache holds a few thousand rows, not one per word of the language."""
        found = self.lowers.get(lower)
        if found is None:
            tested = lower in self.tested.named or any(r.search(self.strings[lower]) for r in self.tested.regexes)
            found = self.lowers[lower] = lower if tested else UNTESTED
        return found

    def _row(self, row: tuple[int, ...]) -> _Decided:
        """What a row alone decides: its single-token rules and their merged assignment, and which multi-token
        rules start there."""
        found = self.cache.get(row)
        if found is None:
            rules = [(order, attrs) for test, attrs, order in self.single if test(row)]
            starts = tuple(k for k, (tests, *_) in enumerate(self.multi) if tests[0](row))
            found = self.cache[row] = (rules, _merge(rules), starts)
        return found

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        lower, lowers = _COLUMN[LOWER], self.lowers
        rows = []
        for r in doc.to_array(list(COLUMNS)).tolist():
            r[lower] = lowers.get(r[lower]) or self._lower(r[lower])
            rows.append(tuple(r))
        decided = [self._row(row) for row in rows]
        hits: dict[int, Rules] = {}
        for start, (_, _, starts) in enumerate(decided):
            for k in starts:  # a multi-token rule whose first token matches here: test the rest
                tests, index, attrs, order = self.multi[k]
                width = len(tests)
                if start + width <= n and all(test(rows[start + j]) for j, test in enumerate(tests[1:], 1)):
                    hits.setdefault(start + index % width, []).append((order, attrs))
        values = doc.to_array(list(SETTABLE)).tolist()
        changed = False
        for i, (rules, merged, _) in enumerate(decided):
            if i in hits:
                merged = _merge(rules + hits[i])
            if merged:
                out = values[i]
                for col, value in merged.items():
                    out[col] = value
                changed = True
        if changed:
            doc.from_array(list(SETTABLE), numpy.array(values, dtype="uint64"))
        return doc


def _merge(rules: Rules) -> dict[int, int]:
    """One token's assignment: its matching rules applied in the ruler's order, the later winning, by column of
    SETTABLE."""
    merged: dict[int, int] = {}
    for _, attrs in sorted(rules, key=lambda r: r[0]):
        merged.update(attrs)
    return merged


def compile_ruler(ruler: Any) -> CompiledRuler | None:
    """The shipped AttributeRuler's patterns compiled, or None if one uses a construct not handled here (an
    operator, another attribute, an extension): then the shipped ruler stays."""
    strings = ruler.vocab.strings
    settable = {attr: i for i, attr in enumerate(SETTABLE)}
    rules, lowers = [], _Lowers()
    for i, entry in enumerate(ruler.patterns):  # rule i is the match key spaCy sorts by: later rules win
        normed = ruler.attrs[i]  # attribute id -> value as the shipped ruler sets it
        if any(attr not in settable for attr in normed):
            return None
        attrs = {settable[attr]: value for attr, value in normed.items()}
        for pattern in entry["patterns"]:
            if not isinstance(pattern, list) or not pattern or any("OP" in spec for spec in pattern):
                return None
            tests = [_token_test(spec, strings, lowers) for spec in pattern]
            index = entry["index"]
            if any(t is None for t in tests) or not -len(pattern) <= index < len(pattern):
                return None
            rules.append((tests, index, attrs))
    return CompiledRuler(strings, rules, lowers)


@dataclass
class CachedLemmatizer:
    """spaCy's rule lemmatizer, asked once per (orth, pos, morph): its rules read nothing else of a token."""

    lemmatizer: Any
    cache: dict[tuple[int, int, int], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # the rules test a candidate lemma's membership of the index of words of its part of speech, which the
        # English tables give as lists (57,528 nouns): scanned in full on each test, unless they are sets
        index = self.lemmatizer.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            index[pos] = frozenset(words)

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if len(doc) == 0:
            return doc
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        lemmas = doc.to_array([ORTH, POS, MORPH, LEMMA])
        out = lemmas[:, 3].copy()
        strings, overwrite = doc.vocab.strings, lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(lemmas.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = self.cache.get(key)
            if found is None:
                found = self.cache[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            out[i] = found
        doc.from_array([LEMMA], out)
        return doc


def speed_up(nlp: Language) -> Language:
    """Swap the shipped attribute ruler and rule lemmatizer of `nlp` for the cached forms above, in place."""
    if "attribute_ruler" in nlp.pipe_names and compile_ruler(nlp.get_pipe("attribute_ruler")) is not None:
        nlp.add_pipe("panj_attribute_ruler", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names and nlp.get_pipe("lemmatizer").mode == "rule":
        nlp.add_pipe("panj_lemmatizer", after="lemmatizer")
        nlp.remove_pipe("lemmatizer")
    return nlp


@Language.factory("panj_attribute_ruler")
def make_attribute_ruler(nlp: Language, name: str) -> CompiledRuler:
    """Built from the pipeline's own attribute ruler, which it then replaces (`speed_up`)."""
    compiled = compile_ruler(nlp.get_pipe("attribute_ruler"))
    if compiled is None:
        raise ValueError("the attribute ruler uses a pattern construct panj_attribute_ruler does not compile")
    return compiled


@Language.factory("panj_lemmatizer")
def make_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    """Built from the pipeline's own rule lemmatizer, which it then replaces (`speed_up`)."""
    return CachedLemmatizer(nlp.get_pipe("lemmatizer"))
