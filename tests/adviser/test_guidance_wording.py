"""The adviser's guidance is in our own words: no guidance string shares a run of eight or more
consecutive words with the Clinks (2016) guide it is based on (case and punctuation ignored)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from withus.adviser import guidance

GUIDE = Path("/work/shared/source/clinks-service-user-involvement-guide-2016.txt")
RUN = 8

pytestmark = pytest.mark.skipif(not GUIDE.exists(), reason="the guide is not on this machine")


def words(text: str) -> list[str]:
    """Lower-case words, with markup and punctuation dropped ("SUI – what" -> sui, what)."""
    text = re.sub(r"<[^>]+>", " ", text.lower()).replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def guidance_strings() -> list[str]:
    strings = [guidance.CREDIT]
    for problem in guidance.PROBLEMS:
        strings += [problem.title, problem.summary, *problem.actions]
    return strings


@pytest.fixture(scope="module")
def guide_runs() -> set[tuple[str, ...]]:
    text = GUIDE.read_text()
    # the right file: both troubleshooting tables the guidance is based on are in it
    assert "3.2 Common problems and solutions" in text
    assert "4.7 Common problems and solutions" in text
    return runs(text)


def test_the_check_catches_a_sentence_taken_from_the_guide(guide_runs):
    copied = "Set clear targets for what you want to achieve, and by when!"
    assert runs(copied) & guide_runs
    assert not runs("Agree what the group is aiming for, and a date to get there.") & guide_runs


def test_no_guidance_string_shares_eight_words_in_a_row_with_the_guide(guide_runs):
    strings = guidance_strings()
    assert len(strings) > 60  # every title, summary and action is checked
    copied = {
        text: sorted(" ".join(run) for run in runs(text) & guide_runs)
        for text in strings
        if runs(text) & guide_runs
    }
    assert copied == {}
