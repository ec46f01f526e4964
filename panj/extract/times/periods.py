"""Calendar arithmetic for the date resolver: periods as inclusive intervals with a granularity and a TIMEX3 value.

TIMEX3 values follow TimeML 1.2: 2022-05-13, 2022-W19, 2022-05, 2022-SU, 2022-Q2, 2022-H1, 2022, 202 (decade).
A winter `YYYY-WI` is the one that begins in December of YYYY (meteorological, northern hemisphere).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from panj.data import parse_yaml

LEXICON = Path(__file__).resolve().parents[2] / "data" / "lexicons" / "time_words.yaml"
GRAN_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4, "unresolved": 9}
UNIT_OF = {"week": "week", "month": "month", "season": "season", "quarter": "quarter", "year": "year"}
# With no tense to go by, news looks back: a future instance must be this much nearer than the past one to win
# ("the introduction of new computers in April", said in October, is last April). Set on TempEval-3 dev, where
# 0 / 30 / 90 / 180 / 365 days gave 0.8565 / 0.8585 / 0.8591 / 0.8585 / 0.8379; 90 is a season, not the peak.
UNKNOWN_TENSE_FUTURE_DAYS = 90
TENSE_PENALTY = 120
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The word lists in panj/data/lexicons/time_words.yaml, loaded once."""
    with LEXICON.open(encoding="utf-8") as fh:
        return parse_yaml(fh)


@dataclass(frozen=True)
class Period:
    """A resolved expression: inclusive interval, granularity, TIMEX3 value and the rule that produced it."""

    start: date | None
    end: date | None
    granularity: str
    timex: str | None
    rule: str
    basis: str = "text"  # text | narrative-anchor
    mod: str | None = None  # TIMEX3 mod: START | MID | END
    vague: bool = False  # PRESENT/PAST/FUTURE_REF-like: never a narrative anchor

    @property
    def resolved(self) -> bool:
        return self.granularity != "unresolved"

    def with_(self, **kw) -> "Period":
        return replace(self, **kw)


def unresolved(rule: str, timex: str | None = None) -> Period:
    return Period(None, None, "unresolved", timex, rule, vague=True)


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def day(d: date, rule: str) -> Period:
    return Period(d, d, "day", d.isoformat(), rule)


def week(d: date, rule: str) -> Period:
    monday = d - timedelta(days=d.weekday())
    iso = monday.isocalendar()
    return Period(monday, monday + timedelta(days=6), "week", f"{iso[0]}-W{iso[1]:02d}", rule)


def weekend(d: date, rule: str) -> Period:
    w = week(d, rule)
    return w.with_(start=w.start + timedelta(days=5), timex=f"{w.timex}-WE")


def month(y: int, m: int, rule: str) -> Period:
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    last = calendar.monthrange(y, m)[1]
    return Period(date(y, m, 1), date(y, m, last), "month", f"{y:04d}-{m:02d}", rule)


def quarter(y: int, q: int, rule: str) -> Period:
    y, q = y + (q - 1) // 4, (q - 1) % 4 + 1
    m0 = 3 * (q - 1) + 1
    return Period(date(y, m0, 1), month(y, m0 + 2, rule).end, "quarter", f"{y:04d}-Q{q}", rule)


def half(y: int, h: int, rule: str) -> Period:
    start, end = (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
    return Period(start, end, "year", f"{y:04d}-H{h}", rule)  # a half-year states no finer than a year


def season(y: int, code: str, rule: str) -> Period:
    m0 = SEASON_MONTH[code]
    return Period(date(y, m0, 1), month(y, m0 + 2, rule).end, "season", f"{y:04d}-{code}", rule)


def year(y: int, rule: str) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), "year", f"{y:04d}", rule)


def decade(y0: int, rule: str) -> Period:
    y0 -= y0 % 10
    return Period(date(y0, 1, 1), date(y0 + 9, 12, 31), "year", f"{y0 // 10:03d}", rule)


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def season_of(d: date) -> tuple[int, str]:
    """The (year, code) of the meteorological season containing d (January belongs to the previous winter)."""
    if d.month == 12:
        return d.year, "WI"
    if d.month <= 2:
        return d.year - 1, "WI"
    return d.year, {3: "SP", 6: "SU", 9: "FA"}[3 * (d.month // 3)]


def unit_period(d: date, unit: str, rule: str) -> Period:
    """The period of kind `unit` (day, week, weekend, month, quarter, year, decade) that contains d."""
    if unit == "day":
        return day(d, rule)
    if unit == "week":
        return week(d, rule)
    if unit == "weekend":
        return weekend(d, rule)
    if unit == "month":
        return month(d.year, d.month, rule)
    if unit == "quarter":
        return quarter(d.year, quarter_of(d), rule)
    if unit == "season":
        return season(*season_of(d), rule)
    if unit == "decade":
        return decade(d.year, rule)
    return year(d.year, rule)


def shift(d: date, unit: str, n: int) -> date:
    """d moved by n units (calendar-aware for months and years; days clipped to the month's end)."""
    if unit in ("day",):
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "season": 3, "year": 12, "decade": 120}[unit] * n
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def coarser(a: str, b: str) -> str:
    return a if GRAN_RANK[a] >= GRAN_RANK[b] else b


def narrow(p: Period, part: str, mod: str) -> Period:
    """Keep the start, middle or end third of a period ("early May", "end of last year"); granularity unchanged."""
    if not p.resolved or p.granularity in ("day", "week"):
        return p.with_(mod=mod)
    days = (p.end - p.start).days + 1
    third = days // 3
    if part == "start":
        s, e = p.start, p.start + timedelta(days=third - 1)
    elif part == "mid":
        s, e = p.start + timedelta(days=third), p.end - timedelta(days=third)
    else:
        s, e = p.end - timedelta(days=third - 1), p.end
    return p.with_(start=s, end=e, mod=mod)


def distance(p: Period, d: date) -> int:
    """Days between d and the nearest day of p (0 inside)."""
    if p.start <= d <= p.end:
        return 0
    return (p.start - d).days if d < p.start else (d - p.end).days


def pick(candidates: list[Period], anchor: date, tense: str | None, strong: bool = False) -> Period:
    """Choose among instances of an under-specified period ("August", "May 13").

    The nearest to the anchor wins. When the expression hangs directly on a verb (`strong`), that verb's tense
    decides the side of the anchor; when the tense comes from further up the tree, the wrong side only counts
    as TENSE_PENALTY days further away (a past-tense clause can still name a coming date: "announced a
    dividend payable Nov. 10"). With no tense at all, a future instance must be UNKNOWN_TENSE_FUTURE_DAYS nearer to
    win, and ties go to the past: news more often looks back.
    """
    if strong and tense in ("past", "future"):
        ok = [p for p in candidates if (p.start <= anchor if tense == "past" else p.end >= anchor)]
        candidates = ok or candidates

    def cost(p: Period) -> tuple[int, bool]:
        d = distance(p, anchor)
        if (tense == "past" and p.start > anchor) or (tense == "future" and p.end < anchor):
            d += TENSE_PENALTY
        if tense is None and p.start > anchor:
            d += UNKNOWN_TENSE_FUTURE_DAYS
        return d, p.start > anchor

    return min(candidates, key=cost)
