from __future__ import annotations

import pytest


@pytest.fixture()
def feeds():
    """A local feed server on 127.0.0.1 (tests/feed_server.py)."""
    from feed_server import FeedServer

    server = FeedServer()
    yield server
    server.close()
