"""Sentence embeddings (all-MiniLM-L6-v2, int8 ONNX) and the two places panj uses them.

- `model`: the pinned model, loaded once; vectors batched and cached by sentence;
- `typecheck`: confirm, retype or reject a trigger type the lexicon is unsure of, against type prototypes;
- `fusion`: the cosine of two mentions' sentences as a bounded fusion signal where dates and places say little.
Each use is switched on or off in panj/data/semantic.yaml.
"""
