"""Publication dates for documents that carry no metadata, read from the text itself."""
from __future__ import annotations

import re
from datetime import date

from panj.extract.times.periods import lexicon
from panj.extract.times.rules import numeric_date
from panj.extract.times.grammar import resolve

_MON = None


def _full_date_rx() -> re.Pattern:
    """A full date with day, month and year, in the common English orders (and ISO)."""
    global _MON
    if _MON is None:
        mon = "|".join(sorted(lexicon()["months"], key=len, reverse=True))
        wd = "|".join(sorted(lexicon()["weekdays"], key=len, reverse=True))
        _MON = re.compile(
            rf"\b(?:(?:{wd})\.?,?\s+)?(?:(?:{mon})\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+(?:1[89]|20)[0-9]{{2}}|"
            rf"[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{mon})\.?,?\s+(?:1[89]|20)[0-9]{{2}}|"
            rf"[0-9]{{1,2}}[./][0-9]{{1,2}}[./](?:19|20)[0-9]{{2}})\b|"
            rf"\b(?:19|20)[0-9]{{2}}-[01][0-9]-[0-3][0-9](?=T[0-9]|\b)", re.IGNORECASE)
    return _MON


# Every full date and every year reference above holds a year of this shape: a text without one cannot match
# them, and is not scanned by them (the patterns' month and weekday alternatives cost ~0.4 ms a text).
_YEAR_DIGITS = re.compile(r"(?:1[89]|20)[0-9]{2}")

_POSTED = re.compile(r"\b(?:posted|published|updated|last updated|first published|released)(?:\s+on)?\s*:?\s*$",
                     re.IGNORECASE)
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Za-z .'-]{1,40},\s*$")


def _as_date(text: str) -> date | None:
    numeric = re.fullmatch(r"([0-9]{1,2})([./])([0-9]{1,2})[./]([0-9]{4})", text)
    if numeric:
        a, sep, b, year = numeric.groups()
        return numeric_date(int(a), int(b), int(year), sep, None)  # an ambiguous order is not guessed
    p = resolve(text, date(2000, 1, 1))
    return p.start if p.granularity == "day" else None


def infer_publication_date(text: str, today: date | None = None) -> tuple[date, str] | None:
    """(date, basis) from "Posted on ..." / credit lines, a byline or dateline date near the top, else the newest
    full date in the text; never a date after `today`."""
    today = today or date.today()
    found = []  # (priority, -position, date, basis)
    head_limit = min(len(text), 600)
    if not _YEAR_DIGITS.search(text):
        return None
    for m in _full_date_rx().finditer(text):
        d = _as_date(m.group())
        if d is None or d > today:
            continue
        before = text[max(0, m.start() - 40): m.start()]
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start: len(text) if line_end < 0 else line_end].strip()
        quoted = f'"{m.group()}"'
        if _POSTED.search(before.split("\n")[-1].split("(")[-1]):
            found.append((0, m.start(), d, f"posted line {quoted}"))
        elif m.start() < head_limit and line.strip(" |–—-.") == m.group():
            found.append((1, m.start(), d, f"byline {quoted}"))
        elif m.start() < head_limit and (_DATELINE_PREFIX.match(text[line_start: m.start()])
                                        or re.match(r"\s*[-–—(]", text[m.end(): m.end() + 3])):
            found.append((2, m.start(), d, f"dateline {quoted}"))
        else:
            found.append((3, -d.toordinal(), d, f"newest full date in the text {quoted}"))
    if not found:
        return None
    best = min(found, key=lambda f: (f[0], f[1]))
    return best[2], best[3]


def _year_reference_rx() -> re.Pattern:
    """A year the text dates something by: 'January 2022', 'in 2021', 'since 2019', 'the 2021 takeover'."""
    mon = "|".join(sorted(lexicon()["months"], key=len, reverse=True))
    return re.compile(rf"\b(?:(?:{mon})\.?,?\s+|(?:in|since|during|from|of|the|early|late|mid-?)\s+)"
                      rf"((?:19|20)[0-9]{{2}})\b(?!\s*(?:-|–|to)\s*(?:19|20)[0-9]{{2}})(?!s)", re.IGNORECASE)


def infer_publication_year(text: str, today: date | None = None) -> tuple[date, str] | None:
    """(1 January of the year, basis) for a text with no full date anywhere: the newest year it dates something
    by, never after `today`. A writer leaves the year off this year's months ("in early May"), so the newest
    year referred to is the least the publication can be; the day stays unknown (granularity 'year')."""
    today = today or date.today()
    best: tuple[int, str] | None = None
    if not _YEAR_DIGITS.search(text):
        return None
    for m in _year_reference_rx().finditer(text):
        year = int(m.group(1))
        if year <= today.year and (best is None or year > best[0]):
            best = (year, m.group().strip())
    if best is None:
        return None
    return date(best[0], 1, 1), f'year of the newest dated reference "{best[1]}"; day unknown'
