"""The actor knowledge base: states, organs, armed groups, IGOs, people and media, with roles over time.

Data lives in YAML under ``panj/data/actors/`` (never in code). Users add or override actors with their own
YAML files, from the directory named by ``$PANJ_ACTORS`` (every ``*.yaml`` in it) or passed to ``load_kb``;
an entry whose id already exists replaces the bundled one.

Entry schema (each file holds ``entries: [...]``; ``sectors.yaml`` holds the sector vocabulary instead)::

    id: tjk                      # unique, lowercase [a-z0-9_]
    name: Tajikistan             # canonical name -> Actor.name
    type: state                  # state | organ | group | igo | ngo | person | media
    country: TJK                 # default country: ISO3 or a PLOVER non-state code (IGO, UNO, IMG, NGO, MNC)
    sector: GOV                  # default PLOVER sector code (see sectors.yaml `codes`)
    wikidata: Q863               # or null, never guessed
    aliases: [...]               # other names of the actor itself
    demonyms: [Tajik]            # states: adjectives ("Tajik border troops" -> TJK MIL)
    people: [Tajiks]             # states: plural nouns for the people
    capitals: [Dushanbe]         # states: metonymy for the government
    metonyms: [Kremlin]          # other metonymy for the government
    parent: rus                  # organ -> state/organisation, person -> organisation
    roles: [{from, until, country, sector, title}]   # dates YYYY | YYYY-MM | YYYY-MM-DD, either may be absent
    note: ...

Role resolution (``KnowledgeBase.role_at``): among roles whose interval contains the date, the one that started
latest; with no date, the latest-starting role; with no matching role, the parent's role for that date (organs
and groups without roles follow their parent), else the entry's own country/sector.
"""
from __future__ import annotations

import calendar
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from panj.data import parse_yaml

from panj.records import Actor

DATA_DIR = Path(__file__).resolve().parent / "data" / "actors"
SECTORS_FILE = "sectors.yaml"
ENV_VAR = "PANJ_ACTORS"
TYPES = ("state", "organ", "group", "igo", "ngo", "person", "media")
NAME_KINDS = ("alias", "demonym", "people", "capital", "metonym")
_ID_RE = re.compile(r"^[a-z0-9_]+$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_QID_RE = re.compile(r"^Q[1-9][0-9]*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_ENTRY_KEYS = {"id", "name", "type", "country", "sector", "wikidata", "aliases", "demonyms", "people", "capitals",
               "metonyms", "parent", "members", "roles", "note"}
_ROLE_KEYS = {"from", "until", "country", "sector", "title"}
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u0060\u00b4"), "'")


class KBError(ValueError):
    """A knowledge-base file is malformed; the message names the file and the entry."""


@lru_cache(maxsize=262_144)
def norm(text: str) -> str:
    """Matching key: case-folded, dashes/quotes unified, no periods, spaces around hyphens removed."""
    t = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES).casefold()
    t = t.replace(".", "")
    t = re.sub(r"\s*-\s*", "-", t)
    t = re.sub(r"\s*/\s*", "/", t)
    return " ".join(t.split())


@lru_cache(maxsize=262_144)
def first_word(key: str) -> str:
    """The first word of a normalised key, as a cheap pre-filter before longer look-ups."""
    return re.split(r"[\s\-/']", key, maxsplit=1)[0]


