"""Alerts on the weekly dyad and place series, each listing the events that drove it, kept in the store.

Why: a rising curve is only useful if the analyst can open it and read the reports behind it, and mark what
they have already looked at. Two rules run on every weekly series (settings in ``panj/data/indicators.yaml``):

* **thresholds** (ACLED's conflict-change rule): a week is compared with the average of the four weeks before it.
  Change >= 100% is a ``surge``, > 25% a ``large_increase``, 10-25% a ``moderate_increase``; nothing is flagged
  while that four-week average is below 1 (status-weighted) event a week. The alert lists that week's events.
* **change points**: PELT (l2 cost; exact, from prefix sums, see ``changepoints.py`` for why not ruptures' loop)
  on the Anscombe-transformed weekly counts (Poisson noise becomes unit variance), penalty
  ``penalty * log(n) * noise variance`` (noise from the median absolute first difference, floored at 1, so
  over-dispersed series need bigger changes). A ``change_point`` alert sits on the first week of the new
  segment; a rise lists the events of the first weeks after it, a fall those of the last weeks before it.

The weekly series run over the watch's horizon (``alerts.horizon_years`` back from the newest document; see
``keyindex.py``), not over every date the news mentions.

Alert ids hash the rule family, scope, key, metric and week, so a refresh finds the same alert again and keeps
its state (open | acknowledged | dismissed). A refresh deletes open alerts that no longer fire and keeps decided
ones, marked inactive. After an ingest, ``refresh(store, changed=..., removed=...)`` recomputes only the series
of the keys those events count in, before and after the change (the ``series_keys`` index remembers the before),
and touches only those keys' alerts; a refresh without ``changed`` recomputes everything. Both give the same
alerts: the series of a key depends only on its own events and the window, and when the window moves (a newer
document) every key with events or alerts in it is recomputed.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Iterable, Iterator

import numpy as np

from panj.indicators import keyindex
from panj.indicators.changepoints import pelt_l2
from panj.indicators.keyindex import Key
from panj.store.bulk import insert_rows, record_chunks
from panj.indicators.series import (Contribution, Series, build_series, contributions_by_key, event_day,
                                    load_config)

STATES = ("open", "acknowledged", "dismissed")
THRESHOLD_KINDS = ("moderate_increase", "large_increase", "surge")
_COLUMNS = ("id", "kind", "scope", "key", "metric", "period_start", "period_end", "value", "baseline", "change",
            "state", "active", "event_ids", "detail", "created_at", "updated_at")


@dataclass
class Alert:
    id: str
    kind: str
    scope: str
    key: str
    metric: str
    period_start: date
    period_end: date
    value: float
    baseline: float
    change: float | None
    event_ids: list[str]
    detail: dict[str, Any] = field(default_factory=dict)
    state: str = "open"
    active: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def explanation(self) -> str:
        return self.detail.get("explanation", "")

    @property
    def events(self) -> list[dict[str, Any]]:
        """Snapshot of the driving events (id, date, type, status, weight, score, summary), strongest first."""
        return self.detail.get("events", [])


def alert_id(family: str, scope: str, key: str, metric: str, week: date) -> str:
    raw = f"{family}|{scope}|{key}|{metric}|{week.isoformat()}"
    return "al_" + hashlib.sha1(raw.encode()).hexdigest()[:12]


def _strongest(contribs: Iterable[Contribution], metric: str, limit: int) -> list[Contribution]:
    """Events of the metric's polarity, by weight, then by how far their score is from neutral."""
    chosen = [c for c in contribs if c.polarity == metric]
    chosen.sort(key=lambda c: (-c.weight, -abs(c.score), c.day, c.event_id))
    return chosen[:limit]


def _snapshot(contribs: list[Contribution]) -> list[dict[str, Any]]:
    return [{"id": c.event_id, "date": c.day.isoformat(), "event_type": c.event_type, "status": c.status,
             "weight": c.weight, "score": c.score, "summary": c.summary} for c in contribs]


def _pct(change: float | None) -> str:
    return "n/a" if change is None else f"{change * 100:+.0f}%"


