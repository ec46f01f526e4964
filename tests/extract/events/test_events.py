"""Event extraction on hand-written sentences, with actor lists built here (no knowledge base needed)."""
from __future__ import annotations

import re

import pytest

from panj.extract.events import lexicon as event_lexicon
from panj.extract.events.mentions import classify_predicate, extract_events
from panj.records import PLOVER_TYPES, Actor, DocContext

# name -> (kb_id, country, sector); every occurrence of the name in a sentence becomes an Actor
KB = {
    "Ruritania": ("rur", "RUR", "GOV"),
    "Ruritanian": ("rur", "RUR", "GOV"),
    "Borduria": ("bor", "BOR", "GOV"),
    "Bordurian": ("bor", "BOR", "GOV"),
    "Syldavia": ("syl", "SYL", "GOV"),
    "the Red Brigade": ("redb", "RUR", "REB"),
    "the Alliance": ("alli", "IGO", "IGO"),
    "Minister Kovac": ("kovac", "RUR", "GOV"),
    "Reuters": ("reuters", "GBR", "MED"),  # a news agency of the bundled knowledge base (media.yaml)
}


def run(nlp, text: str):
    doc = nlp(text)
    actors = []
    for name, (kb_id, country, sector) in KB.items():
        for m in re.finditer(r"\b" + re.escape(name) + r"\b", text, flags=re.IGNORECASE):
            actors.append(Actor(name=name, text=m.group(0), kb_id=kb_id, country=country, sector=sector,
                                start=m.start(), end=m.end(), rule="test"))
    return extract_events(doc, DocContext(doc_id="t", text=text), actors)


def one(nlp, text: str, event_type: str):
    ms = [m for m in run(nlp, text) if m.event_type == event_type]
    assert ms, f"no {event_type} in {[(m.event_type, m.trigger) for m in run(nlp, text)]}"
    return ms[0]


def ids(actors):
    return {a.kb_id or a.text for a in actors}


def test_lexicon_loads_and_is_consistent():
    lx = event_lexicon.load()
    assert {t.type for t in lx.verbs + lx.nouns} <= set(PLOVER_TYPES)
    assert event_lexicon.score_of("ACCUSE", None)[0] < 0
    assert event_lexicon.score_of("ASSAULT", "heavy-weapons") == (-10.0, "material_conflict", "194")
    assert event_lexicon.score_of("AGREE", None)[1] == "verbal_cooperation"


def test_fired_rockets_is_heavy_weapons_assault_with_roles(nlp):
    m = one(nlp, "The Red Brigade fired rockets at Borduria on Sunday.", "ASSAULT")
    assert m.mode == "heavy-weapons" and m.cameo == "194" and m.quad_class == "material_conflict"
    assert ids(m.actors) == {"redb"} and ids(m.recipients) == {"bor"}
    assert m.trigger == "fired" and m.sentence.startswith("The Red Brigade")
    rule_ids = {r.rule_id for r in m.rules}
    assert "v.assault.fire-heavy" in rule_ids and "arg.subject" in rule_ids
    hit = next(r for r in m.rules if r.rule_id == "v.assault.fire-heavy")
    assert hit.text == "fired rockets"


def test_exchange_of_fire_is_two_sided(nlp):
    text = "There was an hours-long exchange of fire between Ruritanian forces and Bordurian border troops."
    m = one(nlp, text, "ASSAULT")
    assert m.mode == "firearms" and "two-sided" in m.context
    assert ids(m.actors) == {"rur", "bor"} and m.recipients == []


def test_urged_to_return_is_one_request(nlp):
    ms = run(nlp, "Minister Kovac urged Borduria and Syldavia to return the refugees.")
    assert [m.event_type for m in ms] == ["REQUEST"]
    assert ids(ms[0].actors) == {"kovac"} and ids(ms[0].recipients) == {"bor", "syl"}


def test_joint_exercise_with_coordinated_subject(nlp):
    m = one(nlp, "Ruritania and Syldavia held a joint military exercise near the border.", "MOBILIZE")
    assert ids(m.actors) == {"rur", "syl"}
    assert any(r.rule_id == "arg.light-verb" for r in m.rules)


