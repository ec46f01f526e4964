"""Incremental alert refreshes, the horizon and the change-point search, on constructed events.

The guarantee: a refresh told which events changed leaves the same alerts as a refresh of everything on a store
built from scratch, keeps the analysts' decisions, and recomputes only the series those events count in."""
from __future__ import annotations

import copy
import math
from datetime import date, timedelta

import numpy as np
import pytest
import ruptures

from panj.indicators import alerts as al
from panj.indicators import keyindex
from panj.indicators import series as ind
from panj.indicators.changepoints import pelt_l2
from panj.store import Store

MONDAY = date(2024, 1, 1)
SIDES = {"AFG": {"name": "Taliban", "kb_id": "taliban", "country": "AFG", "sector": "GOV"},
         "TJK": {"name": "Tajik border troops", "kb_id": "tjk_border_troops", "country": "TJK", "sector": "MIL"},
         "UZB": {"name": "Uzbek army", "kb_id": "uzb_army", "country": "UZB", "sector": "MIL"},
         "KGZ": {"name": "Kyrgyz border guards", "kb_id": "kgz_border", "country": "KGZ", "sector": "MIL"},
         "iskp": {"name": "ISKP", "kb_id": "iskp", "country": "AFG", "sector": "REB"}}


def week(i: int) -> date:
    return MONDAY + timedelta(days=7 * i)


def events(prefix: str, counts: list[int], a: str = "AFG", b: str = "TJK", admin1: str = "Takhar",
           first_week: int = 0) -> list[dict]:
    """`counts[w]` asserted conflict events between sides `a` and `b` in `admin1` on week `first_week + w`."""
    out = []
    for w, n in enumerate(counts):
        day = week(first_week + w) + timedelta(days=2)
        for k in range(n):
            out.append({"id": f"{prefix}_{w:04d}_{k}", "event_type": "ASSAULT", "status": "asserted",
                        "date": {"start": day.isoformat(), "end": day.isoformat(), "granularity": "day"},
                        "actors": [SIDES[a]], "recipients": [SIDES[b]],
                        "locations": [{"name": admin1, "country": "AFG", "admin1": admin1}],
                        "score": -8.0, "quad_class": "material_conflict", "mention_ids": [f"m_{prefix}_{w}_{k}"],
                        "summary": f"{prefix} week {w} attack {k}"})
    return out


def base_records() -> list[dict]:
    """Three dyads, two provinces: a surge, a step (change point) and a quiet dyad."""
    return (events("surge", [2, 2, 2, 2, 6, 2, 2, 2, 2, 2, 2, 2] + [2] * 18)
            + events("step", [1] * 15 + [5] * 15, "AFG", "UZB", "Balkh")
            + events("quiet", [1] * 30, "iskp", "TJK", "Kunduz"))


def snapshot(store: Store) -> list[tuple]:
    """Everything a refresh decides about each alert (not its timestamps)."""
    return sorted((a.id, a.kind, a.scope, a.key, a.period_start, a.value, a.baseline, a.change, tuple(a.event_ids),
                   a.state, a.active) for a in al.list_alerts(store, include_inactive=True))


def from_scratch(tmp_path, records: list[dict], name: str, cfg: dict | None = None) -> list[tuple]:
    with Store(tmp_path / f"{name}.duckdb") as store:
        store.replace_events(records)
        al.refresh(store, cfg)
        return snapshot(store)


@pytest.fixture()
def cfg():
    return ind.load_config()


@pytest.fixture()
def thresholds_only(cfg):
    """The settings with change points off: these tests count threshold alerts."""
    cfg = copy.deepcopy(cfg)
    cfg["alerts"]["change_points"]["enabled"] = False
    return cfg


def test_incremental_refresh_equals_a_full_refresh_and_keeps_states(tmp_path):
    records = base_records()
    with Store(tmp_path / "inc.duckdb") as store:
        store.replace_events(records)
        first = al.refresh(store)
        assert first.full and first.raised > 0
        assert snapshot(store) == from_scratch(tmp_path, records, "a")
        decided = next(a for a in al.list_alerts(store) if a.key == "AFG:TJK")
        al.set_state(store, decided.id, "acknowledged")
        # new events inside the window: a second surge on AFG:TJK, a new dyad
        added = events("more", [0] * 20 + [9], first_week=0) + events("new", [3] * 6, "KGZ", "TJK", "Sughd", 10)
        records += added
        store.replace_events(records)
        rep = al.refresh(store, changed=[r["id"] for r in added])
        assert not rep.full and rep.raised > 0
        # AFG:TJK, AFG/Takhar, KGZ:TJK, AFG/Sughd
        assert rep.series == 4
        got = snapshot(store)
        want = from_scratch(tmp_path, records, "b")
        assert [g[:-2] for g in got] == [w[:-2] for w in want]
        assert al.get_alert(store, decided.id).state == "acknowledged"
        # events of later weeks move the window's end: every key with events in the window is recomputed
        later = events("late", [0, 0, 0, 0, 0, 0, 8], "AFG", "UZB", "Balkh", first_week=30)
        records += later
        store.replace_events(records)
        rep = al.refresh(store, changed=[r["id"] for r in later])
        assert rep.series == 8  # the four keys above, AFG:UZB, AFG/Balkh, TJK:iskp, AFG/Kunduz
        assert [g[:-2] for g in snapshot(store)] == [w[:-2] for w in from_scratch(tmp_path, records, "c")]
        assert al.get_alert(store, decided.id).state == "acknowledged"


