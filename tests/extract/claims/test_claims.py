"""Claims, denials and attribution chains on hand-written sentences (invented names and places)."""
from __future__ import annotations

import re

import pytest

from panj.extract.claims.apply import apply_claims
from panj.extract.claims.stance import derive_status, mention_factuality
from panj.records import Actor, Claim, DocContext, EventMention, RuleHit


def _run(nlp, text, triggers, actor_names=(), outlet="Valley Wire"):
    """Parse text, build one mention per trigger (word, or (word, type)) and hand-made actors, apply claims."""
    doc = nlp(text)
    ctx = DocContext(doc_id="t1", text=text, outlet=outlet)
    actors = []
    for name in actor_names:
        for m in re.finditer(re.escape(name), text):
            actors.append(Actor(name=name, text=name, start=m.start(), end=m.end(), sector="GOV"))
    mentions = []
    for tr in triggers:
        word, etype = tr if isinstance(tr, tuple) else (tr, "ASSAULT")
        k = text.index(word)
        sent = next(s for s in doc.sents if s.start_char <= k < s.end_char)
        mentions.append(EventMention("t1", sent.text, sent.start_char, sent.end_char, word, k, k + len(word), etype))
    apply_claims(doc, ctx, mentions, actors)
    return mentions


def _names(actors):
    return [a.name for a in actors]


def test_plain_assertion_is_the_authors_via_the_outlet(nlp):
    (m,) = _run(nlp, "Border guards of Varnia shelled a village on Monday.", ["shelled"])
    assert m.status == "asserted"
    (c,) = m.claims
    assert c.claimant is None and c.stance == "asserts"
    assert _names(c.via) == ["Valley Wire"] and c.via[0].sector == "MED"
    assert c.doc_id == "t1" and c.text.startswith("Border guards")


def test_quoted_press_release_gives_claimant_via_agency_via_outlet(nlp):
    text = "The Kestrel news agency quoted a Red Hand press release claiming the group fired six mortars at Varnia."
    (m,) = _run(nlp, text, ["fired"], ["Kestrel", "Red Hand", "Varnia"])
    assert m.status == "claimed"
    (c,) = m.claims
    assert c.claimant.name == "Red Hand" and c.stance == "claims"
    assert _names(c.via) == ["Kestrel", "Valley Wire"]
    assert c.cue == "claiming" and c.rule == "claims.verb.claim"


def test_statement_quoted_by_agency_is_a_relay(nlp):
    text = "On Friday the militants claimed they fired rockets into Varnia in a statement quoted by the Kestrel agency."
    (m,) = _run(nlp, text, ["fired"], ["militants", "Kestrel"])
    c = m.claims[0]
    assert c.claimant.name == "militants"
    assert _names(c.via) == ["Kestrel", "Valley Wire"]


def test_claim_plus_anaphoric_dismissal_is_disputed(nlp):
    text = ("The Red Hand claimed that it launched a rocket assault on a garrison near Ostrava, "
            "but Varnian officials immediately dismissed the claims.")
    (m,) = _run(nlp, text, ["assault"], ["Red Hand", "Varnian officials"])
    assert m.status == "disputed"
    by_stance = {c.stance: c for c in m.claims}
    assert by_stance["claims"].claimant.name == "Red Hand"
    assert by_stance["denies"].claimant.name == "Varnian officials"
    assert by_stance["denies"].rule == "claims.deny.anaphor"


def test_denial_with_pronoun_in_next_sentence(nlp):
    text = "The group said it attacked the post. The ministry denied it on Tuesday."
    (m,) = _run(nlp, text, ["attacked"], ["group", "ministry"])
    assert m.status == "disputed"
    assert any(c.stance == "denies" and c.claimant.name == "ministry" for c in m.claims)


def test_alternative_account_denies_without_repeating_the_claim(nlp):
    text = ("The militants claimed they fired eight rockets into Varnia. "
            "But Varnian authorities responded by saying only bullets were fired, not rockets.")
    first, second = _run(nlp, text, ["fired eight", "bullets were fired"], ["militants", "Varnian authorities"])
    assert first.status == "disputed"
    deny = [c for c in first.claims if c.stance == "denies"]
    assert deny and deny[0].claimant.name == "Varnian authorities"
    assert deny[0].rule == "claims.deny.alternative_account"
    # the authorities' own version is their claim; the contrastive "not rockets" does not negate it
    assert second.status == "claimed"
    assert second.claims[0].claimant.name == "Varnian authorities"