def test_appointment_is_no_event(nlp):
    assert run(nlp, "Ruritania appointed a new defence minister on Monday.") == []


def test_reporting_verb_is_not_an_event_but_its_content_is(nlp):
    ms = run(nlp, "Borduria said that the Red Brigade attacked a police post.")
    assert [m.event_type for m in ms] == ["ASSAULT"]
    assert ids(ms[0].actors) == {"redb"}


def test_passive_with_agent(nlp):
    m = one(nlp, "Two Bordurian soldiers were killed by the Red Brigade.", "ASSAULT")
    assert ids(m.actors) == {"redb"} and "bor" in ids(m.recipients)
    assert {"arg.agent", "arg.passive-subject"} <= {r.rule_id for r in m.rules}


def test_possessive_nominal_attack(nlp):
    m = one(nlp, "Ruritania's attack on Syldavia surprised observers.", "ASSAULT")
    assert ids(m.actors) == {"rur"} and ids(m.recipients) == {"syl"}


def test_nominal_talks_and_summit(nlp):
    m = one(nlp, "Talks between Ruritania and Borduria ended without result.", "CONSULT")
    assert ids(m.actors) == {"rur", "bor"}
    m = one(nlp, "Minister Kovac attended the Alliance summit in Syldavia.", "CONSULT")
    assert "kovac" in ids(m.actors)


def test_talks_held_with_a_counterpart_keep_the_holder(nlp):
    """The party after "with" is a counterpart: the subject of the light verb that holds the talks is a party too."""
    m = one(nlp, "Minister Kovac held phone conversations with the foreign minister of Borduria.", "CONSULT")
    assert {"kovac", "bor"} <= ids(m.actors + m.recipients)


def test_accusation_and_threat_and_warning(nlp):
    m = one(nlp, "Borduria accused Ruritania of shelling its villages.", "ACCUSE")
    assert ids(m.actors) == {"bor"} and ids(m.recipients) == {"rur"}
    # the charge and the act it alleges are both coded (the act's status, alleged, comes from the claims stage)
    found = run(nlp, "Borduria accused Ruritania of shelling its villages.")
    assert sorted(x.event_type for x in found) == ["ACCUSE", "ASSAULT"]
    assert ids(next(x for x in found if x.event_type == "ASSAULT").actors) == {"rur"}
    m = one(nlp, "Ruritania threatened to invade Syldavia.", "THREATEN")
    assert ids(m.actors) == {"rur"}
    m = one(nlp, "Minister Kovac warned Borduria against any incursion.", "THREATEN")
    assert ids(m.recipients) == {"bor"}


def test_reciprocal_accusation_makes_both_accusers_actors_of_the_alleged_act(nlp):
    """"X and Y accused each other of blocking a road": each says the other did it, so both are its actors, one
    version each (see test_the_act_two_sides_accuse_each_other_of_is_one_version_per_side)."""
    ms = [m for m in run(nlp, "Ruritania and Borduria accused each other of blocking a road.")
          if m.event_type == "COERCE"]
    assert [ids(m.actors) for m in ms] == [{"rur"}, {"bor"}]


def test_a_clash_that_killed_takes_the_parties_of_the_clash(nlp):
    """"The 2021 clash between X and Y killed 55 people": the killing is the clash, X and Y its parties (before,
    the subject named no one and a recalled clash was dropped)."""
    m = one(nlp, "The 2021 clash between Ruritania and Borduria killed 55 people.", "ASSAULT")
    assert ids(m.actors) == {"rur", "bor"}


def test_vow_to_fight_is_a_threat(nlp):
    m = one(nlp, "The Red Brigade vowed to attack Ruritanian positions.", "THREATEN")
    assert "frame.intent-conflict" in {r.rule_id for r in m.rules}


def test_refusal_to_recognise(nlp):
    m = one(nlp, "Syldavia would not recognize the Bordurian government.", "REJECT")
    assert ids(m.actors) == {"syl"} and ids(m.recipients) == {"bor"}


