"""Cross-document fusion on hand-built event mentions (no parsing: fusion sees only records)."""
from __future__ import annotations

import json

from panj.fuse import SourceDoc, fuse, independent_source_count, match
from panj.fuse.record import new_record, absorb, finish
from panj.records import Actor, Claim, DateValue, EventMention, Place, RuleHit

ISKP = dict(name="Islamic State – Khorasan Province", kb_id="iskp", country="AFG", sector="REB")
TJK = dict(name="Tajikistan", kb_id="tjk", country="TJK", sector="GOV")
TALIBAN = dict(name="Taliban", kb_id="taliban", country="AFG", sector="GOV")
RUS = dict(name="Russia", kb_id="rus", country="RUS", sector="GOV")
KGZ = dict(name="Kyrgyzstan", kb_id="kgz", country="KGZ", sector="GOV")


def actor(d: dict, text: str | None = None) -> Actor:
    return Actor(text=text or d["name"], **d)


def place(name: str, precision: str, country: str, admin1: str | None = None, admin2: str | None = None,
          role: str = "site") -> Place:
    return Place(name=name, text=name, country=country, admin1=admin1, admin2=admin2, precision=precision, role=role)


TAKHAR = dict(name="Takhar", precision="admin1", country="AFG", admin1="Takhar")
KHAWAJA_GHAR = dict(name="Khawaja Ghar", precision="admin2", country="AFG", admin1="Takhar", admin2="Khawaja Ghar")
KUNDUZ = dict(name="Kunduz", precision="admin1", country="AFG", admin1="Kunduz")
AFGHANISTAN = dict(name="Afghanistan", precision="country", country="AFG")
TAJIKISTAN = dict(name="Tajikistan", precision="country", country="TJK")


def day(iso: str, text: str = "on that day", basis: str = "text") -> DateValue:
    return DateValue(iso, iso, "day", text, basis=basis)


def month(start: str, end: str) -> DateValue:
    return DateValue(start, end, "month", "in that month")


def em(doc: str, at: int, etype: str, actors=(), recipients=(), date=None, places=(), trigger="fired",
       sentence="A sentence written for this test about an event.", status="asserted", claims=(), mode=None):
    return EventMention(
        doc_id=doc, sentence=sentence, start=at, end=at + len(sentence), trigger=trigger, trigger_start=at + 2,
        trigger_end=at + 2 + len(trigger), event_type=etype, mode=mode, actors=[actor(a) for a in actors],
        recipients=[actor(r) for r in recipients], date=date, locations=[place(**p) for p in places],
        claims=list(claims), status=status, id=f"em_{doc}_{at}", score=-9.5, quad_class="material_conflict",
        cameo="190")


SOURCES = {
    "d1": SourceDoc("d1", "Pamir Dispatch", "https://example.org/1", "2022-05-08"),
    "d2": SourceDoc("d2", "Oxus Monitor", "https://example.org/2", "2022-05-09"),
    "d3": SourceDoc("d3", "Steppe Wire", "https://example.org/3", "2022-05-10"),
    "d4": SourceDoc("d4", "Border Desk", "https://example.org/4", "2022-05-20"),
    "d5": SourceDoc("d5", "Khatlon Ledger", "https://example.org/5", "2022-06-01"),
}


def rocket_reports() -> list[EventMention]:
    claim = Claim(claimant=actor(ISKP, "IS"), stance="claims", text="IS said it fired rockets", doc_id="d1",
                  start=0, end=24, cue="said")
    denial = Claim(claimant=actor(TJK, "Tajik officials"), stance="denies", text="officials denied any rockets",
                   doc_id="d2", start=100, end=128, cue="denied")
    return [
        em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [KHAWAJA_GHAR, TAJIKISTAN], status="claimed",
           claims=[claim], mode="heavy-weapons"),
        em("d2", 100, "ASSAULT", [ISKP], [TJK], month("2022-05-01", "2022-05-31"), [TAKHAR], status="denied",
           claims=[denial], trigger="attack"),
        # a different event: the Taliban fought IS on the Afghan side, same days, same province
        em("d2", 300, "ASSAULT", [TALIBAN], [ISKP], day("2022-05-07"), [TAKHAR], trigger="clashed"),
        # a different event: the same kind of attack, a week later
        em("d3", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-15"), [TAKHAR]),
    ]


def by_mentions(events: list[dict]) -> list[set[str]]:
    return sorted((set(e["mention_ids"]) for e in events), key=lambda s: sorted(s))


