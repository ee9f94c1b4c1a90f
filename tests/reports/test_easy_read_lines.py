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