def test_plain_noun_phrase_actor(nlp):
    m = one(nlp, "Gunmen attacked a Syldavian checkpoint overnight.", "ASSAULT")
    plain = [a for a in m.actors if a.kb_id is None]
    assert plain and plain[0].text == "Gunmen" and plain[0].sector == "REB"


def test_subject_inherited_by_gerund_complement(nlp):
    m = one(nlp, "The Red Brigade admitted firing eight rockets towards Borduria.", "ASSAULT")
    assert ids(m.actors) == {"redb"} and ids(m.recipients) == {"bor"}


def test_spans_point_at_the_words(nlp):
    text = "Yesterday the Red Brigade shelled Borduria."
    m = one(nlp, text, "ASSAULT")
    assert text[m.trigger_start:m.trigger_end] == "shelled"
    assert text[m.start:m.end] == m.sentence
    for r in m.rules:
        assert text[r.start:r.end] == r.text


@pytest.mark.parametrize("text,expected", [
    ("Rebels shelled the capital on Sunday.", "ASSAULT"),
    ("The two countries agreed to cooperate on border security.", "AGREE"),
    ("The opposition demanded the release of political prisoners.", "REQUEST"),
    ("Thousands of students demonstrated in the capital against the new law.", "PROTEST"),
    ("The government expelled two foreign diplomats.", "SANCTION"),
    ("Police arrested twelve activists.", "COERCE"),
    ("The army withdrew its troops from the disputed region.", "RETREAT"),
    ("The minister praised the neighbouring country's efforts.", "SUPPORT"),
    ("The two presidents met in the capital to discuss trade.", "CONSULT"),
    ("The government rejected the rebels' peace proposal.", "REJECT"),
    ("The country deployed thousands of troops to the border.", "MOBILIZE"),
    ("The prime minister condemned the bombing.", "ACCUSE"),
    ("The donors gave the country ten million dollars of aid.", "AID"),
])
def test_classify_predicate(text, expected):
    got = classify_predicate(text)
    assert got is not None and got[0] == expected


def test_classify_predicate_none_for_plain_statement():
    assert classify_predicate("The minister expressed concern about the weather.") is None


def test_verbless_heading_lines_report_no_event(nlp):
    from panj.extract.events.mentions import is_heading

    doc = nlp("Rising tension: the confrontation of Tajikistan and the Taliban\nTajik troops fired on Taliban posts.")
    heading, body = list(doc.sents)
    assert is_heading(heading) and not is_heading(body)


def test_title_case_headlines_and_verbless_questions_are_headings(nlp):
    from panj.extract.events.mentions import is_heading

    doc = nlp("Rebels And Army Agree To Stop Fighting Until Talks Resume\n"
              "Growing pressure: a standoff on the river (for now?)\n"
              "The army and the rebels agreed on Monday to stop fighting.")
    headline, question, body = list(doc.sents)
    assert is_heading(headline) and is_heading(question) and not is_heading(body)


def test_a_meeting_known_only_by_its_venue_is_not_coded(nlp):
    from datetime import date

    from panj.extract.actors import find_actors
    from panj.extract.events.mentions import extract_events
    from panj.records import DocContext

    text = "At a security summit in Spain, the secretary-general warned of new risks."
    doc = nlp(text)
    ctx = DocContext("v", text, published=date(2022, 5, 12))
    mentions = extract_events(doc, ctx, find_actors(doc, ctx))
    assert not [m for m in mentions if m.event_type == "CONSULT"]
    text = "Tajikistan and Uzbekistan held talks in Moscow on Monday."
    doc = nlp(text)
    ctx = DocContext("w", text, published=date(2022, 5, 12))
    (talks,) = [m for m in extract_events(doc, ctx, find_actors(doc, ctx)) if m.event_type == "CONSULT"]
    assert {a.kb_id for a in talks.actors} >= {"tjk", "uzb"}


