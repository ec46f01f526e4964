"""Indicators and alerts: tension series per dyad and place over fused events, and the alerts raised on them.

- `series`: settings (panj/data/indicators.yaml), dyad and place keys, weekly and daily series, percentiles;
- `stored`: `series_for`, the series of a dyad or place over the store (through the alert index when current);
- `keyindex`: the alert index: which series keys each event counts in, and what it adds there;
- `changepoints`: the PELT search the change-point alerts run;
- `alerts`: threshold and change-point alerts with the events behind them, kept in the store with their state;
- `cli`: the `panj trend` and `panj alerts` commands;
- `web`: what the dashboard's API asks of the two above.
"""
from panj.indicators.alerts import list_alerts, refresh
from panj.indicators.series import load_config
from panj.indicators.stored import series_for

__all__ = ["list_alerts", "load_config", "refresh", "series_for"]