def test_same_event_across_documents_fuses_and_clashes_stay_apart():
    events = fuse(rocket_reports(), SOURCES)
    groups = by_mentions(events)
    assert {"em_d1_0", "em_d2_100"} in groups
    assert {"em_d2_300"} in groups  # different participants (Taliban vs IS), same date and place
    assert {"em_d3_0"} in groups  # date conflict (May 7 vs May 15)
    assert len(events) == 3


def test_fused_record_fields_follow_the_spec():
    ev = next(e for e in fuse(rocket_reports(), SOURCES) if "em_d1_0" in e["mention_ids"])
    spec_fields = {"id", "event_type", "mode", "context", "actors", "recipients", "date", "locations", "status",
                   "claims", "mentions", "sources", "independent_sources", "score", "quad_class", "cameo", "summary"}
    assert spec_fields <= set(ev)
    assert ev["id"].startswith("evt_")
    assert ev["date"]["start"] == "2022-05-07" and ev["date"]["granularity"] == "day"  # the most precise date
    assert [p["name"] for p in ev["locations"]] == ["Khawaja Ghar", "Tajikistan"]  # Takhar ⊃ Khawaja Ghar dropped
    assert ev["status"] == "disputed"  # a claim and a denial
    assert {c["stance"] for c in ev["claims"]} == {"claims", "denies"}
    assert [s["doc_id"] for s in ev["sources"]] == ["d1", "d2"]
    assert ev["independent_sources"] == 2
    assert ev["mode"] == "heavy-weapons" and ev["cameo"] == "190"
    assert {m["doc_id"] for m in ev["mentions"]} == {"d1", "d2"}
    assert "Islamic State – Khorasan Province" in ev["summary"] and "Tajikistan" in ev["summary"]
    assert "7 May 2022" in ev["summary"] and "denied by Tajikistan" in ev["summary"]
    json.dumps(ev)  # the record is plain JSON


def test_place_containment_and_conflict():
    a = em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [KHAWAJA_GHAR])
    b = em("d2", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [KUNDUZ])
    c = em("d3", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [AFGHANISTAN])
    assert len(fuse([a, b], SOURCES)) == 2  # Khawaja Ghar is not in Kunduz
    assert len(fuse([a, c], SOURCES)) == 1  # Khawaja Ghar ⊂ Takhar ⊂ Afghanistan


def test_a_phone_call_placed_in_two_capitals_is_one_call_a_shelling_is_not():
    """Verbal acts are not bound to the place a report names (where a speaker or press office was)."""
    moscow = dict(name="Moscow", precision="point", country="RUS", admin1="Moscow")
    bishkek = dict(name="Bishkek", precision="point", country="KGZ", admin1="Bishkek")
    call_a = em("d1", 0, "CONSULT", [KGZ, TJK], [], day("2022-05-07"), [moscow], trigger="spoke")
    call_b = em("d2", 0, "CONSULT", [KGZ, TJK], [], day("2022-05-07"), [bishkek], trigger="spoke")
    assert len(fuse([call_a, call_b], SOURCES)) == 1
    shell_a = em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [KHAWAJA_GHAR])
    shell_b = em("d2", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [KUNDUZ])
    assert len(fuse([shell_a, shell_b], SOURCES)) == 2


def test_two_sided_clash_matches_in_either_orientation():
    tg = dict(name="Tajikistan", kb_id=None, country="TJK", sector="MIL")  # "Tajik border guards"
    a = em("d1", 0, "ASSAULT", [TALIBAN], [TJK], day("2022-05-15"), [TAKHAR])
    b = em("d2", 0, "ASSAULT", [tg], [TALIBAN], day("2022-05-15"), [], trigger="exchanged fire")
    events = fuse([a, b], SOURCES)
    assert len(events) == 1
    assert events[0]["mentions"][1]["swapped"] is True
    # an accusation is not symmetric: who accuses whom matters
    x = em("d1", 50, "ACCUSE", [TALIBAN], [TJK], day("2022-05-15"), trigger="accused")
    y = em("d2", 50, "ACCUSE", [TJK], [TALIBAN], day("2022-05-15"), trigger="accused")
    assert len(fuse([x, y], SOURCES)) == 2


def test_weak_evidence_does_not_merge():
    # same type and country-level place, no participants, no date: not enough to call them one event
    a = em("d1", 0, "MOBILIZE", [], [], None, [TAJIKISTAN], trigger="deployed")
    b = em("d4", 0, "MOBILIZE", [], [], None, [TAJIKISTAN], trigger="sent")
    assert len(fuse([a, b], SOURCES)) == 2


