"""Fit and check the event confidence (panj/fuse/confidence.py) on the development gold sets.

    python bench/confidence.py [--fit] [GOLD_DIR ...]     (default: ../shared/gold/seeds ../shared/gold/kyrgyz-tajik)

Runs the whole pipeline on each set (as `panj eval gold` does), labels each predicted event by whether it is
compatible with some core gold event (spec/evaluation.md's matching; events compatible with non-core gold alone
are neutral for precision and left out of the fit), and prints per threshold the events kept and the
precision and core recall of what is kept. With --fit it first fits the weights of panj/data/fusion.yaml
`confidence` by L2-regularised logistic regression over both sets pooled, prints them, and scores with them.
"""
from __future__ import annotations

import argparse
import json
import math
import tempfile
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from panj.eval.gold import country_name_table, run_pipeline_on, score, compatible
from panj.fuse import confidence as conf

ROOT = Path(__file__).resolve().parents[1]


def load(directory: Path) -> tuple[list[dict], list[dict], dict[str, str]]:
    gold = [json.loads(line) for line in (directory / "gold.jsonl").open(encoding="utf-8") if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        predictions, names = run_pipeline_on(directory / "docs", Path(tmp) / "gold.duckdb")
    return predictions, gold, names


def fit(xs: np.ndarray, ys: np.ndarray, l2: float = 1.0) -> tuple[float, np.ndarray]:
    """Logistic regression, bias unpenalised."""
    def loss(w: np.ndarray) -> float:
        z = xs @ w[1:] + w[0]
        return float(np.sum(np.logaddexp(0, z) - ys * z) + l2 * np.sum(w[1:] ** 2))
    w = minimize(loss, np.zeros(xs.shape[1] + 1), method="L-BFGS-B").x
    return float(w[0]), w[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path,
                        default=[ROOT.parent / "shared/gold/seeds", ROOT.parent / "shared/gold/kyrgyz-tajik"])
    parser.add_argument("--fit", action="store_true", help="fit the weights first and print them")
    args = parser.parse_args()
    sets = {d.name: load(d) for d in args.dirs}
    if args.fit:
        rows, labels = [], []
        for predictions, gold, _names in sets.values():
            core = [g for g in gold if g.get("core")]
            for p in predictions:
                if not any(compatible(p, g) for g in core) and any(compatible(p, g) for g in gold):
                    continue  # compatible with non-core gold alone: neutral for precision, so left out of the fit
                rows.append([conf.features(p)[k] for k in conf.FEATURES])
                labels.append(float(any(compatible(p, g) for g in core)))
        bias, weights = fit(np.array(rows), np.array(labels))
        print("fitted on", len(rows), "events:")
        print(f"  bias: {bias:.2f}")
        print("  weights: {" + ", ".join(f"{k}: {w:.2f}" for k, w in zip(conf.FEATURES, weights)) + "}")
        table = dict(zip(conf.FEATURES, weights))
        for predictions, _gold, _names in sets.values():
            for p in predictions:
                f = conf.features(p)
                z = bias + sum(table[k] * v for k, v in f.items())
                p["confidence"] = round(1 / (1 + math.exp(-z)), 3)
    countries = country_name_table()
    print(f"{'threshold':>9}  " + "  ".join(f"{name[:14]:>14} kept  prec  core" for name in sets))
    for threshold in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        cells = []
        for predictions, gold, names in sets.values():
            kept = [p for p in predictions if (p.get("confidence") if p.get("confidence") is not None else 1) >= threshold]
            f = score(kept, gold, names, countries).figures
            cells.append(f"{len(kept):>19}  {f['precision']:.3f} {f['core_recall']:.3f}")
        print(f"{threshold:>9.2f}  " + "  ".join(cells))


if __name__ == "__main__":
    main()
