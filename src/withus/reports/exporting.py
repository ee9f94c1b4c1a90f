"""Report files from stored figures: PDF (HTML through WeasyPrint), DOCX and XLSX.

All three are written from one outline (sections of short paragraphs and tables), so they say
the same thing. Hidden counts are printed as "fewer than 5" or "hidden", never as numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.template.loader import render_to_string

from withus.reports import charts
from withus.reports.figures import display

METHODS_NOTE = (
    "How we worked these out: every number comes from our records for the period. People are "
    "counted once however many times they took part. To protect people's privacy, counts of "
    "fewer than {t} people are not shown, and where a hidden number could be worked out from a "
    "total, another number is hidden too. Outcomes are only counted when the person agreed. "
    "A group is marked 'seldom heard' when its share of the people involved is under 80% of "
    "its share of the people we serve. The guide we follow is Clinks (2016)."
)


def long_date(value: str) -> str:
    day = dt.date.fromisoformat(value)
    return f"{day:%A} {day.day} {day:%B %Y}"


def title(figures: dict) -> str:
    what = f" — {figures['project']}" if figures.get("project") else ""
    return f"{figures['organisation']}: involvement report{what}"


def period(figures: dict) -> str:
    return f"{long_date(figures['start'])} to {long_date(figures['end'])}"


def _table(caption, header, rows):
    return {"caption": caption, "header": header, "rows": rows}


def outline(figures: dict) -> list[dict]:
    """Sections: {"key", "title", "paragraphs": [str], "tables": [...]}; cells are
    (text, number-or-None) pairs so the XLSX can keep numbers as numbers."""
    t = figures["threshold"]

    def c(value):  # a plain count
        return (f"{value:,}", value)

    def p(cell):  # a count of people, maybe hidden
        return (display(cell, t), None if cell["hidden"] else cell["value"])

    def pc(value):
        return ("not shown", None) if value is None else (f"{value}%", value)

    sections = []
    if figures["audience"] == "funder":
        sections.append(
            {
                "key": "methods",
                "title": "How we counted",
                "paragraphs": [METHODS_NOTE.format(t=t)],
                "tables": [],
            }
        )
    a = figures.get("activity")
    if a:
        sections.append(
            {
                "key": "activity",
                "title": "Activity",
                "paragraphs": [
                    f"Events held: {a['events_total']:,}.",
                    f"People involved: {display(a['people_involved'], t)}.",
                    f"Hours of involvement: {a['involvement_hours']:,}.",
                    f"Projects running: {a['projects_total']:,}.",
                ],
                "tables": [
                    _table(
                        "Events by kind",
                        ["Kind", "Events"],
                        [[(r["label"], None), c(r["count"])] for r in a["events_by_kind"]],
                    ),
                    _table(
                        "Projects by method",
                        ["Method", "Projects"],
                        [[(r["label"], None), c(r["count"])] for r in a["projects_by_method"]],
                    ),
                    _table(
                        "Projects by level of participation",
                        ["Level", "Projects"],
                        [[(r["label"], None), c(r["count"])] for r in a["projects_by_rung"]],
                    ),
                ],
            }
        )
    m = figures.get("money")
    if m:
        share = m["expense_share_within_target"]
        sections.append(
            {
                "key": "money",
                "title": "Money",
                "paragraphs": [
                    f"Involvement payments paid: £{Decimal(m['involvement_paid']):,}.",
                    f"Expenses paid back: £{Decimal(m['expenses_paid']):,}.",
                    f"People paid: {display(m['people_paid'], t)}.",
                    f"Expense claims paid within {m['expense_target_days']} days: "
                    + (
                        f"{m['claims_within_target']} of {m['claims_paid']} ({share}%)."
                        if share is not None
                        else "no claims were paid."
                    ),
                ],
                "tables": [
                    _table(
                        "Money paid",
                        ["What", "Amount"],
                        [
                            [
                                ("Involvement payments (£)", None),
                                (m["involvement_paid"], float(m["involvement_paid"])),
                            ],
                            [
                                ("Expenses paid back (£)", None),
                                (m["expenses_paid"], float(m["expenses_paid"])),
                            ],
                            [("People paid", None), p(m["people_paid"])],
                            [("Claims paid", None), c(m["claims_paid"])],
                            [("Claims paid within target", None), c(m["claims_within_target"])],
                        ],
                    ),
                ],
            }
        )
    v = figures.get("voice")
    if v:
        loop = v.get("loop")
        paragraphs = [
            f"Things people said, suggested or raised: {v['contributions_received']:,}.",
            f"Decisions made about them: {v['actions_total']:,}.",
        ]
        tables = [
            _table(
                "Our answers",
                ["Answer", "Actions"],
                [[(r["label"], None), c(r["count"])] for r in v["actions_by_response"]],
            ),
            _table(
                "Kinds of change",
                ["Change", "Actions"],
                [[(r["label"], None), c(r["count"])] for r in v["actions_by_change"]],
            ),
        ]
        if loop:
            paragraphs.append(
                f"People told what happened within {v['feedback_target_days']} days: "
                + (
                    f"{loop['share_within_target']}%."
                    if loop["share_within_target"] is not None
                    else "not enough to say yet."
                )
            )
            tables.append(
                _table(
                    "Closing the loop",
                    ["Contributions", "Number"],
                    [
                        [("Received", None), c(loop["received"])],
                        [("Told what happened", None), c(loop["closed"])],
                        [("Told within target", None), c(loop["closed_within_target"])],
                        [("Due by now", None), c(loop["due"])],
                        [("Still open", None), c(loop["open"])],
                    ],
                )
            )
        sections.append(
            {
                "key": "voice",
                "title": "You said, we did",
                "paragraphs": paragraphs,
                "tables": tables,
                "examples": v["examples"],
            }
        )
    o = figures.get("outcomes")
    if o:
        sections.append(
            {
                "key": "outcomes",
                "title": "Outcomes for people",
                "paragraphs": ["Only outcomes people agreed to share are counted."],
                "tables": [
                    _table(
                        "People with each outcome",
                        ["Outcome", "People"],
                        [[(r["label"], None), p(r["people"])] for r in o["by_kind"]]
                        + [[("Total", None), p(o["total"])]],
                    ),
                    _table(
                        "Average change in self-rating (1 to 5)",
                        ["Rating", "People", "Average change"],
                        [
                            [
                                (r["label"], None),
                                p(r["n"]),
                                ("not shown", None)
                                if r["average_change"] is None
                                else (f"{r['average_change']:+}", r["average_change"]),
                            ]
                            for r in o["ratings"]
                        ],
                    ),
                ],
            }
        )
    i = figures.get("impact")
    if i:
        sections.append(
            {
                "key": "impact",
                "title": "Difference to the organisation",
                "paragraphs": [f"Changes recorded: {i['total']:,}."]
                + (
                    [f"Funding secured or contracts won: £{Decimal(i['funding_total']):,}."]
                    if Decimal(i["funding_total"])
                    else []
                )
                + [
                    f"{r['title']} ({r['kind']}, {long_date(r['happened_on'])}). Evidence: "
                    f"{r['evidence']}"
                    for r in i["records"][:10]
                ],
                "tables": [
                    _table(
                        "Changes by kind",
                        ["Kind", "Number"],
                        [[(r["label"], None), c(r["count"])] for r in i["by_kind"]],
                    )
                ],
            }
        )
    s = figures.get("surveys")
    if s:
        tables = [
            _table(
                f"Before and after: {survey['title']}",
                ["Question", "People", "Before", "After", "Change", "Improved (%)"],
                [
                    [
                        (q["question"], None),
                        p(q["n"]),
                        *[
                            ("not shown", None) if q[k] is None else (f"{q[k]}", q[k])
                            for k in ("mean_before", "mean_after", "mean_change", "share_improved")
                        ],
                    ]
                    for q in survey["questions"]
                ],
            )
            for survey in s["surveys"]
        ]
        sections.append(
            {
                "key": "surveys",
                "title": "Before and after surveys",
                "paragraphs": [] if tables else ["No before and after surveys closed."],
                "tables": tables,
            }
        )
    e = figures.get("equality")
    if e:
        tables = []
        compare = e["baseline_year"] is not None
        blank = ("", None)
        for q in e["questions"]:
            rows = []
            for r in q["rows"]:
                share = blank if r["separate"] else pc(r["involved_share"])
                row = [(r["label"], None), p(r["involved"]), share]
                if compare:
                    base = r["baseline"]
                    row += [
                        p(base) if base else blank,
                        blank if r["separate"] else pc(r["baseline_share"]),
                        ("Seldom heard" if r["seldom_heard"] else "", None),
                    ]
                rows.append(row)
            total = [("Total", None), p(q["involved_total"]), blank]
            if compare:
                total += [p(q["baseline_total"]), blank, blank]
            rows.append(total)
            header = ["Answer", "People involved", "Share"]
            if compare:
                header += ["People we serve", "Share", "Flag"]
            tables.append(_table(q["question"], header, rows))
        year = e["baseline_year"]
        sections.append(
            {
                "key": "equality",
                "title": "Who took part",
                "paragraphs": [
                    f"People involved: {display(e['people_involved'], t)}.",
                    f"Compared with the people we served in {year}."
                    if year
                    else "No figures for the people we serve have been entered yet.",
                    e["rule"],
                ],
                "tables": tables,
            }
        )
    return sections


def _loop_lines(loop: dict | None) -> list[dict]:
    """What happened to what people said, from the loop figures (never assumed)."""
    if not loop or not loop["received"]:
        return []
    lines = []
    if loop["closed"]:
        text = f"We told you what happened to {loop['closed']:,} of them."
        lines.append({"icon": "tick", "text": text})
    if loop["open"]:
        text = f"We are still working on {loop['open']:,}. We will tell you what happens."
        lines.append({"icon": "clock", "text": text})
    return lines


# What the Easy Read report may say about an outcome, in its order.
EASY_OUTCOMES = (
    ("paid_work", "a job"),
    ("education", "training"),
    ("qualification", "a qualification"),
    ("accommodation", "a new home"),
)


def _outcome_lines(outcomes: dict | None) -> list[dict]:
    """Says only what a shown count backs: an outcome whose count is hidden is not mentioned."""
    if not outcomes:
        return []
    cells = {r["key"]: r["people"] for r in outcomes["by_kind"]}
    said = [
        words
        for key, words in EASY_OUTCOMES
        if key in cells and not cells[key]["hidden"] and cells[key]["value"] > 0
    ]
    if not said:
        return []
    what = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " or " + said[-1]
    return [{"icon": "star", "text": f"Some people got {what}."}]


def easy_read(figures: dict) -> list[dict]:
    """Short lines with an icon each, for the Easy Read report."""
    t = figures["threshold"]
    lines = [{"icon": "calendar", "text": f"This report is about {period(figures)}."}]
    a = figures.get("activity") or {}
    if a:
        lines.append(
            {"icon": "calendar", "text": f"We held {a['events_total']} meetings and events."}
        )
        people = a["people_involved"]
        lines.append(
            {"icon": "people", "text": f"{display(people, t).capitalize()} people took part."}
        )
        lines.append(
            {"icon": "clock", "text": f"Together you gave {a['involvement_hours']:g} hours."}
        )
    v = figures.get("voice") or {}
    if v:
        said = v["contributions_received"]
        if said:
            lines.append({"icon": "speech", "text": f"You told us {said:,} things."})
            lines.extend(_loop_lines(v.get("loop")))
        else:
            lines.append({"icon": "speech", "text": "Nobody told us anything new this time."})
    examples = v.get("examples", [])
    o = figures.get("outcomes") or {}
    lines.extend(_outcome_lines(o))
    return [{"lines": lines, "examples": examples}]


def pdf(figures: dict) -> bytes:
    from withus.documents import html_to_pdf

    return html_to_pdf(html(figures))


def html(figures: dict) -> str:
    if figures["audience"] == "participants":
        return render_to_string(
            "reports/pdf_easy_read.html",
            {
                "figures": figures,
                "title": title(figures),
                "period": period(figures),
                "parts": easy_read(figures),
            },
        )
    specs = charts.chart_specs(figures)
    return render_to_string(
        "reports/pdf.html",
        {
            "figures": figures,
            "title": title(figures),
            "period": period(figures),
            "sections": outline(figures),
            "charts": [
                {"alt": s["alt"], "title": s["title"], "svg": charts.svg(s, f"c{n}")}
                for n, s in enumerate(specs)
            ],
        },
    )


def docx(figures: dict) -> bytes:
    from docx import Document
    from docx.shared import Inches, Pt

    from withus.documents import a4, docx_bytes, plain_font, set_properties

    document = Document()
    a4(document.sections[0])
    easy = figures["audience"] == "participants"
    plain_font(document.styles["Normal"], 16 if easy else 11)
    set_properties(
        document, title=title(figures), subject="Involvement report", author=figures["organisation"]
    )
    document.add_heading(title(figures), level=1)
    document.add_paragraph(period(figures))
    if easy:
        for part in easy_read(figures):
            for line in part["lines"]:
                document.add_paragraph(line["text"])
            if part["examples"]:
                document.add_heading("You said, we did", level=2)
                for example in part["examples"]:
                    document.add_paragraph(f"You said: {example['you_said']}")
                    document.add_paragraph(f"We did: {example['we_did']}")
        return docx_bytes(document)
    for section in outline(figures):
        document.add_heading(section["title"], level=2)
        for text in section["paragraphs"]:
            document.add_paragraph(text)
        for table in section["tables"]:
            if not table["rows"]:
                continue
            document.add_paragraph(table["caption"]).runs[0].bold = True
            grid = document.add_table(rows=1, cols=len(table["header"]))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, table["header"], strict=True):
                cell.text = text
            for row in table["rows"]:
                cells = grid.add_row().cells
                for cell, (text, _) in zip(cells, row, strict=True):
                    cell.text = str(text)
    specs = charts.chart_specs(figures)
    if specs:
        document.add_heading("Charts", level=2)
        for spec in specs:
            document.add_picture(io.BytesIO(charts.png(spec)), width=Inches(6))
            document.inline_shapes[-1]._inline.docPr.set("descr", spec["alt"])  # alt text
            document.add_paragraph(spec["alt"]).runs[0].font.size = Pt(9)
    return docx_bytes(document)


def xlsx(figures: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from withus.spreadsheets import neutralise

    book = Workbook()
    sheet = book.active
    sheet.title = "Report"
    sheet.append([neutralise(title(figures))])
    sheet.append([neutralise(period(figures))])
    sheet.append([f"Counts of fewer than {figures['threshold']} people are not shown."])
    for section in outline(figures):
        ws = book.create_sheet(section["title"][:31])
        ws.append([neutralise(section["title"])])
        ws["A1"].font = Font(bold=True, size=14)
        for text in section["paragraphs"]:
            ws.append([neutralise(text)])
        for table in section["tables"]:
            ws.append([])
            ws.append([neutralise(table["caption"])])
            ws.append([neutralise(h) for h in table["header"]])
            for row in table["rows"]:
                ws.append([neutralise(text) if number is None else number for text, number in row])
        ws.column_dimensions["A"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
