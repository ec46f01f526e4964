"""Claims: who says each event happened, through whom, who denies it, and the status that follows.

- `frames`: the reporting, hedging and negation frames around a predicate (panj/data/lexicons/reporting.yaml);
- `stance`: a mention's status and its `Claim` (claimant, chain of sources); statuses fused across documents;
- `denials`: denials that do not repeat the words of the event they deny;
- `scope`: a statement carried whole, whose source named in the lead scopes over the paragraphs that continue it;
- `accusations`: the accusation a statement makes by claiming the other side broke an agreement;
- `apply`: `apply_claims`, which gives every event mention of a document its claims and status.
"""
from panj.extract.claims.apply import apply_claims
from panj.extract.claims.stance import derive_status, factuality_value, mention_factuality

__all__ = ["apply_claims", "derive_status", "factuality_value", "mention_factuality"]
