"""Places: toponyms found in a parsed document and resolved in its context against the gazetteer.

- `toponyms`: recognition beyond spaCy's GPE/LOC and context-scored resolution of each mention;
- `borders`: border phrases ("the Tajik-Afghan border", "the Afghan side"), read before the rest;
- `find`: `find_places`, the document's places from both.
Which of these places an event took place at is decided with the event (`panj.extract.events.sites`).
"""
from panj.extract.places.find import find_places

__all__ = ["find_places"]
