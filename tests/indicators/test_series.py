"""Indicator series on constructed fused events: dyad sides, status weights, weeks, coverage, percentiles."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from panj.indicators import series as ind
from panj.indicators import stored
from panj.indicators.alerts import refresh
from panj.store import Store

TALIBAN = {"name": "Taliban", "text": "Taliban", "kb_id": "taliban", "country": "AFG", "sector": "GOV"}
TALIBAN_2020 = {"name": "Taliban", "text": "Taliban", "kb_id": "taliban", "country": "AFG", "sector": "REB"}
TJK_MIL = {"name": "Tajik border troops", "text": "Tajik border guards", "kb_id": "tjk_border_troops",
           "country": "TJK", "sector": "MIL"}
ISKP = {"name": "Islamic State – Khorasan Province", "text": "ISKP", "kb_id": "iskp", "country": "AFG",
        "sector": "REB"}
RUS_GOV = {"name": "Russia", "text": "Moscow", "kb_id": "rus", "country": "RUS", "sector": "GOV"}
CSTO = {"name": "CSTO", "text": "CSTO", "kb_id": "csto", "country": "IGO", "sector": "IGO"}
TJK_CVL = {"name": None, "text": "Tajik villagers", "kb_id": None, "country": "TJK", "sector": "CVL"}
MONDAY = date(2024, 1, 1)


def ev(i: int, day: date, *, status: str = "asserted", score: float = -9.0, quad: str = "material_conflict",
       actors=(TALIBAN,), recipients=(TJK_MIL,), admin1: str | None = "Takhar", country: str = "AFG",
       granularity: str = "day", event_type: str = "ASSAULT") -> dict:
    """A fused event record with the fields the store and the indicators read."""
    return {"id": f"evt_{i:04d}", "event_type": event_type, "status": status,
            "date": {"start": day.isoformat(), "end": day.isoformat(), "granularity": granularity, "text": "x"},
            "actors": list(actors), "recipients": list(recipients),
            "locations": [{"name": admin1, "country": country, "admin1": admin1, "precision": "admin1"}]
            if admin1 else [],
            "score": score, "quad_class": quad, "mention_ids": [f"m_{i}"], "summary": f"constructed event {i}"}


@pytest.fixture()
def cfg():
    return ind.load_config()


def test_side_rule_uses_country_for_state_organs_else_kb_id(cfg):
    assert ind.side_key(TALIBAN, cfg) == "AFG"          # de facto government after Aug 2021
    assert ind.side_key(TALIBAN_2020, cfg) == "taliban"  # insurgent before
    assert ind.side_key(TJK_MIL, cfg) == "TJK"
    assert ind.side_key(ISKP, cfg) == "iskp"
    assert ind.side_key(CSTO, cfg) == "csto"            # IGO is not a state code
    assert ind.side_key(TJK_CVL, cfg) == "TJK-CVL"
    assert ind.side_key({"text": "gunmen", "sector": "REB"}, cfg) is None


def test_dyads_are_actor_by_recipient_or_among_actors_for_meetings(cfg):
    attack = ev(1, MONDAY, actors=(ISKP,), recipients=(TJK_MIL, RUS_GOV))
    assert ind.dyad_keys(attack, cfg) == {"TJK:iskp", "RUS:iskp"}
    meeting = ev(2, MONDAY, actors=(TALIBAN, RUS_GOV, TJK_MIL), recipients=(), score=1.0,
                 quad="verbal_cooperation", event_type="CONSULT")
    assert ind.dyad_keys(meeting, cfg) == {"AFG:RUS", "AFG:TJK", "RUS:TJK"}
    assert ind.place_keys(attack) == {"AFG/Takhar"}


def test_weekly_series_weights_by_status_and_sums_scores(cfg):
    monday, wed = MONDAY, MONDAY + timedelta(days=2)
    recs = [ev(1, monday, status="asserted", score=-9.0),
            ev(2, wed, status="claimed", score=-8.0),
            ev(3, wed, status="denied", score=-10.0),
            ev(4, wed, status="planned", score=-10.0),       # weight 0: left out
            ev(5, wed, status="asserted", score=4.0, quad="material_cooperation", event_type="AID"),
            ev(6, MONDAY + timedelta(days=7), status="disputed", score=-6.0)]
    contribs = [c for r in recs if (c := ind.contribution(r, cfg))]
    s = ind.build_series(contribs, {}, MONDAY, MONDAY + timedelta(days=13), "weekly", cfg)
    assert [p.start for p in s.points] == [MONDAY, MONDAY + timedelta(days=7)]
    w1, w2 = s.points
    assert w1.conflict == pytest.approx(1 + 0.5 + 0.1)
    assert w1.conflict_score == pytest.approx(-9.0 - 4.0 - 1.0)
    assert w1.cooperation == pytest.approx(1.0) and w1.cooperation_score == pytest.approx(4.0)
    assert w1.events == 4 and "evt_0004" not in w1.event_ids
    assert w2.conflict == pytest.approx(0.5) and w2.conflict_score == pytest.approx(-3.0)


def test_daily_series_is_zero_filled_and_coarse_dates_are_left_out(cfg):
    recs = [ev(1, MONDAY), ev(2, MONDAY + timedelta(days=3)),
            ev(3, MONDAY + timedelta(days=1), granularity="month")]
    contribs = [c for r in recs if (c := ind.contribution(r, cfg))]
    s = ind.build_series(contribs, {}, MONDAY, MONDAY + timedelta(days=4), "daily", cfg)
    assert s.values("conflict") == [1.0, 0.0, 0.0, 1.0, 0.0]


def test_percentile_against_trailing_baseline():
    starts = [MONDAY + timedelta(days=7 * i) for i in range(6)]
    values = [1.0, 2.0, 3.0, 4.0, 2.0, 10.0]
    pct = ind.percentiles(starts, values, baseline_days=730, min_periods=4)
    assert pct[:4] == [None, None, None, None]
    assert pct[4] == pytest.approx(100 * (1 + 0.5) / 4)   # 2 vs [1,2,3,4]: one below, one tie
    assert pct[5] == pytest.approx(100.0)
    # a baseline of 14 days holds only the two periods before, below the minimum
    assert ind.percentiles(starts, values, baseline_days=14, min_periods=3)[5] is None


def _store_with(tmp_path, records, docs_on: list[date]):
    store = Store(tmp_path / "panj.duckdb")
    rows = [{"id": f"doc{i}", "text": f"report {i}", "published": d.isoformat()} for i, d in enumerate(docs_on)]
    rows.append({"id": "dup", "text": "copy", "published": docs_on[0].isoformat(), "duplicate_of": "doc0"})
    store.add_documents(rows, [])
    store.replace_events(records)
    return store


def test_coverage_normalisation_and_dyad_arguments(tmp_path, cfg):
    recs = [ev(1, MONDAY), ev(2, MONDAY + timedelta(days=1)),
            ev(3, MONDAY + timedelta(days=8), actors=(ISKP,), admin1="Khatlon", country="TJK"),
            ev(4, MONDAY + timedelta(days=9), status="alleged")]
    docs = [MONDAY, MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=3), MONDAY + timedelta(days=9)]
    with _store_with(tmp_path, recs, docs) as store:
        s = stored.series_for(store, "TJK:AFG", freq="weekly", cfg=cfg)
        assert s.values("conflict") == [2.0, 0.5]
        assert [p.documents for p in s.points] == [4, 1]          # the near-copy is not counted
        assert s.values("conflict_per_doc") == [0.5, 0.5]
        # the Taliban by kb id (descendants included) against Tajikistan by kb id: same events
        assert stored.series_for(store, "taliban:tjk", freq="weekly", cfg=cfg).values("conflict") == [2.0, 0.5]
        assert stored.series_for(store, "iskp:TJK", freq="weekly", cfg=cfg).values("conflict") == [0.0, 1.0]
        assert stored.series_for(store, "ALL", place="Khatlon", freq="weekly", cfg=cfg).values("conflict") == [0, 1]
        cut = stored.series_for(store, "TJK:AFG", freq="daily", start=MONDAY + timedelta(days=1),
                             end=MONDAY + timedelta(days=2), cfg=cfg)
        assert [p.start for p in cut.points] == [MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)]
        assert cut.values("conflict") == [1.0, 0.0]


def test_series_through_the_alert_index_equal_the_series_from_records(tmp_path, cfg):
    """Once a refresh has indexed every event, series are read from the index rows: the very same points."""
    recs = [ev(1, MONDAY), ev(2, MONDAY + timedelta(days=1)),
            ev(3, MONDAY + timedelta(days=8), actors=(ISKP,), admin1="Khatlon", country="TJK"),
            ev(4, MONDAY + timedelta(days=9), status="alleged"), ev(5, MONDAY + timedelta(days=30))]
    docs = [MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=9)]
    asks = [("TJK:AFG", None, "weekly"), ("taliban:tjk", None, "daily"), ("iskp:TJK", None, "weekly"),
            ("ALL", "Khatlon", "weekly"), ("TJK:AFG", "Takhar", "daily"), ("UZB:AFG", None, "weekly")]
    with _store_with(tmp_path, recs, docs) as store:
        assert not stored.index_current(store, cfg)
        from_records = [stored.series_for(store, d, place=p, freq=f, cfg=cfg) for d, p, f in asks]
        refresh(store, cfg)
        assert stored.index_current(store, cfg)
        assert stored.indexed_contributions(store, ind.parse_dyad("TJK:AFG"), None, cfg)  # the index path is taken
        from_index = [stored.series_for(store, d, place=p, freq=f, cfg=cfg) for d, p, f in asks]
        assert from_index == from_records
        assert any(p.events for s in from_index for p in s.points)


def test_parse_dyad_without_knowledge_base_keeps_codes():
    a, b = ind.parse_dyad("TJK:iskp", use_kb=False)
    assert "TJK" in a.keys and "iskp" in b.keys and "iskp" in b.kb_ids
    assert ind.parse_dyad("ALL") is None
    with pytest.raises(ValueError):
        ind.parse_dyad("TJK", use_kb=False)


def test_config_override_file(tmp_path, cfg):
    path = tmp_path / "ind.yaml"
    path.write_text("status_weights:\n  claimed: 0.25\n", encoding="utf-8")
    over = ind.load_config(path)
    assert over["status_weights"]["claimed"] == 0.25
    assert over["status_weights"]["asserted"] == cfg["status_weights"]["asserted"]
    assert ind.status_weight("claimed", over) == 0.25 and ind.status_weight("unknown", over) == 0.5


def test_dyad_counts_in_sql_equal_the_dyad_keys_of_the_records(tmp_path, cfg):
    """The dashboard counts dyads in SQL over the participant rows; they must be `dyad_keys` of each record."""
    from collections import Counter

    from panj.indicators.web import dyads

    ngo = {"name": "Aid group", "kb_id": None, "country": "NGO", "sector": "GOV"}
    civ = {"name": "Residents", "kb_id": None, "country": "TJK", "sector": "CVL"}
    nameless = {"name": "Gunmen", "kb_id": None, "country": None, "sector": None}
    recs = [ev(1, MONDAY), ev(2, MONDAY, actors=(ISKP,)), ev(3, MONDAY, actors=(TALIBAN, ISKP), recipients=()),
            ev(4, MONDAY, actors=(TALIBAN, TJK_MIL, ngo), recipients=()), ev(5, MONDAY, recipients=(civ, nameless)),
            ev(6, MONDAY, actors=(TJK_MIL,), recipients=(TJK_MIL,)), ev(7, MONDAY, actors=(ngo,), recipients=(civ,)),
            ev(8, MONDAY, actors=(TALIBAN, TALIBAN), recipients=(TJK_MIL,))]
    want = Counter(k for r in recs for k in ind.dyad_keys(r, cfg))
    with _store_with(tmp_path, recs, [MONDAY]) as store:
        got = {f"{d['a']}:{d['b']}": d["events"] for d in dyads(store.con, "TRUE", [], 50)}
    assert got == dict(want) and len(got) >= 5


def test_the_dashboard_series_keeps_to_the_watch_horizon(tmp_path, cfg):
    """A report of an event decades back, or of one planned decades ahead, stretches no weekly series the
    dashboard draws: its window is the alerts' (three years before the newest document to a year after it)."""
    recs = [ev(1, MONDAY), ev(2, MONDAY + timedelta(days=8)), ev(3, date(1979, 12, 27)), ev(4, date(2088, 1, 1))]
    with _store_with(tmp_path, recs, [MONDAY + timedelta(days=9)]) as store:
        whole = stored.series_for(store, "TJK:AFG", freq="weekly", cfg=cfg)
        watched = stored.series_for(store, "TJK:AFG", freq="weekly", cfg=cfg, horizon=True)
    assert whole.points[0].start.year == 1979 and whole.points[-1].start.year == 2087
    assert watched.points[0].start >= MONDAY - timedelta(days=3 * 366)
    assert watched.points[-1].start <= MONDAY + timedelta(days=9 + 366)
    assert sum(p.events for p in watched.points) == 2
