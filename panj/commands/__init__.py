"""Command groups that live beside their feature; each module defines register(app)."""
