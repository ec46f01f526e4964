"""Near-duplicate detection (syndicated wire copies, republished articles) with MinHash LSH over word shingles."""
from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
THRESHOLD = 0.7  # estimated Jaccard similarity of 5-word shingles above which two texts are copies
SHINGLE = 5
SCHEME = "affine32"  # stored signatures must be read back with the scheme that made them


def signature(text: str) -> MinHash:
    words = re.findall(r"\w+", text.lower())
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    m.update_batch(s.encode("utf-8") for s in shingles)
    return m


class NearDuplicateIndex:
    """All stored documents' signatures; `match` returns the earliest stored original a new text copies."""

    def __init__(self, stored: list[tuple[str, list[int]]]):
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[str, MinHash] = {}
        self.order: dict[str, int] = {}
        for doc_id, values in stored:
            self.add(doc_id, MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME))

    def add(self, doc_id: str, sig: MinHash) -> None:
        if doc_id in self.signatures:
            return
        self.lsh.insert(doc_id, sig)
        self.signatures[doc_id] = sig
        self.order[doc_id] = len(self.order)

    def match(self, sig: MinHash) -> tuple[str, float] | None:
        candidates = [(self.order[c], c) for c in self.lsh.query(sig)]
        if not candidates:
            return None
        _, original = min(candidates)
        return original, float(self.signatures[original].jaccard(sig))
