"""Counts typed in the hand-written Markdown pages agree with the package."""

from __future__ import annotations

import re

from conftest import ROOT

import actfuncs
from actfuncs import claims, exercises


def test_counts_in_the_hand_written_pages_match_the_package():
    """intro.md and status.md are plain Markdown (no glue): their counts are checked here."""
    seen = 0
    want = {"exercises": len(exercises.ids()), "claims": len(claims.claims()),
            "activations": len(actfuncs.names())}
    for page in ("chapters/intro.md", "chapters/appendix/status.md"):
        text = (ROOT / page).read_text(encoding="utf-8")
        for noun, n in want.items():
            for found in re.findall(rf"(\d+) (?:checked )?{noun}\b", text):
                assert int(found) == n, f"{page} says {found} {noun}; the package has {n}"
                seen += 1
    assert seen >= 4, "the pages no longer state the counts this test guards"