def is_acronym(text: str) -> bool:
    """All-capital names (IS, US, U.S., NRF) only match text written in capitals."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) or (len(letters) == 1 and letters[0].isupper())


def case_ok(alias: str, text: str) -> bool:
    """Is `text` (the words in the document) an acceptable casing of `alias`?"""
    if is_acronym(alias):
        return [c for c in text if c.isalpha()] == [c for c in alias if c.isalpha()]
    a0 = next((c for c in alias if c.isalpha()), "")
    t0 = next((c for c in text if c.isalpha()), "")
    return not a0.isupper() or t0.isupper()


@dataclass(frozen=True)
class Role:
    start: date | None
    end: date | None
    country: str | None
    sector: str | None
    title: str | None = None

    def contains(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass
class Entry:
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    parent: str | None = None
    members: list[str] = field(default_factory=list)  # an organisation's member states (ids), for fusion
    roles: list[Role] = field(default_factory=list)
    note: str | None = None
    source: str = ""

    def names(self) -> Iterable[tuple[str, str]]:
        """(surface form, kind) for every string that names this entry in text."""
        yield self.name, "alias"
        for kind, forms in (("alias", self.aliases), ("demonym", self.demonyms), ("people", self.people),
                            ("capital", self.capitals), ("metonym", self.metonyms)):
            for f in forms:
                yield f, kind


@dataclass(frozen=True)
class SectorPattern:
    words: tuple[str, ...]
    sector: str
    title: bool = False
    bare: bool = False


@dataclass(frozen=True)
class NameHit:
    entry_id: str
    kind: str  # alias | demonym | people | capital | metonym
    form: str  # the surface form in the KB, for case checks


@dataclass
class Sectors:
    codes: dict[str, str]
    non_state_codes: dict[str, str]
    patterns: list[SectorPattern]
    title_modifiers: frozenset[str]
    carrier_heads: frozenset[str]
    non_actor_heads: frozenset[str]
    ethnic_markers: frozenset[str]
    locative_preps: frozenset[str]


def _parse_date(value: Any, *, end: bool, where: str) -> date | None:
    """YYYY / YYYY-MM / YYYY-MM-DD; an `until` of lower precision means the end of that period."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    m = _DATE_RE.match(str(value).strip())
    if not m:
        raise KBError(f"{where}: bad date {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if mo is None:
            return date(y, 12, 31) if end else date(y, 1, 1)
        if d is None:
            return date(y, int(mo), calendar.monthrange(y, int(mo))[1] if end else 1)
        return date(y, int(mo), int(d))
    except ValueError as exc:
        raise KBError(f"{where}: bad date {value!r}: {exc}") from None


def _str_list(raw: dict, key: str, where: str) -> list[str]:
    v = raw.get(key) or []
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise KBError(f"{where}: `{key}` must be a list of non-empty strings")
    return [x.strip() for x in v]


def _check_code(code: Any, kind: str, allowed: set[str], where: str) -> str | None:
    if code is None:
        return None
    if not isinstance(code, str):
        raise KBError(f"{where}: `{kind}` must be a string, got {code!r}")
    if kind == "country":
        if not (_ISO3_RE.match(code) or code in allowed):
            raise KBError(f"{where}: country {code!r} is neither ISO3 nor a non-state code {sorted(allowed)}")
    elif code not in allowed:
        raise KBError(f"{where}: sector {code!r} is not one of {sorted(allowed)}")
    return code


def _parse_entry(raw: Any, source: str, index: int, sectors: Sectors) -> Entry:
    where = f"{source}: entry #{index + 1}"
    if not isinstance(raw, dict):
        raise KBError(f"{where}: must be a mapping")
    if "id" in raw:
        where = f"{source}: entry {raw['id']!r}"
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise KBError(f"{where}: unknown field(s) {sorted(unknown)}")
    for key in ("id", "name", "type"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise KBError(f"{where}: `{key}` is required")
    if not _ID_RE.match(raw["id"]):
        raise KBError(f"{where}: id must match [a-z0-9_]+")
    if raw["type"] not in TYPES:
        raise KBError(f"{where}: type {raw['type']!r} is not one of {TYPES}")
    qid = raw.get("wikidata")
    if qid is not None and not (isinstance(qid, str) and _QID_RE.match(qid)):
        raise KBError(f"{where}: wikidata must be a Q-id like Q863 or null, got {qid!r}")
    countries = set(sectors.non_state_codes)
    codes = set(sectors.codes)
    roles = []
    raw_roles = raw.get("roles") or []
    if not isinstance(raw_roles, list):
        raise KBError(f"{where}: `roles` must be a list")
    for j, r in enumerate(raw_roles):
        rw = f"{where} role #{j + 1}"
        if not isinstance(r, dict) or set(r) - _ROLE_KEYS:
            raise KBError(f"{rw}: must be a mapping with keys from {sorted(_ROLE_KEYS)}")
        start = _parse_date(r.get("from"), end=False, where=rw)
        end = _parse_date(r.get("until"), end=True, where=rw)
        if start and end and end < start:
            raise KBError(f"{rw}: `until` is before `from`")
        roles.append(Role(start, end, _check_code(r.get("country"), "country", countries, rw),
                          _check_code(r.get("sector"), "sector", codes, rw), r.get("title")))
    return Entry(
        id=raw["id"], name=raw["name"].strip(), type=raw["type"],
        country=_check_code(raw.get("country"), "country", countries, where),
        sector=_check_code(raw.get("sector"), "sector", codes, where),
        wikidata=qid, aliases=_str_list(raw, "aliases", where), demonyms=_str_list(raw, "demonyms", where),
        people=_str_list(raw, "people", where), capitals=_str_list(raw, "capitals", where),
        metonyms=_str_list(raw, "metonyms", where), parent=raw.get("parent"),
        members=_str_list(raw, "members", where), roles=roles,
        note=raw.get("note"), source=source,
    )


def _read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return parse_yaml(fh)
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError for impossible dates (2021-13-01)
        raise KBError(f"{path}: not valid YAML (or a bad date): {exc}") from None


def _load_sectors(path: Path) -> Sectors:
    raw = _read_yaml(path) or {}
    where = str(path)
    codes = raw.get("codes") or {}
    patterns = []
    for i, p in enumerate(raw.get("patterns") or []):
        pw = f"{where}: pattern #{i + 1}"
        if not isinstance(p, dict) or not isinstance(p.get("words"), str) or p.get("sector") not in codes:
            raise KBError(f"{pw}: needs `words` (string) and `sector` (one of codes), got {p!r}")
        patterns.append(SectorPattern(tuple(norm(p["words"]).split()), p["sector"], bool(p.get("title")),
                                      bool(p.get("bare"))))

    def words(key: str) -> frozenset[str]:
        return frozenset(norm(str(w)) for w in raw.get(key) or [])

    return Sectors(codes=dict(codes), non_state_codes=dict(raw.get("non_state_codes") or {}), patterns=patterns,
                   title_modifiers=words("title_modifiers"), carrier_heads=words("carrier_heads"),
                   non_actor_heads=words("non_actor_heads"), ethnic_markers=words("ethnic_markers"),
                   locative_preps=words("locative_preps"))


class KnowledgeBase:
    """Entries by id, a name index for matching, and the sector vocabulary."""

    def __init__(self, entries: Iterable[Entry], sectors: Sectors):
        self.sectors = sectors
        self.entries: dict[str, Entry] = {}
        for e in entries:  # later entries (user files) replace earlier ones with the same id
            self.entries[e.id] = e
        self._check_parents()
        self.names: dict[str, list[NameHit]] = {}
        for e in self.entries.values():
            for form, kind in e.names():
                hits = self.names.setdefault(norm(form), [])
                if not any(h.entry_id == e.id and h.kind == kind for h in hits):
                    hits.append(NameHit(e.id, kind, form))
        self.max_name_len = max((len(k.split()) for k in self.names), default=1)
        self.sector_index: dict[tuple[str, ...], SectorPattern] = {p.words: p for p in sectors.patterns}
        self.max_sector_len = max((len(p.words) for p in sectors.patterns), default=1)

    def _check_parents(self) -> None:
        for e in self.entries.values():
            if e.parent is not None and e.parent not in self.entries:
                raise KBError(f"{e.source}: entry {e.id!r}: parent {e.parent!r} is not in the knowledge base")
            for member in e.members:
                if member not in self.entries:
                    raise KBError(f"{e.source}: entry {e.id!r}: member {member!r} is not in the knowledge base")
        for e in self.entries.values():  # no cycles
            seen, cur = {e.id}, e.parent
            while cur:
                if cur in seen:
                    raise KBError(f"{e.source}: entry {e.id!r}: parent chain loops through {cur!r}")
                seen.add(cur)
                cur = self.entries[cur].parent

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, kb_id: str) -> bool:
        return kb_id in self.entries

    def get(self, kb_id: str) -> Entry:
        try:
            return self.entries[kb_id]
        except KeyError:
            raise KeyError(f"no actor {kb_id!r} in the knowledge base") from None

    @property
    def name_starts(self) -> frozenset[str]:
        """First words of every name key: a token that starts none of them starts no name."""
        cached = getattr(self, "_name_starts", None)
        if cached is None:
            cached = self._name_starts = frozenset(first_word(k) for k in self.names)
        return cached

    @cached_property
    def name_prefixes(self) -> frozenset[str]:
        """Every leading part of every name key: a span whose key is none of them starts no longer name either
        (a longer span's key begins with the shorter one's), so the actor finder stops extending it."""
        return frozenset(k[:n] for k in self.names for n in range(1, len(k) + 1))

    @cached_property
    def person_names(self) -> list[tuple[str, str]]:
        """(normalised full name, entry id) of every person's multi-word name or alias, for fuzzy look-up."""
        return sorted({(norm(form), e.id) for e in self.entries.values() if e.type == "person"
                       for form, kind in e.names() if kind == "alias" and len(form.split()) >= 2})

    def lookup(self, text: str) -> list[NameHit]:
        """Every entry a name (any case) may refer to; callers apply `case_ok`."""
        return list(self.names.get(norm(text), []))

    def find(self, text: str) -> Entry | None:
        """The entry a name refers to, respecting acronym case; None if none or ambiguous."""
        ids = {h.entry_id for h in self.lookup(text) if case_ok(h.form, text)}
        return self.entries[ids.pop()] if len(ids) == 1 else None

    def state_for_country(self, code: str) -> Entry | None:
        e = self.entries.get(code.lower())
        return e if e is not None and e.type == "state" else None

    def role_at(self, kb_id: str, when: date | None) -> Role:
        """Country, sector and title of an entry for a date (None: its latest role)."""
        e = self.get(kb_id)
        if e.roles:
            if when is None:
                return max(e.roles, key=lambda r: (r.start or date.min, r.end or date.max))
            live = [r for r in e.roles if r.contains(when)]
            if live:
                return max(live, key=lambda r: r.start or date.min)
            if e.country is None and e.sector is None:  # outside every role: the nearest one (the last held)
                before = [r for r in e.roles if r.end is not None and r.end < when]
                if before:
                    return max(before, key=lambda r: r.end)
                return min(e.roles, key=lambda r: r.start or date.min)
        if e.country is None and e.sector is None and e.parent:
            return self.role_at(e.parent, when)  # organs, factions and people follow their organisation
        return Role(None, None, e.country, e.sector, None)

    def actor(self, kb_id: str, text: str, when: date | None, start: int | None = None, end: int | None = None,
              rule: str | None = "alias", sector: str | None = None) -> Actor:
        """An Actor for an entry, its role resolved for `when`. `sector` (from a sector word: "forces", "officials")
        overrides the role's sector for governments, states and IGOs; a non-state actor's officials and fighters
        keep its sector (a REB group's "officials" are REB, its "fighters" too; a party's fighters are REB)."""
        e = self.get(kb_id)
        role = self.role_at(kb_id, when)
        sec = role.sector
        if sector is not None:
            if role.sector in (None, "GOV", "MIL") or e.type in ("state", "igo") or sector not in ("GOV", "MIL", "REB"):
                sec = sector
            elif role.sector == "REB" or sector in ("MIL", "REB"):
                sec = "REB"
        return Actor(name=e.name, text=text, kb_id=e.id, wikidata=e.wikidata, country=role.country, sector=sec,
                     start=start, end=end, rule=rule)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries.values():
            out[e.type] = out.get(e.type, 0) + 1
        return out


def _yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.glob("*.y*ml") if p.name != SECTORS_FILE)
    return [path]


