"""The model's rule-based components, the same annotations at a fraction of their cost.

Why: in the pinned model the attribute ruler (tag → POS and MORPH, lemma exceptions) costs about 7 ms a news text
and the rule lemmatizer about 4.5 ms, more than any of panj's own extraction stages, nearly all of it Python work
per token that depends only on a few attribute values.
- Attribute ruler: its 179 patterns of one or two tokens are plain attribute tests (equal, IN, NOT_IN, REGEX).
  `FastMatch` finds the same matches, in the same order, by indexing the patterns on a value their first token
  must have and remembering the one-token answers per attribute values; the ruler then sets the attributes as it
  always does (`AttributeRuler.set_annotations`). A ruler with anything else (operators) keeps spaCy's Matcher.
- Lemmatizer: the English rule lemmatizer's answer depends only on the token's text, POS and morphology
  (`rule_lemmatize`, `is_base_form`), so `FastLemmatizer` asks it once per such triple and sets the lemmas of a
  document in one array write. Other lemmatizers and modes are left as they are.
`install` applies both to a loaded pipeline (panj.nlp.load).
"""
from __future__ import annotations

import re
from typing import Any

from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

_STRING_ATTRS = {"ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA", "POS", "ENT_TYPE", "SHAPE", "PREFIX", "SUFFIX"}
_INDEXED = ("LOWER", "ORTH", "TAG", "DEP")  # attributes a first-token value may index a pattern by, best first

Test = tuple[int, str, Any]  # (column, kind, operand): plain data, so that a pickled pipeline keeps it


class _Unsupported(ValueError):
    """A pattern this matcher does not reproduce exactly: the ruler keeps spaCy's Matcher."""


def _value_id(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (str, int)):
        return get_string_id(value)
    raise _Unsupported(f"value {value!r}")


def _test(attr: str, spec: Any) -> tuple[str, Any]:
    """(kind, operand) of one attribute's constraint, as spaCy's Matcher reads it."""
    if not isinstance(spec, dict):
        return "eq", _value_id(spec)
    if len(spec) != 1:
        raise _Unsupported(f"{attr}: {spec!r}")
    (op, arg), = spec.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list):
        return op.lower(), frozenset(_value_id(a) for a in arg)
    if op == "REGEX" and isinstance(arg, str) and attr in _STRING_ATTRS:
        return "regex", re.compile(arg)
    raise _Unsupported(f"{attr}: {spec!r}")


def _passes(value: int, kind: str, operand: Any, strings: Any) -> bool:
    if kind == "eq":
        return value == operand
    if kind == "in":
        return value in operand
    if kind == "not_in":
        return value not in operand
    return bool(operand.search(strings[value]))  # regex, on the attribute's text as the Matcher tests it


class _Index:
    """Patterns by a value their first token must have (`always`: those with no such value)."""

    def __init__(self) -> None:
        self.by: dict[str, dict[int, list[int]]] = {a: {} for a in _INDEXED}
        self.always: list[int] = []

    def add(self, n: int, first_keys: dict[str, set[int]]) -> None:
        attr = next((a for a in _INDEXED if a in first_keys), None)
        if attr is None:
            self.always.append(n)
        else:
            for value in first_keys[attr]:
                self.by[attr].setdefault(value, []).append(n)

    def candidates(self, row: list[int], where: dict[str, int]) -> list[int]:
        out = list(self.always)
        for attr, col in where.items():
            out += self.by[attr].get(row[col], ())
        return out