def threshold_alerts(series: Series, metric: str, scope: str, key: str, cfg: dict) -> list[Alert]:
    """ACLED-style week-over-month rule on a weekly series."""
    a = cfg["alerts"]
    window, floor = int(a["window_weeks"]), float(a["min_average"])
    values = series.values(metric)
    out = []
    for t in range(window, len(values)):
        avg = sum(values[t - window:t]) / window
        if avg < floor or avg <= 0:
            continue
        change = (values[t] - avg) / avg
        if change >= a["surge"]:
            kind = "surge"
        elif change > a["large"]:
            kind = "large_increase"
        elif change >= a["moderate"]:
            kind = "moderate_increase"
        else:
            continue
        p = series.points[t]
        drivers = _strongest((series.contributions[i] for i in p.event_ids), metric, int(a["max_events"]))
        text = (f"{kind.replace('_', ' ')}: {values[t]:g} weighted {metric} events in the week of "
                f"{p.start.isoformat()} against a {window}-week average of {avg:.2f} ({_pct(change)})")
        out.append(Alert(alert_id("threshold", scope, key, metric, p.start), kind, scope, key, metric, p.start,
                         p.end, float(values[t]), float(avg), float(change), [c.event_id for c in drivers],
                         {"explanation": text, "events": _snapshot(drivers), "rule": "threshold",
                          "window_weeks": window, "min_average": floor}))
    return out


def anscombe(counts: np.ndarray) -> np.ndarray:
    """Variance-stabilising transform for counts: Poisson noise becomes about unit variance at any level, so one
    penalty serves a quiet and a busy dyad alike."""
    return 2.0 * np.sqrt(np.maximum(counts, 0.0) + 0.375)


def noise_variance(values: np.ndarray, floor: float) -> float:
    """Robust noise variance from first differences (a step barely moves their median), floored."""
    if len(values) < 3:
        return floor
    mad = float(np.median(np.abs(np.diff(values) - np.median(np.diff(values)))))
    return max(floor, (mad / 0.6745) ** 2 / 2.0)


def change_point_alerts(series: Series, metric: str, scope: str, key: str, cfg: dict) -> list[Alert]:
    """PELT change points on a weekly series, each explained by the events around it."""
    c = cfg["alerts"]["change_points"]
    if not c.get("enabled", True):
        return []
    signal = np.array(series.values(metric), dtype=float)
    n, min_size = len(signal), int(c["min_size"])
    if n < 2 * min_size or not signal.any():
        return []
    fit = anscombe(signal) if c.get("transform", "anscombe") == "anscombe" else signal
    sigma2 = noise_variance(fit, float(c["min_variance"]))
    pen = float(c["penalty"]) * math.log(n) * sigma2
    if c.get("model", "l2") != "l2":
        raise ValueError("alerts.change_points.model: only l2 is supported")
    bkps = pelt_l2(fit, pen, min_size)
    bounds = [0] + list(bkps)
    out = []
    explain = int(c["explain_weeks"])
    limit = int(cfg["alerts"]["max_events"])
    for i in range(1, len(bounds) - 1):
        lo, b, hi = bounds[i - 1], bounds[i], bounds[i + 1]
        before, after = float(signal[lo:b].mean()), float(signal[b:hi].mean())
        if max(before, after) < float(c["min_level"]) or before == after:
            continue
        rise = after > before
        weeks = range(b, min(hi, b + explain)) if rise else range(max(lo, b - explain), b)
        contribs = [series.contributions[e] for w in weeks for e in series.points[w].event_ids]
        drivers = _strongest(contribs, metric, limit)
        change = (after - before) / before if before > 0 else None
        p = series.points[b]
        span = f"{series.points[weeks[0]].start.isoformat()}..{series.points[weeks[-1]].end.isoformat()}"
        text = (f"change point: weighted {metric} events {'rose' if rise else 'fell'} from {before:.2f} a week "
                f"({series.points[lo].start.isoformat()} on, {b - lo} weeks) to {after:.2f} a week from the week of "
                f"{p.start.isoformat()} ({hi - b} weeks, {_pct(change)}); events listed: {span}")
        out.append(Alert(alert_id("change_point", scope, key, metric, p.start), "change_point", scope, key, metric,
                         p.start, p.end, after, before, change, [d.event_id for d in drivers],
                         {"explanation": text, "events": _snapshot(drivers), "rule": "change_point",
                          "direction": "rise" if rise else "fall", "penalty": pen,
                          "segment_before": [series.points[lo].start.isoformat(), series.points[b - 1].end.isoformat()],
                          "segment_after": [p.start.isoformat(), series.points[hi - 1].end.isoformat()]}))
    return out


