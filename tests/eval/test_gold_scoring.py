"""The gold scorer on constructed events, case by case of spec/evaluation.md."""
from panj.eval.gold import compatible, score


def pred(etype="ASSAULT", start="2022-05-07", gran="day", actors=(("ISKP", "AFG"),), recips=(), status="asserted",
         places=(), docs=("d1",)):
    return {"event_type": etype, "date": {"start": start, "end": start, "granularity": gran},
            "actors": [{"name": n, "text": n, "kb_id": None, "country": c} for n, c in actors],
            "recipients": [{"name": n, "text": n, "kb_id": None, "country": c} for n, c in recips],
            "status": status, "locations": [{"name": p, "country": None} for p in places],
            "sources": [{"doc_id": d} for d in docs]}


GOLD = [
    {"gid": "G1", "core": True, "types": ["ASSAULT"], "date": {"start": "2022-05-07", "end": "2022-05-08"},
     "actors": ["ISKP", "IS"], "recipients": ["Tajikistan", "TJK"], "places": ["Takhar"], "status": ["disputed"],
     "docs": ["a.txt", "b.txt"]},
    {"gid": "G2", "core": False, "types": ["CONSULT"], "date": {"start": "2022-05-16", "end": "2022-05-16"},
     "actors": ["CSTO"], "recipients": [], "places": [], "status": ["asserted"], "docs": ["a.txt"]},
    {"gid": "G3", "core": True, "types": ["ACCUSE"], "date": {"start": "2021-09-01", "end": "2021-09-30"},
     "actors": ["Taliban", "AFG"], "recipients": ["Tajikistan", "TJK"], "places": [], "status": ["asserted"],
     "docs": ["c.txt"]},
]


def test_compatibility_rules():
    g = GOLD[0]
    assert compatible(pred(), g)
    assert not compatible(pred(etype="ACCUSE"), g)
    assert not compatible(pred(start="2022-05-12"), g)  # day slack is 3 days
    assert compatible(pred(start="2022-05-01", gran="month"), g)
    assert not compatible(pred(gran="unresolved"), g)
    assert compatible(pred(actors=(("Tajik border troops", "TJK"),)), g)  # country code listed in gold
    assert compatible(pred(actors=(("the IS fighters", None),)), g)  # contains a gold name as a whole word
    assert not compatible(pred(actors=(("ISIS", None),)), g)  # no whole-word containment


def test_figures():
    names = {"d1": "a.txt", "d2": "b.txt", "d3": "c.txt"}
    preds = [
        pred(status="disputed", places=("Takhar",), docs=("d1", "d2")),  # G1, fused, right status and place
        pred(start="2022-05-08", docs=("d2",)),  # a fragment of G1
        pred(etype="CONSULT", start="2022-05-16", actors=(("CSTO", "IGO"),)),  # non-core: not counted
        pred(etype="THREATEN", start="2020-01-01", actors=(("Somebody", None),)),  # false positive
    ]
    result = score(preds, GOLD, names).figures
    assert result["core_recall"] == 0.5  # G1 found, G3 missed
    assert result["precision"] == 1 / 3  # matched core 1 / (4 predictions - 1 only non-core)
    assert result["status_accuracy"] == 1.0 and result["place_accuracy"] == 1.0
    assert result["fusion"] == 1.0
    assert result["fragmentation"] == 0.5  # one fragment / two matched gold events (G1, G2)


def test_unfused_run_gives_one_event_per_mention(tmp_path):
    from panj.eval.gold import run_pipeline_on

    docs = tmp_path / "docs"
    docs.mkdir()
    texts = ("Taliban forces fired rockets at Tajik border guards in Takhar on May 7, 2022.",
             "On May 7, 2022, Taliban fighters in Takhar fired rockets at Tajik border guards, officials said.")
    for n, (outlet, text) in enumerate(zip(("Pamir Dispatch", "Oxus Monitor"), texts)):
        (docs / f"{n}.md").write_text(f"---\noutlet: {outlet}\npublished: 2022-05-09\n---\n{text}\n",
                                      encoding="utf-8")
    fused, _ = run_pipeline_on(docs, tmp_path / "a.duckdb")
    unfused, _ = run_pipeline_on(docs, tmp_path / "b.duckdb", unfused=True)
    assert len(unfused) == sum(len(e["mentions"]) for e in fused) == 2
    assert len(fused) == 1 and all(len(e["mentions"]) == 1 for e in unfused)


def test_precision_is_read_literally():
    """A prediction matched to a non-core event is not counted as correct even when it is also compatible with a
    core event that another prediction took (it is neutral); an unmatched duplicate of a core event counts
    against precision."""
    gold = [GOLD[0], {**GOLD[0], "gid": "G1b", "core": False}]
    preds = [pred(docs=("d1",)), pred(docs=("d2",)), pred(docs=("d1",))]
    result = score(preds, gold, {"d1": "a.txt", "d2": "b.txt"}).figures
    # one prediction takes core G1, one non-core G1b (neutral), the third is an unmatched duplicate: 1 / (3 - 1)
    assert result["precision"] == 0.5


def test_place_is_read_by_name_admin1_or_country_not_by_the_words_used():
    from panj.eval.gold import place_ok

    gold = {"places": ["Zarvan", "Eastmark"]}
    by_words = {"locations": [{"name": "Zarvan-Kala", "text": "Zarvan", "admin1": "Westshire", "country": "RUR"}]}
    by_admin1 = {"locations": [{"name": "Hill Post", "text": "the post", "admin1": "Eastmark", "country": "RUR"}]}
    by_country = {"locations": [{"name": "Hill Post", "admin1": None, "country": "RUR"}]}
    assert not place_ok(by_words, gold, {})
    assert place_ok(by_admin1, gold, {})
    assert place_ok(by_country, {"places": ["Ruritania"]}, {"RUR": "Ruritania"})
    assert not place_ok(by_country, gold, {"RUR": "Ruritania"})