def test_reply_does_not_deny_what_the_narrator_asserts(nlp):
    """An alternative account disputes a claim, not a fact the text states in its own voice."""
    text = ("Militants fired rockets into Varnia on Monday. "
            "Varnian authorities responded by saying only bullets were fired.")
    first, _second = _run(nlp, text, ["fired rockets", "bullets were fired"], ["Militants", "Varnian authorities"])
    assert first.status == "asserted"
    assert all(c.stance != "denies" for c in first.claims)


def test_unrelated_reply_is_no_denial(nlp):
    text = "The militants claimed they fired rockets. In response, officials said the harvest was good."
    first, = _run(nlp, text, ["fired"], ["militants", "officials"])
    assert first.status == "claimed"
    assert all(c.stance != "denies" for c in first.claims)


def test_denying_reports_is_denied(nlp):
    text = "Ostrava, while denying reports it is patrolling in the north, appears to have supplied new trucks."
    patrol, supply = _run(nlp, text, [("patrolling", "MOBILIZE"), ("supplied", "AID")], ["Ostrava"])
    assert patrol.status == "denied"
    assert [c.stance for c in patrol.claims] == ["denies"]
    assert patrol.claims[0].claimant.name == "Ostrava"
    # "appears to have supplied" is hedged; the denial in the other clause does not reach it
    assert supply.status == "alleged"


def test_citing_unnamed_sources_hedges_the_claim(nlp):
    text = "Analyst Petr Ivanek, citing unnamed sources, claimed that the commanders had moved troops to the border."
    (m,) = _run(nlp, text, [("moved", "MOBILIZE")], ["Petr Ivanek"])
    assert m.status == "alleged"
    assert m.claims[0].stance == "alleges"
    assert m.claims[0].claimant.name == "Petr Ivanek"


def test_citing_a_named_source_puts_it_first_in_the_chain(nlp):
    text = "The Kestrel agency, citing the Varnian ministry, reported that rebels seized the bridge."
    (m,) = _run(nlp, text, ["seized"], ["Kestrel", "Varnian ministry"])
    c = m.claims[0]
    assert c.claimant.name == "Varnian ministry"
    assert _names(c.via)[0] == "Kestrel"


@pytest.mark.parametrize("text,trigger,status", [
    ("Reportedly, the rebels seized the town.", "seized", "alleged"),
    ("The rebels allegedly seized the town.", "seized", "alleged"),
    ("There were unconfirmed reports of clashes near the pass.", "clashes", "alleged"),
    ("According to some sources, the rebels seized the town.", "seized", "alleged"),
    ("The rebels are believed to have seized the town.", "seized", "alleged"),
    ("The army did not attack the village.", "attack", "negated"),
    ("The army never attacked the village.", "attacked", "negated"),
    ("The army will begin shelling the ridge next week.", "shelling", "planned"),
    ("The ministry plans to deploy two battalions to the border.", "deploy", "planned"),
    ("The rebels could occupy the capital within a day.", "occupy", "hypothetical"),
    ("If the talks fail, the army may attack the valley.", "attack", "hypothetical"),
    ("The minister said the army did not cross the river.", "cross", "denied"),
    ("The army denied that it shelled the village.", "shelled", "denied"),
    ("The rebels claimed responsibility for the bombing.", "bombing", "claimed"),
    ("The rebels admitted firing eight rockets.", "firing", "claimed"),
    ("The ministry confirmed that troops crossed the river.", "crossed", "asserted"),
    ("The alliance will invest in strengthening the border.", "strengthening", "planned"),
    ("The alliance could help in strengthening the border.", "strengthening", "hypothetical"),
    ("The alliance invested in strengthening the border.", "strengthening", "asserted"),
])
def test_statuses(nlp, text, trigger, status):
    (m,) = _run(nlp, text, [trigger])
    assert m.status == status, (text, m.status, [c.rule for c in m.claims])


def test_future_in_the_past_after_announcement_is_planned(nlp):
    text = "The minister announced that the capital would host a conference on the border in July."
    (m,) = _run(nlp, text, [("host", "CONSULT")], ["minister"])
    assert m.status == "planned"
    assert m.claims[0].claimant.name == "minister"


def test_hedge_scope_stops_at_the_clause(nlp):
    text = "The rebels reportedly seized the town, and the army retook the bridge."
    seized, retook = _run(nlp, text, ["seized", "retook"])
    assert seized.status == "alleged"
    assert retook.status == "asserted"


def test_negation_scope_stops_at_the_clause(nlp):
    text = "The army did not shell the village, but the rebels attacked the post."
    shell, attack = _run(nlp, text, ["shell", "attacked"])
    assert shell.status == "negated"
    assert attack.status == "asserted"