def series_alerts(series: Series, metric: str, scope: str, key: str, cfg: dict) -> list[Alert]:
    return threshold_alerts(series, metric, scope, key, cfg) + change_point_alerts(series, metric, scope, key, cfg)


def key_alerts(scope: str, key: str, contribs: Iterable[Contribution], window: tuple[date, date],
               cfg: dict) -> list[Alert]:
    """Every alert on one key's weekly series over the window; nothing to compute when no event falls in it."""
    last = window[1] + timedelta(days=6)
    inside = [c for c in contribs if window[0] <= c.day <= last]
    if not inside:
        return []
    series = build_series(inside, {}, window[0], window[1], "weekly", cfg, key, with_percentiles=False)
    out: list[Alert] = []
    for metric in cfg["alerts"]["metrics"]:
        out.extend(series_alerts(series, metric, scope, key, cfg))
    return out


def compute_alerts(records: list[dict], docs_per_day: dict[date, int], cfg: dict | None = None) -> list[Alert]:
    """Every alert the rules raise on the weekly series of every dyad and admin1 in `records` (pure)."""
    cfg = cfg or load_config()
    window = keyindex.window_from_days((event_day(r, cfg) for r in records), docs_per_day, cfg)
    if window is None:
        return []
    out: list[Alert] = []
    for scope in cfg["alerts"]["scopes"]:
        for key, contribs in sorted(contributions_by_key(records, scope, cfg).items()):
            out.extend(key_alerts(scope, key, contribs, window, cfg))
    return out


# -- the store --------------------------------------------------------------------------------------------------
@dataclass
class RefreshReport:
    raised: int = 0        # new alerts
    updated: int = 0       # alerts raised again (state kept)
    withdrawn: int = 0     # open alerts that no longer fire, deleted
    retired: int = 0       # decided alerts that no longer fire, kept inactive
    series: int = 0        # keys whose weekly series were recomputed
    full: bool = False     # every key recomputed (no `changed`, new settings, or no index yet)


RECORDS_AT_ONCE = 5_000  # changed events whose records a refresh holds in memory at one time
ROWS_AT_ONCE = 50_000  # index rows (contributions) a refresh holds in memory at one time; a bigger key alone


def refresh(store: Any, cfg: dict | None = None, changed: Iterable[str] | None = None,
            removed: Iterable[str] = ()) -> RefreshReport:
    """Recompute alerts from the fused events and write them, keeping every alert's state.

    `changed`: ids of events inserted or updated since the last refresh, `removed`: ids of events deleted; only
    the keys they count in (before and after) are recomputed, and so are those of the events fusion queued for
    alerts (a run killed before its refresh leaves them there). `changed=None` recomputes every key.

    Memory stays bounded whatever the import: the changed ids wait in a temporary table and are read a slice of
    records at a time, and series are computed and their alerts written a few keys (`ROWS_AT_ONCE` index rows)
    at a time."""
    cfg = cfg or load_config()
    with store.transaction() as con:
        window = keyindex.store_window(con, cfg)
        state = keyindex.read_state(con)
        full = changed is None or state.get("config") != keyindex.fingerprint(cfg)
        report = RefreshReport(full=full)
        if full:
            con.execute("DELETE FROM alert_queue")
            keyindex.rebuild(con, (r for chunk in record_chunks(con, RECORDS_AT_ONCE) for r in chunk), cfg)
            touched = keyindex.alert_keys(con) | (keyindex.indexed_keys(con, *window) if window else set())
        else:
            touched = _reindex_changed(store, con, changed or (), removed, cfg)
            if window != keyindex.stored_window(state):
                touched |= keyindex.alert_keys(con)
                if window is not None:
                    touched |= keyindex.indexed_keys(con, *window)
        for keys in _batches(con, touched, window):
            alerts: list[Alert] = []
            if window is not None:
                for (scope, key), contribs in sorted(keyindex.contributions(con, keys, *window, cfg).items()):
                    report.series += 1
                    alerts.extend(key_alerts(scope, key, contribs, window, cfg))
            _write(con, alerts, set(keys), report)
        keyindex.write_state(con, window, cfg)
    return report


