"""Every toponym of a document, found and resolved in its context: border phrases first, then the rest.

Why a module of its own: border phrases (`borders`) build on the toponym machinery (`toponyms`), and this entry
point uses both, so neither needs to import the other.
"""
from __future__ import annotations

from spacy.tokens import Doc

from panj.extract.places.borders import border_mentions, border_places
from panj.extract.places.toponyms import find_mentions, place_of, resolve
from panj.gazetteer import Gazetteer
from panj.gazetteer import load as load_gazetteer
from panj.nlp import text_of
from panj.records import DocContext, Place


def find_places(doc: Doc, ctx: DocContext, gaz: Gazetteer | None = None) -> list[Place]:
    """Every toponym in the document, resolved in document context, role 'site', with char offsets,
    precision, country ISO3, admin names, lat/lon, GeoNames id where known, ambiguous flag and source."""
    gaz = gaz or load_gazetteer()
    text = text_of(doc)
    taken: set[int] = set()
    borders = border_mentions(doc, gaz, taken)
    mentions = find_mentions(doc, gaz, taken)
    out = []
    for r in resolve(mentions, gaz, text):
        p = place_of(r, text)
        if p is not None:
            out.append(p)
    out += border_places(borders, gaz, out, text)
    return sorted(out, key=lambda p: (p.start if p.start is not None else -1))
