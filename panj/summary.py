"""The store at a glance: documents, events by type, top dyads, disputed events."""
from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from panj.store import Store


def dyads(records: list[dict]) -> Counter:
    """Events per dyad, with the sides the tension indicators use (panj.indicators.series.side_key)."""
    from panj.indicators.series import dyad_keys, load_config

    cfg = load_config()
    counts: Counter = Counter()
    for r in records:
        counts.update(dyad_keys(r, cfg))
    return counts


def print_summary(store: Store, console: Console) -> None:
    counts = store.counts()
    records = store.event_records()
    console.print(f"[bold]{counts['documents']}[/] documents ({counts['near_duplicates']} near-duplicates, "
                  f"{counts['skipped']} skipped sources), {counts['event_mentions']} event mentions, "
                  f"[bold]{len(records)}[/] events")
    by_type = Table(title="Events by type")
    by_type.add_column("type")
    by_type.add_column("events", justify="right")
    for event_type, n in sorted(Counter(r["event_type"] for r in records).items(), key=lambda kv: (-kv[1], kv[0])):
        by_type.add_row(event_type, str(n))
    console.print(by_type)
    top = Table(title="Top dyads")
    top.add_column("dyad")
    top.add_column("events", justify="right")
    for key, n in sorted(dyads(records).items(), key=lambda kv: (-kv[1], kv[0]))[:8]:  # ties by name
        top.add_row(key.replace(":", " – "), str(n))
    console.print(top)
    disputed = [r for r in records if r.get("status") in ("disputed", "denied")]
    table = Table(title="Disputed and denied events")
    table.add_column("date")
    table.add_column("status")
    table.add_column("event")
    for r in disputed:
        table.add_row((r.get("date") or {}).get("start") or "?", r["status"], r.get("summary") or r["event_type"])
    console.print(table)
