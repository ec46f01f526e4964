"""`panj trend` and `panj alerts`: tension series per dyad in the terminal (and as PNG), alerts with their events."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

SPARKS = "▁▂▃▄▅▆▇█"




def sparkline(values: list[float], width: int = 100) -> str:
    """One character per period (per run of periods, by their maximum, beyond `width`), scaled to the largest
    value; blank for zero."""
    if len(values) > width:
        step = len(values) / width
        values = [max(values[int(i * step):max(int(i * step) + 1, int((i + 1) * step))]) for i in range(width)]
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    return "".join(" " if v <= 0 else SPARKS[min(len(SPARKS) - 1, int(v / top * (len(SPARKS) - 1) + 0.5))]
                   for v in values)


def _bar(value: float, top: float, width: int = 20) -> str:
    return "█" * (int(round(value / top * width)) if top > 0 else 0)


def _fmt(v: Optional[float], spec: str = "g") -> str:
    return "" if v is None else format(v, spec)


def _alert_matches(alert, spec, place: Optional[str]) -> bool:
    """Dyad alerts whose two sides are the DYAD's; with --place, that admin1's alerts instead."""
    if place:
        want = place.lower()
        return alert.scope == "admin1" and want in (alert.key.lower(), alert.key.split("/", 1)[-1].lower())
    if alert.scope != "dyad" or spec is None:
        return False
    x, _, y = alert.key.partition(":")
    a, b = spec
    return (x in a.keys and y in b.keys) or (y in a.keys and x in b.keys)


def write_png(series, path: Path, alerts: list | None = None) -> None:
    """Two panels: weighted conflict (down) and cooperation (up) counts with alert weeks; documents per period."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [p.start for p in series.points]
    width = 6 if series.freq == "weekly" else 0.9
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 6), sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    top.bar(xs, [p.cooperation for p in series.points], width=width, align="edge", color="#2b8cbe",
            label="cooperation")
    top.bar(xs, [-p.conflict for p in series.points], width=width, align="edge", color="#d7301f",
            label="conflict (downwards)")
    top.axhline(0, color="black", linewidth=0.6)
    for a in alerts or []:
        top.axvline(a.period_start, color="#ff7f00" if a.kind != "change_point" else "#6a51a3", linestyle="--",
                    linewidth=0.8)
    top.set_ylabel("status-weighted events")
    top.set_title(f"{series.label} ({series.freq}); dashed: threshold alerts (orange), change points (purple)")
    top.legend(loc="upper left")
    bottom.bar(xs, [p.documents for p in series.points], width=width, align="edge", color="#969696")
    bottom.set_ylabel("documents")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def register(app: typer.Typer) -> None:
    @app.command()
    def trend(dyad: str = typer.Argument(..., help="Two sides, e.g. TJK:AFG, taliban:tjk, iskp:TJK; ALL for any."),
              date_from: Optional[str] = typer.Option(None, "--from", help="First day shown (YYYY-MM-DD)."),
              date_to: Optional[str] = typer.Option(None, "--to", help="Last day shown (YYYY-MM-DD)."),
              weekly: bool = typer.Option(False, "--weekly", help="Weekly (ISO weeks) instead of daily."),
              place: Optional[str] = typer.Option(None, "--place", help="Only events in this admin1 (Takhar, "
                                                                         "AFG/Takhar)."),
              png: Optional[Path] = typer.Option(None, "--png", help="Also write a chart to this PNG file."),
              rows: int = typer.Option(60, help="Most recent non-empty periods listed in the table."),
              config: Optional[Path] = typer.Option(None, "--config", help="Indicator settings YAML.")) -> None:
        """Conflict and cooperation series of a dyad: status-weighted counts, PLOVER score sums, per document,
        percentile against the trailing two years; lists the dyad's alerts as last refreshed by `panj alerts`."""
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        from panj.cli_common import Settings, date_option
        from panj.indicators import series as indicators
        from panj.indicators.alerts import list_alerts
        from panj.indicators.stored import series_for
        from panj.store import Store

        cfg = indicators.load_config(config)
        try:
            spec = indicators.parse_dyad(dyad)
        except ValueError as e:
            raise typer.BadParameter(str(e), param_hint="DYAD") from None
        start, end = date_option(date_from, "--from"), date_option(date_to, "--to")
        freq = "weekly" if weekly else "daily"
        with Store(Settings.db) as store:
            series = series_for(store, spec, place, freq, start, end, cfg)
            alerts = [a for a in list_alerts(store, since=start)
                      if _alert_matches(a, spec, place) and (end is None or a.period_start <= end)]
        out = Console()
        if spec:
            out.print(f"[bold]{escape(series.label)}[/]  sides: " + "; ".join(
                f"{s.text} → {', '.join(sorted(s.keys))}" for s in spec), highlight=False)
        if not series.points:
            out.print("no dated events or documents in the store")
            raise typer.Exit(code=1)
        total = indicators.counts_summary(series)
        out.print(f"{series.points[0].start} … {series.points[-1].end}, {len(series.points)} {freq} periods: "
                  f"{total['events']} events, conflict {total['conflict']:g} (score {total['conflict_score']:g}), "
                  f"cooperation {total['cooperation']:g} (score {total['cooperation_score']:g}), "
                  f"{total['documents']} documents", highlight=False)
        width = max(20, min(100, out.width - 16))
        out.print(f"conflict    │{sparkline(series.values('conflict'), width)}│", highlight=False)
        out.print(f"cooperation │{sparkline(series.values('cooperation'), width)}│", highlight=False)
        shown = [p for p in series.points if p.events or p.documents][-rows:]
        top = max([max(p.conflict, p.cooperation) for p in shown], default=0)
        table = Table(title=f"{series.label}, {freq} (non-empty periods, last {len(shown)})")
        for col in ("period", "conflict", "score", "coop", "score ", "docs", "confl/doc", "pct", "events"):
            table.add_column(col, justify="left" if col in ("period", "events") else "right")
        for p in shown:
            pct = p.percentile.get("conflict")
            table.add_row(p.start.isoformat(), f"{p.conflict:g}", f"{p.conflict_score:g}", f"{p.cooperation:g}",
                          f"{p.cooperation_score:g}", str(p.documents), _fmt(p.per_doc("conflict"), ".3f"),
                          _fmt(pct, ".0f"),
                          f"[red]{_bar(p.conflict, top)}[/][blue]{_bar(p.cooperation, top)}[/] {p.events}")
        out.print(table)
        for a in alerts:
            out.print(f"[yellow]alert {a.id}[/] {escape(f'[{a.state}]')} {escape(a.explanation)}", highlight=False)
        if png is not None:
            write_png(series, png, alerts)
            out.print(f"wrote {png}")

    @app.command()
    def alerts(since: Optional[str] = typer.Option(None, "--since", help="Alerts on weeks ending on or after "
                                                                        "this day."),
               state: str = typer.Option("open", "--state", help="open | acknowledged | dismissed | all"),
               ack: Optional[str] = typer.Option(None, "--ack", help="Acknowledge this alert (id or id prefix)."),
               dismiss: Optional[str] = typer.Option(None, "--dismiss", help="Dismiss this alert."),
               reopen: Optional[str] = typer.Option(None, "--reopen", help="Reopen this alert."),
               refresh: bool = typer.Option(True, help="Recompute alerts from the fused events first."),
               inactive: bool = typer.Option(False, "--inactive", help="Also alerts that no longer fire."),
               scope: str = typer.Option("all", "--scope", help="dyad | admin1 | all"),
               config: Optional[Path] = typer.Option(None, "--config", help="Indicator settings YAML.")) -> None:
        """List alerts (ACLED-style thresholds and change points on weekly series) with the events behind them;
        acknowledge, dismiss or reopen one."""
        from rich.console import Console
        from rich.markup import escape

        from panj.indicators import alerts as alerting
        from panj.cli_common import Settings, date_option
        from panj.indicators.series import load_config
        from panj.store import Store

        out = Console()
        actions = [(x, s) for x, s in ((ack, "acknowledged"), (dismiss, "dismissed"), (reopen, "open")) if x]
        if state != "all" and state not in alerting.STATES:
            raise typer.BadParameter(f"choose all or one of {', '.join(alerting.STATES)}", param_hint="--state")
        with Store(Settings.db) as store:
            if actions:
                for ident, new_state in actions:
                    try:
                        a = alerting.set_state(store, ident, new_state)
                    except KeyError as e:
                        out.print(f"[red]{e.args[0]}[/]")
                        raise typer.Exit(code=1) from None
                    out.print(f"{a.id} → {a.state}: {escape(a.explanation)}", highlight=False)
                return
            if refresh:
                rep = alerting.refresh(store, load_config(config))
                out.print(f"refreshed: {rep.raised} new, {rep.updated} still firing, {rep.withdrawn} withdrawn, "
                          f"{rep.retired} retired", style="dim", highlight=False)
            found = alerting.list_alerts(store, since=date_option(since, "--since"),
                                         states=None if state == "all" else [state], include_inactive=inactive)
            found = [a for a in found if scope == "all" or a.scope == scope]
        if not found:
            out.print("no alerts")
            return
        for a in found:
            mark = "" if a.active else " (no longer firing)"
            out.print(f"[bold]{a.id}[/] {escape(f'[{a.state}{mark}]')} {a.scope} [bold]{escape(a.key)}[/] "
                      f"{a.metric}, week of {a.period_start}: {a.kind}", highlight=False)
            out.print(f"  {escape(a.explanation)}", highlight=False)
            for e in a.events:
                out.print(f"  - {e['date']} {e['event_type']:<10} {e['status'] or '?':<10} w={e['weight']:g} "
                          f"score={e['score']:g}  {escape(e['summary'] or '')}  [dim]{e['id']}[/]", highlight=False)
            if not a.events:
                out.print("  (no events of this polarity in the listed weeks)")
        out.print(f"{len(found)} alerts; `panj alerts --ack ID` or `--dismiss ID` to decide one", style="dim")
