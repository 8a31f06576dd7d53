"""Long use of one scorer: a million calls leave memory flat."""

import sys
from pathlib import Path

import pytest

from stancekit import Scorer

STATM = Path("/proc/self/statm")


def resident_bytes():
    """This process's resident memory now (not its peak)."""
    import resource

    return int(STATM.read_text().split()[1]) * resource.getpagesize()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_a_million_calls_leave_memory_flat():
    scorer = Scorer()
    texts = [
        "We will not break off talks, but we will retaliate!",
        "Россия never accepted the ultimatum; Washington welcomed the answer.",
        "",
    ]
    # Warm up: thread-local buffers and the allocator's pools settle.
    for i in range(100_000):
        scorer.score(texts[i % 3])
    before = resident_bytes()
    for i in range(1_000_000):
        stance = scorer.score(texts[i % 3])
        if i % 10 == 0:
            # Explanations too: Python objects for each contribution.
            stance.contributions
    grown = resident_bytes() - before
    # A leak of even 8 bytes a call would be 8 MB here.
    assert grown < 4 * 1024 * 1024, f"resident memory grew by {grown / 1e6:.1f} MB"
