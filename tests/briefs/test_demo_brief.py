"""The brief `make demo` writes (demo-brief.html beside the store): the ISKP rocket claim of May 2022 on TJK:AFG,
with the claim and the Tajik denials quoted. Skips where no demo store was built (`make demo`; CI builds it)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from panj.briefs.cli import write_demo_brief

ROOT = Path(__file__).resolve().parents[2]
DEMO = Path(os.environ.get("PANJ_DEMO_DB") or ROOT / "demo.duckdb")


@pytest.mark.skipif(not DEMO.exists(), reason=f"no demo store at {DEMO} (run `make demo` first)")
def test_demo_brief_tells_the_iskp_claim_and_the_denials(tmp_path):
    db = tmp_path / "demo.duckdb"
    shutil.copy(DEMO, db)
    out = write_demo_brief(db)
    assert out == tmp_path / "demo-brief.html"
    html = out.read_text(encoding="utf-8")
    assert "Situation brief: TJK – AFG" in html and "2–15 May 2022" in html
    assert "According to Islamic State – Khorasan Province, Islamic State – Khorasan Province fired heavy weapons " \
           "at Tajikistan from Takhar on 7 May 2022;" in html
    pro, con = html.split("Says it happened", 1)[1].split("Denies it", 1)
    assert "Islamic State – Khorasan Province (claims)" in pro and "Tajik Border Troops (denies)" in con
