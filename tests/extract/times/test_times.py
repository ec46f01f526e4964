"""Date resolution: hand-written expressions and sentences, one construction each."""
from __future__ import annotations

from datetime import date

import pytest

from panj.extract.times.resolve import date_for_event, find_times, infer_publication_date, resolve_expression
from panj.records import DocContext

PUB = date(2022, 5, 13)  # a Friday


def iv(text, anchor=PUB, narrative=None, tense=None):
    d = resolve_expression(text, anchor, narrative, tense)
    return d.start, d.end, d.granularity


@pytest.mark.parametrize("text, expected", [
    ("May 13, 2022", ("2022-05-13", "2022-05-13", "day")),
    ("13 May 2022", ("2022-05-13", "2022-05-13", "day")),
    ("the 3rd of March, 2020", ("2020-03-03", "2020-03-03", "day")),
    ("Oct. 23, 1999", ("1999-10-23", "1999-10-23", "day")),
    ("2021-08-15", ("2021-08-15", "2021-08-15", "day")),
    ("8/15/2021", ("2021-08-15", "2021-08-15", "day")),
    ("Sunday, August 15, 2021", ("2021-08-15", "2021-08-15", "day")),
    ("August 2021", ("2021-08-01", "2021-08-31", "month")),
    ("in 2019", ("2019-01-01", "2019-12-31", "year")),
    ("the 1990s", ("1990-01-01", "1999-12-31", "year")),
    ("Q3 2021", ("2021-07-01", "2021-09-30", "quarter")),
    ("the fourth quarter of 2020", ("2020-10-01", "2020-12-31", "quarter")),
    ("summer 2020", ("2020-06-01", "2020-08-31", "season")),
    ("the winter of 2020", ("2020-12-01", "2021-02-28", "season")),
])
def test_absolute_forms(text, expected):
    assert iv(text) == expected


@pytest.mark.parametrize("text, anchor, expected", [
    ("13-05-2022", PUB, "2022-05-13"),  # one order only: the first number cannot be a month
    ("05-13-2022", PUB, "2022-05-13"),
    ("05.04.2022", PUB, "2022-04-05"),  # dots: day first
    ("01-05-2021", date(2021, 5, 1), "2021-05-01"),  # a byline's date on the page of that day, not 5 January
    ("05/01/2021", date(2021, 5, 1), "2021-05-01"),
    ("12/05/2022", PUB, "2022-05-12"),  # 5 December is still to come: the past reading
    ("04/05/2022", PUB, "2022-04-05"),  # both past: month first, as in the US
    ("01-05-2021 20:55 IST", date(2021, 5, 1), "2021-05-01"),
])
def test_numeric_dates_in_either_order(text, anchor, expected):
    assert iv(text, anchor=anchor) == (expected, expected, "day")


@pytest.mark.parametrize("text, expected", [
    ("on Wednesday", ("2022-05-11", "2022-05-11", "day")),
    ("Friday", ("2022-05-13", "2022-05-13", "day")),
    ("yesterday", ("2022-05-12", "2022-05-12", "day")),
    ("tomorrow", ("2022-05-14", "2022-05-14", "day")),
    ("last week", ("2022-05-02", "2022-05-08", "week")),
    ("last month", ("2022-04-01", "2022-04-30", "month")),
    ("last fall", ("2021-09-01", "2021-11-30", "season")),
    ("last summer", ("2021-06-01", "2021-08-31", "season")),
    ("this spring", ("2022-03-01", "2022-05-31", "season")),
    ("this year", ("2022-01-01", "2022-12-31", "year")),
    ("next year", ("2023-01-01", "2023-12-31", "year")),
    ("last quarter", ("2022-01-01", "2022-03-31", "quarter")),
    ("the first quarter", ("2022-01-01", "2022-03-31", "quarter")),
    ("two weeks ago", ("2022-04-25", "2022-05-01", "week")),
    ("three days ago", ("2022-05-10", "2022-05-10", "day")),
])
def test_relative_to_publication(text, expected):
    assert iv(text) == expected


