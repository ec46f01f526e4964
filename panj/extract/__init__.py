"""Extraction: one parsed document in, its actors, places, times, event mentions and claims out.

One package per stage, in the order `panj.pipeline.extract_document` runs them:
`actors` (knowledge-base and noun-phrase actors) → `times` (expressions resolved against the publication or the
narrative) → `places` (toponyms resolved in context) → `events` (triggers, PLOVER type and mode, arguments, the
event's site) → `claims` (who says so, who denies it: the status of each mention). Every field keeps the rule
and the text span that made it.
"""
