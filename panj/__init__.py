"""panj: a sourced, corroborated record of conflict events from news."""

__version__ = "0.1.0"
