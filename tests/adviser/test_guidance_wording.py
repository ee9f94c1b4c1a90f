"""Guidance is in our own words: no guidance string shares a run of eight or more consecutive
words with the Clinks (2016) guide it is based on (case and punctuation ignored). That covers the
adviser's guidance and the starter text of self-assessment, policies, support and the exits
directory."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from withus.adviser import guidance

GUIDE = Path("/work/shared/source/clinks-service-user-involvement-guide-2016.txt")
RUN = 8
SRC = Path(__file__).resolve().parents[2] / "src" / "withus"

# Modules of starter text, every string constant of which is checked.
STARTER_MODULES = (
    "assessment/starters.py",
    "policies/starters.py",
    "support/starters.py",
    "exits/directory.py",
)

# Strings that may share eight words with the guide, each with the reason. Keep this short:
# only facts that must be given exactly as printed (postal addresses, names), never guidance.
ALLOWED = {
    "Tavis House, 1-6 Tavistock Square, London WC1H 9NA": "a postal address, as printed",
    "134-138 Borough High Street, London SE1 1LB": "a postal address, as printed",
    "The Employment Academy, 29 Peckham Road, London SE5 8UA": "a postal address, as printed",
    "Barrow Cadbury Trust, Kean House, 6 Kean Street, London WC2B 4AS": (
        "a postal address, as printed"
    ),
}

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


def starter_strings(module: str) -> list[str]:
    """Every string constant of a starter module (docstrings too) of eight or more words: a
    shorter string cannot share a run of eight."""
    tree = ast.parse((SRC / module).read_text())
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and len(words(node.value)) >= RUN
    ]


@pytest.mark.parametrize("module", STARTER_MODULES)
def test_no_starter_string_shares_eight_words_in_a_row_with_the_guide(guide_runs, module):
    strings = starter_strings(module)
    assert len(strings) >= 5  # the module's text is really being read
    copied = {
        text: sorted(" ".join(run) for run in runs(text) & guide_runs)
        for text in strings
        if text not in ALLOWED and runs(text) & guide_runs
    }
    assert copied == {}


def test_the_allow_list_is_short_and_every_entry_is_still_needed(guide_runs):
    """An entry whose string has gone, or no longer matches the guide, is taken off."""
    assert len(ALLOWED) <= 8 and all(reason for reason in ALLOWED.values())
    everything = {text for module in STARTER_MODULES for text in starter_strings(module)}
    for text in ALLOWED:
        assert text in everything, text
        assert runs(text) & guide_runs, text


def test_the_starter_check_catches_a_copied_sentence(guide_runs, tmp_path):
    """The same check, on a module holding a sentence taken from the guide, finds it."""
    module = tmp_path / "copied.py"
    module.write_text(
        'TEXT = "Set clear targets for what you want to achieve, and by when!"\n'
        'OWN = "Agree what the group is aiming for, and a date to get there."\n'
    )
    strings = starter_strings(str(module))  # an absolute path is read as it is
    assert [t for t in strings if runs(t) & guide_runs] == [
        "Set clear targets for what you want to achieve, and by when!"
    ]
