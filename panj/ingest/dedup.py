"""Near-duplicate detection (syndicated wire copies, republished articles) with MinHash LSH over word shingles.

The LSH bands of every stored document live in the store (`document_bands`), so an ingest asks the store for the
documents that share a band with a new text instead of loading every stored signature into memory; the texts of
the current run are banded in memory as well. The banding is datasketch's for the same threshold and number of
permutations, so the candidates are the ones `MinHashLSH.query` would give.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
THRESHOLD = 0.7  # estimated Jaccard similarity of 5-word shingles above which two texts are copies
SHINGLE = 5
SCHEME = "affine32"  # stored signatures must be read back with the scheme that made them


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """The permutations datasketch draws for NUM_PERM and its default seed: the same for every signature, so
    drawn once per process rather than once per text."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def new_minhash(hashvalues: Any = None) -> MinHash:
    """An empty MinHash of panj's scheme, or one holding stored `hashvalues`. Its hash function is `int`: the
    values `signature` gives it are already the shingles' 32-bit SHA-1 hashes."""
    return MinHash(num_perm=NUM_PERM, hashvalues=hashvalues, permutations=_permutations(), scheme=SCHEME,
                   hashfunc=int)


def signature(text: str) -> MinHash:
    """MinHash of the text's 5-word shingles, each hashed as datasketch's default `sha1_hash32` does (the first
    four bytes of its SHA-1, little-endian). Why not `MinHash.update_batch` with that hash function: it calls
    it once per shingle in Python; here the digests are joined and read as one array, the same values."""
    words = re.findall(r"\w+", text.lower())
    m = new_minhash()
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    digests = b"".join([hashlib.sha1(s.encode("utf-8")).digest() for s in shingles])
    first_words = np.frombuffer(digests, dtype="<u4").reshape(-1, 5)[:, 0]  # a SHA-1 digest is five 32-bit words
    m.update_batch(first_words.tolist())  # plain ints: the instance's hash function is `int`, see new_minhash
    return m


@lru_cache(maxsize=1)
def _ranges() -> list[tuple[int, int]]:
    """The bands datasketch chooses for THRESHOLD and NUM_PERM (8 bands of 8 rows)."""
    return list(MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges)


def bands(values: Any) -> list[tuple[int, int]]:
    """(band number, signed 64-bit hash of the band's values) of a signature's hash values."""
    hv = np.asarray(values, dtype=np.uint64)
    return [(i, int.from_bytes(hashlib.blake2b(hv[s:e].tobytes(), digest_size=8).digest(), "big", signed=True))
            for i, (s, e) in enumerate(_ranges())]


class NearDuplicateIndex:
    """`match` returns the earliest original a new text copies: a document stored before this run (earliest
    ingested first), else one read earlier in this run."""

    def __init__(self, store: Any):
        self.store = store
        store.band_missing_documents(bands)  # stores written before the bands were kept
        self.stored_before = store.has_banded_documents()  # a first ingest asks the store nothing per text
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[str, MinHash] = {}
        self.order: dict[str, int] = {}

    def add(self, doc_id: str, sig: MinHash) -> None:
        """A text of this run (stored with its bands by the caller)."""
        if doc_id in self.signatures:
            return
        self.lsh.insert(doc_id, sig)
        self.signatures[doc_id] = sig
        self.order[doc_id] = len(self.order)

    def match(self, sig: MinHash, sig_bands: list[tuple[int, int]]) -> tuple[str, float] | None:
        """`sig_bands`: `bands(sig.hashvalues)`, which the caller stores with the text."""
        stored = [(doc_id, values) for doc_id, values in self.store.band_candidates(sig_bands)
                  if doc_id not in self.signatures] if self.stored_before else []
        if stored:
            doc_id, values = stored[0]
            return doc_id, float(new_minhash(values).jaccard(sig))
        candidates = [(self.order[c], c) for c in self.lsh.query(sig)]
        if not candidates:
            return None
        _, original = min(candidates)
        return original, float(self.signatures[original].jaccard(sig))
