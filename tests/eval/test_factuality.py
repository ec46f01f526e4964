"""`panj eval factuality`: scoring helpers on hand-made numbers, the pipeline on a hand-written jsonl row, and a
smoke run on the shared MEANTIME bench when it is present."""
from __future__ import annotations

import json
import math

from typer.testing import CliRunner

from panj.eval.factuality import mae, pearson, predict_split, read_split, score


def test_mae_and_pearson():
    assert mae([3.0, -3.0], [3.0, 0.0]) == 1.5
    assert math.isclose(pearson([1.0, 2.0, 3.0], [2.0, 4.0, 6.0]), 1.0)
    assert math.isclose(pearson([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]), -1.0)
    assert math.isnan(pearson([1.0, 2.0, 3.0], [3.0, 3.0, 3.0]))  # a constant baseline has no r


def test_score_reports_baseline_beside_system():
    preds = [(3.0, 3.0, "asserted", "a"), (-3.0, -3.0, "negated", "b"), (0.75, 0.75, "hypothetical", "c")]
    sc = score(preds)
    assert sc["n"] == 3 and sc["mae"] == 0.0 and math.isclose(sc["r"], 1.0)
    assert math.isclose(sc["baseline_mae"], (0 + 6 + 2.25) / 3)


def test_predict_split_on_pretokenised_rows(nlp, tmp_path):
    rows = [
        {"text": "The company did not buy the airline .", "targets": [{"span1": [4, 5], "label": -3.0,
                                                                      "span_text": "buy"}]},
        {"text": "Analysts say shares might fall next week .", "targets": [{"span1": [4, 5], "label": 0.75,
                                                                           "span_text": "fall"}]},
        {"text": "The plane landed safely .", "targets": [{"span1": [2, 3], "label": 3.0, "span_text": "landed"}]},
    ]
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    preds = predict_split(read_split(path), nlp)
    assert [p[2] for p in preds] == ["negated", "hypothetical", "asserted"]
    assert [p[1] for p in preds] == [-3.0, 0.75, 3.0]


def test_cli_on_shared_bench(shared_dir):
    from panj.cli import app

    bench = shared_dir / "bench" / "factuality-meantime"
    res = CliRunner().invoke(app, ["eval", "factuality", str(bench), "--splits", "dev"])
    assert res.exit_code == 0, res.output
    line = res.output.splitlines()[0]
    assert line.startswith("dev: n=195") and "baseline MAE=0.312" in line