def test_event_noun_takes_the_agent_of_its_participle(nlp):
    m = one(nlp, "The largest naval drills in decades held by the Alliance started on 12 March near the coast.",
            "MOBILIZE")
    assert [a.kb_id for a in m.actors] == ["alli"]
    assert "arg.participle-agent" in [r.rule_id for r in m.rules]


def test_verb_coordinated_with_a_frame_verb_is_its_own_event(nlp):
    """The parser can hang "threaten" on "encouraged" as its conjunct; it is then not the content of the request."""
    from spacy.tokens import Doc

    from panj.extract.events.triggers import find_matches

    words = ["Kovac", "complained", ",", "encouraged", "by", "allies", ",", "and", "threaten", "Syldavia", "."]
    heads = [1, 1, 1, 1, 3, 4, 3, 3, 3, 8, 1]
    deps = ["nsubj", "ROOT", "punct", "advcl", "agent", "pobj", "punct", "cc", "conj", "dobj", "punct"]
    pos = ["PROPN", "VERB", "PUNCT", "VERB", "ADP", "NOUN", "PUNCT", "CCONJ", "VERB", "PROPN", "PUNCT"]
    tags = ["NNP", "VBD", ",", "VBN", "IN", "NNS", ",", "CC", "VB", "NNP", "."]
    lemmas = ["Kovac", "complain", ",", "encourage", "by", "ally", ",", "and", "threaten", "Syldavia", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas,
              sent_starts=[True] + [False] * 10)
    types = {m.token.text: m.trigger.type for m in find_matches(doc[:], event_lexicon.load())}
    assert types.get("encouraged") == "REQUEST" and types.get("threaten") == "THREATEN"


def test_a_meeting_in_a_setting_phrase_is_its_own_event_with_the_clause_subject(nlp):
    ms = run(nlp, "On January 10, 2022, at the conference of the Alliance, Minister Kovac warned Borduria about "
                  "militants.")
    meeting = one(nlp, "On January 10, 2022, at the conference of the Alliance, Minister Kovac warned Borduria "
                       "about militants.", "CONSULT")
    assert {a.kb_id for a in meeting.actors} == {"alli", "kovac"}
    warning = next(m for m in ms if m.trigger == "warned")
    assert "alli" not in {a.kb_id for a in warning.recipients}
    during = one(nlp, "During the consultation in the capital, Ruritania obtained a pledge from Borduria.", "CONSULT")
    assert [a.kb_id for a in during.actors] == ["rur"]


def test_they_does_not_refer_to_a_state_named_in_the_singular(nlp):
    m = one(nlp, "First, Ruritania permitted Syldavia to utilize its territory as an advanced base for Bordurian "
                 "forces as they battled the rebels from 1979 to 1989.", "ASSAULT")
    assert "rur" not in {a.kb_id for a in m.actors} and "bor" in {a.kb_id for a in m.actors}


def test_agentless_passive_at_a_meeting_is_the_bodys_act_and_it_stands_for_its_noun(nlp):
    m = one(nlp, "The programme was debated for years, and on March 3, 2024, it was adopted at the Alliance "
                 "council session in the capital.", "AGREE")
    assert [a.kb_id for a in m.actors] == ["alli"]
    assert "arg.setting-body" in [r.rule_id for r in m.rules]
    assert not [x for x in run(nlp, "The weather was bad, and it was adopted by nobody.") if x.event_type == "AGREE"]


def test_a_sector_noun_from_a_named_group_is_that_group(nlp):
    m = one(nlp, "Militants from the Red Brigade fired rockets into Borduria.", "ASSAULT")
    assert [a.kb_id for a in m.actors] == ["redb"]


def test_the_same_group_refers_back_to_a_named_armed_group(nlp):
    m = one(nlp, "The Red Brigade was active in the hills. Last month the same group claimed a rocket attack on "
                 "Borduria.", "ASSAULT")
    assert [a.kb_id for a in m.actors] == ["redb"] and "arg.description" in [r.rule_id for r in m.rules]


