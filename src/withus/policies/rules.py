"""Checks on a strategy or policy document, shown beside it (pure functions over plain facts).

After Clinks (2016), section 3.1: involve people with lived experience in writing the strategy,
have it agreed so the whole organisation can see it is serious, and keep it up to date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from withus.checks import Finding, Severity

REVIEW_AFTER_DAYS = 365


@dataclass(frozen=True)
class DocumentFacts:
    latest_is_draft: bool
    approved_on: dt.date | None  # the latest approved version's approval date
    co_authors: int  # on the latest version
    empty_sections: tuple[str, ...]  # headings of sections with no typed text


def document_findings(facts: DocumentFacts, *, today: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    if facts.approved_on is None:
        findings.append(
            Finding(
                "policy.never_approved",
                Severity.WARNING,
                "No version has been approved yet.",
                "Ask an admin to approve it, so everyone knows it is the agreed version.",
            )
        )
    elif facts.latest_is_draft:
        findings.append(
            Finding(
                "policy.draft_waiting",
                Severity.INFO,
                "The latest version is a draft; the approved version is still the one in use.",
                "Ask an admin to approve the draft when it is ready.",
            )
        )
    if facts.approved_on is not None and (today - facts.approved_on).days > REVIEW_AFTER_DAYS:
        findings.append(
            Finding(
                "policy.review_due",
                Severity.WARNING,
                "It is more than a year since this was last approved.",
                "Review it with the people it affects and approve a new version.",
            )
        )
    if facts.co_authors == 0:
        findings.append(
            Finding(
                "policy.no_co_authors",
                Severity.INFO,
                "Nobody with lived experience is named as writing it with you.",
                "Write it with the people it is about: it can be the first piece of work you"
                " do together.",
            )
        )
    if facts.empty_sections:
        findings.append(
            Finding(
                "policy.empty_sections",
                Severity.WARNING,
                "Some sections are empty: " + ", ".join(facts.empty_sections) + ".",
                "Fill them in, or say why they do not apply.",
            )
        )
    return findings
