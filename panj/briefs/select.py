"""What a brief covers: a dyad and/or a place, a period, a confidence threshold; and the events, alerts and
documents that fall in it.

Why a dyad here reaches a little further than the tension series' dyad: a brief on TJK:AFG is read by someone
watching that border, and rockets that an Afghan-based armed group fires into Tajikistan belong in it. So a side
given as a state code stands for that state's organs (as in `panj.indicators.series.side_key`) *and* for any
actor the knowledge base places in that state (ISKP, country AFG); a side given as an actor (`iskp`, `csto`)
stands for that actor and the entries under it, as in the series. The brief's counts, percentile, chart and
alerts all use this one selection, so they agree with each other.

An event falls in a period when its date interval overlaps it and is precise enough to place it there: dated to
the day or week (the granularities the series count, `panj/data/indicators.yaml`), or lying wholly inside the
period. Events dated more vaguely are counted in the coverage section, not silently dropped.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from panj.fuse.confidence import default_threshold
from panj.indicators.alerts import Alert, list_alerts
from panj.indicators.series import SideSpec, event_pairs, load_config, parse_dyad, side_key
from panj.store.filters import EventFilter

Dict = dict[str, Any]
DEFAULT_DAYS = 7
BASELINE_DAYS = 730  # the usual level: the two years before the period, as the series' percentiles use


@dataclass(frozen=True)
class Options:
    """What the user asked for (`panj brief` options, the dashboard's filter)."""

    dyad: str | None = None
    place: str | None = None
    since: date | None = None
    until: date | None = None
    min_confidence: float | None = None  # None: the configured default threshold


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def label(self) -> str:
        s, e = self.start, self.end
        if s == e:
            return f"{s.day} {s:%B %Y}"
        if (s.year, s.month) == (e.year, e.month):
            return f"{s.day}–{e.day} {e:%B %Y}"
        if s.year == e.year:
            return f"{s.day} {s:%B} – {e.day} {e:%B %Y}"
        return f"{s.day} {s:%B %Y} – {e.day} {e:%B %Y}"


@dataclass
class Scope:
    """The resolved selection: sides, place as stored, period and threshold."""

    options: Options
    period: Period
    threshold: float
    spec: tuple[SideSpec, SideSpec] | None = None
    place: str | None = None
    cfg: dict = field(default_factory=load_config)

    @property
    def label(self) -> str:
        parts = []
        if self.spec:
            parts.append(" – ".join(s.label for s in self.spec))
        if self.place or self.options.place:
            parts.append(self.place or self.options.place or "")
        return ", ".join(parts) or "all events"

    def command_args(self) -> str:
        """The `panj brief` options that select this scope (for the command that lists what was left out)."""
        out = []
        if self.options.dyad:
            out.append(f"--dyad {self.options.dyad}")
        if self.options.place:
            out.append(f"--place '{self.options.place}'")
        out.append(f"--since {self.period.start} --until {self.period.end}")
        return " ".join(out)


def newest_document_day(con: Any) -> date | None:
    """The store's newest publication day (documents known only to their year do not count), else the newest
    event day."""
    row = con.execute("SELECT max(published) FROM documents WHERE coalesce(published_granularity, 'day') = 'day'"
                      ).fetchone()
    if row[0] is None:
        row = con.execute("SELECT max(date_start) FROM events").fetchone()
    return row[0]


def stored_place(con: Any, place: str) -> str:
    """The place as the store spells it (name, admin1 or country code), matched without regard to case."""
    row = con.execute(
        """SELECT v FROM (SELECT name AS v FROM event_places UNION SELECT admin1 FROM event_places
                          UNION SELECT country FROM event_places) WHERE lower(v) = lower(?) ORDER BY v LIMIT 1""",
        [place.strip()]).fetchone()
    return row[0] if row else place.strip()


def resolve(store: Any, options: Options) -> Scope:
    """Fill in the defaults: the period ends at the newest document and lasts a week; the threshold is the
    configured one. Raises ValueError on a bad dyad or an empty period."""
    until = options.until
    if until is None:
        until = newest_document_day(store.con) or date.today()
        if options.since is not None and options.since > until:
            until = options.since + timedelta(days=DEFAULT_DAYS - 1)
    since = options.since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise ValueError(f"the period starts ({since}) after it ends ({until})")
    spec = parse_dyad(options.dyad) if options.dyad else None
    place = stored_place(store.con, options.place) if options.place else None
    threshold = default_threshold() if options.min_confidence is None else float(options.min_confidence)
    return Scope(options, Period(since, until), threshold, spec, place)


# -- the selection ------------------------------------------------------------------------------------------------
def on_side(actor: Dict, side: SideSpec, cfg: dict) -> bool:
    """The actor stands for this side, or (for a state side) is placed in that state."""
    return side.matches(actor, cfg) or (actor.get("country") or "") in side.keys


def dyad_match(rec: Dict, spec: tuple[SideSpec, SideSpec] | None, cfg: dict) -> bool:
    """Some actor–counterpart pair of the event (`series.event_pairs`) joins the two sides."""
    if spec is None:
        return True
    a, b = spec
    for x, y in event_pairs(rec):
        if side_key(x, cfg) is not None and side_key(x, cfg) == side_key(y, cfg):
            continue
        if (on_side(x, a, cfg) and on_side(y, b, cfg)) or (on_side(y, a, cfg) and on_side(x, b, cfg)):
            return True
    return False


def _side_sql(side: SideSpec) -> tuple[str, list]:
    """Participant rows that may stand for the side (a superset of `on_side`, checked exactly afterwards)."""
    keys = sorted(side.keys)
    return ("id IN (SELECT event_id FROM event_actors WHERE kb_id IN (SELECT unnest(?::TEXT[])) "
            "OR country IN (SELECT unnest(?::TEXT[])) OR country || '-' || sector IN (SELECT unnest(?::TEXT[])))",
            [sorted(side.kb_ids | side.keys), keys, keys])


def placed(rec: Dict, lo: date, hi: date, cfg: dict) -> bool:
    """The event's date overlaps [lo, hi] and is precise enough to place it there (module docstring)."""
    d = rec.get("date") or {}
    if not d.get("start"):
        return False
    s = date.fromisoformat(str(d["start"])[:10])
    e = date.fromisoformat(str(d.get("end") or d["start"])[:10])
    if e < lo or s > hi:
        return False
    return d.get("granularity") in cfg["date_granularities"] or (lo <= s and e <= hi)


def overlapping(store: Any, scope: Scope, lo: date, hi: date) -> list[Dict]:
    """Every event of the scope's dyad and place whose date overlaps [lo, hi], whatever its confidence, in date
    order."""
    where, params = EventFilter(date_from=lo, date_to=hi, place=scope.place).where()
    parts = [where]
    for side in scope.spec or ():
        sql, p = _side_sql(side)
        parts.append(sql)
        params += p
    rows = store.con.execute(f"SELECT record FROM events WHERE {' AND '.join(parts)} "
                             "ORDER BY date_start NULLS LAST, id", params).fetchall()
    records = (json.loads(r[0]) for r in rows)
    return [r for r in records if dyad_match(r, scope.spec, scope.cfg)]


def passes(rec: Dict, threshold: float) -> bool:
    """At or above the threshold; events fused before confidence existed are kept, as the dashboard keeps them."""
    c = rec.get("confidence")
    return c is None or c >= threshold


@dataclass
class Selection:
    events: list[Dict]          # in the period, at or above the threshold
    below: list[Dict]           # in the period, below the threshold (left out)
    vague: list[Dict]           # overlapping the period, dated too vaguely to place in it
    previous: list[Dict]        # in the previous period of the same length, at or above the threshold


def select(store: Any, scope: Scope) -> Selection:
    p, q = scope.period, scope.period.previous()
    now = overlapping(store, scope, p.start, p.end)
    inside = [r for r in now if placed(r, p.start, p.end, scope.cfg)]
    before = [r for r in overlapping(store, scope, q.start, q.end)
              if placed(r, q.start, q.end, scope.cfg) and passes(r, scope.threshold)]
    return Selection([r for r in inside if passes(r, scope.threshold)],
                     [r for r in inside if not passes(r, scope.threshold)],
                     [r for r in now if not placed(r, p.start, p.end, scope.cfg)], before)


# -- alerts ---------------------------------------------------------------------------------------------------------
def _kb_country(key: str) -> str | None:
    """The state the knowledge base places an actor in (`iskp` -> AFG), for alert keys that name an actor."""
    from panj.kb import load_kb

    entry = load_kb().entries.get(key)
    return entry.country if entry is not None else None


def _key_on_side(key: str, side: SideSpec) -> bool:
    return key in side.keys or key in side.kb_ids or (_kb_country(key) or "") in side.keys


def alert_matches(alert: Alert, scope: Scope) -> bool:
    """A dyad alert whose two sides are the brief's; with a place, that place's admin1 alerts."""
    if scope.place:
        if alert.scope != "admin1":
            return False
        country, _, admin1 = alert.key.partition("/")
        want = scope.place.lower()
        if want not in (country.lower(), admin1.lower(), alert.key.lower()):
            return False
        if scope.spec is None:
            return True
    if scope.spec is None:
        return True
    if alert.scope != "dyad":
        return bool(scope.place)
    x, _, y = alert.key.partition(":")
    a, b = scope.spec
    return (_key_on_side(x, a) and _key_on_side(y, b)) or (_key_on_side(y, a) and _key_on_side(x, b))


def period_alerts(store: Any, scope: Scope) -> list[Alert]:
    """Alerts (any state, still firing) on weeks that overlap the period, of the brief's dyad or place."""
    has = store.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'alerts'").fetchone()[0]
    if not has:
        return []
    found = list_alerts(store, since=scope.period.start)
    return [a for a in found if a.period_start <= scope.period.end and alert_matches(a, scope)]


# -- documents ------------------------------------------------------------------------------------------------------
def documents_read(con: Any, period: Period) -> dict[str, int]:
    """Documents published in the period (known to the day), the outlets among them, and the near-copies."""
    n, outlets, copies = con.execute(
        """SELECT count(*), count(DISTINCT lower(outlet)), count(duplicate_of) FROM documents
           WHERE published BETWEEN ? AND ? AND coalesce(published_granularity, 'day') = 'day'""",
        [period.start, period.end]).fetchone()
    return {"documents": n, "outlets": outlets, "near_copies": copies}


def document_rows(con: Any, doc_ids: list[str]) -> dict[str, Dict]:
    """Stored documents by id (what a footnote shows: title, outlet, publication, url, where it was read)."""
    if not doc_ids:
        return {}
    cur = con.execute("""SELECT id, title, outlet, url, CAST(published AS VARCHAR) AS published, source_path
                         FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))""", [sorted(set(doc_ids))])
    cols = [c[0] for c in cur.description]
    return {r[0]: dict(zip(cols, r)) for r in cur.fetchall()}


def baseline_events(store: Any, scope: Scope) -> list[Dict]:
    """Events of the scope at or above the threshold over the two years before the period and the period itself
    (for the usual level and the trend chart)."""
    lo = scope.period.start - timedelta(days=BASELINE_DAYS)
    return [r for r in overlapping(store, scope, lo, scope.period.end) if passes(r, scope.threshold)]


def first_document_day(con: Any) -> date | None:
    return con.execute("SELECT min(published) FROM documents WHERE coalesce(published_granularity, 'day') = 'day'"
                       ).fetchone()[0]
