"""Statements carried whole: the source named in the lead scopes over the paragraphs that continue it.
Hand-written texts with invented organs and places."""
from __future__ import annotations

import re

import pytest

from panj import kb as kbmod
from panj.extract.claims.apply import apply_claims
from panj.extract.claims.scope import statement_scopes
from panj.records import Actor, DocContext, EventMention

# invented actors: organs that issue statements, a state, and a person (whose long quotes are no statement)
ENTRIES = {
    "Press Office of the Varnian Border Guards": ("var_press", "organ"),
    "Border Service of Varnia": ("var_border", "organ"),
    "Varnian defence ministry": ("var_mod", "organ"),
    "State Guard of Varnia": ("var_guard", "organ"),
    "Foreign Ministry of Varnia": ("var_mfa", "organ"),
    "Press Office of the Varnian Guards": ("var_press2", "organ"),
    "Varnia": ("var", "state"),
    "Ostria": ("ost", "state"),
    "Mira Dalen": ("dalen", "person"),
}


@pytest.fixture(autouse=True)
def invented_kb(tmp_path, monkeypatch):
    lines = ["entries:"] + [f"- {{id: {i}, name: {n}, type: {t}, country: {'OST' if i == 'ost' else 'VAR'}}}"
                            for n, (i, t) in ENTRIES.items()]
    (tmp_path / "invented.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv(kbmod.ENV_VAR, str(tmp_path))
    yield


def _run(nlp, text, triggers, actor_names=(), title=None, outlet="Valley Wire"):
    doc = nlp(text)
    ctx = DocContext(doc_id="s1", text=text, outlet=outlet, title=title)
    actors = [Actor(name=n, text=n, start=m.start(), end=m.end(), sector="GOV", kb_id=ENTRIES[n][0])
              for n in actor_names for m in re.finditer(re.escape(n), text)]
    mentions = []
    for word in triggers:
        k = text.index(word)
        sent = next(s for s in doc.sents if s.start_char <= k < s.end_char)
        mentions.append(EventMention("s1", sent.text, sent.start_char, sent.end_char, word.split()[0], k,
                                     k + len(word.split()[0]), "ASSAULT"))
    apply_claims(doc, ctx, mentions, actors)
    return mentions, doc, ctx, actors


PRESS = "Press Office of the Varnian Border Guards"


def test_press_release_carried_whole_makes_later_paragraphs_its_claims(nlp):
    text = (f"{PRESS} Reports\n\n"
            f"DORVA, 12.03.2024 (Lynx) – Today, at about 16:00, a group of Ostrian villagers stopped a truck on the "
            f"Pelk bridge, reported the {PRESS}.\n\n"
            "However, the Ostrian side did not come to the meeting. Instead, Ostrian guards opened fire on the "
            "bridge.\n\n"
            "Drones violating the airspace of Varnia have also been recorded.\n")
    (stop, fire), *_ = _run(nlp, text, ["stopped", "opened fire"], [PRESS], title=f"{PRESS} Reports")
    assert stop.status == "claimed"
    assert fire.status == "claimed"
    (c,) = fire.claims
    assert c.claimant.name == PRESS and c.stance == "claims" and c.rule == "claims.statement_scope"
    assert c.cue == "reported" and text[c.start:c.end] == c.text and "reported" in c.text
    assert [a.name for a in c.via] == ["Valley Wire"]


def test_trailing_source_in_the_lead_and_a_back_reference_open_a_scope(nlp):
    text = ("A clash occurred on the Ostrian section of the border, the Border Service of Varnia reported.\n\n"
            "Ignoring the demands of the Varnian side, the Ostrian guards opened fire. In response, Varnian guards "
            "also used weapons, the report said.\n\n"
            "The two sides held phone talks.\n")
    (fire, used, talks), *_ = _run(nlp, text, ["opened fire", "used", "talks"], ["Border Service of Varnia"])
    assert fire.status == "claimed" and fire.claims[0].claimant.name == "Border Service of Varnia"
    assert used.status == "claimed" and used.claims[0].claimant.name == "Border Service of Varnia"
    assert talks.status == "claimed"


def test_a_story_that_opens_with_its_source_stays_the_outlets_own(nlp):
    text = ("Varnia said at least ten people were killed in clashes on its border with Ostria on Friday.\n\n"
            "The ceasefire was agreed on Thursday after heavy fighting erupted. Varnia said troops shelled homes.\n")
    (agreed,), *_ = _run(nlp, text, ["agreed"], ["Varnia", "Ostria"])
    assert agreed.status == "asserted" and agreed.claims[0].claimant is None


def test_a_lead_without_a_later_reference_opens_no_scope(nlp):
    text = ("Varnian troops shelled two Ostrian outposts, the Varnian defence ministry said on Friday.\n\n"
            "Fighting along the border has flared every spring for a decade.\n")
    (_shelled, fighting), *_ = _run(nlp, text, ["shelled", "Fighting"], ["Varnian defence ministry"])
    assert fighting.status == "asserted"


def test_a_heading_ends_the_statement(nlp):
    text = ("Ostrian gunners shelled the Varnian post of Kell at dawn, the State Guard of Varnia said.\n\n"
            "According to the statement, the guards returned fire.\n\n"
            "Background to the dispute\n\n"
            "The two countries fought a short war over the valley in 1994.\n")
    (fought,), doc, ctx, actors = _run(nlp, text, ["fought"], ["State Guard of Varnia"])
    (scope,) = statement_scopes(doc, ctx, actors)
    assert scope.source.name == "State Guard of Varnia" and scope.end <= text.index("Background")
    assert fought.status == "asserted"


def test_a_statement_named_by_a_heading_scopes_a_source_first_lead(nlp):
    text = ("DORVA, 3 May 2024: The Foreign Ministry of Varnia issued a statement on the border dispute.\n\n"
            "Statement by the Varnian Foreign Ministry\n\n"
            "The Foreign Ministry of Varnia stated that it regarded the events of May 1 as an armed provocation.\n\n"
            "Ostrian units entered the village of Sarn and burned two houses.\n")
    (burned,), *_ = _run(nlp, text, ["burned"], ["Foreign Ministry of Varnia"])
    assert burned.status == "claimed" and burned.claims[0].claimant.name == "Foreign Ministry of Varnia"


def test_the_report_said_inside_a_scope_names_the_statements_source(nlp):
    text = ("Ostrian forces fired rockets at Tull village at 11:50, reports the Press Office of the Varnian Guards.\n"
            "\"At 17:20 the Ostrian guards again opened fire on Tull,\" the report says.\n")
    (_fired, again), *_ = _run(nlp, text, ["fired", "opened fire"], ["Press Office of the Varnian Guards"])
    assert again.status == "claimed" and again.claims[0].claimant.name == "Press Office of the Varnian Guards"


def test_trailing_attribution_misparsed_below_the_content_is_still_found(nlp):
    text = ("Varnia's forces have carried out strikes against two border outposts on the territory of Ostria, "
            "the Border Service of Varnia's State Guard said on Friday.")
    (m,), *_ = _run(nlp, text, ["strikes"], ["Border Service of Varnia"])
    assert m.status == "claimed" and m.claims[0].claimant.name == "Border Service of Varnia"


def test_a_person_quoted_at_length_or_a_state_is_no_statement_carried_whole(nlp):
    for source in ("Mira Dalen", "Varnia"):
        text = (f"Ostrian gunners shelled the post of Kell at dawn, {source} said.\n\n"
                f"{source} said the guards returned fire.\n\n"
                "The two countries fought a short war over the valley in 1994.\n")
        (fought,), *_ = _run(nlp, text, ["fought"], [source])
        assert fought.status == "asserted", source


def test_the_press_service_inside_a_statement_is_the_statements_source(nlp):
    text = ("Ostrian units attacked border villages with heavy weapons, the Border Service of Varnia reported.\n\n"
            "According to the press service, Ostrian soldiers set fire to houses in Sarn.\n")
    (_a, fire), *_ = _run(nlp, text, ["attacked", "set fire"], ["Border Service of Varnia"])
    (c,) = fire.claims
    assert fire.status == "claimed" and c.claimant.name == "Border Service of Varnia"
    assert c.rule == "claims.according_to.statement_scope" and "press service" in c.text
