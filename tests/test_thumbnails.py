"""The poster queue can be closed while posters are still waiting, without hanging."""

from __future__ import annotations

import threading

from app.services.library import load_scenarios
from app.services.thumbnails import PosterQueue, Thumbnails


def test_closing_with_posters_still_queued_returns(qapp, paths):
    scenarios, problems = load_scenarios(paths)
    assert not problems and len(scenarios) >= 3
    queue = PosterQueue(Thumbnails(paths))
    assert queue.request(scenarios) == len(scenarios)  # a cold cache: all are queued
    closer = threading.Thread(target=queue.close, daemon=True)
    closer.start()
    closer.join(timeout=30)
    assert not closer.is_alive(), "closing the poster queue hung"
    assert not queue.busy()
