"""Alerts on constructed weekly series whose alerts are worked out by hand beforehand."""
from __future__ import annotations

import copy
from datetime import date, timedelta

import numpy as np
import pytest
from typer.testing import CliRunner

from panj.indicators import alerts as al
from panj.indicators import series as ind
from panj.store import Store

TALIBAN = {"name": "Taliban", "text": "Taliban", "kb_id": "taliban", "country": "AFG", "sector": "GOV"}
TJK_MIL = {"name": "Tajik border troops", "text": "border guards", "kb_id": "tjk_border_troops",
           "country": "TJK", "sector": "MIL"}
MONDAY = date(2024, 1, 1)


def week(i: int) -> date:
    return MONDAY + timedelta(days=7 * i)


def make_events(weekly_counts: list[float], start_id: int = 0, status: str = "asserted",
                admin1: str = "Takhar") -> list[dict]:
    """Events on the weeks' Wednesdays: a whole count asserted, a half count one claimed event."""
    out, i = [], start_id
    for w, n in enumerate(weekly_counts):
        whole, half = int(n), (n - int(n)) > 0
        for k in range(whole + int(half)):
            st = "claimed" if (half and k == whole) else status
            day = week(w) + timedelta(days=2)
            out.append({"id": f"evt_{i:05d}", "event_type": "ASSAULT", "status": st,
                        "date": {"start": day.isoformat(), "end": day.isoformat(), "granularity": "day"},
                        "actors": [TALIBAN], "recipients": [TJK_MIL],
                        "locations": [{"name": admin1, "country": "AFG", "admin1": admin1}],
                        "score": -9.0 if k % 2 == 0 else -7.0, "quad_class": "material_conflict",
                        "mention_ids": [f"m{i}"], "summary": f"week {w} attack {k}"})
            i += 1
    return out


def weekly_series(counts: list[float], cfg: dict):
    records = make_events(counts)
    contribs = [c for r in records if (c := ind.contribution(r, cfg))]
    return ind.build_series(contribs, {}, week(0), week(len(counts) - 1), "weekly", cfg, "AFG:TJK")


@pytest.fixture()
def cfg():
    return ind.load_config()


def kinds(alerts):
    return [(a.period_start, a.kind) for a in alerts]


def test_acled_thresholds_by_hand(cfg):
    # four weeks at 4; then 4.5 (+12.5% moderate), 4 (avg 4.125: -3%), 6 (avg 4.125: +45% large),
    # 10 (avg 4.625: +116% surge), 5 (avg 6.125: -18%)
    s = weekly_series([4, 4, 4, 4, 4.5, 4, 6, 10, 5], cfg)
    got = al.threshold_alerts(s, "conflict", "dyad", "AFG:TJK", cfg)
    assert kinds(got) == [(week(4), "moderate_increase"), (week(6), "large_increase"), (week(7), "surge")]
    surge = got[-1]
    assert surge.value == 10 and surge.baseline == pytest.approx(4.625)
    assert surge.change == pytest.approx(10 / 4.625 - 1)
    # the surge is explained by exactly the ten events of its week, strongest (score -9) first
    assert len(surge.event_ids) == 10 and all(e["date"] == (week(7) + timedelta(days=2)).isoformat()
                                              for e in surge.events)
    assert surge.events[0]["score"] == -9.0 and surge.events[-1]["score"] == -7.0
    assert "surge" in surge.explanation and "+116%" in surge.explanation
    # the moderate week lists the claimed event with weight 0.5
    assert sorted(e["weight"] for e in got[0].events)[0] == 0.5


def test_nothing_flagged_below_one_event_a_week(cfg):
    s = weekly_series([1, 1, 1, 0, 5, 0, 0, 0, 3, 0, 0, 0, 0, 3], cfg)
    # week 4: average 0.75 < 1, no alert despite the jump; week 8: average of [5,0,0,0] is 1.25 -> 3 is +140%;
    # week 13: average of [0,0,0,0] is 0, no alert
    got = al.threshold_alerts(s, "conflict", "dyad", "AFG:TJK", cfg)
    assert kinds(got) == [(week(8), "surge")]


def test_change_point_on_a_step_with_known_threshold_alerts(cfg):
    counts = [1] * 12 + [6] * 12
    s = weekly_series(counts, cfg)
    cps = al.change_point_alerts(s, "conflict", "dyad", "AFG:TJK", cfg)
    assert kinds(cps) == [(week(12), "change_point")]
    cp = cps[0]
    assert cp.detail["direction"] == "rise" and cp.baseline == 1.0 and cp.value == 6.0
    assert cp.change == pytest.approx(5.0)
    # a rise is explained by the events of the first four weeks of the new level: 4 x 6
    assert len(cp.event_ids) == 24
    assert {e["date"] for e in cp.events} == {(week(w) + timedelta(days=2)).isoformat() for w in range(12, 16)}
    # week 12: 6 vs 1 (+500%), 13: 6 vs 2.25 (+167%), 14: 6 vs 3.5 (+71%), 15: 6 vs 4.75 (+26%)
    th = al.threshold_alerts(s, "conflict", "dyad", "AFG:TJK", cfg)
    assert kinds(th) == [(week(12), "surge"), (week(13), "surge"), (week(14), "large_increase"),
                         (week(15), "large_increase")]


