"""`panj eval ecbplus DIR`: cross-document event coreference on ECB+ with gold mentions.

Why: fusion's core judgement ("are these two reports the same real-world event?") is measured here against a
public benchmark with published anchors. The standard setting is used: gold event mentions (ACTION_* and
NEG_ACTION_*) in the validated sentences of `ECBplus_coreference_sentences*.csv`, gold topics, singletons kept,
scored with MUC, B³, CEAF-e and CoNLL F1 (their mean) by `scorch`.

Two systems run in the same call:
- `lemma`: the classic baseline, mentions of one topic with the same head lemma form one cluster.
- `fuse`: the fusion recipe applied to ECB+: block by head lemma (the ECB+ stand-in for a type family), then keep
  apart what the documents' context says are different happenings: documents are first grouped by what they
  are about (TF-IDF over content lemmas and names, average-link), the same way fuse() keeps apart events whose
  participants, places or dates clash.
"""
from __future__ import annotations

import csv
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import typer

from panj.eval import eval_app

DEV_TOPICS = ("2", "5", "12", "18", "21", "23", "34", "35")


@dataclass
class EcbDoc:
    name: str  # e.g. "2_1ecb"
    topic: str
    tokens: list[str]  # all tokens, in order
    sent_of: list[int]  # sentence number of each token
    lemmas: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    ents: list[str] = field(default_factory=list)  # lower-cased named-entity strings


@dataclass
class EcbMention:
    key: str  # doc:m_id, unique
    doc: str
    topic: str
    sentence: int
    token_idx: list[int]  # indices into EcbDoc.tokens
    gold: str  # gold cluster id
    head_lemma: str = ""


def _validated(root: Path) -> set[tuple[str, int]] | None:
    files = sorted(root.glob("ECBplus_coreference_sentences*.csv"))
    if not files:
        return None
    out: set[tuple[str, int]] = set()
    with files[0].open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.add((f"{row['Topic']}_{row['File']}", int(row["Sentence Number"])))
    return out


def load_doc(path: Path, validated: set[tuple[str, int]] | None) -> tuple[EcbDoc, list[EcbMention]]:
    """Parse one CAT XML file into its tokens and its gold event mentions with cluster ids.

    Cross-document clusters come from CROSS_DOC_COREF's `note`; within-document chains (INTRA_DOC_COREF) get a
    document-local id; a mention in neither is a singleton.
    """
    root = ET.parse(path).getroot()
    name = path.stem
    topic = name.split("_")[0]
    tid_index: dict[str, int] = {}
    tokens: list[str] = []
    sents: list[int] = []
    for tok in root.iter("token"):
        tid_index[tok.get("t_id")] = len(tokens)
        tokens.append(tok.text or "")
        sents.append(int(tok.get("sentence")))
    doc = EcbDoc(name, topic, tokens, sents)
    events: dict[str, list[int]] = {}
    markables = root.find("Markables")
    for m in list(markables) if markables is not None else []:
        if not (m.tag.startswith("ACTION_") or m.tag.startswith("NEG_ACTION_")):
            continue
        anchors = [tid_index[a.get("t_id")] for a in m.findall("token_anchor") if a.get("t_id") in tid_index]
        if anchors:
            events[m.get("m_id")] = sorted(anchors)
    cluster: dict[str, str] = {}
    chains: list[list[str]] = []
    relations = root.find("Relations")
    for rel in list(relations) if relations is not None else []:
        ids = [e.get("m_id") for e in rel if e.tag in ("source", "target") and e.get("m_id") in events]
        if rel.tag == "CROSS_DOC_COREF":
            for mid in ids:
                cluster.setdefault(mid, rel.get("note"))
        elif rel.tag == "INTRA_DOC_COREF":
            chains.append(ids)
    for k, ids in enumerate(chains):  # a within-document chain joins its members' cross-document cluster, if any
        cid = next((cluster[i] for i in ids if i in cluster), f"{name}#intra{k}")
        for mid in ids:
            cluster.setdefault(mid, cid)
    mentions = []
    for mid, idx in events.items():
        sent = sents[idx[0]]
        if validated is not None and (name, sent) not in validated:
            continue
        mentions.append(EcbMention(f"{name}:{mid}", name, topic, sent, idx, cluster.get(mid, f"{name}#single{mid}")))
    return doc, mentions


