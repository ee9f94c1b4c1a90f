"""Default self-assessment content, in our own words.

The four pieces of the whole-systems jigsaw (culture, practice, structure, review) come from the
Social Care Institute for Excellence (Wright et al., 2006) as presented in *Service user
involvement and co-production* (Clinks, 2016, section 2.4). The statements under each piece are
ours, drawn from the guide's sections 2.4 and 3.1 to 3.5. Each organisation gets its own copy,
which it can reword, add to or retire.
"""

from __future__ import annotations

from django.db import models


class Piece(models.TextChoices):
    CULTURE = "culture", "Culture"
    PRACTICE = "practice", "Practice"
    STRUCTURE = "structure", "Structure"
    REVIEW = "review", "Review"


PIECE_ORDER = [Piece.CULTURE, Piece.PRACTICE, Piece.STRUCTURE, Piece.REVIEW]

PIECE_DESCRIPTIONS = {
    Piece.CULTURE: "The values and attitudes shared by staff, volunteers and the people who use "
    "our services, showing that involvement matters here.",
    Piece.PRACTICE: "What we actually do day to day: the activities, skills and know-how that "
    "make it possible for people to take part.",
    Piece.STRUCTURE: "How involvement is built into the organisation: plans, budgets, staff time, "
    "policies and places where decisions are made.",
    Piece.REVIEW: "How we check what involvement has changed and show it to others, including "
    "the people who took part.",
}


class Level(models.IntegerChoices):
    NOT_YET = 0, "Not yet"
    STARTING = 1, "Starting"
    PARTLY = 2, "Partly"
    FULLY = 3, "Fully"


LEVEL_HINTS = {
    Level.NOT_YET: "This does not happen yet.",
    Level.STARTING: "We have made a start, or it happens now and then.",
    Level.PARTLY: "It happens in some teams or projects but not all.",
    Level.FULLY: "It happens across the organisation and we can show it.",
}

# (piece, statement, what evidence might look like)
STATEMENTS: list[tuple[str, str, str]] = [
    (
        Piece.CULTURE,
        "Our managers and trustees openly back involvement and give it time and money.",
        "Board minutes, a senior champion, involvement in the business plan.",
    ),
    (
        Piece.CULTURE,
        "Staff treat people with lived experience as partners, not only as clients.",
        "What staff say in supervision, feedback from people who take part.",
    ),
    (
        Piece.CULTURE,
        "People who use our services know they can have a say, and believe it makes a difference.",
        "Survey answers, what people say at forums, how many come back.",
    ),
    (
        Piece.CULTURE,
        "A senior person is named as the champion for involvement and promotes it.",
        "The champion's name and what they have done this year.",
    ),
    (
        Piece.CULTURE,
        "We talk honestly about risk, boundaries and what is not up for change, instead of "
        "avoiding them.",
        "Staff briefings, ground rules, how concerns were handled.",
    ),
    (
        Piece.PRACTICE,
        "People can take part in different ways that fit their lives, abilities and commitments.",
        "The methods in use: forums, surveys, peer research, panels, one-to-one.",
    ),
    (
        Piece.PRACTICE,
        "Staff have the skills and training to support involvement well.",
        "Training records, who has facilitated sessions.",
    ),
    (
        Piece.PRACTICE,
        "Everyone who takes part gets a briefing before, support during and a debrief after.",
        "Welcome packs, briefing notes, debrief records.",
    ),
    (
        Piece.PRACTICE,
        "Expenses are repaid in full and quickly, and any payment is agreed before the work.",
        "How long claims take to pay, the payment policy.",
    ),
    (
        Piece.PRACTICE,
        "Information comes in formats people can use, such as large print and Easy Read.",
        "Papers sent two weeks ahead, accessible versions produced.",
    ),
    (
        Piece.STRUCTURE,
        "We have a written involvement strategy or policy, made with people with lived experience.",
        "The strategy, who helped write it, when it was last reviewed.",
    ),
    (
        Piece.STRUCTURE,
        "Involvement has its own budget and staff time in our plans.",
        "Budget lines for payments, expenses, training and venues.",
    ),
    (
        Piece.STRUCTURE,
        "People with lived experience have places where decisions are made, such as the board, "
        "committees or interview panels.",
        "Seats held, panels joined, decisions they took part in.",
    ),
    (
        Piece.STRUCTURE,
        "Our safeguarding and risk processes let people with convictions take part safely, "
        "with decisions recorded.",
        "Risk assessments by role, recorded decisions, the safeguarding policy.",
    ),
    (
        Piece.STRUCTURE,
        "Staff supervision and appraisals cover their part in involvement.",
        "Supervision notes, appraisal objectives.",
    ),
    (
        Piece.REVIEW,
        "We record what people told us and what we did about it.",
        "The 'you said, we did' log.",
    ),
    (
        Piece.REVIEW,
        "People hear back about what happened as a result of what they said.",
        "Feedback sent, how long it took.",
    ),
    (
        Piece.REVIEW,
        "We check who is involved and act when some groups are missing.",
        "Equality monitoring compared with the people we serve.",
    ),
    (
        Piece.REVIEW,
        "We evaluate involvement together with the people who took part.",
        "Before and after surveys, evaluation sessions, peer-led reviews.",
    ),
    (
        Piece.REVIEW,
        "We can show funders and commissioners what involvement has changed.",
        "Reports, case studies, changes to services that came from involvement.",
    ),
]