def _reindex_changed(store: Any, con: Any, changed: Iterable[str], removed: Iterable[str], cfg: dict) -> set[Key]:
    """Re-index the changed and queued events, a slice of records at a time (their ids wait in a temporary table,
    not in Python sets); drop the removed ones and those no longer stored. The keys touched, before and after."""
    con.execute("CREATE OR REPLACE TEMP TABLE _refresh_ids (id TEXT)")
    con.execute("INSERT INTO _refresh_ids SELECT event_id FROM alert_queue")
    con.execute("DELETE FROM alert_queue")
    batch: list[tuple[str]] = []
    for i in changed:
        batch.append((i,))
        if len(batch) >= 100_000:
            insert_rows(con, "_refresh_ids", batch)
            batch = []
    insert_rows(con, "_refresh_ids", batch)
    con.execute("CREATE OR REPLACE TEMP TABLE _refresh_slices AS "
                "SELECT id, row_number() OVER (ORDER BY id) AS n FROM (SELECT DISTINCT id FROM _refresh_ids) ORDER BY n")
    con.execute("DROP TABLE _refresh_ids")
    total = con.execute("SELECT count(*) FROM _refresh_slices").fetchone()[0]
    touched: set[Key] = set()
    for lo in range(1, total + 1, RECORDS_AT_ONCE):  # a big import is read a slice at a time
        ids = [r[0] for r in con.execute("SELECT id FROM _refresh_slices WHERE n BETWEEN ? AND ? ORDER BY n",
                                         [lo, lo + RECORDS_AT_ONCE - 1]).fetchall()]
        fresh = store.events_by_id(ids)
        present = {r["id"] for r in fresh}
        touched |= keyindex.update(con, fresh, [i for i in ids if i not in present], cfg)
    con.execute("DROP TABLE _refresh_slices")
    return touched | keyindex.update(con, [], sorted(set(removed)), cfg)


def _batches(con: Any, keys: set[Key], window: tuple[date, date] | None) -> Iterator[list[Key]]:
    """The keys in order, grouped so that a group's index rows in the window stay under `ROWS_AT_ONCE`."""
    sizes = keyindex.row_counts(con, keys, *window) if window is not None else {}
    group: list[Key] = []
    rows = 0
    for k in sorted(keys):
        n = sizes.get(k, 0)
        if group and rows + n > ROWS_AT_ONCE:
            yield group
            group, rows = [], 0
        group.append(k)
        rows += n
    if group:
        yield group


