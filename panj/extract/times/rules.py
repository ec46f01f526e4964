"""The handler of each single form of forms.py, which makes its `Period`: "May 7, 2022", "last fall", "two weeks
ago", "the night of May 6 to 7". `simple` tries the forms in order on a normalised expression;
grammar.py wraps them with ranges ("from ... to ..."), modifiers ("early ..."), vague words and anchor
events, and hands the inner part of a compound form ("the week of ...") back through `Ctx.inner`.

Words come from panj/data/lexicons/time_words.yaml.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Callable

from panj.extract.times import periods as cal
from panj.extract.times.forms import POD_TIMEX, patterns
from panj.extract.times.periods import Period, lexicon


def _inner(text: str, ctx: "Ctx", depth: int = 1) -> Period | None:
    """The inner expression of a compound form, resolved by the whole grammar (which the context carries, so
    that the single forms need not import the grammar built on them)."""
    return ctx.inner(text, ctx, depth) if ctx.inner is not None else None


def _year(tok: str, anchor: date) -> int:
    if tok.startswith("'"):
        yy = int(tok[1:])
        return 2000 + yy if 2000 + yy <= anchor.year + 10 else 1900 + yy
    return int(tok)


def _words_number(words: str) -> int | None:
    """English number words as a year or count: 'nineteen ninety six' -> 1996, 'two thousand one' -> 2001."""
    nums = lexicon()["numbers"]
    toks = [t for t in re.split(r"[\s-]+", words) if t and t != "and"]
    if not toks or any(t not in nums or t in ("a", "an") for t in toks):
        return None
    vals = [nums[t] for t in toks]
    if "thousand" in toks:
        i = toks.index("thousand")
        head = sum(vals[:i]) or 1
        return head * 1000 + sum(vals[i + 1:])
    groups, cur = [], 0
    for v in vals:  # "nineteen ninety six": tens/units accumulate, a new teen/tens value starts a group
        if v == 100:
            cur = (cur or 1) * 100
        elif cur and (v >= 10 and cur % 100 != 0 or v >= 20 and cur >= 20 and cur % 10 == 0 and v % 10 == 0):
            groups.append(cur)
            cur = v
        else:
            cur += v
    groups.append(cur)
    if len(groups) == 2 and groups[0] in range(10, 30):
        return groups[0] * 100 + groups[1]
    return groups[0] if len(groups) == 1 else None


def _count(tok: str) -> tuple[float, float] | None:
    lx = lexicon()
    if tok.isdigit():
        return float(tok), float(tok)
    if tok in lx["vague_counts"]:
        lo, hi = lx["vague_counts"][tok]
        return float(lo), float(hi)
    n = _words_number(tok) if tok not in ("a", "an") else 1
    return (float(n), float(n)) if n else None


NEXT_GRAN = {"day": "week", "week": "month", "month": "year", "quarter": "year", "season": "year", "year": "year"}
UNIT_GRAN = {"day": "day", "night": "day", "morning": "day", "evening": "day", "afternoon": "day", "week": "week",
             "weekend": "week", "fortnight": "week", "month": "month", "quarter": "quarter", "period": "quarter",
             "season": "season", "year": "year", "decade": "year"}


class Ctx:
    """What a rule may look at besides the words: anchor date, narrative anchor, tense of the governing verb."""

    def __init__(self, anchor: date, narr: Period | None, tense: str | None,
                 inner: Callable[[str, "Ctx", int], Period | None] | None = None):
        # tense 'past' / 'future' comes from the verb the expression hangs on; 'past?' / 'future?' from a verb
        # further up the tree (weaker evidence)
        self.anchor, self.narr, self.inner = anchor, narr, inner
        self.tense = tense.rstrip("?") if tense else None
        self.strong = bool(tense) and not tense.endswith("?")

    def ref(self, anaphoric: bool) -> tuple[date, str]:
        """The date that anaphoric English counts from: the narrative anchor if there is one."""
        if anaphoric and self.narr is not None and self.narr.resolved:
            return self.narr.start, "narrative-anchor"
        return self.anchor, "text"


def _mon(m) -> int:
    return lexicon()["months"][m["mon"]]


def _h_iso_day(m, ctx):
    d = cal.safe_date(int(m["year"]), int(m["m"]), int(m["day"]))
    return cal.day(d, "") if d else None


def _h_iso_month(m, ctx):
    mm = int(m["m"])
    return cal.month(int(m["year"]), mm, "") if 1 <= mm <= 12 else None


def _h_numeric_day(m, ctx):
    """"8/15/2021", "15-08-2021", "15.08.2021" (the dash and dot forms with a four-digit year, a time may follow)."""
    if m["a"] is not None:
        a, b, sep, year = int(m["a"]), int(m["b"]), m["sep"], m["year"]
    else:
        a, b, sep, year = int(m["a2"]), int(m["b2"]), m["sep2"], m["year2"]
    d = numeric_date(a, b, _year("'" + year if len(year) == 2 else year, ctx.anchor), sep, ctx.anchor)
    return cal.day(d, "") if d else None


def numeric_date(a: int, b: int, year: int, sep: str, anchor: date | None) -> date | None:
    """The day "a/b/year" names. Dots are day first, as everywhere they are written. Otherwise the one possible
    order, if only one is ("25/05/2022"); when both are, the reading that is the anchor's own day (a byline's
    "Updated: 01-05-2021" on a page of 1 May), then the only one not after it (reports are dated in the past),
    and only then the US order, month first. Without an anchor (a publication date being inferred) an ambiguous
    date is not guessed: None."""
    if sep == ".":
        return cal.safe_date(year, b, a)
    readings = [d for d in (cal.safe_date(year, a, b), cal.safe_date(year, b, a)) if d is not None]
    if len(set(readings)) == 1 or not readings:
        return readings[0] if readings else None
    if anchor is None:
        return None
    if anchor in readings:
        return anchor
    past = [d for d in readings if d <= anchor]
    return past[0] if len(past) == 1 else readings[0]


def _h_day(m, ctx):
    mo, dd = _mon(m), int(m["day"])
    if m["year"]:
        d = cal.safe_date(_year(m["year"], ctx.anchor), mo, dd)
        return cal.day(d, "") if d else None
    cands = [cal.day(d, "") for d in (cal.safe_date(ctx.anchor.year + k, mo, dd) for k in (-1, 0, 1)) if d]
    if not cands:
        return None
    if m["wd"]:  # "Friday, Oct. 23": the year whose Oct. 23 is a Friday, if one is near
        wd = lexicon()["weekdays"][m["wd"]]
        fit = [c for c in cands if c.start.weekday() == wd]
        cands = fit or cands
    return cal.pick(cands, ctx.anchor, ctx.tense, ctx.strong)


def _h_month_year(m, ctx):
    return cal.month(_year(m["year"], ctx.anchor), _mon(m), "")


def _instances(make, ctx: Ctx, rel: str | None, the: bool, years=(-2, -1, 0, 1, 2)) -> Period | None:
    """Pick an instance of a yearly period (a month or season) by its relative word."""
    ref, basis = ctx.ref(anaphoric=bool(the) or rel in ("following", "same", "that", "previous", "preceding"))
    cands = [c for c in (make(ref.year + k) for k in years) if c is not None]
    if rel in ("following", "next", "coming", "upcoming") and (the or rel != "next"):
        if basis == "narrative-anchor":  # "the following September": first one after the narrative anchor
            after = [c for c in cands if c.start > ctx.narr.end]
            return after[0].with_(basis=basis) if after else None
    if rel in ("this", "current", "present", "same", "that"):
        if basis == "narrative-anchor":
            same = make(ref.year)
            return same.with_(basis=basis) if same is not None else None
        cur = [c for c in cands if c.start <= ref <= c.end]  # "this winter" in January: the one under way
        return cur[0] if cur else make(ref.year)
    if rel in ("last", "past", "previous", "preceding", "prior", "latest", "most recent", "recent"):
        # "last fall" in May 2022: the most recent fall that ended before the current one began
        cur = [c for c in cands if c.start <= ref <= c.end]
        limit = cur[0].start if cur else ref
        before = [c for c in cands if c.end < limit]
        return before[-1].with_(basis=basis) if before else None
    if rel in ("next", "coming", "upcoming", "following"):
        after = [c for c in cands if c.start > ref]
        return after[0].with_(basis=basis) if after else None
    return cal.pick(cands, ctx.anchor, ctx.tense, ctx.strong)


def _h_month(m, ctx):
    mo = _mon(m)
    if m["mon"] in ("may", "march", "mar", "sun", "sat", "jun") and not m["rel"]:
        pass  # bare "May" is a month here: the caller only hands us expressions that are dates
    return _instances(lambda y: cal.month(y, mo, ""), ctx, m["rel"], bool(m["the"]))


def _h_year(m, ctx):
    return cal.year(_year(m["year"], ctx.anchor), "")


def _h_decade(m, ctx):
    dec = m["dec"].lstrip("'")
    if len(dec) == 2:  # "the '90s", "the 90s"
        y = 2000 + int(dec) if 2000 + int(dec) <= ctx.anchor.year else 1900 + int(dec)
    else:
        y = int(dec)
    return cal.decade(y, "")


def _h_decade_word(m, ctx):
    d = lexicon()["decade_words"][m["dw"]]
    cent = int(m["cent"]) * 100 if m["cent"] else (1900 if 1900 + d <= ctx.anchor.year else 1800)
    return cal.decade(cent + d, "")


def _season(m, ctx):
    code = lexicon()["seasons"][m["sea"]]["code"]
    if m["year"]:
        return cal.season(_year(m["year"], ctx.anchor), code, "")
    return _instances(lambda y: cal.season(y, code, ""), ctx, m.groupdict().get("rel"), bool(m.groupdict().get("the")))


def _year_of(m, ctx: Ctx) -> tuple[int, str]:
    if m["year"]:
        return _year(m["year"], ctx.anchor), "text"
    yrel = m.groupdict().get("yrel")
    if yrel in ("last", "the previous"):
        return ctx.anchor.year - 1, "text"
    if yrel == "next":
        return ctx.anchor.year + 1, "text"
    if yrel in ("the same", "that", "the following"):
        ref, basis = ctx.ref(True)
        return ref.year + (1 if yrel == "the following" else 0), basis
    return ctx.anchor.year, "text"


def _h_quarter(m, ctx):
    q = int(m["q"]) if m["q"] else lexicon()["ordinals"][m["ord"]]
    if m["ord"] in ("last", "final") and not m["year"] and not m["yrel"]:
        return None  # "last quarter" is the previous quarter (rel_unit), "the last quarter of 2021" is Q4
    y, basis = _year_of(m, ctx)
    if not m["year"] and not m["yrel"] and m["rel"] in ("previous", "prior"):
        y -= 1
    return cal.quarter(y, q, "").with_(basis=basis)


def _h_quarter_short(m, ctx):
    return cal.quarter(_year(m["year"], ctx.anchor), int(m["q"]), "")


def _h_half(m, ctx):
    h = 1 if (m["ord"] or "first") in ("first", "1st") else 2
    y, basis = _year_of(m, ctx)
    return cal.half(y, h, "").with_(basis=basis)


def _h_half_short(m, ctx):
    return cal.half(_year(m["year"], ctx.anchor), int(m["h"]), "")


def _h_rel_unit(m, ctx):
    rel, unit, the = m["rel"], m["unit"], bool(m["the"])
    if unit in ("night", "morning", "evening", "afternoon"):
        unit = "day" if rel not in ("last",) or unit != "night" else "night"
        if unit == "night":  # "last night"
            return cal.day(ctx.anchor - timedelta(days=1), "")
    unit = "quarter" if unit == "period" else unit
    anaphoric = the and rel in ("previous", "prior", "preceding", "next", "following", "same") or rel == "that" \
        or rel == "same"
    ref, basis = ctx.ref(anaphoric)
    step = {"this": 0, "current": 0, "present": 0, "same": 0, "that": 0, "last": -1, "previous": -1, "past": -1,
            "prior": -1, "preceding": -1, "latest": -1, "most recent": -1, "recent": -1, "next": 1, "coming": 1,
            "following": 1, "upcoming": 1}[rel]
    n = ctx.narr
    if basis == "narrative-anchor" and cal.GRAN_RANK[n.granularity] > cal.GRAN_RANK[UNIT_GRAN[unit]]:
        # "the next day" after "in September 2021": the month moved by a day, only month-precise
        if step == 0:
            return n.with_(rule="", basis=basis, mod=None)
        return Period(cal.shift(n.start, unit, step), cal.shift(n.end, unit, step), n.granularity, None, "", basis)
    return cal.unit_period(cal.shift(ref, unit, step), unit, "").with_(basis=basis)


def _h_bare_unit(m, ctx):
    """'the quarter', 'the year': the narrative's period of that kind, else the current one (for quarters and
    periods in a report: the latest completed one)."""
    unit = "quarter" if m["unit"] == "period" else m["unit"]
    n = ctx.narr
    if n is not None and n.resolved and cal.GRAN_RANK.get(unit, 9) >= cal.GRAN_RANK[n.granularity]:
        if n.granularity == UNIT_GRAN.get(unit) and n.timex:
            return n.with_(rule="", basis="narrative-anchor", mod=None)
        return cal.unit_period(n.start, unit, "").with_(basis="narrative-anchor")
    ref = cal.shift(ctx.anchor, "quarter", -1) if unit == "quarter" else ctx.anchor
    return cal.unit_period(ref, unit, "")


def _h_fin_quarter(m, ctx):
    """'the year-ago quarter', 'the year-earlier period': the narrative's quarter a year before."""
    n = ctx.narr
    base = n if n is not None and n.granularity == "quarter" else cal.unit_period(
        cal.shift(ctx.anchor, "quarter", -1), "quarter", "")  # the latest completed quarter
    return cal.unit_period(cal.shift(base.start, "year", -1), "quarter", "back").with_(
        basis="narrative-anchor" if base is n else "text")