def test_condition_scope(nlp):
    text = "The rebels could occupy the capital if the allies did not intervene. The allies sent troops."
    occupy, sent = _run(nlp, text, ["occupy", ("sent", "MOBILIZE")])
    assert occupy.status == "hypothetical"
    assert sent.status == "asserted"


def test_reject_keeps_its_own_negation(nlp):
    (m,) = _run(nlp, "Varnia said it will not recognize the new government.", [("recognize", "REJECT")], ["Varnia"])
    assert m.status == "planned"  # the negation is the REJECT itself, not a denial of it


def test_pronoun_claimant_resolves_to_earlier_actor(nlp):
    text = "The Red Hand posted a video on Sunday. It said it had ambushed a convoy."
    (m,) = _run(nlp, text, ["ambushed"], ["Red Hand"])
    assert m.claims[0].claimant.name == "Red Hand"


def _c(stance, who=None):
    return Claim(Actor(who, who) if who else None, stance, "", "d", 0, 0)


def test_derive_status_rules():
    assert derive_status([_c("claims", "A"), _c("denies", "B")], ["claimed", "denied"]) == "disputed"
    assert derive_status([], ["disputed", "claimed"]) == "disputed"
    assert derive_status([_c("denies", "B")], ["denied"]) == "denied"
    assert derive_status([], ["planned", "asserted"]) == "asserted"
    assert derive_status([], ["alleged", "claimed"]) == "claimed"
    assert derive_status([], ["hypothetical", "planned"]) == "planned"
    assert derive_status([], ["negated"]) == "negated"
    assert derive_status([], ["negated", "asserted"]) == "disputed"
    assert derive_status([_c("claims", "A")], []) == "claimed"
    assert derive_status([_c("alleges")], []) == "alleged"
    assert derive_status([], []) == "asserted"


def test_mention_factuality_on_any_token(nlp):
    doc = nlp("Officials said the convoy might have been attacked, but the bridge was not damaged.")
    assert mention_factuality(doc, [t.text for t in doc].index("attacked")) == "hypothetical"
    assert mention_factuality(doc, [t.text for t in doc].index("damaged")) == "negated"


def test_claims_serialise(nlp):
    (m,) = _run(nlp, "The Red Hand claimed it bombed a depot.", ["bombed"], ["Red Hand"])
    d = m.claims[0].to_dict()
    assert d["claimant"]["name"] == "Red Hand" and d["stance"] == "claims"
    assert d["via"][-1]["name"] == "Valley Wire"
    assert isinstance(d["start"], int) and d["end"] > d["start"]


def test_alternative_account_mention_is_marked(nlp):
    text = ("The militants claimed they fired eight rockets into Varnia. "
            "But Varnian authorities responded by saying only bullets were fired, not rockets.")
    _first, second = _run(nlp, text, ["fired eight", "bullets were fired"], ["militants", "Varnian authorities"])
    assert second.claims[0].rule.endswith(".alternative_account")


def test_possessive_claim_noun_names_the_claimant(nlp):
    text = "The Red Hand's claim that it launched a rocket attack on the depot alarmed the region."
    (m,) = _run(nlp, text, ["attack"], ["Red Hand"])
    assert m.status == "claimed"
    assert m.claims[0].claimant.name == "Red Hand" and m.claims[0].rule == "claims.report_noun"


def test_reports_surfaced_that(nlp):
    (m,) = _run(nlp, "Reports had surfaced that the militia struck an alliance with the smugglers.",
                [("alliance", "COOPERATE")])
    assert m.status == "alleged"


def test_presupposed_clauses_escape_the_report(nlp):
    text = "Several diplomats have alleged that extremist groups have grown since the rebels seized the capital."
    grown, seized = _run(nlp, text, [("grown", "MOBILIZE"), "seized"], ["diplomats", "rebels"])
    assert grown.status == "alleged"
    assert seized.status == "asserted"  # the "since" clause is taken for granted by the author


def test_relative_clause_is_not_under_the_request(nlp):
    text = "The minister urged Varnia to return the aircraft flown there by pilots who fled the country."
    (m,) = _run(nlp, text, [("fled", "RETREAT")], ["minister", "Varnia", "pilots"])
    assert m.status == "asserted"


def test_hedge_raising_verb_does_not_reach_an_object_event(nlp):
    text = "The president seems to have hijacked the summit that opened in the capital on Monday."
    (m,) = _run(nlp, text, [("summit", "CONSULT")], ["president"])
    assert m.status == "asserted"


def test_light_verb_object_shares_the_clause(nlp):
    (m,) = _run(nlp, "The rebels could launch an offensive on the valley.", [("offensive", "ASSAULT")])
    assert m.status == "hypothetical"


