"""`panj eval geo`: reading LGL and GeoWebNews XML and scoring against gold, on hand-made files."""
from __future__ import annotations

import json

import pytest

from panj.eval.geo import evaluate, read_path
from panj.gazetteer import build_from_records

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1"><title>t</title><text><![CDATA[Paris police met Dallas officials in Texas.]]></text>
    <toponyms>
      <toponym><start>0</start><end>5</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><name>Paris</name><lat>33.66</lat><lon>-95.56</lon></gaztag></toponym>
      <toponym><start>17</start><end>23</end><phrase>Dallas</phrase>
        <gaztag geonameid="4684888"><name>Dallas</name><lat>32.78</lat><lon>-96.8</lon></gaztag></toponym>
      <toponym><start>37</start><end>42</end><phrase>Texas</phrase>
        <gaztag geonameid="4736286"><name>Texas</name><lat>31.0</lat><lon>-99.0</lon></gaztag></toponym>
      <toponym><start>0</start><end>5</end><phrase>Paris</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""

GWN = """<?xml version="1.0" ?>
<articles>
  <article file="0"><title>t</title><link>l</link><text>French visitors liked Paris and Nowhereville.</text>
    <toponyms>
      <toponym><extractedName>French</extractedName><type>Demonym</type><start>0</start><end>6</end>
        <geonamesID>3017382</geonamesID><latitude>46.0</latitude><longitude>2.0</longitude></toponym>
      <toponym><extractedName>Paris</extractedName><type>Literal</type><start>22</start><end>27</end>
        <geonamesID>2988507</geonamesID><latitude>48.85</latitude><longitude>2.35</longitude></toponym>
      <toponym><extractedName>Nowhereville</extractedName><type>Literal</type><start>32</start><end>44</end>
        <geonamesID></geonamesID><latitude>10.0</latitude><longitude>10.0</longitude></toponym>
    </toponyms>
  </article>
</articles>
"""

RECORDS = [
    {"name": "France", "kind": "country", "cc": "FR", "iso3": "FRA", "lat": 46.0, "lon": 2.0,
     "population": 66_000_000, "geonames_id": 3017382},
    {"name": "United States", "kind": "country", "cc": "US", "iso3": "USA", "lat": 39.76, "lon": -98.5,
     "population": 327_000_000},
    {"name": "Texas", "kind": "admin1", "cc": "US", "iso3": "USA", "lat": 31.0, "lon": -99.0,
     "population": 20_000_000, "geonames_id": 4736286},
    {"name": "Paris", "kind": "city", "cc": "FR", "iso3": "FRA", "lat": 48.85, "lon": 2.35,
     "population": 2_100_000, "geonames_id": 2988507},
    {"name": "Paris", "kind": "city", "cc": "US", "iso3": "USA", "admin1": "Texas", "lat": 33.66, "lon": -95.56,
     "population": 25_000, "geonames_id": 4717560},
    {"name": "Dallas", "kind": "city", "cc": "US", "iso3": "USA", "admin1": "Texas", "lat": 32.78, "lon": -96.8,
     "population": 1_300_000, "geonames_id": 4684888},
]


@pytest.fixture()
def bench(tmp_path):
    (tmp_path / "lgl.xml").write_text(LGL, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "GWN.xml").write_text(GWN, encoding="utf-8")
    return tmp_path


@pytest.fixture()
def gaz(tmp_path):
    return build_from_records(tmp_path / "g.sqlite", RECORDS, {"French": "FR"})


def test_reads_both_formats_from_a_folder(bench):
    arts = list(read_path(bench))
    assert sorted(a.corpus for a in arts) == ["GWN", "LGL"]
    lgl = next(a for a in arts if a.corpus == "LGL")
    assert [t.geonames_id for t in lgl.toponyms] == [4717560, 4684888, 4736286, None]
    assert lgl.text[lgl.toponyms[1].start:lgl.toponyms[1].end] == "Dallas"


def test_scores_panj_against_most_populous_baseline(bench, gaz, tmp_path):
    out = tmp_path / "pred.jsonl"
    report = evaluate(read_path(bench), out, gaz)
    lgl = report["LGL"]
    assert lgl["panj"]["n"] == 3  # the toponym without coordinates is not scored
    assert lgl["panj"]["acc@161km"] == 1.0 and lgl["panj"]["exact_id"] == 1.0
    assert lgl["most_populous"]["acc@161km"] == pytest.approx(2 / 3)  # Paris, France
    gwn = report["GWN"]
    assert gwn["panj"]["n"] == 3
    assert gwn["panj"]["exact_id"] == 1.0  # French → France, Paris → Paris (2 gold ids)
    assert gwn["most_populous"]["resolved"] == pytest.approx(2 / 3)  # no candidate for Nowhereville
    assert gwn["coverage"]["gold_ids_in_gazetteer"] == 1.0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 6
    paris = next(r for r in rows if r["corpus"] == "LGL" and r["text"] == "Paris")
    assert paris["pred_geonames_id"] == 4717560 and paris["baseline_geonames_id"] == 2988507


def test_cli_prints_accuracy_line(bench, gaz, monkeypatch):
    from typer.testing import CliRunner

    import panj.gazetteer
    from panj.cli import app

    monkeypatch.setattr(panj.gazetteer, "load", lambda: gaz)
    res = CliRunner().invoke(app, ["eval", "geo", str(bench / "lgl.xml")])
    assert res.exit_code == 0, res.output
    assert "acc@161km=1.000" in res.output and "most_populous" in res.output