def _h_year_end(m, ctx):
    inner = _h_bare_unit(m, ctx)
    return cal.narrow(inner, "end", "END")


def _h_month_rel_year(m, ctx):
    off = {"this": 0, "last": -1, "next": 1}[m["yrel"]]
    return cal.month(ctx.anchor.year + off, _mon(m), "")


def _h_month_words_year(m, ctx):
    y = _words_number(m["words"])
    return cal.month(y, _mon(m), "") if y and 1000 <= y <= 2100 else None


def _h_year_quarter(m, ctx):
    if m["year"]:
        y = _year(m["year"], ctx.anchor)
    else:
        y = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m["yrel"]]
    if m["ord"]:
        return cal.quarter(y, lexicon()["ordinals"][m["ord"]], "")
    n = ctx.narr
    q = cal.quarter_of(n.start) if n is not None and n.granularity == "quarter" else cal.quarter_of(
        cal.shift(ctx.anchor, "quarter", -1))
    return cal.quarter(y, q, "")


def _h_narr_time(m, ctx):
    """'at the time', 'then': the narrative's current period; nothing without one."""
    n = ctx.narr
    if n is None or not n.resolved:
        return None
    return n.with_(rule="", basis="narrative-anchor", mod=None)


def _h_century(m, ctx):
    n = int(m["n"])
    y0 = (n - 1) * 100
    return Period(date(max(y0, 1), 1, 1), date(y0 + 99, 12, 31), "year", f"{n - 1:02d}", "")


