"""Accusations made by a statement itself (invented organs and places)."""
from __future__ import annotations

import re

from panj.extract.claims.accusations import statement_accusations
from panj.extract.claims.apply import apply_claims
from panj.records import Actor, DocContext, EventMention

PRESS = "Press Center of the Varnian Border Troops"
PARTIES = {PRESS: "VAR", "Varnian forces": "VAR", "Ostrian forces": "OST", "Ostria": "OST", "Pellan rebels": "PEL"}


def _run(nlp, text, trigger, etype, actor, recipient=None):
    doc = nlp(text)
    ctx = DocContext(doc_id="a1", text=text, outlet="Valley Wire")
    actors = [Actor(name=n, text=n, start=m.start(), end=m.end(), sector="GOV", country=c, kb_id=n.lower())
              for n, c in PARTIES.items() for m in re.finditer(re.escape(n), text)]
    k = text.index(trigger)
    sent = next(s for s in doc.sents if s.start_char <= k < s.end_char)
    m = EventMention("a1", sent.text, sent.start_char, sent.end_char, trigger, k, k + len(trigger), etype,
                     actors=[next(a for a in actors if a.name == n) for n in actor.split(" + ")],
                     recipients=[a for a in actors if a.name == recipient][:1])
    mentions = [m]
    apply_claims(doc, ctx, mentions, actors)
    return m, statement_accusations(doc, ctx, mentions)


def test_a_breach_claimed_against_the_other_side_is_the_claimants_accusation(nlp):
    text = (f"The Ostrian forces ignored the conditions of the declared ceasefire and opened fire on Tull, "
            f"reports the {PRESS}.")
    breach, (acc,) = _run(nlp, text, "ignored", "REJECT", "Ostrian forces")
    assert breach.status == "claimed"
    assert acc.event_type == "ACCUSE" and acc.status == "asserted"
    assert [a.name for a in acc.actors] == [PRESS] and [a.name for a in acc.recipients] == ["Ostrian forces"]
    assert (acc.trigger, acc.start, acc.end) == ("ignored", breach.start, breach.end)
    (c,) = acc.claims
    assert c.claimant is None and c.rule == "claims.statement_accusation" and text[c.start:c.end] == c.text


def test_a_side_telling_its_own_breach_accuses_nobody(nlp):
    text = f"The Varnian forces violated the truce at dawn, reports the {PRESS}."
    _breach, out = _run(nlp, text, "violated", "REJECT", "Varnian forces")
    assert out == []


def test_a_breach_the_author_states_is_no_ones_accusation(nlp):
    text = "The Ostrian forces violated the truce at dawn."
    _breach, out = _run(nlp, text, "violated", "REJECT", "Ostrian forces")
    assert out == []


def test_an_attack_one_side_tells_against_itself_is_its_accusation(nlp):
    text = f"The Ostrian forces opened fire on our positions at dawn, reports the {PRESS}."
    attack, (acc,) = _run(nlp, text, "opened", "ASSAULT", "Ostrian forces")
    assert attack.status == "claimed"
    assert acc.event_type == "ACCUSE" and acc.status == "asserted"
    assert [a.name for a in acc.actors] == [PRESS] and [a.name for a in acc.recipients] == ["Ostrian forces"]
    assert acc.trigger == "opened" and acc.start == attack.start


def test_an_attack_on_a_third_party_is_no_accusation_by_the_teller(nlp):
    text = f"The Ostrian forces shelled the Pellan rebels at dawn, reports the {PRESS}."
    attack, out = _run(nlp, text, "shelled", "ASSAULT", "Ostrian forces", "Pellan rebels")
    assert attack.status == "claimed" and out == []


def test_a_side_telling_its_own_attack_accuses_nobody(nlp):
    text = f"The Varnian forces shelled the Ostrian posts at dawn, reports the {PRESS}."
    _m, out = _run(nlp, text, "shelled", "ASSAULT", "Varnian forces")
    assert out == []


def test_shots_in_a_fight_between_two_others_blame_neither(nlp):
    text = f"Shots were fired in a fight between Ostrian forces and Pellan rebels, reports the {PRESS}."
    fight, out = _run(nlp, text, "fired", "ASSAULT", "Ostrian forces + Pellan rebels")
    assert fight.status == "claimed" and out == []


def test_a_clash_named_by_a_noun_is_the_tellers_account_not_a_charge(nlp):
    text = f"The patrol met the Ostrian forces in the latest of several clashes, reports the {PRESS}."
    clash, out = _run(nlp, text, "clashes", "ASSAULT", "Ostrian forces")
    assert clash.status == "claimed" and out == []