def test_involved_party_announcing_its_own_action_is_asserted(nlp):
    text = "The Varnian ministry announced that Varnia sent two battalions to the border."
    (m,) = _run(nlp, text, [("sent", "MOBILIZE")], ["Varnian ministry", "Varnia"])
    m_actor = Actor(name="Varnia", text="Varnia", kb_id="varnia", country="VAR", sector="GOV")
    # the involved-party rule needs the mention's actors: rerun with them set as the events stage would
    doc = nlp(text)
    k = text.index("sent")
    em = EventMention("t1", text, 0, len(text), "sent", k, k + 4, "MOBILIZE", actors=[m_actor])
    src = Actor(name="Varnia", text="Varnian ministry", kb_id="varnia", country="VAR", sector="GOV",
                start=4, end=20)
    apply_claims(doc, DocContext("t1", text), [em], [src, m_actor])
    assert em.status == "asserted" and em.claims[0].rule.endswith(".involved_party")
    assert m.status == "claimed"  # without actors on the mention nobody is known to be involved


def test_claimed_stays_claimed_for_claim_verbs_even_when_involved(nlp):
    text = "The Red Hand claimed it bombed the depot."
    doc = nlp(text)
    rh = Actor(name="Red Hand", text="Red Hand", kb_id="red_hand", country="VAR", sector="REB", start=4, end=12)
    k = text.index("bombed")
    em = EventMention("t1", text, 0, len(text), "bombed", k, k + 6, "ASSAULT", actors=[rh])
    apply_claims(doc, DocContext("t1", text), [em], [rh])
    assert em.status == "claimed" and em.claims[0].claimant.kb_id == "red_hand"


def test_told_a_meeting_is_an_audience_not_content(nlp):
    text = "The foreign minister told a regional ministerial meeting that aid was falling."
    (m,) = _run(nlp, text, [("meeting", "CONSULT")], ["foreign minister"])
    assert m.status == "asserted"


def test_prevented_event_is_negated(nlp):
    (m,) = _run(nlp, "Border guards foiled an attack on the checkpoint.", ["attack"])
    assert m.status == "negated" and m.claims[0].rule == "claims.prevented.foil"


def test_according_to_a_claim_posted_by_a_group_names_the_group(nlp):
    text = "The Red Hand is active in Varnia. Guards were shelled on Monday, according to a claim posted by the group."
    doc = nlp(text)
    ctx = DocContext(doc_id="t1", text=text, outlet="Valley Wire")
    k = text.index("Red Hand")
    actors = [Actor(name="Red Hand", text="Red Hand", start=k, end=k + 8, kb_id="rh", sector="REB"),
              Actor(name="Varnia", text="Varnia", start=text.index("Varnia"), end=text.index("Varnia") + 6,
                    kb_id="var", country="VAR", sector="GOV")]
    j = text.index("shelled")
    sent = next(s for s in doc.sents if s.start_char <= j < s.end_char)
    m = EventMention("t1", sent.text, sent.start_char, sent.end_char, "shelled", j, j + 7, "ASSAULT")
    apply_claims(doc, ctx, [m], actors)
    assert m.status == "claimed" and m.claims[0].claimant.name == "Red Hand"


def _kb_run(nlp, text, triggers, actors):
    doc = nlp(text)
    ctx = DocContext(doc_id="t1", text=text, outlet="Valley Wire")
    found = []
    for name, kb_id, sector in actors:
        for m in re.finditer(re.escape(name), text):
            found.append(Actor(name=name, text=name, start=m.start(), end=m.end(), kb_id=kb_id, sector=sector))
    mentions = []
    for word in triggers:
        k = text.index(word)
        sent = next(s for s in doc.sents if s.start_char <= k < s.end_char)
        mentions.append(EventMention("t1", sent.text, sent.start_char, sent.end_char, word, k, k + len(word),
                                     "ASSAULT"))
    apply_claims(doc, ctx, mentions, found)
    return mentions


def test_denied_clause_without_parties_disputes_the_claim_beside_it(nlp):
    text = ("Varnia has denied that rockets fired across the river hit the town of Osk, after the Red Hand said it "
            "had attacked the town on Monday.")
    (m,) = _kb_run(nlp, text, ["attacked"], [("Varnia", "var", "GOV"), ("Red Hand", "rh", "REB")])
    assert m.status == "disputed"
    assert [(c.stance, c.claimant.name) for c in m.claims if c.claimant] == [("claims", "Red Hand"),
                                                                            ("denies", "Varnia")]


