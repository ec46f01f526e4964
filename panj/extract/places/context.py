"""Document context for toponym resolution: each candidate's prior, the places named inside unlisted names, and
coherence among the candidates of a document's names (the towns of one story lie near one another).

Kept apart from toponyms.py (recognition, the scoring rounds) so that each stays small; nothing here reads a parse.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict

from panj.gazetteer import Entry, Gazetteer, haversine_km, norm

KIND_BONUS = {"country": 3.0, "admin1": 2.0, "region": 7.0, "feature": 2.5, "admin2": 0.5, "city": 0.0}
BIG_CITY = (250_000, 3.0)  # a town this populous, named by its own name, outranks a same-named province
PRIMARY_BONUS = 2.5  # the entry's own name, not one of its alternate names
CAPITAL_BONUS = 1.0  # a national capital: what news means by a bare "Washington" or "Moscow"
W_FAME = 0.5  # per tenfold fewer alternate names than the most written-of namesake town (Venice, Italy vs Florida)
W_COHERE = (30, 2.0, 100, 1.0)  # another name of the document has a namesake within 30 km / 100 km of this one
COHERE_CAP = 3.0  # most that coherence adds, however many names agree
W_COHERE_ADMIN1 = 1.0  # an admin1 unit for each other name with a plausible namesake inside it
COHERE_MAX_NAMESAKES = 30  # a name with more point namesakes than this lies near everything: it vouches for none
PLAUSIBLE_GAP = (2.0, 5.0)  # a namesake vouches fully within 2 points of its name's best prior, not at all 7 below

POINTS = ("city", "admin2", "feature")  # kinds that are points, not areas
_WORD = re.compile(r"[A-Z][\w'’.&-]*")


def prior(e: Entry, primary: bool) -> float:
    """What a candidate is worth before context: log population, its kind, and whether it was named by its own
    name; a big town named so outranks a same-named province."""
    s = math.log10(e.population + 10) + KIND_BONUS.get(e.kind, 0.0) + (PRIMARY_BONUS if primary else 0.0)
    if e.kind == "city" and primary and e.population >= BIG_CITY[0]:
        s += BIG_CITY[1]
    if e.feature == "capital" and primary:
        s += CAPITAL_BONUS
    return s


def priors(c: list[tuple[Entry, bool]]) -> dict[int, float]:
    """Each candidate's prior, a town also ranked against its namesake towns by how many alternate names GeoNames
    lists for it (how widely the world writes of it): Venice, Italy beside Venice, Florida, whose populations alone
    hardly differ. Only the gap to the most written-of namesake counts, so towns lose nothing against units."""
    fame = {e.id: math.log10(1 + e.alt_names) for e, _ in c if e.kind == "city"}
    top = max(fame.values(), default=0.0)
    return {e.id: prior(e, p) + W_FAME * (fame[e.id] - top if e.id in fame else 0.0) for e, p in c}


def embedded(text: str, gaz: Gazetteer, skip: set[str] | frozenset[str] = frozenset()
             ) -> tuple[list[tuple[Entry, bool]], str, str]:
    """For a name the gazetteer lacks, the place named inside it ("Kabul University", "Lake Manassas", "the
    British Embassy", "Western US"): the capitalised word run that names a place or is a demonym, the likeliest
    by prior when several do; `skip` holds words that name no place alone ("South"). Returns (candidates, rule,
    the folded inner name), empty when none is found."""
    words = [w for w in re.split(r"[\s/]+", text) if w]
    found: list[tuple[float, int, list[tuple[Entry, bool]], str, str]] = []
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            if (i, j) == (0, len(words)) or not all(_WORD.fullmatch(w) for w in words[i:j]):
                continue
            phrase = re.sub(r"['’]s$", "", " ".join(words[i:j]).strip(",;:()"))
            if (len(phrase) < 3 and not (len(phrase) == 2 and phrase.isupper())) or phrase.lower() in skip:
                continue  # a two-letter word names a place only as a capitalised abbreviation ("US Navy")
            dem = gaz.demonym(phrase)
            c = [(dem, True)] if dem is not None else [x for x in gaz.candidates(phrase) if x[1]]
            if c:
                found.append((max(prior(e, p) for e, p in c), j - i, c, norm(phrase),
                              "embedded-demonym" if dem is not None else "embedded"))
                break  # the longest run from this word
    if not found:
        return [], "", ""
    _, _, c, key, rule = max(found, key=lambda f: (f[1], f[0]))
    return c, rule, key


ADJECTIVAL_MIN_TOWN = 100_000  # a town is named by an adjective of its own only when it is a city of note


def adjectival(word: str, gaz: Gazetteer, endings: dict[str, list[str]]) -> list[tuple[Entry, bool]]:
    """The place a capitalised adjective or people's noun no demonym list holds is formed from ("Sicilian" →
    Sicily, "Ohioans" → Ohio): a country, region or admin1 unit, or a city of note, by its own name."""
    for end, subs in sorted(endings.items(), key=lambda x: -len(x[0])):
        if word.endswith(end) and len(word) > len(end) + 2:
            stem = word[:-len(end)]
            for sub in subs:
                c = [(e, p) for e, p in gaz.candidates(stem + sub) if p and (
                    e.kind in ("country", "region", "admin1") or
                    (e.kind == "city" and e.population >= ADJECTIVAL_MIN_TOWN))]
                if c:
                    return c
            return []
    return []


def coherence(names: list[str], cands: list[list[tuple[Entry, bool]]], base: list[dict[int, float]] | None = None
              ) -> dict[tuple[str, int], float]:
    """Document coherence over candidates, not readings: the towns of one story lie near one another, so a
    candidate near a namesake of another name of the document (a town and a county that both have a namesake in
    one state) gains, whether or not either name is settled yet. A namesake vouches as far as it is a plausible
    reading of its own name (Paris, Ontario hardly is, beside Paris, France), and an admin1 unit is near the
    namesakes inside it. `base`: each mention's `priors`, when the caller has them. Returns (name, entry id) →
    bonus."""
    groups: dict[str, list[tuple[Entry, float]]] = {}
    for i, (n, c) in enumerate(zip(names, cands)):
        if n in groups or not c:
            continue
        pr = base[i] if base is not None else priors(c)
        top = max(pr.values())
        groups[n] = [(e, _plausible(top - pr[e.id])) for e, _ in c]
    if len(groups) < 2:
        return {}
    grid: dict[tuple[int, int], list[tuple[str, Entry, float]]] = defaultdict(list)
    inside: dict[int, dict[str, float]] = defaultdict(dict)  # admin1 entry id → name → best plausibility
    for n, es in groups.items():
        pts = [(e, f) for e, f in es if e.kind in POINTS and e.lat is not None and f > 0]
        if len(pts) > COHERE_MAX_NAMESAKES:
            continue
        for e, f in pts:
            grid[(math.floor(e.lat), math.floor(e.lon))].append((n, e, f))
            if e.admin1_id and f > inside[e.admin1_id].get(n, 0.0):
                inside[e.admin1_id][n] = f
    reach = W_COHERE[2]
    out: dict[tuple[str, int], float] = {}
    for n, es in groups.items():
        for e, _ in es:
            best: dict[str, float] = {}
            if e.kind == "admin1":
                best = {n2: W_COHERE_ADMIN1 * f for n2, f in inside.get(e.id, {}).items() if n2 != n}
            elif e.kind in POINTS and e.lat is not None:
                dlat = math.ceil(reach / 111.0)
                dlon = math.ceil(reach / (111.0 * max(0.17, math.cos(math.radians(e.lat)))))
                y, x = math.floor(e.lat), math.floor(e.lon)
                for cy in range(y - dlat, y + dlat + 1):
                    for cx in range(x - dlon, x + dlon + 1):
                        for n2, e2, f in grid.get((cy, (cx + 180) % 360 - 180), ()):
                            if n2 == n:
                                continue
                            d = haversine_km(e.lat, e.lon, e2.lat, e2.lon)
                            w = f * (W_COHERE[1] if d < W_COHERE[0] else W_COHERE[3] if d < W_COHERE[2] else 0.0)
                            if w > best.get(n2, 0.0):
                                best[n2] = w
            if best:
                out[(n, e.id)] = min(COHERE_CAP, sum(best.values()))
    return out


def _plausible(gap: float) -> float:
    """How far a namesake whose prior lies `gap` below its name's best one is a reading to reckon with (1 … 0)."""
    return max(0.0, min(1.0, 1.0 - (gap - PLAUSIBLE_GAP[0]) / PLAUSIBLE_GAP[1]))


