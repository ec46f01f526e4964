"""Validating a correction and recording it: the one path the CLI and the dashboard share.

Every check runs before anything is written (a bad id, field or value raises CorrectionError, one line); the
entries are appended and what users get is rewritten in one transaction; the alert refresh then reads the events
that changed, so indicators and alerts follow the corrected record.
"""
from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from panj.corrections import replay
from panj.corrections.fields import CorrectionError, apply_set, parse, shown
from panj.store import corrections as log

Dict = dict[str, Any]
DEFAULT_AUTHOR = "analyst"


@dataclass
class Outcome:
    """What a recorded correction did: its entries (with their state after applying) and the view written."""
    entries: list[Dict] = field(default_factory=list)
    view: replay.View | None = None

    def lines(self) -> list[str]:
        out = []
        for e in self.entries:
            where = ", ".join(e["event_ids"]) or e.get("event_id") or "-"
            if e["action"] == "set":
                out.append(f"{e['id']} {where}: {e['field']} {short(e['before'])} -> {short(e['after'])}")
            elif e["action"] == "merge":
                others = ", ".join(o["id"] for o in (e.get("detail") or {}).get("events") or [])
                out.append(f"{e['id']} merged {others} into {e['event_id']}")
            elif e["action"] == "split":
                d = e.get("detail") or {}
                out.append(f"{e['id']} split {len(d.get('mentions') or [])} mention(s) of {e['event_id']} "
                           f"into {d.get('split_id')}")
            elif e["action"] == "reject":
                out.append(f"{e['id']} rejected {e['event_id']} (hidden from exports, indicators and alerts)")
            else:
                out.append(f"{e['id']} withdrew {(e.get('detail') or {}).get('withdraws')}")
            if e["state"] == "orphaned":
                out.append(f"  orphaned: {e['reason']}")
        return out


def short(value: Any) -> str:
    """A field value in one short line (names of actors and places, a date's interval)."""
    if isinstance(value, list):
        return "[" + "; ".join(str(v.get("name") or v.get("text")) if isinstance(v, dict) else str(v)
                               for v in value) + "]"
    if isinstance(value, dict):
        return f"{value.get('start')}..{value.get('end')}" if "start" in value else json.dumps(value)
    return "none" if value is None else str(value)