def test_an_event_that_changes_keys_withdraws_the_alerts_of_its_old_keys(tmp_path, thresholds_only):
    cfg = thresholds_only
    records = events("e", [1, 1, 1, 1, 2]) + events("o", [1, 1, 1, 1, 1], "AFG", "UZB", "Balkh")
    with Store(tmp_path / "keys.duckdb") as store:
        store.replace_events(records)
        al.refresh(store, cfg)
        assert {(a.scope, a.key) for a in al.list_alerts(store)} == {("dyad", "AFG:TJK"), ("admin1", "AFG/Takhar")}
        dyad = next(a for a in al.list_alerts(store) if a.scope == "dyad")
        al.set_state(store, dyad.id, "dismissed")
        # fusion re-reads one event of the surge week: its recipient is Uzbek, its place Balkh
        moved = copy.deepcopy(next(r for r in records if r["id"] == "e_0004_1"))
        moved["recipients"], moved["locations"] = [SIDES["UZB"]], [{"country": "AFG", "admin1": "Balkh"}]
        records = [moved if r["id"] == moved["id"] else r for r in records]
        store.replace_events(records)
        rep = al.refresh(store, cfg, changed=[moved["id"]])
        assert rep.series == 4
        # the old keys' week is back to 1 against 1: their surge goes (the decided one stays, inactive)...
        assert (rep.withdrawn, rep.retired) == (1, 1)
        assert [(a.id, a.state, a.active) for a in al.list_alerts(store, include_inactive=True)
                if a.key == "AFG:TJK"] == [(dyad.id, "dismissed", False)]
        # ... and the new keys' week is 2 against 1: a surge there
        assert rep.raised == 2 and {a.key for a in al.list_alerts(store)} == {"AFG:UZB", "AFG/Balkh"}
        assert store.con.execute("SELECT scope, key FROM series_keys WHERE event_id = ? ORDER BY scope",
                                 [moved["id"]]).fetchall() == [("admin1", "AFG/Balkh"), ("dyad", "AFG:UZB")]
        assert [g[:-2] for g in snapshot(store) if g[-1]] == [w[:-2] for w in from_scratch(tmp_path, records, "scratch", cfg)]


def test_removed_events_withdraw_their_alerts(tmp_path, thresholds_only):
    cfg = thresholds_only
    records = events("e", [2, 2, 2, 2, 5]) + events("o", [1, 1, 1, 1, 3], "AFG", "UZB", "Balkh")
    with Store(tmp_path / "rm.duckdb") as store:
        store.replace_events(records)
        al.refresh(store, cfg)
        assert len(al.list_alerts(store)) == 4
        gone = [r["id"] for r in records if r["id"].startswith("e_0004")]
        records = [r for r in records if r["id"] not in gone]
        store.replace_events(records)
        rep = al.refresh(store, cfg, changed=[], removed=gone)
        assert rep.withdrawn == 2 and rep.series == 2
        assert {a.key for a in al.list_alerts(store)} == {"AFG:UZB", "AFG/Balkh"}
        assert store.con.execute("SELECT count(*) FROM series_keys WHERE starts_with(event_id, 'e_0004')"
                                 ).fetchone()[0] == 0


def test_only_the_touched_series_are_recomputed(tmp_path, monkeypatch):
    sides = ["TJK", "UZB", "KGZ", "iskp"]
    records = [r for i, b in enumerate(sides)
               for r in events(f"d{i}", [1, 2, 1, 2, 1, 2, 1, 2], "AFG", b, f"Prov{i}")]
    with Store(tmp_path / "spy.duckdb") as store:
        store.replace_events(records)
        assert al.refresh(store).series == 8
        built: list[str] = []
        real = al.build_series

        def spy(*args, **kwargs):
            built.append(args[6] if len(args) > 6 else kwargs.get("label", ""))
            return real(*args, **kwargs)

        monkeypatch.setattr(al, "build_series", spy)
        extra = events("x", [0, 0, 0, 4], "AFG", "KGZ", "Prov2")
        store.replace_events(records + extra)
        rep = al.refresh(store, changed=[r["id"] for r in extra])
        assert sorted(built) == ["AFG/Prov2", "AFG:KGZ"] and rep.series == 2
        built.clear()
        assert al.refresh(store, changed=[]).series == 0 and built == []