def test_a_hostile_act_said_to_hold_virtually_is_the_speakers_accusation(nlp):
    ms = run(nlp, "On May 6, 2022, Minister Kovac stated that Borduria virtually declared war on Ruritania by "
                  "sheltering rebels.")
    accuse = [m for m in ms if m.event_type == "ACCUSE"]
    assert accuse and accuse[0].trigger == "stated"
    assert [a.kb_id for a in accuse[0].actors] == ["kovac"] and [a.kb_id for a in accuse[0].recipients] == ["bor"]
    assert not [m for m in ms if m.event_type == "ASSAULT"]  # the figurative war is the content, not an event


def test_upon_an_event_sets_the_time_it_names_no_recipient(nlp):
    ms = run(nlp, "As for the security reinforcement in the region upon the Red Brigade takeover, Ruritania saw no "
                  "need to act.")
    assert not any("redb" in {a.kb_id for a in m.recipients} for m in ms if m.trigger != "takeover")


def test_between_hung_on_the_place_names_the_sides_of_a_clash(nlp):
    # the parser attaches "between" to "province"; a province lies between no parties, so they are the sides
    m = one(nlp, "Tension grew amid reports of clashes in the northern province between the Red Brigade and "
                 "Bordurian troops.", "ASSAULT")
    assert ids(m.actors) == {"redb", "bor"}
    assert any(r.rule_id == "arg.between" for r in m.rules)
    # a border does lie between two states: they are not thereby the sides of the clash
    ms = run(nlp, "Clashes erupted at the border between Ruritania and Borduria.")
    assert not any({"rur", "bor"} <= ids(m.actors) for m in ms)


def test_a_name_under_anti_or_pro_is_not_the_party(nlp):
    assert not any("rur" in ids(m.actors) for m in run(nlp, "The anti-Ruritania alliance opened an office in "
                                                              "Borduria."))
    m = one(nlp, "Pro-Borduria militias attacked Syldavia.", "ASSAULT")
    assert "bor" not in ids(m.actors) and ids(m.recipients) == {"syl"}


def test_a_subject_pronoun_opening_a_sentence_continues_the_last_subject(nlp):
    # the nearest actor before "it" is Borduria, but English carries the subject over
    ms = run(nlp, "The Red Brigade fired rockets at Borduria. Weeks later, it attacked Syldavia.")
    attack = next(m for m in ms if m.trigger == "attacked")
    assert ids(attack.actors) == {"redb"} and ids(attack.recipients) == {"syl"}


def test_they_can_be_an_armed_group_named_in_the_singular(nlp):
    from panj.pipeline import extract_document

    text = "The Taliban closed the crossing. Later, ISKP's claim that they launched a rocket attack on Termez spread."
    _, _, ms = extract_document(nlp(text), DocContext("t", text))
    attack = next(m for m in ms if m.trigger == "attack")
    assert {a.kb_id for a in attack.actors} == {"iskp"}  # not the Taliban, the last plural-looking actor


# ---------------------------------------------------------------- lexicon entries that carry their own example
EXAMPLES = [t for t in event_lexicon.load().verbs + event_lexicon.load().nouns + event_lexicon.load().adjs
            if t.example]


def test_news_forms_have_examples():
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize("entry", EXAMPLES, ids=[t.id for t in EXAMPLES])
def test_entry_fires_on_its_example(nlp, entry):
    """Each lexicon entry with an `example` (a sentence of ours) fires on it, with its type and a party."""
    mentions = run(nlp, entry.example)
    hits = [m for m in mentions if any(r.rule_id == entry.id for r in m.rules)]
    assert hits, f"{entry.id}: {[(m.event_type, m.trigger, [r.rule_id for r in m.rules]) for m in mentions]}"
    assert hits[0].event_type in {entry.type, entry.state_type}
    assert hits[0].actors or hits[0].recipients


def test_road_blocked_by_troops_is_coerce_by_villagers_protest(nlp):
    assert one(nlp, "Ruritania's border troops blocked the road.", "COERCE")
    m = one(nlp, "Angry villagers blocked the road to Borduria.", "PROTEST")
    assert m.mode == "obstruct"