@pytest.mark.parametrize("text, expected", [  # PUB is Friday 13 May 2022
    ("in the early hours of Saturday", ("2022-05-07", "2022-05-07", "day")),
    ("the night of May 6 to 7", ("2022-05-06", "2022-05-07", "day")),
    ("overnight on Sunday", ("2022-05-08", "2022-05-08", "day")),
    ("the morning of May 9", ("2022-05-09", "2022-05-09", "day")),
    ("in the past 24 hours", ("2022-05-12", "2022-05-13", "day")),
    ("the first week of May", ("2022-05-01", "2022-05-07", "week")),
    ("the last week of April", ("2022-04-24", "2022-04-30", "week")),
    ("the second half of April", ("2022-04-16", "2022-04-30", "month")),
    ("the first half of 2021", ("2021-01-01", "2021-06-30", "year")),
    ("May 6–7, 2022", ("2022-05-06", "2022-05-07", "day")),  # not 6 May to July 2022
    ("January-March 2022", ("2022-01-01", "2022-03-31", "month")),
    ("January to March", ("2022-01-01", "2022-03-31", "month")),
    ("late April to early May", ("2022-04-21", "2022-05-10", "month")),
    ("Thursday and Friday", ("2022-05-12", "2022-05-13", "day")),
    ("May 6 and 7", ("2022-05-06", "2022-05-07", "day")),
    ("H1 2022", ("2022-01-01", "2022-06-30", "year")),
    ("Ramadan 2021", ("2021-04-13", "2021-05-12", "month")),
    ("during Ramadan", ("2022-04-02", "2022-05-01", "month")),
    ("Eid al-Fitr", ("2022-05-02", "2022-05-04", "day")),
])
def test_parts_of_days_ranges_halves_and_lunar_feasts(text, expected):
    assert iv(text, tense="past") == expected


def test_with_no_tense_news_looks_back():
    # said in late October: April 1990 is nearer, but with nothing pointing forward it is last April
    assert iv("April", anchor=date(1989, 10, 26))[:2] == ("1989-04-01", "1989-04-30")
    assert iv("April", anchor=date(1989, 10, 26), tense="future")[:2] == ("1990-04-01", "1990-04-30")
    assert iv("November", anchor=date(1989, 10, 26))[:2] == ("1989-11-01", "1989-11-30")  # far nearer ahead


def test_be_to_points_forward(nlp):
    text = "Talks between the two ministers are to resume in Dushanbe on Tuesday."
    doc = nlp(text)
    times = find_times(doc, DocContext("d", text, published=PUB))
    assert times[0].start == "2022-05-17"  # the coming Tuesday, not the last


def test_a_clock_time_before_a_day_keeps_the_day_and_the_time():
    from panj.extract.times.grammar import resolve

    p = resolve("4:30 p.m. on May 7", PUB)
    assert (p.start, p.granularity, p.timex) == (date(2022, 5, 7), "day", "2022-05-07T16:30")
    assert resolve("9 a.m. EST Friday", PUB).timex == "2022-05-13T09:00"


def test_what_is_no_range_or_no_listed_feast_stays_unresolved():
    assert iv("Eid al-Fitr 2012")[2] == "unresolved"  # a year the lexicon does not list is not guessed
    assert iv("two to three weeks")[2] == "unresolved"
    assert iv("the week before", narrative=date(2021, 9, 10))[:2] == ("2021-08-30", "2021-09-05")


def test_a_part_of_day_and_its_day_are_one_expression(nlp):
    from panj.extract.times.attach import find_spans

    text = "Militants attacked a post on the night of May 6 to 7 and shelled it overnight on Sunday."
    assert [text[s:e] for s, e in find_spans(nlp(text))] == ["the night of May 6 to 7", "overnight on Sunday"]


def test_part_of_period_narrows_but_keeps_granularity():
    assert iv("early December 2021") == ("2021-12-01", "2021-12-10", "month")
    assert iv("mid-December 2021") == ("2021-12-11", "2021-12-21", "month")
    assert iv("late December 2021") == ("2021-12-22", "2021-12-31", "month")
    start, end, gran = iv("at the end of last year")
    assert gran == "year" and start.startswith("2021-09") and end == "2021-12-31"
    start, end, gran = iv("the late 1990s")
    assert end == "1999-12-31" and start.startswith("1996")