class FastMatch:
    """`AttributeRuler.match` for rulers whose patterns are plain attribute tests: the same list of
    (attrs index, match id, start, end), sorted as the ruler sorts it."""

    def __init__(self, ruler: AttributeRuler) -> None:
        attrs: list[str] = []
        self.compiled: list[tuple[int, int, list[list[tuple[int, Test]]]]] = []  # (attrs index, match id, tokens)
        self.single, self.multi = _Index(), _Index()  # patterns of one token; of two or more
        for i, entry in enumerate(ruler.patterns):
            key_id = ruler.vocab.strings.add(str(i))
            for pattern in entry["patterns"]:
                tokens = []
                first_keys: dict[str, set[int]] = {}
                for t, token in enumerate(pattern):
                    tests = []
                    for attr, spec in token.items():
                        if attr not in IDS or attr.startswith("_") or attr == "OP":
                            raise _Unsupported(attr)
                        if attr not in attrs:
                            attrs.append(attr)
                        kind, operand = _test(attr, spec)
                        tests.append((attrs.index(attr), kind, operand))
                        if t == 0 and kind in ("eq", "in") and attr in _INDEXED:
                            first_keys[attr] = {operand} if kind == "eq" else set(operand)
                    tokens.append(tests)
                if not tokens:
                    raise _Unsupported("an empty pattern")
                (self.single if len(tokens) == 1 else self.multi).add(len(self.compiled), first_keys)
                self.compiled.append((i, key_id, tokens))
        self.attr_ids = [IDS[a] for a in attrs]
        self.where = {a: attrs.index(a) for a in _INDEXED if a in attrs}
        self._memo: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}

    def _single(self, row: list[int], strings: Any) -> tuple[tuple[int, int], ...]:
        """(attrs index, match id) of every one-token pattern a token with these attribute values matches,
        each match id once: a function of the values alone, so remembered across tokens and documents."""
        found: dict[int, int] = {}
        for c in self.single.candidates(row, self.where):
            attrs_index, key_id, (tests,) = self.compiled[c]
            if key_id not in found and all(_passes(row[col], kind, op, strings) for col, kind, op in tests):
                found[key_id] = attrs_index
        return tuple((a, k) for k, a in found.items())

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if not len(doc):
            return []
        rows = doc.to_array(self.attr_ids).reshape(len(doc), -1).tolist()
        n, memo, strings, multi = len(rows), self._memo, doc.vocab.strings, bool(self.multi.always or any(self.multi.by.values()))
        if len(memo) > 200_000:  # bounded memory over long runs
            memo.clear()
        out: list[tuple[int, int, int, int]] = []
        seen: set[tuple[int, int, int]] = set()
        for start, row in enumerate(rows):
            key = tuple(row)
            hits = memo.get(key)
            if hits is None:
                hits = memo[key] = self._single(row, strings)
            for a, k in hits:
                out.append((a, k, start, start + 1))
            if not multi:
                continue
            for c in self.multi.candidates(row, self.where):  # the few patterns of two or more tokens
                attrs_index, key_id, tokens = self.compiled[c]
                end = start + len(tokens)
                if end <= n and (key_id, start, end) not in seen and all(
                        _passes(rows[start + k][col], kind, op, strings)
                        for k, tests in enumerate(tokens) for col, kind, op in tests):
                    seen.add((key_id, start, end))  # the Matcher reports a (key, start, end) once
                    out.append((attrs_index, key_id, start, end))
        out.sort()
        return out


def install_match(ruler: AttributeRuler) -> bool:
    """Match with `FastMatch` on this ruler; False (ruler unchanged) when a pattern is beyond it."""
    try:
        fast = FastMatch(ruler)
    except _Unsupported:
        return False
    ruler.match = fast  # type: ignore[method-assign]  # the instance's match; __call__ and set_annotations stay
    return True


class FastLemmatizer(EnglishLemmatizer):
    """The English rule lemmatizer, asked once per (text, POS, morphology) and writing a document's lemmas at once;
    a token that already has a lemma (from the attribute ruler) keeps it, as in `Lemmatizer.__call__`."""

    _panj_memo: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            if not len(doc):
                return doc
            memo, strings = self._panj_memo, doc.vocab.strings
            if len(memo) > 200_000:  # bounded memory over long runs
                memo.clear()
            arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
            lemmas = arr[:, 3].copy()
            for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
                if lemma != 0 and not self.overwrite:
                    continue
                key = (orth, pos, morph)
                found = memo.get(key)
                if found is None:
                    found = memo[key] = strings.add(self.lemmatize(doc[i])[0])
                lemmas[i] = found
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))
            return doc
        except Exception as e:
            error_handler(self.name, self, [doc], e)


def install_lemmatizer(lemmatizer: object) -> bool:
    """Make a stock English rule lemmatizer a `FastLemmatizer` (same object, same tables); False otherwise."""
    if type(lemmatizer) is not EnglishLemmatizer or getattr(lemmatizer, "mode", None) != "rule":
        return False
    lemmatizer._panj_memo = {}  # type: ignore[attr-defined]
    lemmatizer.__class__ = FastLemmatizer
    return True


def install(nlp: Language) -> None:
    """Both, where the pipeline has them."""
    if "attribute_ruler" in nlp.pipe_names:
        install_match(nlp.get_pipe("attribute_ruler"))
    if "lemmatizer" in nlp.pipe_names:
        install_lemmatizer(nlp.get_pipe("lemmatizer"))
