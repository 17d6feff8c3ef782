"""A serving process's heap once it has started (issue 18), for the web process, the worker and
Telegram polling alike."""

from __future__ import annotations

import gc

YOUNG_COLLECTION_THRESHOLD = 50_000
"""Container objects allocated (net of those freed) before the cyclic collector runs on the
young generation; Python's default is 700. A chat turn's objects are nearly all freed by
reference counting when the turn ends, but at 700 the collector still ran about every third
turn, and promoted the objects of the turns in flight to the older generations, where they
were walked again: ~0.14 ms of a 3.7 ms status turn (in-process, `Engine.handle`). At 50,000
it runs about once a thousand turns; the cycles it collects wait that much longer (a few
megabytes at most)."""


def freeze_startup_heap() -> None:
    """Everything built at startup (models, catalogs, the app) moves out of the collector's
    reach (`gc.freeze`): full collections then walk only what the process's work allocates, so
    they no longer pause the event loop for 100 ms and more; and the young generation is
    collected far less often (`YOUNG_COLLECTION_THRESHOLD`). Call it once startup is done."""
    gc.collect()
    gc.freeze()
    middle, old = gc.get_threshold()[1:]
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, old)