def test_recent_is_a_window_before_publication():
    start, end, gran = iv("in recent weeks")
    assert end == "2022-05-13" and gran == "week" and "2022-04-01" < start < "2022-05-01"
    start, end, gran = iv("recently")
    assert end == "2022-05-13" and gran == "month"


def test_bare_plural_counts_and_since_then_follow_the_narrative():
    start, end, gran = iv("weeks later", narrative=date(2021, 8, 15))
    assert gran == "month" and "2021-08-15" < start < end < "2021-10-01"  # a few weeks
    assert iv("since then", narrative=date(2021, 8, 15))[:2] == ("2021-08-15", PUB.isoformat())


def test_ranges():
    assert iv("from 1979 to 1989") == ("1979-01-01", "1989-12-31", "year")
    assert iv("between May 7 and May 9, 2022") == ("2022-05-07", "2022-05-09", "day")
    assert iv("since January 2022") == ("2022-01-01", "2022-05-13", "month")
    assert iv("2014-2016") == ("2014-01-01", "2016-12-31", "year")


def test_narrative_anchor_not_publication():
    anchor = date(2025, 1, 19)
    sept = date(2021, 9, 10)
    assert iv("the following September", anchor, sept) == ("2022-09-01", "2022-09-30", "month")
    assert iv("in the same year", anchor, date(2022, 9, 5)) == ("2022-01-01", "2022-12-31", "year")
    assert iv("a week later", anchor, date(2022, 5, 7)) == ("2022-05-09", "2022-05-15", "week")
    assert iv("two days later", anchor, date(2022, 5, 7)) == ("2022-05-09", "2022-05-09", "day")
    assert iv("the next day", anchor, date(2022, 5, 7)) == ("2022-05-08", "2022-05-08", "day")
    d = resolve_expression("the following September", anchor, sept)
    assert d.basis == "narrative-anchor"


def test_tense_decides_direction_of_bare_names():
    # "August" said on 13 May 2022: the past one in a past-tense clause, the coming one in a future clause
    assert iv("in August", tense="past")[0] == "2021-08-01"
    assert iv("in August", tense="future")[0] == "2022-08-01"
    assert iv("on Monday", tense="future")[0] == "2022-05-16"
    assert iv("on Monday")[0] == "2022-05-09"


@pytest.mark.parametrize("text", ["the future", "at some point", "whenever", "soon"])
def test_unresolvable_is_unresolved_never_a_day(text):
    d = resolve_expression(text, PUB)
    assert d.granularity == "unresolved" and d.start is None and d.end is None


def test_find_times_narrative_and_offsets(nlp):
    text = ("The border crossing was closed in September 2021. By the following September, the two "
            "governments had reopened it. In the same year, the ministers met twice. A week later, talks resumed.")
    doc = nlp(text)
    times = find_times(doc, DocContext("d", text, published=date(2025, 1, 19)))
    by_text = {t.text: t for t in times}
    for t in times:
        assert text[t.start_char:t.end_char] == t.text
    assert by_text["September 2021"].start == "2021-09-01"
    fs = by_text["the following September"]
    assert (fs.start, fs.granularity, fs.basis) == ("2022-09-01", "month", "narrative-anchor")
    assert by_text["the same year"].start == "2022-01-01"


def test_find_times_without_publication_keeps_only_absolute(nlp):
    text = "The talks were held on Wednesday. The accord was signed on March 3, 2020."
    doc = nlp(text)
    times = {t.text: t for t in find_times(doc, DocContext("d", text, published=None))}
    assert times["Wednesday"].granularity == "unresolved"
    assert times["March 3, 2020"].start == "2020-03-03"


def test_inferred_publication_is_marked(nlp):
    text = "Officials said the talks took place yesterday, as agreed on May 3, 2022."
    doc = nlp(text)
    ctx = DocContext("d", text, published=PUB, published_inferred=True)
    times = find_times(doc, ctx)
    assert times[0].start == "2022-05-12" and times[0].publication_inferred
    assert times[1].start == "2022-05-03" and not times[1].publication_inferred  # needs no publication date


