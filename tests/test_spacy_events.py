"""The `panj_events` spaCy component on a user's own pipeline, and its entry point."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import panj.spacy_events  # noqa: F401  (registers the factory; the entry point test below does without)
from panj.nlp import MODEL

pytestmark = pytest.mark.slow  # parses with the spaCy model
ROOT = Path(__file__).resolve().parents[1]
TEXT = ("Militants fired eight rockets at a Tajik border post on Saturday, officials said. "
        "Tajik officials denied that any rockets were fired. "
        "Tajikistan and Russia signed an agreement in Dushanbe on Tuesday.")


@pytest.fixture(scope="module")
def user_nlp():
    """The user's own pipeline: the plain English model, none of panj's repair pipes, then panj_events."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("panj_events", config={"published": "2022-05-08"})
    return nlp


def test_events_are_spans_of_the_doc(user_nlp):
    doc = user_nlp(TEXT)
    by_type = {e.event_type: e for e in doc._.events}
    attack, deal = by_type["ASSAULT"], by_type["AGREE"]
    assert attack.trigger.text == "fired" and attack.trigger.doc is doc
    assert attack.sentence.text.startswith("Militants fired")
    assert [s.text for s in attack.actors] == ["Militants"]
    assert [s.text for s in attack.times] == ["Saturday"] and attack.record["date"]["start"] == "2022-05-07"
    assert attack.status == "disputed" and any("denied" in c.text for c in attack.claims)
    assert [s.text for s in deal.actors] == ["Tajikistan", "Russia"] and deal.status == "asserted"
    assert "Dushanbe" in [s.text for s in deal.places]
    assert deal.record["date"]["start"] == "2022-05-03"  # the Tuesday before the configured publication


def test_the_doc_still_serialises(user_nlp):
    doc = user_nlp(TEXT)
    back = Doc(user_nlp.vocab).from_bytes(doc.to_bytes())
    assert [(e.event_type, e.trigger.text) for e in back._.events] == [(e.event_type, e.trigger.text)
                                                                       for e in doc._.events]
    docs = list(DocBin(store_user_data=True, docs=[doc]).get_docs(user_nlp.vocab))
    assert len(docs[0]._.events) == len(doc._.events)


def test_publication_inferred_from_a_dateline_without_config():
    nlp = spacy.load(MODEL)
    nlp.add_pipe("panj_events")
    doc = nlp("DUSHANBE, May 9, 2022. Militants fired rockets at a Tajik border post on Saturday, officials said.")
    (attack,) = [e for e in doc._.events if e.event_type == "ASSAULT"]
    assert attack.record["date"]["start"] == "2022-05-07"


def test_a_pipeline_without_a_parser_is_refused():
    nlp = spacy.blank("en")
    nlp.add_pipe("panj_events")
    with pytest.raises(ValueError, match="dependency parse"):
        nlp("Militants fired rockets.")


def test_spacy_finds_the_factory_through_the_entry_point(user_nlp, tmp_path):
    """A saved pipeline loads in a fresh process that never imports panj itself: spaCy reads the
    `spacy_factories` entry point that pyproject.toml declares (installed here as a bare dist-info)."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["spacy_factories"]
    assert declared == {"panj_events": "panj.spacy_events:make_panj_events"}
    info = tmp_path / "site" / "panj_entry_points-0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: panj-entry-points\nVersion: 0.0\n")
    (info / "entry_points.txt").write_text("[spacy_factories]\n" + "".join(f"{k} = {v}\n" for k, v in declared.items()))
    user_nlp.to_disk(tmp_path / "pipeline")
    code = ("import sys, spacy; nlp = spacy.load(sys.argv[1]); doc = nlp(sys.argv[2]); "
            "print(nlp.pipe_names[-1], sorted({e.event_type for e in doc._.events}))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "pipeline"), TEXT], capture_output=True,
                         text=True, env={"PYTHONPATH": f"{tmp_path / 'site'}:{ROOT}", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    here = sorted({e.event_type for e in user_nlp(TEXT)._.events})
    assert {"AGREE", "ASSAULT"} <= set(here) and out.stdout.strip() == f"panj_events {here}"
