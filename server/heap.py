"""The interpreter's two pauses during bulk work: the cyclic collector and the GIL.

After start-up `gc.freeze()` (server/app.py `settle_heap`) the collector's long-lived generation is
nearly empty, so its rule "a full collection once new long-lived objects reach 25 % of it" fires
over and over while an import builds hundreds of thousands of objects (parsed rows, the write's
rows, the audit events): each full collection traced them all and held the GIL for 50–140 ms,
pausing the event loop (measured on a 20,000-element import). During bulk work the full
collections are put off; what the work allocated is freed by reference counting when it ends, and
the young generations are still collected as usual.

And the GIL: while a worker thread parses a workbook, the event loop gives up the GIL at every
system call and then waits up to the switch interval (5 ms) to get it back, several times per
request (the convoy effect): /healthz paused 100–260 ms. A 0.5 ms interval during bulk work took
the longest pause to 69 ms (stall watchdog, 20,000-element import).
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PUT_OFF = 1_000_000  # the third threshold while bulk work runs: no full collection in practice
SWITCH_SECONDS = 0.0005  # how long a busy worker thread may keep the GIL from the event loop meanwhile

_lock = threading.Lock()
_running = 0
_saved: tuple[int, int, int] | None = None
_saved_switch = 0.005


@contextmanager
def few_full_collections() -> Iterator[None]:
    """Puts off full collections and shortens the GIL's switch interval while the block runs
    (nested and concurrent uses share it)."""
    global _running, _saved, _saved_switch
    with _lock:
        if _running == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], PUT_OFF)
            _saved_switch = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH_SECONDS)
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                sys.setswitchinterval(_saved_switch)