def _trigger(doc, word):
    return next(t.i for t in doc if t.text == word)


def test_event_takes_the_governing_date_not_the_nearest(nlp):
    text = "Talks were held on Friday in Dushanbe after the attack that militants launched on May 7, 2022."
    doc = nlp(text)
    ctx = DocContext("d", text, published=PUB)
    times = find_times(doc, ctx)
    assert date_for_event(doc, _trigger(doc, "launched"), times, ctx).start == "2022-05-07"
    assert date_for_event(doc, _trigger(doc, "held"), times, ctx).start == "2022-05-13"


def test_event_falls_back_to_paragraph_then_publication(nlp):
    text = ("On March 3, 2021, the army moved troops to the border. The troops dug trenches.\n"
            "The government is worried about refugees.")
    doc = nlp(text)
    ctx = DocContext("d", text, published=PUB, published_inferred=True)
    times = find_times(doc, ctx)
    assert date_for_event(doc, _trigger(doc, "dug"), times, ctx).start == "2021-03-03"
    pub = date_for_event(doc, _trigger(doc, "worried"), times, ctx)
    assert (pub.start, pub.granularity, pub.basis, pub.publication_inferred) == (
        "2022-05-13", "day", "inferred-publication", True)
    ctx2 = DocContext("d", text, published=None)
    assert date_for_event(doc, _trigger(doc, "worried"), find_times(doc, ctx2), ctx2).granularity == "unresolved"


def test_infer_publication_date_sources():
    today = date(2026, 1, 1)
    assert infer_publication_date("Some Writer\nNEWS AGENCY\nMay 13, 2022\nThe ministers met.", today) == (
        date(2022, 5, 13), 'byline "May 13, 2022"')
    got = infer_publication_date("Text of the story.\nCourtesy: Some Outlet (Posted on Jan 19, 2025)", today)
    assert got[0] == date(2025, 1, 19) and got[1].startswith("posted")
    got = infer_publication_date("DUSHANBE, March 2, 2023 - Guards fired shots.", today)
    assert got[0] == date(2023, 3, 2) and got[1].startswith("dateline")
    got = infer_publication_date("It began on June 1, 2020 and ended on July 9, 2021 with a truce.", today)
    assert got[0] == date(2021, 7, 9) and got[1].startswith("newest")
    assert infer_publication_date("The meeting is set for May 1, 2030.", today) is None
    assert infer_publication_date("No dates here at all.", today) is None
    # numeric forms: dots are day first; slashes only where one order is impossible; ISO timestamps
    got = infer_publication_date("Published: 08.05.2022 14:30\nGuards fired shots.", today)
    assert got[0] == date(2022, 5, 8) and got[1].startswith("posted")
    assert infer_publication_date("Posted 25/05/2022", today)[0] == date(2022, 5, 25)
    assert infer_publication_date("Posted 05/25/2022", today)[0] == date(2022, 5, 25)
    assert infer_publication_date("Posted 09/05/2022", today) is None  # 9 May or 5 September: not guessed
    assert infer_publication_date("2022-05-08T10:00:00Z\nGuards fired shots.", today)[0] == date(2022, 5, 8)


def test_long_or_odd_expressions_end_unresolved_not_stuck():
    from panj.extract.times.resolve import resolve_expression

    odd = resolve_expression("the first nine months of the current fiscal year (March 20-Dec. 21", date(2010, 1, 5))
    assert odd.granularity == "unresolved"
    assert resolve_expression("day after day " * 20, date(2010, 1, 5)).granularity == "unresolved"
    assert resolve_expression("two thousand and one", date(2010, 1, 5)).start == "2001-01-01"


def test_infer_publication_year_from_newest_dated_reference():
    from panj.extract.times.resolve import infer_publication_year

    today = date(2026, 1, 1)
    text = "Troops left in 1989. The base was reinforced in December 2021 and defences grew since January 2022."
    got = infer_publication_year(text, today)
    assert got[0] == date(2022, 1, 1) and "January 2022" in got[1] and "day unknown" in got[1]
    assert infer_publication_year("A war from 1979 to 1989 ended; plans for 2030 are drafted.", today) is None
    assert infer_publication_year("Nothing dated here.", today) is None