# ---------------------------------------------------------------- argument sanity
def test_news_outlet_is_never_a_party(nlp):
    assert not [m for m in run(nlp, "Reuters carried out an attack on the village.") if m.event_type == "ASSAULT"]
    m = one(nlp, "Minister Kovac urged Borduria, at the request of Reuters, to withdraw.", "REQUEST")
    assert "reuters" not in ids(m.actors) | ids(m.recipients)


def test_weapon_is_an_instrument_its_owner_a_party(nlp):
    assert not [m for m in run(nlp, "Grad launchers attacked the village.") if m.event_type == "ASSAULT"]
    m = one(nlp, "Bordurian troops opened fire on Ruritanian vehicles.", "ASSAULT")
    assert ids(m.actors) == {"bor"} and ids(m.recipients) == {"rur"}


def test_pair_description_is_the_two_parties_named_nearby(nlp):
    text = ("Ruritania and Borduria have disputed the valley for years. Ruritania closed the pass. "
            "On Saturday the two countries agreed on a ceasefire.")
    m = one(nlp, text, "AGREE")
    assert ids(m.actors) == {"rur", "bor"}
    assert any(r.rule_id == "arg.pair" for r in m.rules)


def test_side_named_by_demonym_is_that_state_unless_a_place(nlp):
    m = one(nlp, "Ruritania blamed Borduria. The Bordurian side demanded talks.", "REQUEST")
    assert ids(m.actors) == {"bor"}


def test_participant_less_event_takes_the_sides_of_its_clause_or_is_dropped(nlp):
    m = one(nlp, "Three people were killed as Ruritanian and Bordurian troops exchanged fire.", "ASSAULT")
    ms = [x for x in run(nlp, "Three people were killed as Ruritanian and Bordurian troops exchanged fire.")
          if x.trigger == "killed"]
    assert ms and ids(ms[0].actors) == {"rur", "bor"}
    assert any(r.rule_id == "arg.neighbour" for r in ms[0].rules)
    assert m is not None
    assert not run(nlp, "Unidentified persons attacked people near the market.")


def test_former_state_of_a_pair_is_not_a_party(nlp):
    text = "Ruritania shelled Borduria. Borduria shelled Ruritania. The former Syldavian republics fought each other."
    ms = [m for m in run(nlp, text) if m.trigger == "fought"]
    assert ms and ids(ms[0].actors) == {"rur", "bor"}


def test_accusation_keeps_the_act_it_alleges(nlp):
    text = "Ruritania accused Borduria of blocking the road to the valley."
    kinds = {m.event_type for m in run(nlp, text)}
    assert {"ACCUSE", "PROTEST"} <= kinds or {"ACCUSE", "COERCE"} <= kinds
    assert [m.event_type for m in run(nlp, "Ruritania accused Borduria of lying.")] == ["ACCUSE"]


def test_yielding_results_is_no_concession_and_counterparts_in_both_countries(nlp):
    assert not [m for m in run(nlp, "Ruritania's efforts are not yielding results.") if m.event_type == "CONCEDE"]
    text = "Ruritania and Borduria clashed. Minister Kovac spoke by phone with his counterparts in both countries."
    m = next(x for x in run(nlp, text) if x.trigger == "spoke")
    assert {"rur", "bor"} <= ids(m.actors)


def test_volume_precision_guards(nlp):
    """Forms that misfired at volume: a passive relative clause's noun is the patient; a crowd's stone-throwing
    is a riot; 'two dozen other countries' and 'both the X and Y parties' are no pair; a side only borrows the
    sides of a clash its own clause is tied to."""
    m = one(nlp, "Bordurian forces freed a Ruritanian trawler that had been seized by the Red Brigade.", "COERCE")
    assert "rur" not in ids(m.actors)
    assert one(nlp, "Protesters hurled stones at Ruritanian police.", "PROTEST").mode == "riot"
    text = "Ruritania and Borduria talk. Ruritania expelled diplomats of two dozen other countries."
    assert not any(r.rule_id == "arg.pair" for x in run(nlp, text) for r in x.rules)
    text = "Ruritania and Borduria talk. The governments of two dozen Western countries announced expulsions."
    assert not any(r.rule_id == "arg.pair" for x in run(nlp, text) for r in x.rules)
    assert not [x for x in run(nlp, "After the earthquake Ruritania sent aid, and floods forced villagers to flee.")
                if any(r.rule_id == "arg.neighbour" for r in x.rules)]