def _h_weekend(m, ctx):
    """'the weekend': the one just past, or the coming one in a future-tense clause."""
    a = ctx.anchor
    sat = a - timedelta(days=(a.weekday() - 5) % 7)  # the latest Saturday on or before the anchor
    if ctx.tense == "future" and a.weekday() < 5:
        sat += timedelta(days=7)
    return cal.weekend(sat, "")


def _h_holiday(m, ctx):
    spec = lexicon()["holidays"][m["hol"]]

    def make(y: int) -> Period | None:
        if "dates" in spec:  # a lunar feast: its day (and length) in each Gregorian year the lexicon lists
            when = spec["dates"].get(y)
            if when is None:
                return None
            first, last = (when if isinstance(when, list) else [when, None])
            first = date.fromisoformat(str(first))
            last = date.fromisoformat(str(last)) if last else first + timedelta(days=int(spec.get("days", 1)) - 1)
            return Period(first, last, "day" if (last - first).days < 7 else "month", None, "")
        if "day" in spec:
            return cal.day(date(y, spec["month"], spec["day"]), "")
        if spec["nth"] < 0:  # the last such weekday of the month
            last = cal.month(y, spec["month"], "").end
            d = last - timedelta(days=(last.weekday() - spec["weekday"]) % 7)
        else:
            first = date(y, spec["month"], 1)
            d = first + timedelta(days=(spec["weekday"] - first.weekday()) % 7 + 7 * (spec["nth"] - 1))
        return cal.day(d + timedelta(days=spec.get("plus", 0)), "")

    if m["year"]:
        return make(_year(m["year"], ctx.anchor))
    if "dates" in spec and all(make(ctx.ref(False)[0].year + k) is None for k in (-1, 0, 1)):
        return None  # a year the lexicon does not list: no guess
    return _instances(make, ctx, m["rel"], False)


