"""Rules that turn one temporal expression into a `Period`, relative to an anchor (publication) date and,
for anaphoric English ("the following September", "two days later", "the same year"), a narrative anchor.

This module composes: ranges ("from 1979 to 1989", "since January 2022"), modifiers ("early December 2021"),
vague words ("recently"), anchor events ("since the Taliban takeover", anchor_events.yaml), and the single forms
of rules.py. Each rule has an id (recorded as `Period.rule`). Words come from
panj/data/lexicons/time_words.yaml. Absolute dates in forms the rules do not know are handed to dateparser as a
last resort.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from panj.extract.times import periods as cal
from panj.extract.times.periods import Period, lexicon
from panj.extract.times.forms import UNITS
from panj.extract.times.rules import Ctx, simple

LEAD = re.compile(
    r"^(?:on|in|at|during|around|about|circa|ca|c|as of|as early as|as late as|sometime in|some time in|"
    r"sometime|throughout|within|over|of|for|by|before|after|until|till|through|earlier|later|starting|"
    r"beginning|effective|dated|as recently as|no later than|not until|only|just|also|even|approximately|"
    r"roughly|nearly|almost|some|post|pre|a good part of|part of|much of|most of|all of|the rest of|"
    r"the remainder of|the bulk of|the whole of)\s+")
_NAMES = "|".join(sorted(list(lexicon()["months"]) + list(lexicon()["weekdays"]), key=len, reverse=True))
_MONTH_RANGE = re.compile(rf"\b({_NAMES})-({_NAMES})\b")


def normalize(text: str) -> str:
    """Lower case, plain quotes and dashes, no commas or abbreviation periods, hyphens between words as spaces."""
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"(?<![0-9])\.|\.(?![0-9])", " ", s)
    s = re.sub(r"[,;:()\"]", " ", s)
    s = _MONTH_RANGE.sub(r"\1 - \2", s)  # "January-March 2022" is a range, not one word
    s = re.sub(r"(?<=[a-z])-(?=[a-z0-9])|(?<=[0-9])-(?=[a-z])", " ", s)
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"\bthis past\b", "last", re.sub(r"\bthis coming\b", "next", s))
    s = re.sub(r"\s+(?:or so|or later|or earlier|and beyond|and later|and after|or thereabouts)$", "", s)
    return re.sub(r"\s+", " ", s).strip()


MAX_EXPRESSION_CHARS = 120


def _ctx(anchor: date, narr: Period | None, tense: str | None) -> Ctx:
    """A rule context whose compound forms resolve their inner part with this whole grammar."""
    return Ctx(anchor, narr, tense, inner=resolve_normalized)


def resolve(text: str, anchor: date, narr: Period | None = None, tense: str | None = None) -> Period:
    """One expression to a Period (granularity 'unresolved' when no rule knows it; never a guessed day)."""
    s = normalize(text)
    if len(s) > MAX_EXPRESSION_CHARS:  # no date is written this long; untrusted text never reaches the rules
        return cal.unresolved("too-long")
    ctx = _ctx(anchor, narr, tense)
    return resolve_normalized(s, ctx) or cal.unresolved("none")


@lru_cache(maxsize=1)
def anchor_entries() -> list[dict]:
    """The entries of panj/data/lexicons/anchor_events.yaml."""
    import yaml

    return yaml.safe_load((cal.LEXICON.parent / "anchor_events.yaml").read_text("utf-8")) or []


@lru_cache(maxsize=1)
def anchor_events() -> dict[str, dict]:
    """Normalised name -> entry of anchor_events.yaml."""
    return {normalize(name): entry for entry in anchor_entries() for name in entry["names"]}


def _anchor(s: str, ctx: Ctx) -> Period | None:
    """"the fall of Kabul": the date of an event every reader of the watch knows (anchor_events.yaml), unless
    that date is after the publication (then the writer meant an earlier one)."""
    entry = anchor_events().get(s[4:] if s.startswith("the ") else s)
    if entry is None:
        return None
    start = date.fromisoformat(str(entry["start"]))
    if start > ctx.anchor:
        return cal.unresolved(f"anchor:{entry['id']}:after-publication")
    # an ongoing period ("the war in Ukraine") has no end of its own: it runs up to the text's own date
    end = date.fromisoformat(str(entry["end"])) if entry.get("end") else max(start, ctx.anchor)
    return Period(start, end, entry["granularity"], start.isoformat() if start == end else None,
                  f"anchor:{entry['id']}", "knowledge")


def _beside_period(s: str, ctx: Ctx) -> Period | None:
    """"after the Tajik civil war" is its last day, "before the Soviet-Afghan war" its first: an anchor period
    seen from one side (a point anchor needs no such rule: "after the fall of Kabul" is that day)."""
    m = re.fullmatch(r"(?P<side>after|following|before|prior to|until)\s+(?P<a>the\s+.+)", s)
    a = _anchor(m["a"], ctx) if m else None
    if a is None or not a.resolved or a.start == a.end:
        return None
    day = a.end if m["side"] in ("after", "following") else a.start
    return Period(day, day, "day", day.isoformat(), f"{a.rule}+{m['side'].replace(' ', '-')}", "knowledge")


def _from_anchor(s: str, ctx: Ctx, depth: int) -> Period | None:
    """"a couple of weeks into the Ukraine war", "days after the fall of Kabul": a count of units from the start
    of an anchor event (anchor_events.yaml), resolved as "two weeks later" is from a narrative date."""
    m = re.fullmatch(r"(?P<n>.+?)\s+(?P<rel>into|after|before)\s+(?P<a>the\s+.+)", s)
    if not m:
        return None
    a = _anchor(m["a"], ctx)
    if a is None or not a.resolved:
        return None
    count = m["n"] if not re.fullmatch(UNITS, m["n"]) else "a few " + m["n"]  # "days after": a few days
    start = Period(a.start, a.start, "day", None, a.rule, a.basis)
    shift = f"{count} {'before' if m['rel'] == 'before' else 'later'}"
    p = resolve_normalized(shift, _ctx(ctx.anchor, start, ctx.tense), depth + 1)
    if p is None or not p.resolved or p.rule not in ("count", "count:fwd", "count:back"):
        return None
    return p.with_(rule=f"{a.rule}+{m['rel']}", basis="knowledge")


def resolve_normalized(s: str, ctx: Ctx, depth: int = 0) -> Period | None:
    """A normalised expression to a Period, or None: ranges, modifiers, vague words, anchor events, then the
    single forms of rules.py; a leading preposition ("on", "in") is dropped."""
    if not s or depth > 4:
        return None
    p = _range(s, ctx, depth) or _modified(s, ctx, depth) or _vague(s, ctx) or _anchor(s, ctx) \
        or _from_anchor(s, ctx, depth) or simple(s, ctx)
    if p is not None:
        return p
    p = _beside_period(s, ctx)
    if p is not None:
        return p
    m = LEAD.match(s)
    if m:
        return resolve_normalized(s[m.end():], ctx, depth + 1)
    if re.fullmatch(rf"{UNITS}\s+(?:later|earlier|after|before|ago|afterwards?)", s) and s.split()[0].endswith("s"):
        return resolve_normalized("a few " + s, ctx, depth + 1)  # "weeks later": a few weeks
    return _dateparser(s, ctx)


def _range(s: str, ctx: Ctx, depth: int) -> Period | None:
    m = re.fullmatch(r"since\s+(?P<a>.+)", s)
    if m:
        a = resolve_normalized(m["a"], _ctx(ctx.anchor, ctx.narr, "past?"), depth + 1)
        if a is None or not a.resolved:
            return None
        end = max(ctx.anchor, a.end) if a.start <= ctx.anchor else a.end
        return a.with_(end=end, timex=None, rule="range:since")
    bare = not s.startswith(("from ", "between "))  # "January to March", "Thursday and Friday"
    m = re.fullmatch(r"(?:from\s+)?(?P<a>.+?)\s+(?:to|until|till|through|thru|and)\s+(?P<b>.+)", s) \
        or re.fullmatch(r"(?P<a>[^-]+?)\s*-\s*(?P<b>[^-]+)", s)
    if not m:
        return None
    a_txt, b_txt = re.sub(r"^(?:from|between)\s+", "", m["a"]), m["b"]
    if re.fullmatch(r"[0-9]{1,2}(?:\s+[0-9]{4})?", b_txt) and re.search(r"(?<![0-9])[0-9]{1,2}$", a_txt) \
            and re.search(r"[a-z]", a_txt):  # "May 7-9", "May 6-7, 2022": the month (and year) are shared
        num = re.search(r"[0-9]+$", a_txt).group()
        b_txt = a_txt[: len(a_txt) - len(num)] + b_txt
        if " " in m["b"]:
            a_txt = f"{a_txt} {m['b'].split()[-1]}"
    elif re.fullmatch(r"[0-9]{1,2}", b_txt) and re.search(r"[0-9]$", a_txt):  # "1979-89"
        num = re.search(r"[0-9]+$", a_txt).group()
        b_txt = a_txt[: len(a_txt) - len(num)] + (num[: len(num) - len(b_txt)] + b_txt if len(num) == 4 else b_txt)
    elif re.fullmatch(r"[0-9]{1,2}", a_txt) and re.match(r"[0-9]{1,2}\s+[a-z]", b_txt):  # "7-9 May 2022"
        a_txt = a_txt + b_txt[re.match(r"[0-9]+", b_txt).end():]
    b = resolve_normalized(b_txt, ctx, depth + 1)
    if b is None or not b.resolved:
        return None
    a = resolve_normalized(a_txt, _ctx(b.end, ctx.narr, "past"), depth + 1)
    if a is None or not a.resolved or a.start > b.end:
        return None
    if bare and (a.vague or b.vague or cal.GRAN_RANK[a.granularity] != cal.GRAN_RANK[b.granularity]):
        return None  # without "from"/"between", only two dates of one kind make a range
    return Period(a.start, b.end, cal.coarser(a.granularity, b.granularity), None, "range", b.basis)


def _modified(s: str, ctx: Ctx, depth: int) -> Period | None:
    s = s[4:] if s.startswith("the ") else s
    for word, spec in sorted(lexicon()["modifiers"].items(), key=lambda kv: -len(kv[0])):
        if s.startswith(word + " ") and len(s) > len(word) + 1:
            inner = resolve_normalized(s[len(word) + 1:], ctx, depth + 1)
            if inner is not None and inner.resolved and not inner.vague:
                return cal.narrow(inner, spec["part"], spec["mod"]).with_(rule=f"mod:{word}+{inner.rule}")
    return None


def _vague(s: str, ctx: Ctx) -> Period | None:
    lx = lexicon()
    if s in lx["recent"]:
        spec = lx["recent"][s]
        return Period(ctx.anchor - timedelta(days=spec["days"]), ctx.anchor, spec["granularity"], "PAST_REF",
                      "vague:recent", vague=True)
    if s in lx["since_narrative"]:  # "over time": from the narrative's last date until the publication
        if ctx.narr is None or not ctx.narr.resolved or ctx.narr.start > ctx.anchor:
            return cal.unresolved("since-narrative:no-anchor")
        days = (ctx.anchor - ctx.narr.start).days
        gran = "day" if days <= 7 else "month" if days <= 92 else "year"
        return Period(ctx.narr.start, ctx.anchor, gran, None, "since-narrative", "narrative-anchor", vague=True)
    if s in lx["present_words"]:
        return cal.day(ctx.anchor, "vague:present").with_(timex="PRESENT_REF", vague=True)
    if s in lx["past_words"]:
        return cal.unresolved("vague:past", "PAST_REF")
    if s in lx["future_words"]:
        return cal.unresolved("vague:future", "FUTURE_REF")
    return None


def _dateparser(s: str, ctx: Ctx) -> Period | None:
    """Last resort for absolute dates in forms the rules miss; requires a four-digit year in the text."""
    if not re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", s):
        return None
    found = _dateparser_date(s, ctx.anchor)
    if found is None:
        return None
    d, period = found
    if period == "year":
        return cal.year(d.year, "dateparser")
    if period == "month":
        return cal.month(d.year, d.month, "dateparser")
    return cal.day(d, "dateparser")


@lru_cache(maxsize=4096)
def _dateparser_date(s: str, anchor: date) -> tuple[date, str] | None:
    """dateparser's reading of an expression against an anchor, remembered: building its parser costs more than
    any rule, and news repeats its date expressions."""
    import dateparser
    from datetime import datetime

    base = datetime(anchor.year, anchor.month, anchor.day)
    data = dateparser.date.DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base}).get_date_data(s)
    return (data.date_obj.date(), data.period) if data.date_obj is not None else None


# --- handlers: (match, ctx) -> Period | None -------------------------------------------------------------