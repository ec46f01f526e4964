"""Checks on the bundled demo corpus (panj/data/demo): format, variety and the README answer key."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

import panj

# panj.__path__ (not __file__): a stale editable install can expose panj as a namespace package.
DEMO = Path(next(iter(panj.__path__))).resolve() / "data" / "demo"
REQUIRED = ("title", "outlet", "url", "published", "language", "sample")
KEY_ROW = re.compile(r"^\|\s*(D\d+)\s*\|(.*)\|\s*$")


def _docs() -> list[Path]:
    return sorted(p for p in DEMO.glob("*.md") if p.name != "README.md")


def _split(path: Path) -> tuple[dict, str]:
    """Return (front matter, body) of one demo file; fails loudly on a missing block."""
    text = path.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    assert m, f"{path.name}: no YAML front matter"
    meta = yaml.safe_load(m.group(1))
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    return meta, m.group(2)


def _key() -> dict[str, list[str]]:
    """Incident id -> files, read from the README table."""
    key: dict[str, list[str]] = {}
    for line in (DEMO / "README.md").read_text(encoding="utf-8").splitlines():
        m = KEY_ROW.match(line)
        if m:
            key[m.group(1)] = re.findall(r"`([^`]+\.md)`", m.group(2))
    return key


def test_corpus_size_and_outlets():
    docs = _docs()
    assert len(docs) >= 20
    outlets = {_split(p)[0]["outlet"] for p in docs}
    assert len(outlets) >= 4


@pytest.mark.parametrize("path", _docs(), ids=lambda p: p.name)
def test_front_matter(path: Path):
    meta, body = _split(path)
    for field in REQUIRED:
        assert field in meta, f"missing {field}"
    assert meta["sample"] is True
    assert "sample" in str(meta.get("note", "")).lower()
    published = meta["published"]
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    assert isinstance(published, dt.date)
    assert dt.date(2021, 1, 1) <= published <= dt.date(2025, 12, 31)
    assert path.name.startswith(published.isoformat() + "_")
    url = urlparse(meta["url"])
    assert url.scheme == "https"
    assert url.hostname == "example.org" or url.hostname.endswith(".example.org")
    assert meta["language"] == "en"
    assert isinstance(meta["title"], str) and meta["title"].strip()
    words = len(body.split())
    assert 80 <= words <= 250, f"{words} words"


def test_no_two_files_identical():
    bodies = [_split(p)[1].strip() for p in _docs()]
    assert len(set(bodies)) == len(bodies)
    urls = [_split(p)[0]["url"] for p in _docs()]
    assert len(set(urls)) == len(urls)


def test_syndicated_copy_is_near_duplicate_of_its_source():
    """A republished copy names its source outlet and differs from it only in wrapping."""
    docs = {p.name: _split(p) for p in _docs()}
    pairs = 0
    for name, (meta, body) in docs.items():
        m = re.search(r"^Via (.+)$", body, re.M)
        if not m:
            continue
        source = m.group(1).strip()
        assert source != meta["outlet"]
        originals = [
            b for n, (mt, b) in docs.items()
            if mt["outlet"] == source and mt["published"] == meta["published"]
        ]
        assert originals, f"{name}: no {source} file of the same day"
        ratio = max(difflib.SequenceMatcher(None, body, b).ratio() for b in originals)
        assert ratio > 0.85
        pairs += 1
    assert pairs >= 1


def test_readme_key_lists_real_files_and_corroborated_incidents():
    key = _key()
    names = {p.name for p in _docs()}
    assert len(key) >= 10
    for incident, listed in key.items():
        assert listed, f"{incident} lists no file"
        assert set(listed) <= names, f"{incident}: unknown {set(listed) - names}"
    assert len([i for i, fs in key.items() if len(fs) >= 2]) >= 3
    covered = {f for fs in key.values() for f in fs}
    assert covered == names, f"files missing from the key: {names - covered}"


def test_key_has_disputed_incident_told_by_several_outlets():
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    key = _key()
    disputed = [
        i for i in key
        if re.search(rf"^\|\s*{i}\s*\|.*\|\s*disputed\s*\|", readme, re.M) and len(key[i]) >= 2
    ]
    assert disputed
    for incident in disputed:
        outlets = {_split(DEMO / f)[0]["outlet"] for f in key[incident]}
        assert len(outlets) >= 2
        text = " ".join(_split(DEMO / f)[1] for f in key[incident]).lower()
        assert "claim" in text and re.search(r"\b(denied|deny|denies|dismissed|rejected|untrue)\b", text)


def test_readme_says_texts_are_samples():
    readme = (DEMO / "README.md").read_text(encoding="utf-8").lower()
    assert "sample" in readme and "panj authors" in readme