def _entries_from(path: Path, sectors: Sectors) -> list[Entry]:
    raw = _read_yaml(path)
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        raise KBError(f"{path}: expected a mapping with an `entries:` list")
    out: list[Entry] = []
    seen: set[str] = set()
    for i, r in enumerate(raw["entries"]):
        e = _parse_entry(r, str(path), i, sectors)
        if e.id in seen:
            raise KBError(f"{path}: entry {e.id!r}: duplicate id in this file")
        seen.add(e.id)
        out.append(e)
    return out


def build_kb(paths: Iterable[Path], sectors_file: Path | None = None, *, bundled: bool = True) -> KnowledgeBase:
    """A knowledge base from the bundled data (unless `bundled=False`) plus files/directories in `paths`.

    A bundled id that appears twice across bundled files is an error; user files may replace bundled entries."""
    sectors = _load_sectors(sectors_file or DATA_DIR / SECTORS_FILE)
    entries: list[Entry] = []
    if bundled:
        ids: dict[str, str] = {}
        for f in _yaml_files(DATA_DIR):
            for e in _entries_from(f, sectors):
                if e.id in ids:
                    raise KBError(f"{f}: entry {e.id!r}: id already defined in {ids[e.id]}")
                ids[e.id] = str(f)
                entries.append(e)
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise KBError(f"{p}: actor file or directory not found")
        for f in _yaml_files(p):
            entries.extend(_entries_from(f, sectors))
    return KnowledgeBase(entries, sectors)


def _user_paths(extra_paths: list[Path] | None) -> tuple[Path, ...]:
    paths: list[Path] = []
    env = os.environ.get(ENV_VAR)
    if env:
        paths.extend(Path(p) for p in env.split(os.pathsep) if p)
    paths.extend(Path(p) for p in extra_paths or [])
    return tuple(p.resolve() for p in paths)


@lru_cache(maxsize=8)
def _cached(paths: tuple[Path, ...]) -> KnowledgeBase:
    return build_kb(paths)


def load_kb(extra_paths: list[Path] | None = None) -> KnowledgeBase:
    """The bundled knowledge base plus `$PANJ_ACTORS` (directories or files, os.pathsep-separated) and
    `extra_paths`; cached per set of paths, so repeated calls are free."""
    return _cached(_user_paths(extra_paths))
