"""Dates: time expressions found in the parse, resolved to intervals with a granularity, and given to events.

A document's context flows one way through these modules:
- `periods`: the `Period` value (an interval with a granularity and a rule) and calendar arithmetic;
- `forms`: one pattern per single form ("May 7, 2022", "last fall", "two weeks ago");
- `rules`: the handler of each form, which makes its `Period`;
- `grammar`: compound forms over the single ones (ranges, "early ...", vague words, anchor events): `resolve`;
- `publication`: a text's own publication date (datelines, bylines) when metadata has none; ingest uses it too;
- `embedded`: another outlet's report appended to a page, dated by its own words only;
- `attach`: expression spans in the parse, the tense of their verbs, and which one dates an event trigger;
- `resolve`: the document-level entry points below, which put the others together.
"""
from panj.extract.times.embedded import find_embedded_reports
from panj.extract.times.publication import infer_publication_date, infer_publication_year
from panj.extract.times.resolve import date_for_event, find_times, publication_value, resolve_expression

__all__ = ["date_for_event", "find_embedded_reports", "find_times", "infer_publication_date",
           "infer_publication_year", "publication_value", "resolve_expression"]
