"""Event mentions: predicates that report an act, typed in PLOVER 2.0, with their arguments and site.

- `lexicon`: the trigger lexicon and PLOVER codebook (panj/data/lexicons/triggers.yaml, plover.yaml);
- `triggers`: matching lexicon entries on the parse (lemma, particles, objects, context words);
- `arguments`: actors, recipients and the rule that found each, from the dependency tree;
- `parties`: parties named by description ("the two countries", "the Kyrgyz side") and who is never one (outlets);
- `mentions`: `extract_events`, one `EventMention` per matched trigger with its type, mode and arguments;
- `sites`: which of the document's places an event took place at (`places_for_mention`).
"""
from panj.extract.events.mentions import classify_predicate, extract_events
from panj.extract.events.sites import places_for_mention

__all__ = ["classify_predicate", "extract_events", "places_for_mention"]
