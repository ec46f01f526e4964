# %% [markdown]
# # panj from Python
#
# A notebook as a plain script (cells start with `# %%`; VS Code, Jupytext and Spyder run them one by one).
# It opens the demo store that `make demo` writes (`demo.duckdb`), or builds it from the bundled demo corpus,
# then plots the weekly Tajik–Afghan tension series and maps the events with their sources.
#
#     python examples/notebook.py                     # PANJ_DB=other.duckdb and PANJ_EXAMPLE_OUT=folder to change
#
# Figures are written as PNG files (matplotlib's Agg backend: no display needed).

# %%
import os
from importlib import resources
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import panj  # noqa: E402

DB = Path(os.environ.get("PANJ_DB", "demo.duckdb"))
OUT = Path(os.environ.get("PANJ_EXAMPLE_OUT", "."))
OUT.mkdir(parents=True, exist_ok=True)

if not DB.exists():  # no `make demo` yet: read, extract and fuse the bundled corpus (some 20 seconds)
    with resources.as_file(resources.files("panj.data").joinpath("demo")) as corpus:
        texts = sorted(p for p in Path(corpus).glob("*.md") if p.name != "README.md")
        report = panj.ingest(DB, texts)
    print(f"built {DB}: {report.added} documents added, {len(report.skipped)} skipped")

store = panj.open(DB)  # read-only
print(store, store.counts())

# %% [markdown]
# ## Events: one row per fused event, typed columns
# `min_confidence=0` shows every event; the default hides those under the configured threshold, as the dashboard.

# %%
events = store.events(min_confidence=0)
print(events.dtypes[["event_date", "latitude", "independent_sources", "actors", "sources"]])
print(events[["event_date", "event_type", "status", "actor1", "actor2", "location", "independent_sources"]]
      .head(12).to_string())

disputed = store.events(status=["disputed", "denied"], min_confidence=0)
print(f"\n{len(disputed)} disputed or denied events; who denies them:")
print(store.claims(stance="denies", status=["disputed", "denied"], min_confidence=0)
      [["event_id", "claimant_name", "text"]].to_string(max_colwidth=70))

# %% [markdown]
# ## The TJK:AFG weekly series
# Status-weighted counts of conflict (down) and cooperation (up) events between the two states, per ISO week.

# %%
weekly = store.series(dyad="TJK:AFG", freq="weekly")
fig, ax = plt.subplots(figsize=(10, 3.5))
ax.bar(weekly["start"], -weekly["conflict"], width=6, color="#b2182b", label="conflict")
ax.bar(weekly["start"], weekly["cooperation"], width=6, color="#2166ac", label="cooperation")
ax.axhline(0, color="grey", linewidth=0.5)
ax.set_title("Tajikistan – Afghanistan, weekly (status-weighted events)")
ax.set_ylabel("events")
ax.legend(loc="upper right")
fig.autofmt_xdate()
fig.savefig(OUT / "tjk_afg_weekly.png", dpi=100, bbox_inches="tight")
busy = weekly[weekly["events"] > 0]
print(f"{len(weekly)} weeks, {int(weekly['events'].sum())} events in {len(busy)} of them; "
      f"wrote {OUT / 'tjk_afg_weekly.png'}")
print(busy[["start", "conflict", "cooperation", "value", "event_ids"]].to_string())

# %% [markdown]
# ## A map of the events, with their sources
# Each event at its main place (longitude, latitude), coloured by status, sized by independent sources, labelled
# with the outlets that reported it. Events without coordinates are left off the map, never guessed.

# %%
located = events.dropna(subset=["latitude", "longitude"])
colours = {"asserted": "#1b7837", "claimed": "#e08214", "alleged": "#fdb863", "disputed": "#b2182b",
           "denied": "#762a83", "planned": "#4393c3"}
fig, ax = plt.subplots(figsize=(8, 6))
for status, group in located.groupby("status"):
    ax.scatter(group["longitude"], group["latitude"], s=30 + 40 * group["independent_sources"].astype(float),
               color=colours.get(status, "grey"), alpha=0.7, edgecolor="black", linewidth=0.3, label=status)
for _, row in located.drop_duplicates(["longitude", "latitude"]).iterrows():
    ax.annotate(row["location"], (row["longitude"], row["latitude"]), fontsize=7, xytext=(4, 3),
                textcoords="offset points")
ax.set_xlabel("longitude")
ax.set_ylabel("latitude")
ax.set_title(f"{len(located)} located events of {len(events)}")
ax.legend(fontsize=7, loc="lower left")
fig.savefig(OUT / "events_map.png", dpi=100, bbox_inches="tight")
print(f"wrote {OUT / 'events_map.png'}")

# one row per event and source: the nested `sources` column exploded, its fields read with .struct
per_source = located[["event_id", "event_date", "event_type", "location", "sources"]].explode("sources")
per_source["outlet"] = per_source["sources"].struct.field("outlet")
per_source["url"] = per_source["sources"].struct.field("url")
print(per_source.drop(columns="sources").head(15).to_string())

# %% [markdown]
# ## One event in full
# The record of spec/events.md: every claim with its words, every mention with its sentence.

# %%
top = events.sort_values(["independent_sources", "event_id"], ascending=[False, True]).iloc[0]
record = store.event(top["event_id"])
print(record["summary"])
for claim in record["claims"]:
    print(f"  {claim['stance']:>8}  {(claim.get('claimant') or {}).get('name')}: {claim['text'].strip()[:90]}")
store.close()
