"""Another outlet's report appended below the host's text is found, and dated by its own words only."""
from __future__ import annotations

from datetime import date

from panj.extract.times.embedded import find_embedded_reports, is_heading_line
from panj.pipeline import extract_document
from panj.records import DocContext

HOST = ("Border Posts Change Hands\n\n"
        "At the end of last year, the Tajik government replaced the commander of its border troops. On January 9, "
        "2025, the new commander inspected the posts along the Panj River and ordered more patrols near the "
        "crossings, which officials described as a response to smuggling.\n\n")
EMBEDDED = ("Resistance and Taliban Envoys Meet Near Charikar for Talks\n\n"
            "Envoys of Ahmad Massoud, the leader of the resistance front, and Taliban envoys held a first meeting "
            "on Wednesday in Parwan province, reports ExampleNews.com.\n\n"
            "Both sides agreed to meet again, the envoys said.\n\n")
TAIL = "Read: Other stories from the region\n\nCourtesy: Oxus Courier (Posted on Jan 19, 2025)\n"


def test_an_appended_report_is_found_from_its_heading_to_the_next_end_marker():
    text = HOST + EMBEDDED + TAIL
    [report] = find_embedded_reports(text, "Oxus Courier")
    assert report.credit == "ExampleNews.com"
    assert report.heading.startswith("Resistance and Taliban Envoys")
    assert text[report.start:report.end] == EMBEDDED.strip()
    # the host's own wire credit at the top, or a credit to the host itself, opens no embedded report
    assert find_embedded_reports(EMBEDDED + HOST) == []
    assert find_embedded_reports(text, "examplenews.com") == []
    # a heading of the host's own after the report ends it
    [report] = find_embedded_reports(HOST + EMBEDDED + "Border Trade Resumes At Ishkashim\n\nTrade resumed.\n",
                                     "Oxus Courier")
    assert report.end == len(HOST + EMBEDDED.rstrip())
    assert is_heading_line("Massoud, Taliban Agree to Not Fight Until Next Round of Talks")
    assert not is_heading_line("Both sides agreed to meet again, the envoys said.")


def test_an_embedded_reports_dates_are_its_own(nlp):
    text = HOST + EMBEDDED + TAIL
    doc = nlp(text)
    ctx = DocContext("d", text, published=date(2025, 1, 19), outlet="Oxus Courier")
    _, _, mentions = extract_document(doc, ctx)
    held = next(m for m in mentions if m.trigger == "held")
    # not the host's Wednesday (15 January 2025): the report was written no earlier than Massoud led the
    # resistance front (the role the apposition names, from 2021-08-15) and no later than the page
    assert (held.date.start, held.date.end, held.date.basis) == ("2021-08-15", "2025-01-19", "embedded-report")
    assert held.date.granularity == "year"
    patrols = next(m for m in mentions if m.trigger == "patrols")
    assert patrols.date.start == "2025-01-09"  # the host's own events keep the host's dates
    assert ctx.embedded and ctx.embedded[0].earliest == date(2021, 8, 15)


def test_with_no_bound_from_the_knowledge_base_the_date_stays_unresolved(nlp):
    unnamed = EMBEDDED.replace("Envoys of Ahmad Massoud, the leader of the resistance front, and Taliban envoys",
                               "Rebel envoys and government envoys")
    text = HOST + unnamed.replace("Resistance and Taliban", "Rebel and Government") + TAIL
    [report] = find_embedded_reports(text, "Oxus Courier")
    assert report.earliest is None
    from panj.extract.times.resolve import embedded_value

    value = embedded_value(report, DocContext("d", text, published=date(2025, 1, 19)))
    assert value.granularity == "unresolved" and value.basis == "embedded-report"