def test_parties_of_an_event_noun_hung_on_its_verb_of_occurrence(nlp):
    m = one(nlp, "A telephone conversation took place today between the presidents of Ruritania and Borduria.",
            "CONSULT")
    assert ids(m.actors) == {"rur", "bor"} and m.mode == "phone"
    m = one(nlp, "A skirmish began between Ruritanian and Bordurian border detachments.", "ASSAULT")
    assert ids(m.actors) == {"rur", "bor"}
    text = ("Ruritania and Borduria disputed the pass. But shooting that broke out on Thursday between the two "
            "militaries was the heaviest fighting in years.")
    m = next(x for x in run(nlp, text) if x.trigger == "shooting")
    assert ids(m.actors) == {"rur", "bor"}


def test_a_date_after_on_is_no_target(nlp):
    assert not [m for m in run(nlp, "Borduria's club fired its coach on Saturday.") if m.event_type == "ASSAULT"]
    assert one(nlp, "Bordurian troops fired on Ruritanian positions on Saturday.", "ASSAULT")


def test_mutual_accusation_is_one_accusation_by_each_side(nlp):
    ms = [m for m in run(nlp, "Ruritania and Borduria accused each other of breaching the ceasefire on Friday.")
          if m.event_type == "ACCUSE"]
    assert sorted((ids(m.actors).pop(), sorted(ids(m.recipients))) for m in ms) == [("bor", ["rur"]),
                                                                                  ("rur", ["bor"])]
    assert all(any(r.rule_id == "arg.reciprocal-half" for r in m.rules) for m in ms)


def test_the_act_two_sides_accuse_each_other_of_is_one_version_per_side(nlp):
    # each side says the other blocked the road: two versions, each told by the side it was done to
    ms = [m for m in run(nlp, "Ruritania and Borduria accused each other of blocking the mountain road on Friday.")
          if m.event_type in ("COERCE", "PROTEST")]
    assert sorted((ids(m.actors).pop(), sorted(ids(m.recipients))) for m in ms) == [("bor", ["rur"]),
                                                                                  ("rur", ["bor"])]
    assert all(m.one_side for m in ms)
    # an act the parties did together is not split ("Ruritania and Borduria accused Syldavia of ...")
    ms = [m for m in run(nlp, "Ruritania and Borduria accused Syldavia of blocking the mountain road.")
          if m.event_type in ("COERCE", "PROTEST")]
    assert not any(m.one_side for m in ms)


def test_talks_held_between_the_two_countries_chiefs_name_both(nlp):
    text = ("Ruritania and Borduria dispute the pass. Telephone talks between the chiefs of the two countries' "
            "border forces were held on Monday.")
    m = next(x for x in run(nlp, text) if x.event_type == "CONSULT")
    assert ids(m.actors) == {"rur", "bor"}


def test_took_place_between_with_the_parties_hung_on_place(nlp):
    # the parser hangs "between" on "place" here, not on "took"
    text = ("A telephone conversation took place today between the Presidents of Ruritania Ivo Brand and "
            "Borduria Karl Weiss.")
    doc = nlp(text)
    assert next(t for t in doc if t.text == "between").head.text == "place"
    m = one(nlp, text, "CONSULT")
    assert {"rur", "bor"} <= ids(m.actors)


def test_a_month_named_march_is_no_protest(nlp):
    assert not [m for m in run(nlp, "In March, Ruritania and Borduria signed a protocol on the border.")
                if m.event_type == "PROTEST"]


