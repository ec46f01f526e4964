"""One sentence per event, worded by its status, and the claims quoted in the parties' own words.

Why the wording follows status and nothing else: a brief must never state as fact what only one side says. The
act itself is phrased once, by the fused record's summary rules (`panj.fuse.record.summary`, verbs in
panj/data/fusion.yaml), and then framed:

| status       | frame                                                                  |
|--------------|------------------------------------------------------------------------|
| asserted     | "On 7 May 2022, X attacked Y."                                          |
| claimed      | "According to X, … ; not independently confirmed."                     |
| alleged      | "Reportedly, … (the reports do not name their source)."                |
| disputed     | "According to X, … ; Y denied it." (both sides)                         |
| denied       | "Y denied reports that …"                                               |
| planned      | "Announced as planned, not yet carried out at publication: …"           |
| hypothetical | "Raised as a possibility, not reported as fact: …"                     |
| negated      | "The reports say it is not the case that …"                             |
"""
from __future__ import annotations

import re
from typing import Any

from panj.fuse.record import date_phrase, summary

Dict = dict[str, Any]
SUPPORTING = ("claims", "confirms", "alleges", "asserts")
STANCE_WORDS = {"claims": "claims", "confirms": "confirms", "alleges": "alleges", "asserts": "reports",
                "denies": "denies"}
# the words that open a hedged sentence: tests check that no non-asserted event is stated without one
HEDGES = ("According to", "Reportedly", "denied reports that", "Announced as planned", "Raised as a possibility",
          "not the case that", "Reported (")
QUOTE_CHARS = 320


def clause(rec: Dict) -> str:
    """The act alone: "Islamic State – Khorasan Province fired heavy weapons at Tajikistan from Takhar"."""
    return summary({**rec, "claims": [], "date": None, "status": "asserted"})


def _join(names: list[str]) -> str:
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def claim_source(c: Dict) -> str:
    """Who makes a claim: the claimant, else the outlet that carries it (for its own narration), else unnamed."""
    name = (c.get("claimant") or {}).get("name")
    if name:
        return name
    if c.get("stance") == "asserts" and c.get("via"):
        return (c["via"][0] or {}).get("name") or "the report"
    return "unnamed sources"


def sides(rec: Dict) -> tuple[list[str], list[str]]:
    """(who says it happened, who denies it), named as the claims name them."""
    claims = rec.get("claims") or []
    pro = [claim_source(c) for c in claims if c.get("stance") in SUPPORTING]
    named = [p for p in pro if p != "unnamed sources"]
    con = [claim_source(c) for c in claims if c.get("stance") == "denies"]
    return list(dict.fromkeys(named or pro)), list(dict.fromkeys(con))


def outlets(rec: Dict) -> list[str]:
    return list(dict.fromkeys(s.get("outlet") for s in rec.get("sources") or [] if s.get("outlet")))


def event_sentence(rec: Dict) -> str:
    """The event in one sentence, hedged as its status requires (module docstring)."""
    when = date_phrase(rec.get("date"))
    body = f"{clause(rec)} {when}".strip() if when else f"{clause(rec)} (date not stated)"
    status = rec.get("status") or "asserted"
    pro, con = sides(rec)
    if status == "asserted":
        return f"{_cap(body)}."
    if status == "claimed":
        return f"According to {_join(pro) or _join(outlets(rec)) or 'the reports'}, {body}; this is not " \
               f"independently confirmed."
    if status == "alleged":
        named = [p for p in pro if p != "unnamed sources"]
        return f"Reportedly, {body} " + (f"(alleged by {_join(named)})." if named else
                                         "(the reports do not name their source).")
    if status == "disputed":
        return f"According to {_join(pro) or 'some reports'}, {body}; {_join(con) or 'others'} denied it."
    if status == "denied":
        return f"{_cap(_join(con) or 'A party')} denied reports that {body}."
    if status == "planned":
        return f"Announced as planned, not yet carried out at publication: {body}."
    if status == "hypothetical":
        return f"Raised as a possibility, not reported as fact: {body}."
    if status == "negated":
        return f"The reports say it is not the case that {body}."
    return f"Reported ({status}): {body}."


def is_hedged(sentence: str) -> bool:
    return any(h in sentence for h in HEDGES)


def quote_text(text: str, limit: int = QUOTE_CHARS) -> str:
    """The claim's words, whitespace collapsed, cut at a word boundary when long."""
    t = re.sub(r"\s+", " ", text or "").strip()
    if len(t) <= limit:
        return t
    cut = t[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def quotes(rec: Dict, per_side: int = 3) -> tuple[list[Dict], list[Dict]]:
    """(supporting, denying) claims with their words and where they stand in their document, one per span."""
    seen: set[tuple] = set()
    pro: list[Dict] = []
    con: list[Dict] = []
    for c in rec.get("claims") or []:
        key = (c.get("doc_id"), c.get("start"), c.get("end"))
        if c.get("stance") not in STANCE_WORDS or key in seen or not c.get("text"):
            continue
        seen.add(key)
        item = {"who": claim_source(c), "stance": STANCE_WORDS[c["stance"]], "text": quote_text(c["text"]),
                "doc_id": c.get("doc_id"), "start": c.get("start"), "end": c.get("end")}
        (con if c["stance"] == "denies" else pro).append(item)
    return pro[:per_side], con[:per_side]