def _h_count(m, ctx, direction: str | None = None):
    unit = "week" if m["unit"] == "fortnight" else m["unit"]
    n = _count(m.groupdict().get("n") or "1") if "n" in m.groupdict() else (1.0, 1.0)
    if n is None:
        return None
    if m["unit"] == "fortnight":
        n = (n[0] * 2, n[1] * 2)
    direction = direction or m["dir"]
    sign = -1 if direction in ("ago", "earlier", "before", "back", "previously", "prior", "before that") else 1
    anaphoric = direction not in ("ago", "from now", "hence", "in")
    ref, basis = ctx.ref(anaphoric)
    narr_gran = ctx.narr.granularity if basis == "narrative-anchor" else "day"
    gran = cal.coarser(UNIT_GRAN[unit], narr_gran)
    lo, hi = n
    if lo != hi or lo != int(lo):  # vague or fractional: a range, one step coarser
        a = cal.shift(ref, "day", int(sign * lo * {"day": 1, "week": 7}.get(unit, 0))) if unit in ("day", "week") \
            else cal.shift(ref, unit, sign * int(lo))
        b = cal.shift(ref, "day", int(sign * hi * {"day": 1, "week": 7}.get(unit, 0))) if unit in ("day", "week") \
            else cal.shift(ref, unit, sign * int(hi))
        return Period(min(a, b), max(a, b), NEXT_GRAN[gran], "PAST_REF" if sign < 0 else "FUTURE_REF", "",
                      basis, vague=True)
    k = sign * int(lo)
    tag = "back" if sign < 0 else "fwd"
    if unit == "year" and sign < 0 and not anaphoric and ctx.narr is not None and ctx.narr.granularity in (
            "quarter", "month") and ctx.narr.start.year >= ctx.anchor.year - 1 and int(lo) == 1:
        # "up from $5 a year ago" after "third-quarter profit": the same quarter a year before
        return cal.unit_period(cal.shift(ctx.narr.start, "year", -1), ctx.narr.granularity, tag).with_(
            basis="narrative-anchor")
    target = cal.shift(ref, unit, k)
    if basis == "narrative-anchor" and narr_gran != "day":
        # anaphoric shifts keep the anchor's precision: "a year earlier" after "the third quarter" is that
        # quarter a year before; "a week later" after "in September 2021" is a month-wide window moved a week
        if cal.GRAN_RANK[UNIT_GRAN[unit]] >= cal.GRAN_RANK[narr_gran] and narr_gran in cal.UNIT_OF:
            return cal.unit_period(target, cal.UNIT_OF[narr_gran], tag).with_(basis=basis)
        return Period(target, cal.shift(ctx.narr.end, unit, k), narr_gran, None, tag, basis)
    gran = UNIT_GRAN[unit]
    if gran == "day":
        return cal.day(target, tag).with_(basis=basis)
    return cal.unit_period(target, gran, tag).with_(basis=basis)


