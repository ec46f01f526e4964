"""`panj eval timeml`: reading TimeML, mapping periods to TIMEX3 values, scoring against gold."""
from __future__ import annotations

import json
from datetime import date

from typer.testing import CliRunner

from panj.eval.timeml import period_to_timex, read_tml
from panj.extract.times import periods as cal

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>hand01</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2022-05-13" temporalFunction="false" functionInDocument="CREATION_TIME">2022-05-13</TIMEX3></DCT>
<TEXT>
Border guards <EVENT eid="e1" class="OCCURRENCE">exchanged</EVENT> fire <TIMEX3 tid="t1" type="DATE" value="2022-05-11">on Wednesday</TIMEX3>.
The post had been <EVENT eid="e2" class="OCCURRENCE">reinforced</EVENT> <TIMEX3 tid="t2" type="DATE" value="2021-FA">last fall</TIMEX3>
and a new unit <EVENT eid="e3" class="OCCURRENCE">arrives</EVENT> <TIMEX3 tid="t3" type="DATE" value="2022-Q3">in the third quarter</TIMEX3>,
for <TIMEX3 tid="t4" type="DURATION" value="P3D">three days</TIMEX3>, <TIMEX3 tid="t5" type="DATE" value="PAST_REF">recently</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_read_tml_spans(tmp_path):
    p = tmp_path / "a.tml"
    p.write_text(TML, encoding="utf-8")
    doc = read_tml(p)
    assert doc.doc_id == "hand01" and doc.dct == date(2022, 5, 13)
    for t in doc.timexes:
        assert doc.text[t["start"]:t["end"]] == t["text"]
    assert [t["type"] for t in doc.timexes] == ["DATE", "DATE", "DATE", "DURATION", "DATE"]


def test_period_to_timex_shapes():
    assert period_to_timex(cal.day(date(1998, 1, 8), "r")) == "1998-01-08"
    assert period_to_timex(cal.week(date(1998, 3, 18), "r")) == "1998-W12"
    assert period_to_timex(cal.month(1998, 3, "r")) == "1998-03"
    assert period_to_timex(cal.season(1998, "SU", "r")) == "1998-SU"
    assert period_to_timex(cal.quarter(1998, 2, "r")) == "1998-Q2"
    assert period_to_timex(cal.year(1998, "r")) == "1998"
    assert period_to_timex(cal.decade(1994, "r")) == "199"
    assert period_to_timex(cal.unresolved("r")) is None


def test_cli_scores_and_writes_predictions(tmp_path):
    from panj.cli import app

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.tml").write_text(TML, encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    res = CliRunner().invoke(app, ["eval", "timeml", str(tmp_path / "docs"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "date_timexes=4" in res.output and "accuracy=1.0000" in res.output
    assert "dateparser_accuracy=" in res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["panj"] for r in rows] == ["2022-05-11", "2021-FA", "2022-Q3", "PAST_REF"]


def test_cli_on_tempeval_sample(shared_dir, tmp_path):
    from panj.cli import app

    bench = shared_dir / "bench" / "tempeval3-dev"
    if not bench.exists():
        import pytest

        pytest.skip("TempEval-3 dev set absent")
    res = CliRunner().invoke(app, ["eval", "timeml", str(bench / "TimeBank"), "--limit", "3", "--no-baseline"])
    assert res.exit_code == 0, res.output
    acc = float(res.output.split("accuracy=")[1].split()[0])
    assert 0.0 <= acc <= 1.0 and "files=3" in res.output
