"""Situation briefs: the week on a dyad or a place, written from the record with every line footnoted.

Why deterministic templates and no language model: an analyst must be able to trace every sentence to the
fields and documents it came from, and two runs over one store must give the same brief. The package:

- `select`: what a brief covers (dyad, place, period, confidence threshold) and the events, alerts and
  documents that fall in it;
- `sentences`: one hedged sentence per event and the quoted claims, worded by status;
- `build`: the brief as data, in the issue's order (headline, key events, disputes, alerts, charts, coverage),
  with its footnotes;
- `charts`: the weekly trend and the map, as PNG bytes (matplotlib);
- `render`: Markdown, self-contained HTML and PDF (WeasyPrint) from Jinja2 templates;
- `cli`: the `panj brief` command.
"""
from panj.briefs.build import Brief, build_brief
from panj.briefs.select import Options

__all__ = ["Brief", "Options", "build_brief"]