def load_split(root: Path, split: str = "dev") -> tuple[dict[str, EcbDoc], list[EcbMention]]:
    validated = _validated(root)
    docs: dict[str, EcbDoc] = {}
    mentions: list[EcbMention] = []
    base = root / split if (root / split).is_dir() else root
    for path in sorted(base.glob("*/*.xml")):
        doc, ms = load_doc(path, validated)
        docs[doc.name] = doc
        mentions.extend(ms)
    return docs, mentions


def annotate(docs: dict[str, EcbDoc], mentions: list[EcbMention]) -> None:
    """Lemmas, POS and names from the pinned spaCy model, on the corpus' own tokenisation."""
    from spacy.tokens import Doc

    from panj.nlp import load

    nlp = load()
    parsed: dict[str, Doc] = {}
    for name, d in docs.items():
        sdoc = Doc(nlp.vocab, words=[t if t.strip() else "_" for t in d.tokens],
                   sent_starts=[i == 0 or d.sent_of[i] != d.sent_of[i - 1] for i in range(len(d.tokens))])
        for _, proc in nlp.pipeline:
            sdoc = proc(sdoc)
        d.lemmas = [t.lemma_.lower() for t in sdoc]
        d.pos = [t.pos_ for t in sdoc]
        d.ents = [e.text.lower() for e in sdoc.ents if e.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP",
                                                                   "EVENT", "PRODUCT", "WORK_OF_ART")]
        parsed[name] = sdoc
    for m in mentions:
        sdoc = parsed[m.doc]
        span = set(m.token_idx)
        # head: the mention token whose syntactic head lies outside the mention (the span's root)
        heads = [i for i in m.token_idx if sdoc[i].head.i not in span or sdoc[i].head.i == i]
        h = heads[0] if heads else m.token_idx[0]
        m.head_lemma = docs[m.doc].lemmas[h]


# ---------------------------------------------------------------- systems
def lemma_baseline(mentions: list[EcbMention]) -> list[set[str]]:
    """Same topic and same head lemma → same cluster."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in mentions:
        groups[(m.topic, m.head_lemma)].add(m.key)
    return list(groups.values())


_CONTENT = {"NOUN", "PROPN", "VERB", "NUM", "ADJ"}


def _doc_vectors(docs: list[EcbDoc]) -> list[dict[str, float]]:
    """TF-IDF over content lemmas and named entities (names weighted double: participants drive identity)."""
    bags: list[Counter] = []
    for d in docs:
        bag = Counter(l for l, p in zip(d.lemmas, d.pos) if p in _CONTENT and re.search(r"\w", l))
        for e in d.ents:
            bag["ENT:" + e] += 2
        bags.append(bag)
    df = Counter(t for b in bags for t in b)
    n = len(docs)
    vecs = []
    for b in bags:
        v = {t: (1 + math.log(c)) * math.log((1 + n) / (1 + df[t])) for t, c in b.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    return vecs


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def cluster_documents(docs: list[EcbDoc], threshold: float) -> list[list[str]]:
    """Average-link agglomerative clustering of one topic's documents by TF-IDF cosine."""
    vecs = _doc_vectors(docs)
    sim = [[_cos(vecs[i], vecs[j]) for j in range(len(docs))] for i in range(len(docs))]
    clusters: list[list[int]] = [[i] for i in range(len(docs))]
    while len(clusters) > 1:
        best, pair = -1.0, None
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                s = sum(sim[i][j] for i in clusters[a] for j in clusters[b]) / (len(clusters[a]) * len(clusters[b]))
                if s > best:
                    best, pair = s, (a, b)
        if best < threshold or pair is None:
            break
        a, b = pair
        clusters[a] = clusters[a] + clusters[b]
        del clusters[b]
    return [[docs[i].name for i in c] for c in clusters]


def fuse_system(docs: dict[str, EcbDoc], mentions: list[EcbMention], doc_threshold: float,
                semantic: bool | None = None) -> list[set[str]]:
    """Block by head lemma inside groups of documents about the same happening.

    `semantic` (default: semantic.yaml `fusion.enabled`) adds panj's semantic fusion signal, ECB+ having no
    dates or places to say more: two same-lemma mentions of one topic are linked when their documents were
    grouped unless their sentences' cosine is at most `low`, or, across groups, when it is at least `high`
    (mentions of one document are linked as without it)."""
    from panj.semantic import fusion as sem

    group_of = _document_groups(docs, doc_threshold)
    if sem.enabled() if semantic is None else semantic:
        return _semantic_clusters(docs, mentions, group_of)
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in mentions:
        groups[(group_of[m.doc], m.head_lemma)].add(m.key)
    return list(groups.values())