def _entry(action: str, rec: Dict, note: str, author: str | None, **extra: Any) -> Dict:
    note = (note or "").strip()
    if not note:
        raise CorrectionError("a note is required: say why (--note)")
    e = {"action": action, "event_id": rec["id"], "anchors": list(rec.get("mention_ids") or []), "note": note,
         "author": (author or "").strip() or DEFAULT_AUTHOR,
         "created_at": datetime.now(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds"),
         "field": None, "before": None, "after": None, "detail": None, **extra}
    e["id"] = "cor_" + hashlib.sha256(json.dumps(e, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return e


def shown_event(store, event_id: str) -> Dict:
    found = store.events_by_id([event_id])
    if not found:
        raise CorrectionError(f"no event {event_id!r} in the store (merged away, rejected, or never there)")
    return found[0]


def set_fields(store, event_id: str, assignments: list[str], note: str, author: str | None = None) -> Outcome:
    """`FIELD=VALUE` assignments on one event, in order (a mode is checked against a type set before it)."""
    rec = shown_event(store, event_id)
    if not assignments:
        raise CorrectionError("nothing to set: give --set FIELD=VALUE")
    work, entries = copy.deepcopy(rec), []
    for a in assignments:
        name, eq, text = a.partition("=")
        if not eq:
            raise CorrectionError(f"bad --set {a!r}: write FIELD=VALUE")
        name = name.strip()
        value = parse(name, text, work)
        before = shown(work, name)
        if value == before:
            continue
        apply_set(work, name, value)
        entries.append(_entry("set", rec, note, author, field=name, before=before, after=value))
    if not entries:
        raise CorrectionError("nothing changes: the event already has these values")
    return record(store, entries)


def reject(store, event_id: str, note: str, author: str | None = None) -> Outcome:
    rec = shown_event(store, event_id)
    return record(store, [_entry("reject", rec, note, author, before=False, after=True)])


def merge(store, event_ids: list[str], note: str, author: str | None = None) -> Outcome:
    """The first event takes the others' mentions; the others are no longer shown."""
    ids = list(dict.fromkeys(event_ids))
    if len(ids) < 2:
        raise CorrectionError("merge needs at least two different event ids")
    recs = [shown_event(store, i) for i in ids]
    others = [{"id": r["id"], "anchors": list(r.get("mention_ids") or [])} for r in recs[1:]]
    return record(store, [_entry("merge", recs[0], note, author, before=ids, after=ids[0],
                                 detail={"events": others})])


def split(store, event_id: str, mention_ids: list[str], note: str, author: str | None = None) -> Outcome:
    """Move these mentions of an event into an event of their own."""
    rec = shown_event(store, event_id)
    ms = list(dict.fromkeys(m.strip() for m in mention_ids if m.strip()))
    held = set(rec.get("mention_ids") or [])
    unknown = [m for m in ms if m not in held]
    if not ms or unknown:
        raise CorrectionError(f"mention(s) {', '.join(unknown) or '(none given)'} not in event {event_id}: "
                              f"its mentions are {', '.join(sorted(held))}")
    if set(ms) == held:
        raise CorrectionError("a split must leave at least one mention in the event")
    e = _entry("split", rec, note, author, detail={"mentions": ms})
    e["detail"]["split_id"] = replay.split_id(e["id"])
    return record(store, [e])


def withdraw(store, correction_id: str, note: str, author: str | None = None) -> Outcome:
    found = log.by_ids(store.con, [correction_id])
    if not found:
        raise CorrectionError(f"no correction {correction_id!r} in the log")
    target = found[0]
    if target["action"] == "withdraw" or target["state"] == "withdrawn":
        raise CorrectionError(f"correction {correction_id} is already a withdrawal or withdrawn")
    rec = {"id": target["event_id"], "mention_ids": target["anchors"]}
    detail = {"withdraws": correction_id, "events": (target.get("detail") or {}).get("events") or [],
              "mentions": (target.get("detail") or {}).get("mentions") or []}
    return record(store, [_entry("withdraw", rec, note, author, detail=detail)])


def import_log(store, entries: Iterable[Dict]) -> Outcome:
    """Append another store's log (`panj corrections --format jsonl`), skipping entries already here, and apply
    it: a store rebuilt from the same sources gets the analysts' record back."""
    wanted = [e for e in entries]
    for e in wanted:
        if not all(k in e for k in ("id", "action", "anchors", "note", "author", "created_at")):
            raise CorrectionError(f"not a corrections log entry: {json.dumps(e)[:80]}")
    have = {e["id"] for e in log.by_ids(store.con, [e["id"] for e in wanted])}
    fresh = [{k: e.get(k) for k in ("id", "created_at", "author", "action", "event_id", "anchors", "field",
                                    "before", "after", "note", "detail")}
             for e in sorted(wanted, key=lambda x: x.get("seq") or 0) if e["id"] not in have]
    return record(store, fresh)


def record(store, entries: list[Dict]) -> Outcome:
    """Append and apply, then refresh the alerts of what changed."""
    from panj.indicators.alerts import refresh

    if not entries:
        return Outcome()
    named = set().union(*(log.named_mentions(e) for e in entries))
    earlier = {i for e in log.by_ids(store.con, [(e.get("detail") or {}).get("withdraws") or "" for e in entries])
               for i in e["event_ids"]}

    def view_of() -> replay.View:
        seeds = log.events_of_mentions(store.con, named) | earlier | {e["event_id"] for e in entries if e.get("event_id")}
        return replay.view(store, store.machine_records(seeds), extra={e["id"] for e in entries})

    view = store.save_corrections(entries, view_of)
    refresh(store, changed=set())  # the events written were queued with them
    return Outcome(log.by_ids(store.con, [e["id"] for e in entries]), view)
