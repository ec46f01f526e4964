"""`panj eval plover FILE`: event-type accuracy on PLOVER gold records, beside a majority-class baseline.

FILE is a PLOVER GSR JSON array (bench/plover-gsr/PLOVER_GSR_CAMEO.txt) or the folder holding it. Old PLOVER
0.5b1 labels are mapped to 2.0 as the bench README says (DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE,
FIGHT->ASSAULT). Each record's sentence is classified by `classify_predicate`; no prediction counts as wrong.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import typer

from panj.eval import eval_app

OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def load_records(path: Path) -> list[dict[str, Any]]:
    """Event records (DOCUMENT headers dropped) with `gold` set to the PLOVER 2.0 type."""
    if path.is_dir():
        path = path / "PLOVER_GSR_CAMEO.txt"
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for r in data:
        if r.get("event") in (None, "DOCUMENT"):
            continue
        out.append({**r, "gold": OLD_TO_NEW.get(r["event"], r["event"])})
    return out


def score(records: list[dict[str, Any]], predict) -> dict[str, Any]:
    """Accuracy of `predict(text) -> (type, mode) | None` against record['gold'], plus the majority baseline."""
    gold = [r["gold"] for r in records]
    majority, majority_n = Counter(gold).most_common(1)[0]
    per: dict[str, Counter] = {}
    correct = none = 0
    confusions: Counter = Counter()
    for r in records:
        got = predict(r["text"])
        label = got[0] if got else None
        c = per.setdefault(r["gold"], Counter())
        c["n"] += 1
        if label == r["gold"]:
            correct += 1
            c["ok"] += 1
        else:
            confusions[(r["gold"], label)] += 1
            none += label is None
    n = len(records)
    return {
        "n": n, "accuracy": correct / n if n else 0.0, "correct": correct, "no_prediction": none,
        "majority_label": majority, "majority_accuracy": majority_n / n if n else 0.0,
        "per_type": {k: {"n": v["n"], "accuracy": v["ok"] / v["n"]} for k, v in sorted(per.items())},
        "top_confusions": [{"gold": g, "pred": p, "count": k} for (g, p), k in confusions.most_common(12)],
    }


@eval_app.command("plover")
def plover_cmd(
    file: Path = typer.Argument(..., exists=True, help="PLOVER_GSR_CAMEO.txt (JSON array) or its folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Event-type accuracy of panj's trigger lexicon on PLOVER gold records vs a majority-class baseline."""
    from panj.extract.events.mentions import classify_predicate

    result = score(load_records(file), classify_predicate)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    typer.echo(f"records: {result['n']}")
    typer.echo(f"panj event-type accuracy: {result['accuracy']:.3f} ({result['correct']}/{result['n']}, "
               f"{result['no_prediction']} without prediction)")
    typer.echo(f"majority-class baseline ({result['majority_label']}): {result['majority_accuracy']:.3f}")
    for t, v in result["per_type"].items():
        typer.echo(f"  {t:<10} n={v['n']:<3} acc={v['accuracy']:.2f}")
    typer.echo("top confusions (gold -> predicted):")
    for c in result["top_confusions"]:
        typer.echo(f"  {c['gold']} -> {c['pred']}: {c['count']}")