def test_type_family_blocks_unrelated_types():
    a = em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [TAKHAR])
    b = em("d2", 0, "THREATEN", [ISKP], [TJK], day("2022-05-07"), [TAKHAR], trigger="threatened")
    c = em("d3", 0, "COERCE", [ISKP], [TJK], day("2022-05-07"), [TAKHAR], trigger="seized")
    assert not match(b, fuse([a], SOURCES)[0])[0]
    assert by_mentions(fuse([a, b, c], SOURCES)) == [{"em_d1_0", "em_d3_0"}, {"em_d2_0"}]


def test_publication_date_stand_in_is_weak_but_not_a_conflict():
    # no date in the text: the publication date (May 10) stands in; the event of May 7 is within the lookback
    a = em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [TAKHAR])
    b = em("d3", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-10", "", basis="publication"), [TAKHAR])
    events = fuse([a, b], SOURCES)
    assert len(events) == 1 and events[0]["date"]["start"] == "2022-05-07"


def test_nothing_that_began_after_a_report_came_out_is_its_undated_event():
    # d3 came out on May 10 with no date for its attack; an attack of May 11 (one day on, within a day's
    # tolerance) is not what it reported, though one of May 9 may be
    later = em("d4", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-11"), [TAKHAR])
    undated = em("d3", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-10", "", basis="publication"), [TAKHAR])
    assert len(fuse([later, undated], SOURCES)) == 2
    earlier = em("d4", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-09"), [TAKHAR])
    assert len(fuse([earlier, undated], SOURCES)) == 1


def test_a_publication_known_only_by_its_year_stands_in_for_that_whole_year():
    # a text without metadata whose publication was inferred as "some day in 2022": its undated mention may be
    # the May attack (it was dated [Dec 17, Dec 31] before, the last two weeks of the year)
    may = em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [TAKHAR])
    inferred = DateValue("2022-01-01", "2022-12-31", "year", "", basis="inferred-publication")
    undated = em("d2", 0, "ASSAULT", [ISKP], [TJK], inferred, [TAKHAR])
    assert len(fuse([may, undated], SOURCES)) == 1
    earlier = em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2021-05-07"), [TAKHAR])
    assert len(fuse([earlier, undated], SOURCES)) == 2


def test_a_verbal_act_happens_on_one_day_a_clash_may_run_overnight():
    call = dict(trigger="spoke", sentence="The two presidents spoke by phone, their offices said.")
    friday = em("d1", 0, "CONSULT", [KGZ, TJK], [], day("2022-05-06"), **call)
    saturday = em("d2", 0, "CONSULT", [KGZ, TJK], [], day("2022-05-07"), **call)
    assert len(fuse([friday, saturday], SOURCES)) == 2
    night = em("d1", 0, "ASSAULT", [KGZ, TJK], [], day("2022-05-06"), trigger="clashed")
    morning = em("d2", 0, "ASSAULT", [KGZ, TJK], [], day("2022-05-07"), trigger="clashed")
    assert len(fuse([night, morning], SOURCES)) == 1


def test_one_author_wording_two_sentences_as_two_force_acts_reports_two_acts():
    fired = em("d1", 0, "ASSAULT", [TJK], [KGZ], day("2022-05-07"), trigger="fired",
               sentence="Tajik guards fired mortars at the post.")
    closed = em("d1", 100, "COERCE", [TJK], [KGZ], day("2022-05-07"), trigger="closed",
                sentence="Earlier the guards closed a road to the enclave.")
    assert len(fuse([fired, closed], SOURCES)) == 2
    # another outlet's "seized" for the same act still joins through the family
    seized = em("d2", 0, "COERCE", [TJK], [KGZ], day("2022-05-07"), trigger="seized",
                sentence="Tajik guards seized the post after firing mortars.")
    assert by_mentions(fuse([fired, seized], SOURCES)) == [{"em_d1_0", "em_d2_0"}]


def half(m: EventMention) -> EventMention:
    m.rules = [RuleHit("arg.reciprocal-half", 0, 1, m.actors[0].text)]
    return m


def test_each_sides_version_of_a_mutual_charge_stays_its_own():
    # "Tajikistan and Kyrgyzstan accused each other of blocking the road": one version per side
    tj = half(em("d1", 0, "COERCE", [TJK], [KGZ], day("2022-05-07"), trigger="blocking"))
    kg = half(em("d1", 0, "COERCE", [KGZ], [TJK], day("2022-05-07"), trigger="blocking"))
    kg.id = "em_d1_0_kgz"
    assert len(fuse([tj, kg], SOURCES)) == 2
    # another outlet's one-sided report of the Tajik closure joins the Tajik version, not the Kyrgyz one turned round
    closed = em("d2", 0, "COERCE", [TJK], [], day("2022-05-07"), trigger="closed")
    stopped = em("d3", 0, "COERCE", [KGZ], [], day("2022-05-07"), trigger="stopped")
    assert by_mentions(fuse([tj, kg, closed, stopped], SOURCES)) == [{"em_d1_0", "em_d2_0"},
                                                                     {"em_d1_0_kgz", "em_d3_0"}]


def test_two_force_acts_of_one_sentence_are_two_acts():
    sentence = "The guards closed the road and fired mortars at the post."
    closed = em("d1", 0, "COERCE", [TJK], [KGZ], day("2022-05-07"), trigger="closed", sentence=sentence)
    fired = em("d1", 0, "ASSAULT", [TJK], [KGZ], day("2022-05-07"), trigger="fired", sentence=sentence)
    fired.trigger_start, fired.id = 30, "em_d1_0_fired"
    assert len(fuse([closed, fired], SOURCES)) == 2


def test_a_members_inferred_place_vetoes_nothing():
    # the first report's only place is its participant's country (not read from its text): a later report that
    # names a place in the other country can still be the same clash
    a = em("d1", 0, "ASSAULT", [KGZ, TJK], [], day("2022-05-07"), [])
    a.locations = [Place(name="Tajikistan", text="Tajik", country="TJK", precision="country", basis="participant")]
    b = em("d2", 0, "ASSAULT", [KGZ, TJK], [], day("2022-05-07"), [dict(name="Batken", precision="admin1",
                                                                      country="KGZ", admin1="Batken")])
    events = fuse([a, b], SOURCES)
    assert len(events) == 1
    # incremental: the stored member compares the same way
    assert len(fuse([a, b], SOURCES, existing=fuse([a], SOURCES))) == 1


def test_incremental_equals_from_scratch_and_ids_are_stable():
    ms = rocket_reports()
    first = fuse(ms[:2], SOURCES)
    ids_before = {e["id"]: set(e["mention_ids"]) for e in first}
    unrelated = em("d4", 0, "CONSULT", [RUS], [KGZ], day("2022-05-19"), trigger="met")
    later = fuse(ms + [unrelated], SOURCES, existing=first)
    scratch = fuse(ms + [unrelated], SOURCES)
    assert json.dumps(later, sort_keys=True) == json.dumps(scratch, sort_keys=True)
    for eid, mids in ids_before.items():
        assert set(next(e for e in later if e["id"] == eid)["mention_ids"]) == mids
    # re-running on the same input with the stored events changes nothing
    assert json.dumps(fuse(ms + [unrelated], SOURCES, existing=later), sort_keys=True) == json.dumps(later,
                                                                                                   sort_keys=True)


def test_new_document_joins_existing_event():
    ms = rocket_reports()
    first = fuse(ms[:1], SOURCES)
    late = em("d5", 0, "ASSAULT", [ISKP], [TJK], month("2022-05-01", "2022-05-31"), [TAJIKISTAN],
              trigger="rocket attack")
    events = fuse([late], SOURCES, existing=first)
    assert len(events) == 1 and events[0]["id"] == first[0]["id"]
    assert events[0]["mention_ids"] == ["em_d1_0", "em_d5_0"]


def test_independent_sources_fold_copies_wires_and_aliases():
    src = {
        "a": SourceDoc("a", "Reuters", None, "2022-05-08"),
        "b": SourceDoc("b", "Daily Example", None, "2022-05-08", credits=["Reuters"]),  # wire copy
        "c": SourceDoc("c", "Thomson Reuters", None, "2022-05-08"),  # alias
        "d": SourceDoc("d", "Other Paper", None, "2022-05-09", duplicate_of="e"),  # near-copy of e
        "e": SourceDoc("e", "First Paper", None, "2022-05-08"),
        "f": SourceDoc("f", "Digest", None, "2022-05-09", credits=["Reuters", "TASS"]),  # compilation: own source
        "g": SourceDoc("g", None, None, None),
    }
    assert independent_source_count(["a", "b", "c"], src) == 1
    assert independent_source_count(["d", "e"], src) == 1
    assert independent_source_count(["a", "e", "f", "g"], src) == 4
    assert independent_source_count(["a", "a"], src) == 1


def test_republished_sentences_fold_into_one_source():
    long = "Rockets fired from the neighbouring province landed near a border post late on Saturday, officials said."
    other = "A second statement, written differently by a second outlet, described the same attack at length."
    ms = [em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [TAKHAR], sentence=long),
          em("d2", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [TAKHAR], sentence=long),
          em("d3", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [TAKHAR], sentence=other)]
    ev = fuse(ms, SOURCES)
    assert len(ev) == 1 and len(ev[0]["sources"]) == 3 and ev[0]["independent_sources"] == 2


def test_summary_is_generated_from_fields():
    rec = new_record(em("d1", 0, "CONSULT", [RUS], [KGZ], day("2022-05-16"), [], trigger="met", status="planned"))
    absorb(rec, em("d1", 0, "CONSULT", [RUS], [KGZ], day("2022-05-16"), [], trigger="met", status="planned"),
           False, 0.0, "fuse.new")
    finish(rec, SOURCES)
    assert rec["summary"] == "Russia met Kyrgyzstan on 16 May 2022 (planned)"


def test_knowledge_base_parent_is_compatible_not_identical():
    from panj.fuse.compatibility import actor_match

    iskp = {"kb_id": "iskp", "country": "AFG", "name": "ISKP"}
    islamic_state = {"kb_id": "islamic_state", "country": "IMG", "name": "Islamic State"}
    taliban = {"kb_id": "taliban", "country": "AFG", "name": "Taliban"}
    guards = {"kb_id": None, "country": "TJK", "sector": "MIL", "name": "Tajikistan"}
    assert actor_match(iskp, iskp) == 2
    assert actor_match(iskp, islamic_state) == 1  # iskp's parent in panj/data/actors
    assert actor_match(iskp, taliban) == 0  # same country, two different groups
    assert actor_match(guards, {"kb_id": "tjk", "country": "TJK", "name": "Tajikistan"}) == 1


def test_dates_two_days_apart_are_different_events():
    a = em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-06"), [TAKHAR])
    b = em("d2", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-08"), [TAKHAR])
    c = em("d3", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [TAKHAR])
    assert len(fuse([a, b], SOURCES)) == 2
    assert len(fuse([a, c], SOURCES)) == 1  # a day apart: the event and its report


def test_undated_mention_prefers_the_recent_event():
    old = em("d1", 0, "ASSAULT", [ISKP], [TJK], month("2021-06-01", "2021-06-30"), [TAJIKISTAN], trigger="attack")
    new = em("d2", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [TAJIKISTAN], trigger="attack")
    undated = em("d5", 0, "ASSAULT", [ISKP], [TJK], DateValue.unresolved(), [TAJIKISTAN], trigger="attack")
    events = fuse([old, new, undated], SOURCES)  # d5 was published 2022-06-01
    assert {"em_d2_0", "em_d5_0"} in by_mentions(events) and len(events) == 2


def test_a_mention_with_no_time_to_go_on_meets_only_its_own_documents():
    """No date in the text and none of publication: shared participants alone would pick a clash of any year."""
    sources = dict(SOURCES, d6=SourceDoc("d6", "Undated Notes", None, None))
    old = em("d1", 0, "ASSAULT", [ISKP], [TJK], month("2021-06-01", "2021-06-30"), [TAJIKISTAN], trigger="attack")
    undated = em("d6", 0, "ASSAULT", [ISKP], [TJK], DateValue.unresolved(), [TAJIKISTAN], trigger="attack")
    again = em("d6", 40, "ASSAULT", [ISKP], [TJK], DateValue.unresolved(), [TAJIKISTAN], trigger="attack")
    for blocking in (True, False):
        events = fuse([old, undated, again], sources, blocking=blocking)
        assert by_mentions(events) == [{"em_d1_0"}, {"em_d6_0", "em_d6_40"}]


def test_an_undated_mention_does_not_reach_past_the_recent_window():
    old = em("d1", 0, "ASSAULT", [ISKP], [TJK], month("2021-06-01", "2021-06-30"), [TAJIKISTAN], trigger="attack")
    undated = em("d5", 0, "ASSAULT", [ISKP], [TJK], DateValue.unresolved(), [TAJIKISTAN], trigger="attack")
    for blocking in (True, False):  # d5 was published 2022-06-01, a year after the only event
        assert len(fuse([old, undated], SOURCES, blocking=blocking)) == 2


def test_officials_and_organs_of_one_state_are_one_side():
    from panj.fuse.compatibility import actor_match

    guards = {"kb_id": "tjk_border_troops", "country": "TJK", "sector": "MIL", "name": "Tajik Border Troops"}
    rahmon = {"kb_id": "emomali_rahmon", "country": "TJK", "sector": "GOV", "name": "Emomali Rahmon"}
    gknb = {"kb_id": "tjk_gknb", "country": "TJK", "sector": "SPY", "name": "GKNB"}
    putin = {"kb_id": "vladimir_putin", "country": "RUS", "sector": "GOV", "name": "Vladimir Putin"}
    baradar = {"kb_id": "abdul_ghani_baradar", "country": "AFG", "sector": "GOV", "name": "Baradar"}
    muttaqi = {"kb_id": "amir_khan_muttaqi", "country": "AFG", "sector": "GOV", "name": "Muttaqi"}
    hekmatyar = {"kb_id": "gulbuddin_hekmatyar", "country": "AFG", "sector": "REB", "name": "Hekmatyar"}
    unsc = {"kb_id": "unsc", "country": "UNO", "sector": "GOV", "name": "UN Security Council"}
    unhcr = {"kb_id": "unhcr", "country": "UNO", "sector": "NGO", "name": "UNHCR"}
    assert actor_match(guards, rahmon) == 1 and actor_match(guards, gknb) == 1  # both act for Tajikistan
    assert actor_match(baradar, muttaqi) == 1  # two Taliban officials
    assert actor_match(guards, putin) == 0  # two states
    assert actor_match(baradar, hekmatyar) == 0  # a Taliban official and another party's leader
    assert actor_match(unsc, unhcr) == 0  # two UN bodies are not one actor
    # a clash reported with the border troops by one outlet and with the president's forces by another
    a = em("d1", 0, "ASSAULT", [TALIBAN], [guards], day("2022-05-15"), [TAKHAR])
    b = em("d2", 0, "ASSAULT", [TALIBAN], [rahmon], day("2022-05-15"), [TAKHAR], trigger="clashed")
    assert len(fuse([a, b], SOURCES)) == 1


def test_vague_participants_veto_nothing_and_add_nothing():
    from panj.fuse.compatibility import role_match

    militants = {"kb_id": None, "country": None, "sector": "REB", "name": "militants"}
    neighbours = {"kb_id": None, "country": None, "sector": None, "name": "Central Asian states"}
    security = {"kb_id": None, "country": None, "sector": "MIL", "name": "security forces"}
    assert role_match([militants], [ISKP]) == (True, 0.0)  # "militants" may be ISKP: no clash, no evidence
    assert role_match([neighbours], [TJK]) == (True, 0.0)
    assert role_match([security], [ISKP])[0] is False  # the sector says they are not the same
    assert role_match([militants, TALIBAN], [TJK])[0] is False  # the Taliban are identifiable and differ
    assert role_match([militants], [{"kb_id": None, "country": None, "sector": "REB", "name": "Militants"}]) == (
        True, 1.0)  # the same words still count as the same actor
    # the same attack: one outlet names ISKP, another only "militants"
    a = em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [KHAWAJA_GHAR])
    b = em("d2", 0, "ASSAULT", [militants], [TJK], day("2022-05-07"), [TAKHAR])
    assert len(fuse([a, b], SOURCES)) == 1
    # vague actors alone do not make two weakly similar reports one event
    gunmen = {"kb_id": None, "country": None, "sector": "REB", "name": "gunmen"}
    c = em("d1", 50, "ASSAULT", [militants], [], None, [TAJIKISTAN], trigger="attacked")
    d = em("d4", 50, "ASSAULT", [gunmen], [], None, [TAJIKISTAN], trigger="struck")
    assert len(fuse([c, d], SOURCES)) == 2


def test_origin_and_target_of_a_cross_border_attack_do_not_clash():
    from panj.fuse.compatibility import places as place_compat

    fired_from = em("d1", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [dict(TAKHAR, role="origin")])
    fired_into = em("d2", 0, "ASSAULT", [ISKP], [TJK], day("2022-05-07"), [dict(TAJIKISTAN, role="destination")])
    assert len(fuse([fired_from, fired_into], SOURCES)) == 1
    # the same end named differently is still a clash: launched from Takhar vs launched from Kunduz
    assert not place_compat([dict(TAKHAR, role="origin")], [dict(KUNDUZ, role="origin")])[0]
    assert not place_compat([dict(TAKHAR, role="origin"), TAJIKISTAN], [dict(KUNDUZ, role="origin")])[0]
    # and where it happened still clashes with where else it happened
    assert not place_compat([KHAWAJA_GHAR], [dict(KUNDUZ, role="destination")])[0]
    assert place_compat([dict(TAKHAR, role="origin")], [TAJIKISTAN]) == (True, 0.0)  # no evidence either


def test_mutual_clash_joins_a_directed_attack_only_when_the_attacker_is_a_party():
    rockets = em("d1", 0, "ASSAULT", [ISKP], [TJK, TALIBAN], month("2022-05-01", "2022-05-31"), trigger="rockets")
    clash = em("d2", 0, "ASSAULT", [TJK, TALIBAN], [], month("2022-05-01", "2022-05-31"), trigger="firefight")
    assert len(fuse([rockets, clash], SOURCES)) == 2
    shots = em("d1", 50, "ASSAULT", [TALIBAN], [TJK], month("2022-05-01", "2022-05-31"), trigger="firefight")
    assert len(fuse([shots, clash], SOURCES)) == 1


def test_part_of_a_month_has_fuzzy_edges():
    """"early May" (1-10 May) and 15 May can be one clash; a whole-month date keeps its strict edges."""
    early = DateValue("2022-05-01", "2022-05-10", "month", "in early May", rule="mod:early+month")
    plain = DateValue("2022-04-01", "2022-04-30", "month", "in April", rule="month")
    clash = em("d2", 0, "ASSAULT", [TJK, TALIBAN], [], early, trigger="firefight")
    exchange = em("d1", 0, "ASSAULT", [TALIBAN, TJK], [], day("2022-05-15"), trigger="exchange")
    assert len(fuse([exchange, clash], SOURCES)) == 1
    april = em("d3", 0, "ASSAULT", [TJK, TALIBAN], [], plain, trigger="firefight")
    assert len(fuse([exchange, april], SOURCES)) == 2


def test_a_member_state_is_compatible_with_its_organisation():
    csto = dict(name="Collective Security Treaty Organization", kb_id="csto", country="IGO", sector="MIL")
    drills = em("d1", 0, "MOBILIZE", [csto], [], day("2021-10-18"), trigger="drills")
    exercises = em("d1", 300, "MOBILIZE", [RUS], [], day("2021-10-18"), trigger="exercises")
    assert len(fuse([drills, exercises], SOURCES)) == 1
    un = dict(name="United Nations", kb_id="un", country="UNO", sector="IGO")
    talks = em("d2", 0, "MOBILIZE", [un], [], day("2021-10-18"), trigger="drills")
    assert len(fuse([talks, exercises], SOURCES)) == 2  # the UN lists no members: no such compatibility


def test_summary_names_the_most_specific_actor_and_claims_before_denials():
    isl = dict(name="Islamic State", kb_id="islamic_state", country="IMG", sector="REB")
    claim = Claim(claimant=actor(ISKP), stance="claims", text="ISKP said it fired", doc_id="d1", start=0, end=5)
    denial = Claim(claimant=actor(TJK), stance="denies", text="Tajikistan denied it", doc_id="d1", start=6, end=9)
    m = em("d1", 0, "ASSAULT", [isl, ISKP], [TJK], day("2022-05-07"), claims=[denial, claim], status="disputed")
    (event,) = fuse([m], SOURCES)
    assert event["summary"].startswith("Islamic State – Khorasan Province ")
    assert "(claimed by Islamic State – Khorasan Province; denied by Tajikistan)" in event["summary"]


def test_summary_dates_say_the_interval_they_cover():
    from panj.fuse.record import _date_phrase

    assert _date_phrase({"start": "2022-05-07", "end": "2022-05-07", "granularity": "day"}) == "on 7 May 2022"
    assert _date_phrase({"start": "2017-10-30", "end": "2021-10-29", "granularity": "year"}) == "between 2017 and 2021"
    assert _date_phrase({"start": "2022-01-01", "end": "2022-12-31", "granularity": "year"}) == "in 2022"
    assert _date_phrase({"start": "2022-01-01", "end": "2022-06-30", "granularity": "month"}) == (
        "between January 2022 and June 2022")


def test_a_statement_reported_as_a_threat_and_as_an_accusation_is_one_event():
    hek = dict(name="Gulbuddin Hekmatyar", kb_id="gulbuddin_hekmatyar", country="AFG", sector="OPP")
    threat = em("d1", 0, "THREATEN", [hek], [TJK], day("2022-05-06"), trigger="threatened")
    charge = em("d2", 0, "ACCUSE", [hek], [TJK], day("2022-05-06"), trigger="stated")
    assert len(fuse([threat, charge], SOURCES)) == 1
    other = em("d3", 0, "ACCUSE", [TJK], [hek], day("2022-05-06"), trigger="accused")
    assert len(fuse([threat, other], SOURCES)) == 2  # who charges whom still matters


def test_stones_thrown_reported_as_a_riot_and_as_an_assault_are_one_melee():
    """Villagers hurling stones is a riot (PROTEST), "the sides" throwing them an assault: one melee, two wordings."""
    riot = em("d1", 0, "PROTEST", [KGZ, TJK], [], day("2022-05-07"), mode="riot", trigger="hurling")
    assault = em("d2", 0, "ASSAULT", [TJK, KGZ], [], day("2022-05-07"), trigger="throw")
    assert len(fuse([riot, assault], SOURCES)) == 1
    later = em("d3", 0, "ASSAULT", [TJK, KGZ], [], day("2022-05-10"), trigger="throw")
    assert len(fuse([riot, later], SOURCES)) == 2  # three days apart: two melees


def test_a_clash_between_a_and_b_is_not_one_between_a_and_c():
    nrf = dict(name="National Resistance Front of Afghanistan", kb_id="nrf", country="AFG", sector="REB")
    with_iskp = em("d1", 0, "ASSAULT", [TALIBAN, ISKP], [], day("2022-05-07"), [TAKHAR], trigger="fight")
    with_nrf = em("d2", 0, "ASSAULT", [TALIBAN, nrf], [], day("2022-05-07"), [TAKHAR], trigger="fight")
    assert len(fuse([with_iskp, with_nrf], SOURCES)) == 2
    # a report naming one side only can still be either
    taliban_only = em("d3", 0, "ASSAULT", [TALIBAN], [], day("2022-05-07"), [TAKHAR], trigger="fight")
    assert len(fuse([with_iskp, taliban_only], SOURCES)) == 1
    # and one party each can be the two sides of one meeting ("Russia held consultations" / "the Taliban at
    # the same meeting")
    host = em("d1", 50, "CONSULT", [RUS], [], day("2021-07-08"), [TAKHAR], trigger="meeting")
    guest = em("d2", 50, "CONSULT", [TALIBAN], [], day("2021-07-08"), [TAKHAR], trigger="meeting")
    assert len(fuse([host, guest], SOURCES)) == 1


def test_a_window_of_over_a_season_does_not_tie_two_force_acts():
    """A day-dated clash and a seizure dated "recently" (a 15-month window) share one party and a country: the
    window holds nearly any act, so it is no evidence that the seizure is the clash worded differently. The same
    type, or a window of a month, still counts."""
    recently = DateValue("2021-10-03", "2022-12-31", "year", "recently")
    clash = em("d1", 0, "ASSAULT", [TALIBAN], (), day("2022-05-15"), [AFGHANISTAN], trigger="exchange")
    seizure = em("d4", 0, "COERCE", [TALIBAN], (), recently, [AFGHANISTAN], trigger="seizure")
    assert len(fuse([clash, seizure], SOURCES)) == 2
    in_may = em("d4", 0, "COERCE", [TALIBAN], (), month("2022-05-01", "2022-05-31"), [AFGHANISTAN], trigger="seizure")
    assert len(fuse([clash, in_may], SOURCES)) == 1
    clash_again = em("d4", 0, "ASSAULT", [TALIBAN], (), recently, [AFGHANISTAN], trigger="clash")
    assert len(fuse([clash, clash_again], SOURCES)) == 1


def test_a_sides_version_joins_that_sides_charge_rather_than_the_neutral_exchange():
    # d1: guards traded fire in one province; d2: Tajik guards fired on Kyrgyz posts in another, Kyrgyzstan said;
    # d3: "Kyrgyz officials say the Tajik guards fired", no place: as close to either by date, type and parties
    said = Claim(claimant=actor(KGZ, "Kyrgyz officials"), stance="claims", text="Kyrgyz officials say", doc_id="d2",
                 start=0, end=20, cue="say")
    traded = em("d1", 0, "ASSAULT", [KGZ, TJK], [], day("2022-05-07"), [TAKHAR])
    charge = em("d2", 0, "ASSAULT", [TJK], [KGZ], day("2022-05-07"), [KUNDUZ], status="claimed", claims=[said])
    version = em("d3", 0, "ASSAULT", [TJK], [], day("2022-05-07"), status="claimed", claims=[said])
    assert by_mentions(fuse([traded, charge, version], SOURCES)) == [{"em_d1_0"}, {"em_d2_0", "em_d3_0"}]


def test_one_sides_version_alone_is_too_thin_to_merge():
    # the same teller, attacker and type, but nothing else shared: the tie-breaker does not reach the threshold
    said = Claim(claimant=actor(KGZ, "Kyrgyz officials"), stance="claims", text="Kyrgyz officials say", doc_id="d2",
                 start=0, end=20, cue="say")
    charge = em("d2", 0, "ASSAULT", [TJK], [], day("2022-05-07"), status="claimed", claims=[said])
    later = em("d3", 0, "ASSAULT", [TJK], [], day("2022-05-10", "", basis="publication"), trigger="shelled",
               status="claimed", claims=[said])
    assert len(fuse([charge, later], SOURCES)) == 2