def test_publication_known_only_by_year(nlp):
    """Against a year-only publication, what resolves the same anywhere in that year is kept, a month named
    without its year falls in that year, and day-dependent words take the hull of what they can mean."""
    text = ("Militants launched rockets in early May. Hekmatyar recently threatened Dushanbe. "
            "Aid was pledged last year.\nGuards are massing at the border.")
    doc = nlp(text)
    ctx = DocContext("d", text, published=date(2022, 1, 1), published_inferred=True, published_granularity="year")
    times = {t.text: t for t in find_times(doc, ctx)}
    early_may = times["early May"]
    assert (early_may.start, early_may.end, early_may.granularity) == ("2022-05-01", "2022-05-10", "month")
    assert "publication-year" in early_may.rule and early_may.publication_inferred
    recently = times["recently"]
    assert (recently.granularity, recently.end) == ("year", "2022-12-31") and recently.start < "2022-01-01"
    assert "hull" in recently.rule
    assert times["last year"].start == "2021-01-01"
    clash = date_for_event(doc, _trigger(doc, "massing"), list(times.values()), ctx)
    assert (clash.start, clash.end, clash.granularity, clash.basis) == (
        "2022-01-01", "2022-12-31", "year", "inferred-publication")


def test_simple_present_is_not_dated_by_the_paragraph(nlp):
    text = ("Ruritania is the only state that openly rejects the junta. Its troops fought there from 1979 to 1989.\n")
    doc = nlp(text)
    ctx = DocContext("d", text, published=PUB)
    times = find_times(doc, ctx)
    assert date_for_event(doc, _trigger(doc, "rejects"), times, ctx).basis == "publication"
    assert date_for_event(doc, _trigger(doc, "fought"), times, ctx).start == "1979-01-01"
    # an infinitival relative ("the only state to reject") has no tense of its own: its noun's clause is present
    text = ("Ruritania is the only state in the region to openly reject the junta. "
            "Its troops fought there from 1979 to 1989.\n")
    doc = nlp(text)
    times = find_times(doc, ctx)
    assert date_for_event(doc, _trigger(doc, "reject"), times, ctx).basis == "publication"


def _date_of(nlp, text: str, word: str, pub: date = PUB):
    """The date the pipeline gives the event whose trigger is `word`."""
    doc = nlp(text)
    ctx = DocContext("d", text, published=pub)
    return date_for_event(doc, _trigger(doc, word), find_times(doc, ctx), ctx)


def test_date_attachment_rules_for_clauses_and_order(nlp):
    def when(text: str, word: str):
        return _date_of(nlp, text, word)

    # a date inside the trigger's own clause beats the main clause's
    fled = when("In January 2022, the minister demanded the aircraft of pilots who fled alongside the withdrawal "
                "of troops in August 2021.", "fled")
    assert fled.start == "2021-08-01"
    # a past act is never dated after the publication
    asked = when("Plans to rearm the bases by the end of 2022 seem vague, as Ruritania asked Borduria for aid.",
                 "asked")
    assert asked.basis == "publication"
    # "since ... in August" looks back
    exit_ = when("Analysts argued that since the exit of the troops in August, the states have relied on patrols.",
                 "exit")
    assert exit_.start == "2021-08-01"
    # an event that only starts the clause's time has no date of its own
    since = when("In September 2021, warnings were issued. Since the withdrawal of the troops, warnings have "
                 "emerged from the leaders.", "withdrawal")
    assert since.granularity == "unresolved" and since.rule == "ordered:since"
    # "Simultaneously" continues the narrative; a date later in the paragraph does not date it
    text = ("In September 2021, the president ordered troops to the border.\n"
            "Simultaneously, the group announced the formation of a battalion. Defences improved since January "
            "2022.")
    assert when(text, "announced").start == "2021-09-01"


