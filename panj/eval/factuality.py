"""`panj eval factuality DIR`: event factuality on MEANTIME's unified [-3, 3] scale (bench/factuality-meantime).

Each target predicate gets a status from `panj.extract.claims.stance.mention_factuality`; the status maps to the scale
through the lexicon's `factuality_scale` (asserted/claimed 3, alleged 1.5, planned/hypothetical 0, denied −1.5,
negated −3). The data is skewed (about 90% +3), so the "always +3" baseline is scored in the same run.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterable

import typer

from panj.eval import eval_app


def mae(gold: list[float], pred: list[float]) -> float:
    return sum(abs(g - p) for g, p in zip(gold, pred)) / len(gold) if gold else float("nan")


def pearson(gold: list[float], pred: list[float]) -> float:
    """Pearson r; NaN when either side is constant (the all-+3 baseline has no correlation to report)."""
    n = len(gold)
    if n < 2:
        return float("nan")
    mg, mp = sum(gold) / n, sum(pred) / n
    cov = sum((g - mg) * (p - mp) for g, p in zip(gold, pred))
    vg = sum((g - mg) ** 2 for g in gold)
    vp = sum((p - mp) ** 2 for p in pred)
    if vg == 0 or vp == 0:
        return float("nan")
    return cov / math.sqrt(vg * vp)


def read_split(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def head_in_span(doc, start: int, end: int) -> int:
    """The syntactic head of tokens [start, end): the one whose head lies outside the span."""
    for i in range(start, end):
        h = doc[i].head.i
        if h < start or h >= end or h == i:
            return i
    return start


def predict_split(rows: Iterable[dict], nlp) -> list[tuple[float, float, str, str]]:
    """(gold, predicted value, status, span text) per target, parsing the given tokens as they are."""
    from spacy.tokens import Doc

    from panj.extract.claims.stance import factuality_value, mention_factuality

    out = []
    for row in rows:
        words = row["text"].split(" ")
        doc = Doc(nlp.vocab, words=words)
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        for tg in row["targets"]:
            s, e = tg["span1"]
            i = head_in_span(doc, s, e)
            status = mention_factuality(doc, i)
            out.append((float(tg["label"]), factuality_value(status), status, tg.get("span_text", "")))
    return out


def score(preds: list[tuple[float, float, str, str]]) -> dict:
    gold = [p[0] for p in preds]
    sys_ = [p[1] for p in preds]
    base = [3.0] * len(gold)
    return {"n": len(gold), "mae": mae(gold, sys_), "r": pearson(gold, sys_),
            "baseline_mae": mae(gold, base), "baseline_r": pearson(gold, base)}


@eval_app.command("factuality")
def factuality_cmd(
    data_dir: Path = typer.Argument(..., help="bench/factuality-meantime folder with {train,dev,test}.jsonl"),
    splits: str = typer.Option("dev,test", help="comma-separated splits to score"),
    show_errors: int = typer.Option(0, help="print this many of the largest errors per split"),
) -> None:
    """MAE and Pearson r of claim statuses on MEANTIME targets, beside the all-+3 baseline."""
    from collections import Counter

    from panj import nlp as panj_nlp

    nlp = panj_nlp.load()
    for split in [s.strip() for s in splits.split(",") if s.strip()]:
        path = data_dir / f"{split}.jsonl"
        if not path.exists():
            typer.echo(f"{split}: {path} not found", err=True)
            raise typer.Exit(1)
        preds = predict_split(read_split(path), nlp)
        sc = score(preds)
        typer.echo(f"{split}: n={sc['n']}  panj MAE={sc['mae']:.3f} r={sc['r']:.3f}   "
                   f"all-+3 baseline MAE={sc['baseline_mae']:.3f} r={sc['baseline_r']:.3f} (constant: r undefined)")
        counts = Counter(p[2] for p in preds)
        typer.echo("  statuses: " + ", ".join(f"{k}={v}" for k, v in counts.most_common()))
        if show_errors:
            worst = sorted(preds, key=lambda p: -abs(p[0] - p[1]))[:show_errors]
            for g, v, st, txt in worst:
                typer.echo(f"    gold={g:+.2f} pred={v:+.2f} {st:12s} {txt}")