def _write(con: Any, alerts: list[Alert], keys: set[Key] | None, report: RefreshReport) -> None:
    """Insert or update `alerts`; withdraw (open) or retire (decided) the other alerts of `keys` (None: all)."""
    if keys is None:
        existing = dict(con.execute("SELECT id, state FROM alerts").fetchall())
    elif keys:
        ordered = sorted(keys)
        existing = dict(con.execute(
            """SELECT a.id, a.state FROM alerts a
               JOIN (SELECT unnest(?::TEXT[]) AS scope, unnest(?::TEXT[]) AS key) t
                 ON a.scope = t.scope AND a.key = t.key""",
            [[s for s, _ in ordered], [k for _, k in ordered]]).fetchall())
    else:
        existing = {}
    fresh = {a.id for a in alerts}
    report.raised += len(fresh - existing.keys())
    report.updated += len(fresh & existing.keys())
    if alerts:
        # one upsert for all of them: a stored alert keeps its state and created_at, the rest is rewritten
        cols = list(zip(*[(a.id, a.kind, a.scope, a.key, a.metric, a.period_start, a.period_end, a.value,
                           a.baseline, a.change, a.event_ids, json.dumps(a.detail, default=str)) for a in alerts]))
        con.execute("""INSERT INTO alerts (id, kind, scope, key, metric, period_start, period_end, value, baseline,
                           change, event_ids, detail)
                       SELECT unnest(?::TEXT[]), unnest(?::TEXT[]), unnest(?::TEXT[]), unnest(?::TEXT[]),
                           unnest(?::TEXT[]), unnest(?::DATE[]), unnest(?::DATE[]), unnest(?::DOUBLE[]),
                           unnest(?::DOUBLE[]), unnest(?::DOUBLE[]), unnest(?::TEXT[][]), unnest(?::TEXT[])::JSON
                       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, scope = excluded.scope,
                           key = excluded.key, metric = excluded.metric, period_start = excluded.period_start,
                           period_end = excluded.period_end, value = excluded.value, baseline = excluded.baseline,
                           change = excluded.change, event_ids = excluded.event_ids, detail = excluded.detail,
                           active = TRUE, updated_at = now()""", [list(c) for c in cols])
    gone = sorted(i for i in existing if i not in fresh)
    withdrawn = [i for i in gone if existing[i] == "open"]
    retired = [i for i in gone if existing[i] != "open"]
    if withdrawn:
        con.execute("DELETE FROM alerts WHERE id IN (SELECT unnest(?::TEXT[]))", [withdrawn])
    if retired:
        con.execute("UPDATE alerts SET active = FALSE, updated_at = now() WHERE id IN (SELECT unnest(?::TEXT[]))",
                    [retired])
    report.withdrawn += len(withdrawn)
    report.retired += len(retired)


def _row_to_alert(row: tuple) -> Alert:
    d = dict(zip(_COLUMNS, row))
    d["detail"] = json.loads(d["detail"]) if d["detail"] else {}
    d["event_ids"] = list(d["event_ids"] or [])
    return Alert(**d)


def list_alerts(store: Any, since: date | None = None, states: Iterable[str] | None = None,
                include_inactive: bool = False, kinds: Iterable[str] | None = None) -> list[Alert]:
    """Stored alerts, newest week first."""
    where, params = ["TRUE"], []
    if since is not None:
        where.append("period_end >= ?")
        params.append(since)
    if states:
        states = list(states)
        where.append(f"state IN ({', '.join('?' for _ in states)})")
        params.extend(states)
    if kinds:
        kinds = list(kinds)
        where.append(f"kind IN ({', '.join('?' for _ in kinds)})")
        params.extend(kinds)
    if not include_inactive:
        where.append("active")
    rows = store.con.execute(f"SELECT {', '.join(_COLUMNS)} FROM alerts WHERE {' AND '.join(where)} "
                             "ORDER BY period_start DESC, scope, key, kind, id", params).fetchall()
    return [_row_to_alert(r) for r in rows]


def get_alert(store: Any, id_or_prefix: str) -> Alert:
    """The alert with this id, or the only one whose id starts with it (with or without 'al_')."""
    prefix = id_or_prefix if id_or_prefix.startswith("al_") else "al_" + id_or_prefix
    rows = store.con.execute(f"SELECT {', '.join(_COLUMNS)} FROM alerts WHERE starts_with(id, ?) ORDER BY id",
                             [prefix]).fetchall()
    if not rows:
        raise KeyError(f"no alert {id_or_prefix!r}")
    if len(rows) > 1:
        raise KeyError(f"{id_or_prefix!r} matches {len(rows)} alerts; give more of the id")
    return _row_to_alert(rows[0])


def set_state(store: Any, id_or_prefix: str, state: str) -> Alert:
    """Acknowledge, dismiss or reopen an alert; the state survives later refreshes."""
    if state not in STATES:
        raise ValueError(f"state is one of {STATES}")
    alert = get_alert(store, id_or_prefix)
    with store.transaction() as con:
        con.execute("UPDATE alerts SET state = ?, updated_at = current_timestamp WHERE id = ?", [state, alert.id])
    return get_alert(store, alert.id)