def test_a_relative_clause_on_a_party_keeps_its_date_to_itself(nlp):
    def when(text: str, word: str):
        return _date_of(nlp, text, word)

    # the front's past ("that opened an office in October 2021") does not date the clashes of the paragraph
    text = ("On May 6, 2022, the minister warned Borduria.\n"
            "Threats occurred amid clashes between the army and the front, an alliance that opened an office in "
            "Borduria in October 2021.")
    assert when(text, "clashes").start == "2022-05-06"
    assert when(text, "opened").start == "2021-10-01"
    # a past act with no date of its own continues the narrative; a later date in its paragraph is another's
    text = ("On May 6, 2022, the minister warned Borduria.\n"
            "The troops clashed again near the river. The town has hosted refugees since 2021.")
    assert when(text, "clashed").start == "2022-05-06"
    # a relative clause that only says when its noun took place sets the scene
    text = ("On May 5, 2022, troops exchanged fire.\n"
            "The president used the summit that started in Moscow on May 6, 2022, to threaten Borduria.")
    assert when(text, "threaten").start == "2022-05-06"
    # and dates the summit itself, not the narrative's last date
    assert when("Troops exchanged fire on May 5, 2022. The summit that started in Moscow on May 6, 2022, discussed "
                "the border.", "summit").start == "2022-05-06"


def test_a_citation_date_dates_only_its_own_sentence(nlp):
    text = ("The drills started on 18 October at the border (Daily Wire, 2021). Exercises held by the allies also "
            "came before the visit.")
    doc = nlp(text)
    ctx = DocContext("d", text, published=date(2021, 10, 19))
    times = find_times(doc, ctx)
    assert next(t for t in times if t.text == "2021").basis == "citation"
    assert date_for_event(doc, _trigger(doc, "Exercises"), times, ctx).start == "2021-10-18"


def test_recent_before_an_event_noun_is_a_time_expression(nlp):
    text = "The recent closure of the crossing angered traders. Rockets were fired in early May."
    doc = nlp(text)
    ctx = DocContext("d", text, published=PUB)
    times = find_times(doc, ctx)
    when = date_for_event(doc, _trigger(doc, "closure"), times, ctx)
    assert when.text == "recent" and when.end == PUB.isoformat()


def test_over_time_runs_from_the_narratives_date_to_the_publication(nlp):
    text = ("During the talks on July 8, 2021, the junta promised reforms, but over time went on restricting "
            "the press.")
    doc = nlp(text)
    ctx = DocContext("d", text, published=PUB)
    times = find_times(doc, ctx)
    when = date_for_event(doc, _trigger(doc, "restricting"), times, ctx)
    assert (when.start, when.end, when.rule) == ("2021-07-08", PUB.isoformat(), "since-narrative")
    from panj.extract.times.resolve import resolve_expression

    assert resolve_expression("over time", PUB).granularity == "unresolved"  # no narrative date to start from


def test_known_anchor_events_date_what_is_said_relative_to_them(nlp):
    from panj.extract.times.resolve import resolve_expression

    since = resolve_expression("since the Taliban takeover", PUB)
    assert (since.start, since.end, since.basis) == ("2021-08-15", PUB.isoformat(), "knowledge")
    assert resolve_expression("before the fall of Kabul", PUB).start == "2021-08-15"
    assert resolve_expression("the Taliban takeover", date(2000, 1, 1)).granularity == "unresolved"  # 1996's
    text = ("Dushanbe voiced its concerns even before the fall of Kabul. After the Taliban takeover in 1996, "
            "refugees fled. The Taliban takeover emptied the ministries.")
    doc = nlp(text)
    ctx = DocContext("d", text, published=PUB)
    times = find_times(doc, ctx)
    assert [t.text for t in times if (t.rule or "").startswith("anchor")] == ["before the fall of Kabul",
                                                                              "The Taliban takeover"]
    assert date_for_event(doc, _trigger(doc, "voiced"), times, ctx).start == "2021-08-15"
    takeover = [t for t in doc if t.text == "takeover"][-1].i
    assert date_for_event(doc, takeover, times, ctx).start == "2021-08-15"


def test_an_anchor_period_has_two_ends():
    from panj.extract.times.resolve import resolve_expression

    war = resolve_expression("during the Tajik civil war", PUB)
    assert (war.start, war.end, war.granularity) == ("1992-05-05", "1997-06-27", "year")
    assert resolve_expression("after the Tajik civil war", PUB).start == "1997-06-27"  # its last day
    assert resolve_expression("before the Soviet-Afghan war", PUB).start == "1979-12-24"  # its first
    assert resolve_expression("since the Doha agreement", PUB).start == "2020-02-29"


