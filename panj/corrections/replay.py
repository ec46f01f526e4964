"""Re-applying the log to machine events: what users get after every fusion and every new correction.

How: the machine events given (those fusion just wrote, or those a new correction names) are widened to every
event that shares a correction with them, through the mentions the corrections name; nothing else is read, so
the cost follows the events that changed plus their corrections, never the store. Over that region the log is
replayed in order against the machine's grouping of mentions: each correction finds its event as the one group
that now holds its anchor mentions; merges join groups, splits move mentions into a group of their own (its id
derives from the correction, so it is the same after any rebuild), then each group's field corrections and
rejection apply. A correction whose anchors are gone, or now lie in several events, is orphaned with the reason,
never dropped. Records rebuilt for a changed grouping use fusion's own record builder (panj/fuse/record.py).
"""
from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from typing import Any

from panj.corrections.fields import DERIVED, FIELDS, apply_set
from panj.fuse.record import absorb, finish, new_record
from panj.fuse.sources import SourceDoc, source_doc, with_copies
from panj.records import EventMention
from panj.store import corrections as log

Dict = dict[str, Any]
KEYS = {f: ("locations" if f == "place" else f) for f in FIELDS}


@dataclass
class View:
    """What to write: the events users get, those they no longer get, the machine records to keep beside them
    (None: an event only a split made), machine ids with nothing to keep, and each correction's state."""
    records: list[Dict] = field(default_factory=list)
    hidden: set[str] = field(default_factory=set)
    machine: dict[str, Dict | None] = field(default_factory=dict)
    plain: set[str] = field(default_factory=set)
    states: list[tuple[str, str, list[str], str | None]] = field(default_factory=list)

    @property
    def queued(self) -> set[str]:
        """Every event whose record users get changed or went: the alert refresh reads them."""
        return {r["id"] for r in self.records} | self.hidden


def split_id(correction_id: str) -> str:
    return "evt_" + hashlib.sha256(("split:" + correction_id).encode()).hexdigest()[:16]


def region(store, fresh: list[Dict], extra: set[str] = frozenset()) -> tuple[dict[str, Dict], dict[str, Dict]]:
    """(machine records by id, corrections by id): `fresh` widened by every correction touching it, transitively,
    and by the corrections `extra` names."""
    machine = {r["id"]: r for r in fresh}
    found: dict[str, Dict] = {}
    looked: set[str] = set()
    extra = set(extra)
    while set(machine) - looked or extra:
        todo = set(machine) - looked
        looked |= todo
        ids = log.touching(store.con, {m for i in todo for m in machine[i].get("mention_ids") or []}, todo) | extra
        extra = set()
        new = log.by_ids(store.con, ids - set(found))
        if not new:
            continue
        found.update((e["id"], e) for e in new)
        named = set().union(*(log.named_mentions(e) for e in new))
        more = (log.events_of_mentions(store.con, named) | {i for e in new for i in e["event_ids"]}) - set(machine)
        machine.update((r["id"], r) for r in log.machine_records(store.con, more))
    return machine, found


class _Replay:
    """The machine's grouping of mentions, changed by the log's merges and splits in order."""

    def __init__(self, machine: dict[str, Dict]):
        self.groups = {i: list(r.get("mention_ids") or []) for i, r in sorted(machine.items())}
        self.owner = {m: i for i, ms in self.groups.items() for m in ms}
        self.first_owner = dict(self.owner)
        self.alias: dict[str, str] = {}
        self.entries: dict[str, list[Dict]] = {}

    def resolve(self, anchors: list[str]) -> tuple[str | None, str | None]:
        present = [m for m in anchors if m in self.owner]
        if not present:
            return None, "its anchor mentions are gone"
        held = sorted({self.owner[m] for m in present})
        if len(held) > 1:
            return None, f"its anchor mentions are now split across events {', '.join(held)}"
        return held[0], None

    def move(self, mentions: list[str], into: str) -> None:
        for m in mentions:
            self.groups[self.owner[m]].remove(m)
            self.owner[m] = into
        self.groups.setdefault(into, []).extend(mentions)

    def final(self, g: str) -> str:
        while g in self.alias:
            g = self.alias[g]
        return g

    def apply(self, e: Dict) -> tuple[list[str], str | None]:
        """(groups it applies to, None) or ([], why it is orphaned)."""
        g, why = self.resolve(e["anchors"])
        if g is None:
            return [], why
        detail = e.get("detail") or {}
        if e["action"] in ("set", "reject"):
            self.entries.setdefault(g, []).append(e)
            return [g], None
        if e["action"] == "merge":
            others = [self.resolve(o["anchors"]) for o in detail.get("events") or []]
            bad = next((w for h, w in others if h is None), None)
            if bad:
                return [], "an event merged in: " + bad.replace("its ", "", 1)
            for h in dict.fromkeys(h for h, _ in others):
                if h != g:
                    self.move(list(self.groups[h]), g)
                    del self.groups[h]
                    self.entries[g] = sorted(self.entries.get(g, []) + self.entries.pop(h, []), key=lambda x: x["seq"])
                    self.alias[h] = g
            return [g], None
        if e["action"] == "split":
            ms = [m for m in detail.get("mentions") or [] if m in self.owner]
            if not ms:
                return [], "the mentions to split off are gone"
            held = {self.owner[m] for m in ms}
            if len(held) > 1:
                return [], "the mentions to split off now lie in several events"
            h = held.pop()
            if h != g:  # fusion already keeps them apart
                return [g, h], None
            if set(ms) == set(self.groups[g]):
                return [], "nothing would remain of the event"
            self.move(ms, detail["split_id"])
            return [g, detail["split_id"]], None
        return [], f"unknown action {e['action']}"