def _h_unit_earlier(m, ctx):
    return _h_count(m, ctx)


def _h_in_count(m, ctx):
    return _h_count(m, ctx, direction="in")


def _h_day_word(m, ctx):
    w = m["w"]
    off = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
           "the day after tomorrow": 2}.get(w, 0)
    return cal.day(ctx.anchor + timedelta(days=off), "")


def _h_narr_day(m, ctx):
    ref, basis = ctx.ref(True)
    w = m["w"]
    off = -1 if ("before" in w or "previous" in w) else 1 if ("after" in w or "next" in w or "following" in w) else 0
    if basis != "narrative-anchor" and off:
        return None  # "the day before" with nothing to count from
    return cal.day(ref + timedelta(days=off), "").with_(basis=basis)


def _h_weekday(m, ctx):
    wd = lexicon()["weekdays"][m["wd"]]
    rel, the = m["rel"], bool(m["the"])
    if rel in ("following", "same", "that", "previous") or (the and rel == "next"):
        ref, basis = ctx.ref(True)
        if basis != "narrative-anchor":
            return None
        delta = (wd - ref.weekday()) % 7
        if rel in ("previous",):
            delta = -((ref.weekday() - wd) % 7 or 7)
        elif rel in ("following", "next"):
            delta = delta or 7
        return cal.day(ref + timedelta(days=delta), "").with_(basis=basis)
    a = ctx.anchor
    back = (a.weekday() - wd) % 7  # days back to the most recent such weekday (0: today)
    fwd = (wd - a.weekday()) % 7
    if rel in ("last", "past", "previous"):
        return cal.day(a - timedelta(days=back or 7), "")
    if rel in ("next", "coming"):
        return cal.day(a + timedelta(days=fwd or 7), "")
    if rel == "this":
        return cal.day(a - timedelta(days=a.weekday()) + timedelta(days=wd), "")
    if ctx.tense == "future":
        return cal.day(a + timedelta(days=fwd), "")
    return cal.day(a - timedelta(days=back), "")