def test_a_claim_that_officials_rejected_is_disputed(nlp):
    text = "The Red Hand said it had fired rockets at the town of Osk, a claim that Varnia officials rejected."
    (m,) = _kb_run(nlp, text, ["fired"], [("Red Hand", "rh", "REB"), ("Varnia", "var", "GOV")])
    assert m.status == "disputed"
    text = "The Red Hand claimed a rocket attack on Osk, which Varnia rejected."
    (m,) = _kb_run(nlp, text, ["attack"], [("Red Hand", "rh", "REB"), ("Varnia", "var", "GOV")])
    assert m.status == "disputed"


def test_act_charged_in_an_accusation_is_alleged_by_the_accuser(nlp):
    (m,) = _run(nlp, "Varnia accused Ostria of blocking the road to the valley.", [("blocking", "COERCE")],
                ["Varnia", "Ostria"])
    assert m.status in ("alleged", "claimed")
    assert m.claims[0].claimant.name == "Varnia"


def test_inverted_trailing_report_attributes_the_sentence(nlp):
    text = ("Today a group of men forcibly stopped the car of an Ostrian citizen near the bridge, reported the "
            "Press Center of the Border Troops.")
    (m,) = _run(nlp, text, [("stopped", "COERCE")])
    assert m.status in ("claimed", "alleged")
    assert m.claims[0].claimant is not None and "Press Center" in m.claims[0].claimant.name


def test_sentence_of_a_quote_takes_the_speaker_named_after_it(nlp):
    text = '"Ostrian troops shelled the village. Two houses burned," the Varnian ministry said. Troops withdrew.'
    shelled, withdrew = _run(nlp, text, ["shelled", ("withdrew", "RETREAT")], ["Varnian ministry"])
    assert shelled.status == "claimed" and shelled.claims[0].claimant.name == "Varnian ministry"
    assert withdrew.status == "asserted"


def test_hedge_on_the_main_clause_covers_its_temporal_clause(nlp):
    text = "The clash reportedly began near Dorva after Ostrian guards closed a road that leads to the valley."
    (m,) = _run(nlp, text, [("closed", "COERCE")])
    assert m.status == "alleged"
    assert m.claims[0].rule == "claims.hedge_adverb.over_adverbial_clause"


def test_unhedged_main_clause_leaves_its_temporal_clause_asserted(nlp):
    text = "The clash began near Dorva after Ostrian guards closed a road that leads to the valley."
    (m,) = _run(nlp, text, [("closed", "COERCE")])
    assert m.status == "asserted"


def test_quote_closing_in_its_own_sentence_reaches_a_participle_inside_it(nlp):
    text = ("The Varnian guard service answered on Monday.\n"
            "\u201cSince May 2, there have been ten flights of Ostrian drones violating the airspace of Varnia,\u201d "
            "they said.")
    (m,) = _run(nlp, text, [("violating", "COERCE")], ["Varnian guard service"])
    assert m.status == "claimed"
    assert m.claims[0].claimant.name == "Varnian guard service" and m.claims[0].rule == "claims.verb.say.quote"


def test_a_sides_claim_narrated_unattributed_by_another_outlet_is_asserted():
    """spec/events.md: claimed is 'not independently confirmed'; an outlet stating it in its own voice is."""
    claims = [_c("claims", "Varnian border service"), _c("asserts")]
    assert derive_status(claims, ["claimed", "asserted"]) == "asserted"
    assert derive_status(claims[:1], ["claimed", "claimed"]) == "claimed"  # two outlets carrying the same claim
    assert derive_status(claims + [_c("denies", "Ostria")], ["claimed", "asserted", "denied"]) == "disputed"


def test_each_sides_version_of_a_mutual_charge_is_claimed_by_the_other_side(nlp):
    text = "The two neighbours accused each other of shelling the bridge."
    doc = nlp(text)
    k = text.index("shelling")
    varnia = Actor(name="Varnia", text="Varnia", kb_id="var", country="VAR", sector="GOV")
    ostria = Actor(name="Ostria", text="Ostria", kb_id="ost", country="OST", sector="GOV")
    half = [RuleHit("arg.reciprocal-half", 0, 3, "The")]
    versions = [EventMention("t1", text, 0, len(text), "shelling", k, k + 8, "ASSAULT", actors=[a], recipients=[b],
                             rules=half) for a, b in ((varnia, ostria), (ostria, varnia))]
    apply_claims(doc, DocContext(doc_id="t1", text=text, outlet="Valley Wire"), versions, [])
    assert [m.claims[0].claimant.name for m in versions] == ["Ostria", "Varnia"]