def test_change_point_fall_lists_the_activity_that_stopped(cfg):
    s = weekly_series([5] * 10 + [0] * 10, cfg)
    cps = al.change_point_alerts(s, "conflict", "dyad", "AFG:TJK", cfg)
    assert kinds(cps) == [(week(10), "change_point")]
    assert cps[0].detail["direction"] == "fall" and cps[0].change == pytest.approx(-1.0)
    assert {e["date"] for e in cps[0].events} == {(week(w) + timedelta(days=2)).isoformat() for w in range(6, 10)}


def test_change_point_in_noise_is_found_near_the_true_week(cfg):
    rng = np.random.default_rng(7)
    counts = list(rng.poisson(1.5, 20)) + list(rng.poisson(7.0, 20))
    cps = al.change_point_alerts(weekly_series([float(c) for c in counts], cfg), "conflict", "dyad", "k", cfg)
    rises = [a for a in cps if a.detail["direction"] == "rise"]
    assert len(cps) == 1 and len(rises) == 1
    assert abs((rises[0].period_start - week(20)).days) <= 7
    flat = [float(c) for c in rng.poisson(3.0, 40)]
    assert al.change_point_alerts(weekly_series(flat, cfg), "conflict", "dyad", "k", cfg) == []


def _store(tmp_path, records) -> Store:
    store = Store(tmp_path / "panj.duckdb")
    store.replace_events(records)
    return store


def test_refresh_keeps_state_and_retires_alerts(tmp_path, cfg):
    cfg = copy.deepcopy(cfg)
    cfg["alerts"]["change_points"]["enabled"] = False
    records = make_events([2, 2, 2, 2, 5])  # week 4: 5 vs 2, +150% surge
    with _store(tmp_path, records) as store:
        rep = al.refresh(store, cfg)
        found = al.list_alerts(store)
        # the same surge on the dyad series and on the Takhar series
        assert rep.raised == 2 and {(a.scope, a.key, a.kind) for a in found} == {
            ("dyad", "AFG:TJK", "surge"), ("admin1", "AFG/Takhar", "surge")}
        dyad_alert = next(a for a in found if a.scope == "dyad")
        assert len(dyad_alert.event_ids) == 5
        assert al.set_state(store, dyad_alert.id[3:9], "acknowledged").state == "acknowledged"
        rep = al.refresh(store, cfg)
        assert rep.updated == 2 and rep.raised == 0
        assert al.get_alert(store, dyad_alert.id).state == "acknowledged"
        assert [a.scope for a in al.list_alerts(store, states=["open"])] == ["admin1"]
        assert al.list_alerts(store, since=week(5)) == []
        # the events are re-fused away: the open alert goes, the acknowledged one stays, inactive
        store.replace_events(make_events([2, 2, 2, 2, 2]))
        rep = al.refresh(store, cfg)
        assert (rep.withdrawn, rep.retired) == (1, 1)
        assert al.list_alerts(store) == []
        kept = al.list_alerts(store, include_inactive=True)
        assert [(a.id, a.state, a.active) for a in kept] == [(dyad_alert.id, "acknowledged", False)]
        with pytest.raises(ValueError):
            al.set_state(store, dyad_alert.id, "closed")
        with pytest.raises(KeyError):
            al.get_alert(store, "al_nope")


def test_cli_alerts_and_trend(tmp_path):
    from panj.cli import app

    db = tmp_path / "panj.duckdb"
    with _store(tmp_path, make_events([2, 2, 2, 2, 5])):
        pass
    runner = CliRunner()
    res = runner.invoke(app, ["--db", str(db), "alerts"])
    assert res.exit_code == 0, res.output
    assert "surge" in res.output and "AFG:TJK" in res.output and "evt_00012" in res.output
    with Store(db) as store:
        target = next(a for a in al.list_alerts(store) if a.scope == "dyad")
    res = runner.invoke(app, ["--db", str(db), "alerts", "--dismiss", target.id])
    assert res.exit_code == 0 and "dismissed" in res.output
    res = runner.invoke(app, ["--db", str(db), "alerts", "--state", "dismissed"])
    assert target.id in res.output and "[dismissed]" in res.output
    png = tmp_path / "trend.png"
    res = runner.invoke(app, ["--db", str(db), "trend", "TJK:AFG", "--weekly", "--png", str(png)])
    assert res.exit_code == 0, res.output
    assert "AFG" in res.output and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    res = runner.invoke(app, ["--db", str(db), "trend", "TJK"])
    assert res.exit_code != 0