def _document_groups(docs: dict[str, EcbDoc], doc_threshold: float) -> dict[str, str]:
    by_topic: dict[str, list[EcbDoc]] = defaultdict(list)
    for d in docs.values():
        by_topic[d.topic].append(d)
    group_of: dict[str, str] = {}
    for topic, tdocs in by_topic.items():
        for k, names in enumerate(cluster_documents(sorted(tdocs, key=lambda d: d.name), doc_threshold)):
            for n in names:
                group_of[n] = f"{topic}/{k}"
    return group_of


def _semantic_clusters(docs: dict[str, EcbDoc], mentions: list[EcbMention], group_of: dict[str, str]
                       ) -> list[set[str]]:
    """Union of same-topic, same-lemma pairs that the document groups and the sentence cosine link."""
    from panj.semantic.model import embedder, settings

    cfg = settings()["fusion"]
    text = {m.key: " ".join(t for t, s in zip(docs[m.doc].tokens, docs[m.doc].sent_of) if s == m.sentence)
            for m in mentions}
    keys = [m.key for m in mentions]
    vec = dict(zip(keys, embedder().embed([text[k] for k in keys])))
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    block: dict[tuple[str, str], list[EcbMention]] = defaultdict(list)
    for m in mentions:
        block[(m.topic, m.head_lemma)].append(m)
    for ms in block.values():
        for i, a in enumerate(ms):
            for b in ms[i + 1:]:
                if a.doc == b.doc:  # as in panj's fusion, the signal is between reports, not within one
                    parent[root(a.key)] = root(b.key)
                    continue
                cos = float(vec[a.key] @ vec[b.key])
                same = group_of[a.doc] == group_of[b.doc]
                if (same and cos > float(cfg["low"])) or (not same and cos >= float(cfg["high"])):
                    parent[root(a.key)] = root(b.key)
    groups: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        groups[root(k)].add(k)
    return list(groups.values())


# ---------------------------------------------------------------- scoring
def score(key: list[set[str]], response: list[set[str]]) -> dict[str, float]:
    """MUC, B³, CEAF-e F1 (scorch) and their mean, the CoNLL F1; all in percent."""
    from scorch import scores

    out = {}
    for name, fn in (("muc", scores.muc), ("b3", scores.b_cubed), ("ceafe", scores.ceaf_e)):
        r, p, f = fn(key, response)
        out[f"{name}_r"], out[f"{name}_p"], out[name] = 100 * r, 100 * p, 100 * f
    out["conll"] = (out["muc"] + out["b3"] + out["ceafe"]) / 3
    return out


def gold_clusters(mentions: list[EcbMention]) -> list[set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        groups[m.gold].add(m.key)
    return list(groups.values())


def run(root: Path, split: str = "dev", doc_threshold: float = 0.06) -> dict[str, dict[str, float]]:
    docs, mentions = load_split(root, split)
    annotate(docs, mentions)
    key = gold_clusters(mentions)
    return {
        "_counts": {"docs": len(docs), "mentions": len(mentions), "gold_clusters": len(key),
                    "gold_singletons": sum(1 for k in key if len(k) == 1)},
        "lemma": score(key, lemma_baseline(mentions)),
        "fuse": score(key, fuse_system(docs, mentions, doc_threshold)),
    }


@eval_app.command("ecbplus")
def ecbplus_cmd(
    directory: Path = typer.Argument(..., help="ECB+ folder (e.g. ../shared/bench/ecbplus-dev)."),
    split: str = typer.Option("dev", help="Sub-folder of topics to score (dev or train)."),
    doc_threshold: float = typer.Option(0.06, help="Average-link cosine above which documents are grouped (0.06: best on the train topics)."),
) -> None:
    """Cluster gold event mentions per topic; MUC / B³ / CEAF-e / CoNLL F1 for fuse and the lemma baseline."""
    res = run(directory, split, doc_threshold)
    c = res.pop("_counts")
    typer.echo(f"ECB+ {split}: {c['docs']} docs, {c['mentions']} event mentions in validated sentences, "
               f"{c['gold_clusters']} gold clusters ({c['gold_singletons']} singletons)")
    typer.echo(f"{'system':<8} {'MUC R/P/F1':>20} {'B3 R/P/F1':>20} {'CEAF-e R/P/F1':>20} {'CoNLL F1':>9}")
    for system, s in res.items():
        cells = [f"{s[m + '_r']:.1f}/{s[m + '_p']:.1f}/{s[m]:.1f}" for m in ("muc", "b3", "ceafe")]
        typer.echo(f"{system:<8} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20} {s['conll']:>9.1f}")
