"""Analysts' corrections: an append-only log beside the machine's record, re-applied after every fusion.

`fields` turns a value given as text into a record value; `entries` validates a correction and records it;
`replay` re-applies the log to the machine's events (called by fusion and after each new correction); `cli`
holds `panj correct | merge | split | corrections`. The log and the machine records live in the store
(panj/store/corrections.py).
"""
