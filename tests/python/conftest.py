"""Helpers shared by the Python tests."""

import _thread
import threading
import time

import pytest


@pytest.fixture()
def interrupted_within():
    """``interrupted_within(call)``: sends Ctrl-C to the main thread 0.3 s
    into ``call()``, asserts that it raises ``KeyboardInterrupt``, and
    returns how many seconds that took."""

    def run(call):
        timer = threading.Timer(0.3, _thread.interrupt_main)
        start = time.perf_counter()
        timer.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                call()
            return time.perf_counter() - start
        finally:
            timer.cancel()

    return run
