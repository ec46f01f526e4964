"""The written shapes of single time expressions, one regular expression per form ("May 7, 2022", "last fall",
"two weeks ago"), built from the words of panj/data/lexicons/time_words.yaml. Each form id names its handler in
rules.py, which turns a match into a `Period`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from panj.extract.times.periods import lexicon

QUALIFIER = r"(?:(?:almost|nearly|about|some|more than|over|less than|just|only|roughly|around|approximately|" \
            r"at least|barely|fully|a full|exactly|precisely)\s+)?"
UNITS = r"(?P<unit>day|week|weekend|month|quarter|year|decade|season|fortnight)s?"
PART_OF_DAY = r"(?:\s+(?P<pod>morning|afternoon|evening|night|overnight|midday|noon))?"
POD_TIMEX = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "overnight": "TNI",
             "midday": "TMI", "noon": "TMI"}


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def count_words() -> str:
    """An alternation of the words that count units: "two", "a couple of", "several"."""
    return _alt(list(lexicon()["numbers"]) + list(lexicon()["vague_counts"]))


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    """Form id -> compiled pattern, in the order `rules.simple` tries them (the first full match wins)."""
    lx = lexicon()
    mon, wd, sea = _alt(lx["months"]), _alt(lx["weekdays"]), _alt(lx["seasons"])
    num = count_words()
    ords = _alt(lx["ordinals"])
    y = r"(?P<year>1[0-9]{3}|20[0-9]{2}|'[0-9]{2})"
    d = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
    rel = r"(?P<rel>this|current|present|last|previous|past|prior|preceding|next|coming|following|same|that|" \
          r"latest|most recent|recent|upcoming)"
    pats = {
        "iso_day": r"(?P<year>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<day>[0-9]{1,2})(?:t.*)?",
        "iso_month": r"(?P<year>[0-9]{4})-(?P<m>[0-9]{2})",
        "numeric_day": r"(?P<a>[0-9]{1,2})(?P<sep>/)(?P<b>[0-9]{1,2})/(?P<year>[0-9]{2}|[0-9]{4})"
                       r"|(?P<a2>[0-9]{1,2})(?P<sep2>[.-])(?P<b2>[0-9]{1,2})(?P=sep2)(?P<year2>[0-9]{4})(?:\s.*)?",
        "month_day": rf"(?:(?P<wd>{wd})\s+)?(?:the\s+)?(?P<mon>{mon})\s+(?:the\s+)?{d}(?:\s+(?:of\s+)?{y})?"
                     rf"{PART_OF_DAY}",
        "day_month": rf"(?:(?P<wd>{wd})\s+)?(?:the\s+)?{d}\s+(?:of\s+)?(?P<mon>{mon})(?:\s+{y})?{PART_OF_DAY}",
        "month_year": rf"(?P<mon>{mon})\s+(?:of\s+)?{y}",
        "month": rf"(?:(?P<the>the\s+)?{rel}\s+)?(?P<mon>{mon})",
        "year": rf"(?:the\s+)?(?:(?:fiscal|calendar|financial|the year|year|fy|model year|school year|budget)\s+)?"
                rf"{y}(?:\s+(?:fiscal\s+)?year)?",
        "decade": r"(?:the\s+)?(?P<dec>[0-9]{3}0|'[0-9]0|[0-9]0)'?s",
        "decade_word": rf"(?:the\s+)?(?:(?P<cent>[0-9]{{2}})\s+)?(?P<dw>{_alt(lx['decade_words'])})",
        "season": rf"(?:(?P<the>the\s+)?{rel}\s+|the\s+)?(?P<sea>{sea})(?:\s+(?:of\s+)?{y})?",
        "year_season": rf"{y}\s+(?P<sea>{sea})",
        "quarter": rf"(?:(?:the|its|their)\s+)?(?:{rel}\s+)?(?:fiscal\s+)?(?:(?P<ord>{ords})|q(?P<q>[1-4]))"
                   rf"(?:\s+fiscal)?\s+quarter"
                   rf"(?:\s+(?:of\s+)?(?:fiscal\s+|calendar\s+)?(?:{y}|(?P<yrel>this|last|next|the same|that|the "
                   rf"previous|the following) year))?",
        "quarter_short": rf"q(?P<q>[1-4])\s+(?:of\s+)?{y}",
        "half_short": rf"h(?P<h>[12])\s+(?:of\s+)?{y}",
        "year_quarter": rf"{y}\s+q(?P<q>[1-4])",
        "half": rf"(?:the\s+)?(?:(?P<ord>first|second|1st|2nd|latter|last|final)\s+half|first two quarters)"
                rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:{y}|(?P<yrel>this|last|next|the same|that) year))?",
        "rel_unit": rf"(?P<the>the\s+)?{rel}\s+(?:fiscal\s+|calendar\s+)?(?P<unit>day|week|weekend|month|year|"
                    rf"quarter|period|decade|season|night|morning|evening|afternoon)",
        "bare_unit": r"(?:the|its|their)\s+(?:(?:fiscal|full|calendar|entire|whole|financial)\s+)?"
                     r"(?P<unit>day|week|month|year|quarter|period|decade)",
        "count": rf"{QUALIFIER}(?P<n>{num}|[0-9]+)(?:\s+(?:and\s+a\s+half|or\s+(?:so|two|three)))?\s+{UNITS}"
                 rf"\s+(?P<dir>ago|earlier|later|before|after|from now|hence|back|previously|prior|since|on|"
                 rf"further on|before that|after that|afterwards?)",
        "unit_earlier": r"(?:the\s+)?(?P<unit>day|week|weekend|month|quarter|year)\s+"
                        r"(?P<dir>earlier|ago|later|before|after)",
        "in_count": rf"in\s+{QUALIFIER}(?P<n>{num}|[0-9]+)\s+{UNITS}(?:\s+time)?",
        "day_word": rf"(?P<w>today|tonight|yesterday|tomorrow|last night|overnight|the day before yesterday|"
                    rf"the day after tomorrow|this morning|this afternoon|this evening){PART_OF_DAY}",
        "narr_time": r"(?:at\s+)?(?:the|that|this)\s+time|by then|back then|then",
        "narr_day": r"(?P<w>the day before|the day after|the next morning|the following morning|that morning|"
                    r"that night|that evening|that afternoon|the night before|the previous night|that same day|"
                    r"the same night)",
        "weekday": rf"(?:(?P<the>the\s+)?(?P<rel>last|this|next|past|coming|previous|following|same|that|"
                   rf"early|late)\s+)?(?P<wd>{wd}){PART_OF_DAY}",
        "week_of": r"the week of (?P<inner>.+)",
        # "9 a.m. EST Tuesday", "4:30 p.m. Thursday": the day, with the clock time in its TIMEX3 value
        "clock_day": r"(?P<h>[0-9]{1,2})(?:[:\s](?P<mi>[0-9]{2}))?\s*(?P<ap>a\s?m|p\s?m)"
                     r"(?:\s+(?:est|edt|cst|cdt|pst|pdt|gmt|utc|local time))?\s+(?:on\s+)?(?P<inner>.+)",
        # "the early hours of Saturday", "the night of May 6 to 7", "overnight on Sunday": that day (or days)
        "part_of": r"(?:(?:the\s+)?(?:(?:early|small|late|wee)\s+)?(?P<part>hours|morning|afternoon|evening|night)"
                   r"\s+of|overnight(?:\s+on|\s+into)?)\s+(?P<inner>.+)",
        "past_hours": r"(?:the\s+)?(?:past|last|previous)\s+(?P<n>[0-9]+|twenty four|forty eight|seventy two)\s+hours",
        "week_of_month": rf"(?:the\s+)?(?P<ord>{ords})\s+week\s+of\s+(?P<inner>.+)",
        "half_of_month": r"(?:the\s+)?(?P<ord>first|second|latter|last)\s+half\s+of\s+(?P<inner>.+)",
        "century": r"(?:the\s+)?(?P<n>[0-9]{1,2})(?:st|nd|rd|th)\s+century",
        "weekend": r"the\s+weekend",
        "fin_quarter": r"(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?(?:year ago|year earlier|year before|prior year|corresponding|comparable|"
                       r"last year|previous year)(?:\s+(?:first|second|third|fourth))?\s+(?:quarter|period)"
                       r"(?:\s+(?:a year ago|a year earlier|last year|of last year|the year before))?|"
                       r"the (?:(?:corresponding|comparable|same) )?(?:quarter|period) (?:a year (?:ago|earlier)|"
                       r"last year|of last year|the year before)",
        "year_end": r"(?:around\s+)?(?:the\s+)?(?P<unit>year|quarter|month|week)\s+end",
        "month_rel_year": rf"(?P<mon>{mon})\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year",
        "month_words_year": rf"(?P<mon>{mon})\s+(?:of\s+)?(?P<words>[a-z][a-z\s]+)",
        "year_quarter_words": rf"(?:the\s+)?(?:{y}|(?P<yrel>this|last|next)\s+year)\s+(?:(?P<ord>{ords})\s+)?"
                              rf"(?:fiscal\s+)?(?:quarter|period)",
        "holiday": rf"(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<hol>{_alt(lx['holidays'])})(?:\s+{y})?",
        "number_year": r"(?:the\s+)?(?:year\s+)?(?P<words>[a-z]+(?:\s+[a-z]+)*)",
    }
    return {k: re.compile(v) for k, v in pats.items()}