def view(store, fresh: list[Dict], extra: set[str] = frozenset(), recheck: bool = False) -> View:
    """The corrected view of `fresh` machine records (and of the events the corrections touching them reach, and
    those of the corrections `extra` names). `recheck`, after every event was rewritten (a rebuild): every
    correction whose events are no longer stored is placed again or orphaned too; it reads the whole log's state,
    which an incremental fusion need not (fusion never deletes an event)."""
    machine, found = region(store, fresh, set(extra) | (log.unplaced(store.con) if recheck else set()))
    out = View()
    if not found:
        out.records = list(fresh)
        out.plain = set(machine)
        return out
    replay = _Replay(machine)
    withdrawn = {(e.get("detail") or {}).get("withdraws") for e in found.values() if e["action"] == "withdraw"}
    applied: dict[str, list[str]] = {}
    for e in sorted(found.values(), key=lambda x: x["seq"]):
        if e["id"] in withdrawn:
            out.states.append((e["id"], "withdrawn", [], None))
        elif e["action"] == "withdraw":
            out.states.append((e["id"], "applied", [], None))
        else:
            groups, why = replay.apply(e)
            if why:
                out.states.append((e["id"], "orphaned", [], why))
            else:
                applied[e["id"]] = groups
    out.states += [(i, "applied", sorted({replay.final(g) for g in gs}), None) for i, gs in applied.items()]
    for g, mids in replay.groups.items():
        _finish_group(store, out, replay, machine.get(g), g, mids)
    for h in replay.alias:
        out.hidden.add(h)
        if h in machine:
            out.machine[h] = machine[h]
        else:
            out.plain.add(h)
    made = {(e.get("detail") or {}).get("split_id") for e in found.values() if e["action"] == "split"}
    gone = made - set(replay.groups) - set(replay.alias)
    out.hidden |= gone
    out.plain |= gone
    return out


def _finish_group(store, out: View, replay: _Replay, base: Dict | None, g: str, mids: list[str]) -> None:
    same = base is not None and sorted(mids) == sorted(base.get("mention_ids") or [])
    rec = copy.deepcopy(base) if same else rebuild(store, g, mids)
    if rec is None:  # the group's mentions are no longer stored: keep the machine's record, or show nothing
        if base is None:
            out.hidden.add(g)
            out.plain.add(g)
            return
        rec = copy.deepcopy(base)
    entries = replay.entries.get(g, [])
    if same and not entries:
        out.records.append(rec)
        out.plain.add(g)
        return
    machine_values = copy.deepcopy(rec)
    rejected = False
    for e in entries:
        if e["action"] == "reject":
            rejected = True
        else:
            apply_set(rec, e["field"], e["after"])
    keys = [KEYS[f] for f in FIELDS] + list(DERIVED)
    rec["corrected"] = True
    rec["machine"] = {k: machine_values.get(k) for k in keys if rec.get(k) != machine_values.get(k)}
    if not same:
        rec["machine"]["events"] = sorted({replay.first_owner[m] for m in mids if m in replay.first_owner})
    if rejected:
        rec["machine"]["rejected"] = True
    rec["corrections"] = [e["id"] for e in entries]
    out.machine[g] = base if base is not None else None
    if rejected:
        out.hidden.add(g)
    else:
        out.records.append(rec)


def rebuild(store, gid: str, mids: list[str]) -> Dict | None:
    """A record for a grouping the machine did not make, built as fusion builds one, under the given id."""
    ms = [EventMention.from_dict(d) for d in log.mention_records(store.con, mids)]
    if not ms:
        return None
    docs = {m.doc_id for m in ms}
    sources = {r["id"]: source_doc(r) for r in store.source_rows(docs)}
    links = store.copy_links(docs)
    more = (set(links.values()) | {s.duplicate_of for s in sources.values() if s.duplicate_of}) - set(sources)
    sources.update({r["id"]: source_doc(r) for r in store.source_rows(more)})

    def order(m: EventMention) -> tuple:
        s = sources.get(m.doc_id) or SourceDoc(m.doc_id, None, None, None)
        return (s.published or "9999", m.doc_id, m.start, m.trigger_start, m.id or "")

    ms.sort(key=order)
    rec = new_record(ms[0])
    rec["id"] = gid
    for m in ms:
        absorb(rec, m, False, 0.0, "correction")
    return finish(rec, with_copies(sources, links))
