"""Pure checks for the safeguarding log, the exit record and testimonial letters. Each returns
Findings, most serious first."""

from __future__ import annotations

import datetime as dt

from withus.checks import Finding, Severity

# The Charity Commission asks trustees to report a serious incident promptly, meaning as soon as
# reasonably possible after it happens or comes to light. We warn after this many days.
REPORT_PROMPTLY_DAYS = 7


def concern_findings(
    *,
    status: str,
    raised_on: dt.date,
    review_on: dt.date | None,
    reportable: bool,
    reported_on: dt.date | None,
    decisions: int,
    today: dt.date,
) -> list[Finding]:
    found: list[Finding] = []
    is_open = status == "open"
    if reportable and reported_on is None:
        waited = (today - raised_on).days
        found.append(
            Finding(
                "safeguarding.not_reported",
                Severity.WARNING if waited <= REPORT_PROMPTLY_DAYS else Severity.BLOCKING,
                "This is marked as a serious incident but no report to the Charity Commission "
                "is recorded" + (f" ({waited} days since it was raised)." if waited > 0 else "."),
                "The trustees should report it promptly through the Commission's online form, "
                "then record who reported it, when, and the Commission's reference here.",
            )
        )
    if is_open and review_on is not None and review_on < today:
        found.append(
            Finding(
                "safeguarding.review_overdue",
                Severity.WARNING,
                f"The review was due {(today - review_on).days} days ago.",
                "Review the concern, record the decision and set the next review date.",
            )
        )
    if is_open and review_on is None:
        found.append(
            Finding(
                "safeguarding.no_review",
                Severity.WARNING,
                "This open concern has no review date.",
                "Record a decision with a date to review it again.",
            )
        )
    if decisions == 0:
        found.append(
            Finding(
                "safeguarding.no_decision",
                Severity.INFO,
                "No decision has been recorded yet.",
                "Write down what was decided, who decided and why, even if the decision is to "
                "take no further action.",
            )
        )
    order = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(found, key=lambda f: order[f.severity])


def exit_findings(
    *,
    destination: str,
    signposted: int,
    open_requests: int,
    signed_letters: int,
) -> list[Finding]:
    """Things to do for someone moving on (Clinks 2016, section 5.6)."""
    found: list[Finding] = []
    if open_requests:
        found.append(
            Finding(
                "exits.request_open",
                Severity.WARNING,
                "They asked for a testimonial or reference in the portal and it is not done yet.",
                "Write the letter below, sign it, then mark their request done.",
            )
        )
    if not signed_letters:
        found.append(
            Finding(
                "exits.no_letter",
                Severity.INFO,
                "No signed testimonial letter yet.",
                "Offer one: a letter about what they contributed helps with work, study and "
                "volunteering.",
            )
        )
    if destination in {"volunteering", "another_service", "unknown", "other"} and not signposted:
        found.append(
            Finding(
                "exits.not_signposted",
                Severity.INFO,
                "They have not been pointed to any other organisation.",
                "Look in the signposting directory for volunteering and support near them.",
            )
        )
    return found