W_HOLDS = 3.0  # "Tacoma, Washington": the name after the comma is the admin1 unit holding a namesake of the town
W_LIST = 2.0  # "California or Washington": a name listed with others is read at the kind they are read at
W_AREA = 2.0  # "central Washington", "upstate New York": a direction word before a name asks for an area
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and|or)?|\s(?:and|or))\s*")


def cues(spans: list[tuple[int, int]], names: list[str], cands: list[list[tuple[Entry, bool]]],
         readings: list[Entry | None], text: str, directions: set[str] | frozenset[str]
         ) -> dict[tuple[str, int], float]:
    """What the words around a name say about which kind of place it is: the unit after "Town, ", the kind its
    list-mates are read at, a direction word before it. One sense per discourse: a cue found at one mention of a
    name holds for every mention of it. `spans` are the mentions' (start, end) in `text` (-1 when unknown);
    `readings` their current readings. Returns (name, entry id) → bonus."""
    out: dict[tuple[str, int], float] = {}

    def give(i: int, kinds: tuple[str, ...], w: float, ok=lambda e: True) -> None:
        for e, _ in cands[i]:
            if e.kind in kinds and ok(e) and w > out.get((names[i], e.id), 0.0):
                out[(names[i], e.id)] = w

    order = sorted((i for i, (s, _) in enumerate(spans) if s >= 0), key=lambda i: spans[i][0])
    runs: list[tuple[list[int], bool]] = []  # mentions joined by commas, "and", "or"; whether a list ("A and B")
    for k, i in enumerate(order):
        before = text[max(0, spans[i][0] - 25):spans[i][0]].split()
        if before and before[-1].lower() in directions:
            give(i, ("admin1", "country", "region"), W_AREA)
        between = text[spans[order[k - 1]][1]:spans[i][0]] if k else "."
        if _LIST_SEP.fullmatch(between):
            runs[-1][0].append(i)
            if "," not in between or re.search(r"\b(and|or)\b", between):
                runs[-1] = (runs[-1][0], True)
        else:
            runs.append(([i], False))
    for run, listed in runs:
        if listed:
            _list_cue(run, names, readings, give)
        elif len(run) == 2:  # "Tacoma, Washington", not "Washington, New York and Boston"
            holders = {e.admin1_id for e, _ in cands[run[0]] if e.kind in POINTS and e.admin1_id}
            give(run[1], ("admin1",), W_HOLDS, lambda e: e.id in holders)
    return out


def _list_cue(run: list[int], names: list[str], readings: list[Entry | None], give) -> None:
    """Each member of a list ("Alaska, Hawaii and Washington") leans to the kind the other members are read at."""
    for i in run:
        kinds = [readings[j].kind for j in run if names[j] != names[i] and readings[j] is not None]
        if kinds:
            top = max(set(kinds), key=kinds.count)
            if kinds.count(top) * 2 > len(kinds):
                give(i, (top,), W_LIST)
