"""The model's attribute ruler matched by a look-up per token instead of spaCy's general Matcher.

Why: the pinned model's attribute_ruler (tag → POS and MORPH, lemma exceptions: 179 patterns of one or two
tokens) costs about 7 ms a news text in `Matcher.__call__`, more than panj's actor, place or event extraction, and
every one of its patterns is a plain test of token attributes (equal, IN, NOT_IN, REGEX). `fast_match` finds the
same matches, in the same order, by indexing the patterns on a value their first token must have; the ruler then
sets the attributes exactly as it always does (`AttributeRuler.set_annotations`). `install` leaves the ruler as it
is when a pattern uses anything else (operators, other predicates), so a different model stays correct.
"""
from __future__ import annotations

import re
from typing import Any

from spacy.attrs import IDS
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


def install(ruler: AttributeRuler) -> bool:
    """Match with `FastMatch` on this ruler; False (ruler unchanged) when a pattern is beyond it."""
    try:
        fast = FastMatch(ruler)
    except _Unsupported:
        return False
    ruler.match = fast  # type: ignore[method-assign]  # the instance's match; __call__ and set_annotations stay
    return True