def _h_week_of(m, ctx):
    inner = _inner(m["inner"], ctx, 1)
    if inner is None or inner.granularity != "day":
        return None
    return cal.week(inner.start, "").with_(basis=inner.basis)


def _h_clock_day(m, ctx):
    h, mi = int(m["h"]), int(m["mi"] or 0)
    if not (1 <= h <= 12 and mi < 60):
        return None
    inner = _inner(m["inner"], ctx)
    if inner is None or not inner.resolved or inner.granularity != "day" or inner.start != inner.end:
        return None
    h24 = (h % 12) + (12 if m["ap"].startswith("p") else 0)
    return inner.with_(timex=f"{inner.start.isoformat()}T{h24:02d}:{mi:02d}")


def _h_part_of(m, ctx):
    inner = _inner(m["inner"], ctx, 1)
    if inner is None and re.search(r"\sto\s", m["inner"]):  # "the night of May 6 to 7"
        inner = _inner("from " + m["inner"], ctx, 1)
    if inner is None or not inner.resolved or inner.granularity != "day":
        return None
    pod = POD_TIMEX.get(m["part"] or "night")
    timex = f"{inner.timex}{pod}" if inner.timex and pod and inner.start == inner.end else inner.timex
    return inner.with_(timex=timex)


def _h_past_hours(m, ctx):
    """"in the past 24 hours": the days those hours touch, up to the anchor."""
    n = int(m["n"]) if m["n"].isdigit() else {"twenty four": 24, "forty eight": 48, "seventy two": 72}[m["n"]]
    days = max(1, -(-n // 24))
    return Period(ctx.anchor - timedelta(days=days), ctx.anchor, "day", "PAST_REF", "", "text", vague=True)


def _h_week_of_month(m, ctx):
    """"the first week of May": days 1-7; "the last week of May": its last seven days."""
    inner = _inner(m["inner"], ctx, 1)
    n = lexicon()["ordinals"].get(m["ord"])
    if inner is None or inner.granularity != "month" or n is None or (n > 4 and m["ord"] not in ("last", "final")):
        return None
    if m["ord"] in ("last", "final"):
        start = inner.end - timedelta(days=6)
    else:
        start = inner.start + timedelta(days=7 * (n - 1))
    return Period(start, min(start + timedelta(days=6), inner.end), "week", None, "", inner.basis)


def _h_half_of_month(m, ctx):
    """"the second half of April": 16-30 April; of a year, the year's half."""
    inner = _inner(m["inner"], ctx, 1)
    if inner is None or inner.granularity not in ("month", "year") or inner.start.year != inner.end.year:
        return None
    second = m["ord"] != "first"
    if inner.granularity == "year":
        return cal.half(inner.start.year, 2 if second else 1, "").with_(basis=inner.basis)
    mid = inner.start + timedelta(days=14)
    start, end = (mid + timedelta(days=1), inner.end) if second else (inner.start, mid)
    return Period(start, end, "month", None, "", inner.basis)


def _h_number_year(m, ctx):
    n = _words_number(m["words"].strip())
    return cal.year(n, "") if n and 1000 <= n <= 2100 else None


HANDLERS = {
    "iso_day": _h_iso_day, "iso_month": _h_iso_month, "numeric_day": _h_numeric_day, "month_day": _h_day,
    "day_month": _h_day, "month_year": _h_month_year, "month": _h_month, "year": _h_year, "decade": _h_decade,
    "decade_word": _h_decade_word, "season": _season, "year_season": _season, "quarter": _h_quarter,
    "quarter_short": _h_quarter_short, "year_quarter": _h_quarter_short, "half": _h_half,
    "half_short": _h_half_short, "rel_unit": _h_rel_unit, "bare_unit": _h_bare_unit, "count": _h_count,
    "unit_earlier": _h_unit_earlier, "in_count": _h_in_count, "day_word": _h_day_word, "narr_day": _h_narr_day,
    "weekday": _h_weekday, "week_of": _h_week_of, "number_year": _h_number_year, "part_of": _h_part_of,
    "clock_day": _h_clock_day, "past_hours": _h_past_hours, "week_of_month": _h_week_of_month,
    "half_of_month": _h_half_of_month, "fin_quarter": _h_fin_quarter, "year_end": _h_year_end,
    "month_rel_year": _h_month_rel_year, "month_words_year": _h_month_words_year,
    "year_quarter_words": _h_year_quarter, "holiday": _h_holiday, "narr_time": _h_narr_time,
    "century": _h_century, "weekend": _h_weekend,
}


def simple(s: str, ctx: Ctx) -> Period | None:
    for rule, rx in patterns().items():
        m = rx.fullmatch(s)
        if m:
            p = HANDLERS[rule](m, ctx)
            if p is not None and p.granularity == "day" and m.groupdict().get("pod"):
                p = p.with_(timex=f"{p.timex}{POD_TIMEX[m['pod']]}")  # the interval stays the whole day
            if p is not None:
                return p if p.rule.startswith(rule) else p.with_(rule=f"{rule}:{p.rule}" if p.rule else rule)
    return None
