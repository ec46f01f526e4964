"""Sources of a fused event: syndicated copies and republications fold into one independent source.

Why: ten outlets running the same Reuters copy are one witness, not ten. A document folds into
- the original it copies (`duplicate_of`, from ingest's near-duplicate index, or a copy found here from identical
  event sentences),
- the wire it credits, when ingest found exactly one wire credit ("(Reuters) -", "Via RFE/RL"); a document that
  cites several agencies is a compilation and stays its own source,
- otherwise its outlet, with aliases folded ("Thomson Reuters" = Reuters; panj/data/fusion.yaml `outlet_aliases`).
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable

from panj.fuse.config import config, outlet_key


@dataclass
class SourceDoc:
    doc_id: str
    outlet: str | None
    url: str | None
    published: str | None  # ISO date
    duplicate_of: str | None = None  # doc_id of the original when ingest found a near-duplicate
    credits: list[str] = field(default_factory=list)  # wire / "Via …" credits found in the text
    path: str | None = None  # the file, feed URL or WARC the document was read from


def source_doc(r: dict) -> SourceDoc:
    """A document as fusion sees it, from its stored row (`Store.source_rows`)."""
    published = r.get("published")
    day = published is not None and (r.get("published_granularity") or "day") == "day"
    return SourceDoc(doc_id=r["id"], outlet=r.get("outlet"), url=r.get("url"),
                     published=published.isoformat() if day else None,
                     duplicate_of=r.get("duplicate_of"), credits=list(r.get("credits") or []),
                     path=r.get("source_path"))


def _root(doc_id: str, sources: dict[str, SourceDoc]) -> str:
    seen = {doc_id}
    while doc_id in sources and sources[doc_id].duplicate_of and sources[doc_id].duplicate_of not in seen:
        doc_id = sources[doc_id].duplicate_of  # type: ignore[assignment]
        seen.add(doc_id)
    return doc_id


def origin(doc_id: str, sources: dict[str, SourceDoc]) -> str:
    """The independent source a document stands for."""
    root = _root(doc_id, sources)
    s = sources.get(root)
    if s is None:
        return "doc:" + root
    credits = sorted({k for k in (outlet_key(c) for c in s.credits or []) if k})
    if len(credits) == 1:
        return "outlet:" + credits[0]
    key = outlet_key(s.outlet)
    return "outlet:" + key if key else "doc:" + root


def independent_source_count(doc_ids: list[str], sources: dict[str, SourceDoc]) -> int:
    """Outlets behind these documents after folding copies, wire credits and outlet aliases."""
    return len({origin(d, sources) for d in set(doc_ids)})


def _norm_sentence(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def sentence_keys(sentences: Iterable[str]) -> set[str]:
    """A document's event sentences as short hashes of their normalised text (whitespace and case ignored),
    sentences shorter than copy_detection.min_chars left out: what copy detection compares, and what the store
    indexes so that a new document's copies are found without reading every document."""
    min_chars = config()["copy_detection"]["min_chars"]
    return {hashlib.sha1(_norm_sentence(s).encode()).hexdigest()[:16] for s in sentences
            if len(s.strip()) >= min_chars}


def find_copies(doc_sentences: dict[str, Iterable[str]], sources: dict[str, SourceDoc]) -> dict[str, str]:
    """{copy doc_id: original doc_id} for documents whose event sentences are (mostly) identical to an earlier one's.

    Ingest's near-duplicate index sees whole texts; this catches partial republications (an outlet running a wire
    story inside its own piece). The earlier document (published, then doc_id) is the original.
    """
    return copies_among({d: sentence_keys(ss) for d, ss in doc_sentences.items()}, sources)


def copies_among(sets: dict[str, set[str]], sources: dict[str, SourceDoc]) -> dict[str, str]:
    """`find_copies` over documents given by their sentence keys. A copy's original is decided by the pairs it
    forms with documents that share a sentence with it, so giving a document and all such neighbours decides
    that document exactly. Links come in pair order (`pair_key`), the order `with_copies` applies them in."""
    cfg = config()["copy_detection"]
    by_sentence: dict[str, set[str]] = defaultdict(set)
    for d, ss in sets.items():
        for s in ss:
            by_sentence[s].add(d)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for docs in by_sentence.values():
        ds = sorted(docs)
        for i, a in enumerate(ds):
            for b in ds[i + 1:]:
                shared[(a, b)] += 1

    def order(d: str) -> tuple[str, str]:
        s = sources.get(d)
        return (s.published or "9999") if s else "9999", d

    out: dict[str, str] = {}
    for (a, b), n in sorted(shared.items()):
        small = min(len(sets[a]), len(sets[b]))
        if small and n >= min(cfg["min_shared"], small) and n / small >= cfg["share"]:
            first, copy = sorted((a, b), key=order)
            out.setdefault(copy, first)
    return out


def pair_key(copy: str, original: str) -> tuple[str, str]:
    """Where a copy link stands in `copies_among`'s order: the first qualifying pair of a copy wins."""
    return (copy, original) if copy < original else (original, copy)


def with_copies(sources: dict[str, SourceDoc], copies: dict[str, str]) -> dict[str, SourceDoc]:
    """Sources with copies found here linked to their originals (ingest's own links win)."""
    out = dict(sources)
    for copy, first in copies.items():
        s = out.get(copy) or SourceDoc(copy, None, None, None)
        if not s.duplicate_of and _root(first, out) != copy:
            out[copy] = replace(s, duplicate_of=first)
    return out
