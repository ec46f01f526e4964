"""Reports embedded in a page: another outlet's article appended below the host's, under a heading of its own.

A page often carries a second, older report after its own text ("Massoud, Taliban Agree to Not Fight ... reports
TOLOnews.com"). That report was written on a day of its own, unknown here: its "on Wednesday" is not the host's
Wednesday. `find_embedded_reports` finds such sections so that dates are resolved within them only (see
resolve.find_times / resolve.date_for_event). The patterns are in panj/data/ingest.yaml (`embedded_reports`).

A section is an embedded report when, after some of the host's own text,
- a heading line (title case, no closing punctuation) opens it, and
- the paragraph under the heading credits an outlet other than the host as its source ("..., reports X.com.",
  "KABUL (Reuters) -"),
and it runs to the next heading, end marker (a rule line, "Read:", "Related", the host's "Courtesy:" line) or the
end of the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from panj.data import load_yaml

__all__ = ["EmbeddedReport", "find_embedded_reports", "report_at", "is_heading_line", "earliest_possible"]


_MIN_HOST_TEXT = 200  # a heading and credit at the very top open the host's own article, not an embedded one


@dataclass(frozen=True)
class EmbeddedReport:
    start: int  # character offsets of the section (heading included) in the document text
    end: int
    credit: str  # the outlet the section credits
    heading: str
    earliest: date | None = None  # the first day it can have been written (`earliest_possible`), if known


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[re.Pattern[str]], re.Pattern[str]]:
    rules = load_yaml("ingest.yaml")["embedded_reports"]
    return [re.compile(p) for p in rules["credits"]], re.compile(rules["end"])


def _lines(text: str) -> list[tuple[int, int, str]]:
    """Non-blank lines as (start, end, stripped text)."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line), line.strip()))
        pos += len(line) + 1
    return out


def is_heading_line(line: str) -> bool:
    """Title case, at least three longer words, no closing punctuation, short: a headline, not a sentence. (On a
    raw line, before parsing; `extract.events.is_heading` judges parsed sentences.)"""
    if len(line) > 160 or line.endswith((".", "!", "?", ":", '"', "”", "’", "'", ",", ";")):
        return False
    words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.75


def _credit(paragraph: str) -> str | None:
    credits, _ = _patterns()
    for rx in credits:
        m = rx.search(paragraph)
        if m:
            return m.group(1).strip(" .")
    return None


def _same_outlet(a: str, b: str | None) -> bool:
    fold = lambda s: re.sub(r"\.(?:com|org|net|info)$|[^a-z0-9]", "", s.lower())  # noqa: E731
    return b is not None and fold(a) == fold(b)


def find_embedded_reports(text: str, host_outlet: str | None = None,
                          actors: list | None = None) -> list[EmbeddedReport]:
    """The embedded reports of a document, in order (see the module docstring for the rule); with the document's
    actors, each says the earliest day it can have been written."""
    _, end_rx = _patterns()
    lines = _lines(text)
    out: list[EmbeddedReport] = []
    body = 0  # characters of running text since the document's (or the last report's) start
    i = 1  # the first line is the host's own title
    while i < len(lines) - 1:
        line = lines[i][2]
        heading = is_heading_line(line)
        credit = _credit(lines[i + 1][2]) if heading and body >= _MIN_HOST_TEXT else None
        if credit is None or _same_outlet(credit, host_outlet):
            body += 0 if heading else len(line)
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not end_rx.search(lines[j][2]) and not is_heading_line(lines[j][2]):
            j += 1
        start, end = lines[i][0], lines[j - 1][1]
        named = [a for a in actors or [] if a.start is not None and a.end is not None and start <= a.start < end]
        out.append(EmbeddedReport(start, end, credit, line, earliest_possible(named, text)))
        body, i = 0, j
    return out


def report_at(reports: list[EmbeddedReport], char: int) -> EmbeddedReport | None:
    """The embedded report that holds this character offset, if any."""
    return next((r for r in reports if r.start <= char < r.end), None)


def earliest_possible(actors: list, text: str) -> date | None:
    """The first day a text naming these actors can have been written: the start of an entry that did not exist
    before (every role of the National Resistance Front starts in 2021-08), or of the role the text describes
    a person in ("Ahmad Massoud, the leader of the resistance front" is the role from 2021-08-15). Others bound
    nothing; the latest bound wins."""
    from panj.kb import load_kb

    kb = load_kb()
    starts = []
    for a in actors:
        if not a.kb_id or a.kb_id not in kb:
            continue
        roles = kb.get(a.kb_id).roles
        if roles and all(r.start is not None for r in roles):
            starts.append(min(r.start for r in roles))
        described = _described_role(roles, text[a.end:a.end + 120])
        if described is not None and described.start is not None:
            starts.append(described.start)
    return max(starts) if starts else None


_STOP = {"the", "of", "a", "an", "and", "for", "in", "on", "to", "against", "with", "its", "his", "her"}


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP and len(w) > 2}


def _described_role(roles: list, after: str):
    """The role whose title an apposition right after the name repeats ("Massoud, the leader of the resistance
    front, ..."): at least two of the title's words, and more than any other role's title."""
    m = re.match(r",\s+(?:the\s+|then\s+|a\s+)?([^,.;()]+)", after)
    if not m:
        return None
    words = _content_words(m.group(1))
    scored = sorted(((len(words & _content_words(r.title or "")), i) for i, r in enumerate(roles)), reverse=True)
    if not scored or scored[0][0] < 2 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return roles[scored[0][1]]