def test_settings_changed_since_the_last_refresh_mean_a_full_one(tmp_path, cfg):
    with Store(tmp_path / "cfg.duckdb") as store:
        store.replace_events(base_records())
        al.refresh(store)
        assert not al.refresh(store, changed=[]).full
        cfg["alerts"]["window_weeks"] = 3
        assert al.refresh(store, cfg, changed=[]).full


def test_the_horizon_keeps_old_events_out_of_the_weekly_series(tmp_path, thresholds_only):
    cfg = thresholds_only
    # a surge ten years before the newest document; recent ordinary weeks from week -6, a recent surge on week 4
    # (each burst's second and third weeks rise against the empty weeks before it: +100%, +33%)
    old = events("old", [2, 2, 2, 2, 8], first_week=-520)
    recent = events("now", [2] * 10 + [7, 2], first_week=-6)
    with Store(tmp_path / "h.duckdb") as store:
        store.replace_events(old + recent)
        store.add_documents([{"id": "d1", "text": "x", "published": week(5)}], [])
        al.refresh(store, cfg)
        assert {a.period_start for a in al.list_alerts(store)} == {week(-4), week(-3), week(4)}
        start, end = keyindex.store_window(store.con, cfg)
        assert end == week(5) and (week(5) - start).days == pytest.approx(3 * 365.25, abs=7)
        # the old events keep their records and index rows
        assert store.con.execute("SELECT count(*) FROM series_keys WHERE starts_with(event_id, 'old')"
                                 ).fetchone()[0] == 2 * len(old)
        cfg["alerts"]["horizon_years"] = None
        al.refresh(store, cfg)
        # the old burst opens the window now, so its first four weeks have no month before them to compare with
        assert {a.period_start for a in al.list_alerts(store)} == {week(-4), week(-3), week(4), week(-516)}


def test_pelt_from_prefix_sums_finds_ruptures_breakpoints():
    rng = np.random.default_rng(3)
    for _ in range(60):
        n, m = int(rng.integers(8, 120)), int(rng.choice([1, 2, 3, 5]))
        levels = rng.choice([0.3, 1.0, 4.0, 9.0], size=3)
        cut1, cut2 = sorted(rng.integers(0, n, size=2))
        x = np.concatenate([rng.poisson(levels[0], cut1), rng.poisson(levels[1], cut2 - cut1),
                            rng.poisson(levels[2], n - cut2)]).astype(float)
        signal = al.anscombe(x)
        pen = 3.0 * math.log(n) * al.noise_variance(signal, 1.0)
        if n < 2 * m:
            continue
        want = ruptures.Pelt(model="l2", min_size=m, jump=1).fit(signal.reshape(-1, 1)).predict(pen=pen)
        assert pelt_l2(signal, pen, m) == want


def test_a_ten_year_weekly_series_still_finds_its_change_point(cfg):
    rng = np.random.default_rng(11)
    counts = [int(c) for c in rng.poisson(1.0, 400)] + [int(c) for c in rng.poisson(6.0, 122)]
    recs = events("long", counts)
    series = ind.build_series([c for r in recs if (c := ind.contribution(r, cfg))], {}, week(0),
                              week(len(counts) - 1), "weekly", cfg, "AFG:TJK", with_percentiles=False)
    assert len(series.points) == 522
    cps = al.change_point_alerts(series, "conflict", "dyad", "AFG:TJK", cfg)
    assert [(a.period_start, a.detail["direction"]) for a in cps] == [(week(400), "rise")]


def test_events_fusion_wrote_before_a_kill_are_refreshed_by_the_next_run(tmp_path):
    """Fusion queues the events it writes in the same transaction; a run killed before its refresh leaves them
    queued, and the next refresh (told of nothing new) still recomputes their series."""
    from panj.fuse.incremental import write_events

    records = [{**r, "mentions": []} for r in base_records()]  # fused records carry their mentions
    early = [r for r in records if r["id"].startswith("quiet")]
    with Store(tmp_path / "killed.duckdb") as store:
        write_events(store, early)
        al.refresh(store, changed=[r["id"] for r in early])
        write_events(store, [r for r in records if r not in early])  # ... and the process dies here
        assert store.con.execute("SELECT count(*) FROM alert_queue").fetchone()[0] > 0
        report = al.refresh(store, changed=[])
        assert not report.full and report.series > 0
        assert store.con.execute("SELECT count(*) FROM alert_queue").fetchone()[0] == 0
        assert snapshot(store) == from_scratch(tmp_path, records, "whole")