def test_a_count_into_an_anchor_event_counts_from_its_start(nlp):
    from panj.extract.times.resolve import resolve_expression

    into = resolve_expression("a couple of weeks into the Ukraine war", date(2022, 5, 16))
    assert (into.start, into.end, into.basis) == ("2022-03-10", "2022-03-17", "knowledge")  # two to three weeks
    after = resolve_expression("two weeks after the fall of Kabul", date(2022, 5, 16))
    assert after.start <= "2021-08-29" <= after.end and after.granularity == "week"
    assert resolve_expression("days after the fall of Kabul", date(2022, 5, 16)).start == "2021-08-17"
    # the war has no end yet: by itself it runs to the text's date; before it began it is no anchor at all
    war = resolve_expression("the war in Ukraine", date(2022, 5, 16))
    assert (war.start, war.end) == ("2022-02-24", "2022-05-16")
    assert resolve_expression("the war in Ukraine", date(2019, 5, 16)).granularity == "unresolved"

    text = "As early as a couple of weeks into the Ukraine war, Ruritania asked Borduria for aid."
    doc = nlp(text)
    ctx = DocContext("d", text, published=date(2022, 5, 16))
    times = find_times(doc, ctx)
    assert date_for_event(doc, _trigger(doc, "asked"), times, ctx).start == "2022-03-10"
    assert date_for_event(doc, _trigger(doc, "war"), times, ctx).start == "2022-02-24"  # the war's own date


def test_a_time_no_date_can_be_made_of_keeps_other_dates_away(nlp):
    text = ("As for the reinforcement in the region upon the coup of 15 August 2021, Ruritania, having a large base "
            "in Borduria and involved in equipping and training border troops for decades, saw no need to act.")
    doc = nlp(text)
    ctx = DocContext("d", text, published=PUB)
    when = date_for_event(doc, _trigger(doc, "training"), find_times(doc, ctx), ctx)
    assert when.basis == "publication"


def test_a_relative_clause_saying_when_fighting_broke_out_dates_the_fighting(nlp):
    # "broke out", "erupted", "took place" only say when their noun happened (lexicon occurrence_verbs)
    text = ("Clashes between villagers are regular. But shooting that broke out on Thursday between the two "
            "militaries was the heaviest fighting in years.")
    assert _date_of(nlp, text, "shooting").start == "2022-05-12"
    text = "Officials met on Friday. The fighting that erupted on Wednesday was the heaviest in years."
    assert _date_of(nlp, text, "fighting").start == "2022-05-11"
    text = "Officials met on Friday. The clash that took place on Wednesday left two dead."
    assert _date_of(nlp, text, "clash").start == "2022-05-11"


def test_a_gerund_event_is_dated_by_the_clause_that_says_when_it_broke_out(nlp):
    """"shooting that broke out on Thursday": the relative clause only says when the shooting took place."""
    text = "Border guards met on Wednesday. But shooting that broke out on Thursday was the worst in years.\n"
    assert _date_of(nlp, text, "shooting").start == "2022-05-12"


def test_a_deadline_dates_its_own_clause_only(nlp):
    """"plan to settle it by the end of 2023" dates the plan; the meeting told next is not dated 2023."""
    text = ("Ruritania and Borduria plan to settle the border by the end of 2023.\n\n"
            "The two prime ministers met in Osk to discuss the plan.\n")
    assert _date_of(nlp, text, "met", pub=date(2023, 11, 3)).basis == "publication"
    assert _date_of(nlp, text, "settle", pub=date(2023, 11, 3)).start.startswith("2023-")


def test_a_day_the_tagger_left_outside_its_month(nlp):
    text = "OSK (Border Wire - 27th January, 2022) Officials said the talks had ended.\n"
    found = {t.text: t for t in find_times(nlp(text), DocContext("d", text, published=PUB))}
    assert found["27th January, 2022"].start == "2022-01-27"
