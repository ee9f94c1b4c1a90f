"""The Easy Read report says what happened to what people said from the figures, never a
blanket "we looked at everything"."""

from withus.reports.exporting import _loop_lines


def _loop(received, closed):
    return {"received": received, "closed": closed, "open": received - closed}


def test_all_told():
    lines = [line["text"] for line in _loop_lines(_loop(12, 12))]
    assert lines == ["We told you what happened to 12 of them."]


def test_some_still_open():
    lines = [line["text"] for line in _loop_lines(_loop(12, 9))]
    assert lines == [
        "We told you what happened to 9 of them.",
        "We are still working on 3. We will tell you what happens.",
    ]


def test_nothing_said_gives_no_lines():
    assert _loop_lines(_loop(0, 0)) == []
    assert _loop_lines(None) == []


def _outcomes(**cells):
    from withus.voice.models import PersonOutcome

    by_kind = []
    for key, _ in PersonOutcome.Kind.choices:
        value, hidden = cells.get(key, (0, ""))
        by_kind.append({"key": key, "label": key, "people": {"value": value, "hidden": hidden}})
    total = sum(v for v, _ in cells.values())
    return {"by_kind": by_kind, "total": {"value": total, "hidden": ""}, "ratings": []}


def _outcome_texts(o):
    from withus.reports.exporting import _outcome_lines

    return [line["text"] for line in _outcome_lines(o)]


def test_only_confidence_and_skills_outcomes_say_nothing_about_jobs_or_homes():
    o = _outcomes(confidence=(8, ""), skills=(7, ""), other=(6, ""))
    assert _outcome_texts(o) == []


def test_hidden_job_count_is_not_mentioned():
    o = _outcomes(paid_work=(2, "primary"), accommodation=(3, "secondary"), confidence=(9, ""))
    assert _outcome_texts(o) == []


def test_shown_counts_say_what_happened():
    o = _outcomes(paid_work=(6, ""), accommodation=(2, "primary"), education=(5, "secondary"))
    assert _outcome_texts(o) == ["Some people got a job."]
    o = _outcomes(paid_work=(6, ""), education=(7, ""), accommodation=(5, ""))
    assert _outcome_texts(o) == ["Some people got a job, training or a new home."]


def test_easy_read_uses_the_outcome_line():
    from withus.reports.exporting import easy_read

    figures = {
        "threshold": 5,
        "start": "2026-04-01",
        "end": "2026-06-30",
        "outcomes": _outcomes(confidence=(8, ""), other=(6, "")),
    }
    texts = [line["text"] for page in easy_read(figures) for line in page["lines"]]
    assert not any("job" in t or "home" in t for t in texts)
