"""The cyclic garbage collector during bulk work.

After start-up `gc.freeze()` (server/app.py `settle_heap`) the collector's long-lived generation is
nearly empty, so its rule "a full collection once new long-lived objects reach 25 % of it" fires
over and over while an import builds hundreds of thousands of objects (parsed rows, the write's
rows, the audit events): each full collection traced them all and held the GIL for 50–140 ms,
pausing the event loop (measured on a 20,000-element import). During bulk work the full
collections are put off; what the work allocated is freed by reference counting when it ends, and
the young generations are still collected as usual.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PUT_OFF = 1_000_000  # the third threshold while bulk work runs: no full collection in practice

_lock = threading.Lock()
_running = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def few_full_collections() -> Iterator[None]:
    """Puts off full collections while the block runs (nested and concurrent uses share it)."""
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], PUT_OFF)
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _saved is not None:
                gc.set_threshold(*_saved)