def test_fighting_each_other_stays_one_two_sided_event(nlp):
    ms = [m for m in run(nlp, "Ruritania and Borduria fought each other along the river.")
          if m.event_type == "ASSAULT"]
    assert len(ms) == 1 and ids(ms[0].actors) | ids(ms[0].recipients) == {"rur", "bor"}


# ---------------------------------------------------------------- signing: settling a dispute or cooperating
@pytest.mark.parametrize("text", [
    "Ruritania and Borduria signed a protocol on the delimitation of their border on Monday.",
    "The Ruritanian and Bordurian defence ministers signed a ceasefire agreement in Zenda.",
    "Ruritania and Borduria concluded a peace treaty after two years of talks.",
    "Ruritania signed an accord with Borduria on the withdrawal of troops from the frontier.",
    "Ruritania and Borduria signed a deal to withdraw their forces from the disputed villages.",
])
def test_signing_a_settlement_is_agree(nlp, text):
    """Signing an agreement about a ceasefire, peace, a withdrawal or the border settles a dispute: AGREE."""
    signed = [m for m in run(nlp, text) if any(r.rule_id.startswith(("v.agree.sign", "v.support.sign")) for r in m.rules)]
    assert [m.event_type for m in signed] == ["AGREE"]


@pytest.mark.parametrize("text", [
    "Ruritania and Borduria signed a treaty of friendship and cooperation.",
    "Ruritania and Borduria signed a trade agreement on Monday.",
    "Ruritania signed a memorandum with Borduria on energy supplies after the border talks.",
])
def test_signing_a_cooperation_agreement_stays_support(nlp, text):
    """A treaty of friendship or a trade deal is cooperation (PLOVER SUPPORT, CAMEO 057), also when the
    sentence mentions the border outside the agreement's own topic."""
    signed = [m for m in run(nlp, text) if any(r.rule_id.startswith(("v.agree.sign", "v.support.sign")) for r in m.rules)]
    assert [m.event_type for m in signed] == ["SUPPORT"]


def test_an_infinitival_relative_on_a_predicate_noun_takes_the_subject_as_actor(nlp):
    """"Ruritania is the only state to reject X": the state that rejects is Ruritania."""
    m = one(nlp, "Ruritania is the only state in the region to openly reject the Red Brigade as rulers of Borduria.",
            "REJECT")
    assert [a.kb_id for a in m.actors] == ["rur"] and [a.kb_id for a in m.recipients] == ["redb"]


def test_a_party_the_knowledge_base_lacks_is_named_alike_wherever_it_stands(nlp):
    """The name keys the actor across documents: "Police" at a sentence's start is the police, and "Mr. Dorval"
    is Dorval; the text keeps the words as written."""
    fired = one(nlp, "Police fired on protesters in the capital on Monday.", "ASSAULT")
    assert [(a.name, a.text) for a in fired.actors] == [("police", "Police")]
    attacked = one(nlp, "Protesters attacked Mr. Dorval outside his home on Monday.", "ASSAULT")
    assert [(a.name, a.text) for a in attacked.recipients] == [("Dorval", "Mr. Dorval")]
    assert [a.name for a in attacked.actors] == ["protesters"]


@pytest.mark.parametrize("text, released", [
    ("Borduria released two Ruritanian journalists on Monday.", True),
    ("Ruritania released him on a suspended sentence.", True),
    ("The Red Brigade freed the hostages after talks.", True),
    ("Borduria released the men from jail on Tuesday.", True),
    ("Ruritania released an emergency patch for its tax software on Wednesday.", False),
    ("Borduria released video recordings of the talks.", False),
    ("Ruritania released the figures of the census.", False),
])
def test_a_release_lets_someone_held_go(nlp, text, released):
    """"release" is RETREAT when someone held is let go (a person or group, or from custody), not when a thing is
    issued (a patch, a video, figures)."""
    assert any(m.event_type == "RETREAT" for m in run(nlp, text)) is released


def test_a_heart_attack_is_no_assault(nlp):
    assert not run(nlp, "Minister Kovac died in hospital a week after suffering a heart attack.")
    assert one(nlp, "Minister Kovac died after an attack by the Red Brigade.", "ASSAULT")
