"""Default content in our own words: the ladder of participation, starter tasks per method, and
common risks. Drawn from the Clinks guide (2016, sections 2.4, 3.2, 4.1, 4.2) and DOMAIN.md."""

from withus.people.choices import Method

# One default ladder, bottom rung first, built from Arnstein (1969), Hart (1992) and the Think
# Local Act Personal ladder of co-production. Organisations can rename and re-describe rungs.
DEFAULT_LADDER = [
    ("Not involved", "doing to", "Decisions are made without people who use the service."),
    ("Informed", "doing to", "People are told what has been decided and why."),
    ("Consulted", "doing for", "People are asked for their views; the organisation decides."),
    ("Engaged", "doing for", "People's views shape the options; staff still make the final call."),
    ("Co-designing", "doing with", "People and staff design the work together."),
    ("Co-producing", "doing with", "People are equal partners in designing and delivering it."),
    (
        "Led by people with lived experience",
        "doing with",
        "People with lived experience lead, with the organisation supporting them.",
    ),
]

METHOD_GUIDANCE = {
    Method.CONSULTATION: "Good for hearing many views on a service or strategy: surveys, "
    "questionnaires, focus groups and workshops.",
    Method.RESEARCH: "Peers often get more honest answers: peer research, interviews, "
    "mystery shopping and reviewing services.",
    Method.CO_PRODUCTION: "A standing forum or council gives people a regular place to raise "
    "issues, shape decisions and support each other.",
    Method.REPRESENTATION: "People put issues to commissioners and review panels in their own "
    "words, showing their views count at the top.",
    Method.TRAINING: "People lead or co-lead training for staff and peers; others see peers "
    "involved and are encouraged to join.",
    Method.RECRUITMENT: "Sitting on interview panels tells candidates involvement matters and "
    "helps hire staff with the right values.",
    Method.GOVERNANCE: "A place on the board or a committee brings lived experience into "
    "decisions at the highest level.",
    Method.SERVICE_DESIGN: "People's direct experience improves how a service is designed, and "
    "builds skills and confidence.",
    Method.SERVICE_DELIVERY: "Peer mentors and supporters act as a trusted link between peers "
    "and the organisation.",
    Method.MEDIA: "Speaking at events or to the press helps outsiders understand the issues and "
    "builds public speaking skills.",
}

# Starter tasks for a new project, by method: (title, for whom, skills needed).
_GROUP_SESSION = [
    ("Tell peers about it", "participant", "talking to people"),
    ("Design a poster", "participant", "design"),
    ("Book an accessible venue", "staff", ""),
    ("Arrange refreshments, checking dietary needs", "staff", ""),
    ("Arrange travel that gets everyone home before any curfew", "staff", ""),
    ("Buddy someone who is new", "participant", "listening"),
    ("Facilitate the discussion", "participant", "facilitation"),
    ("Take notes", "participant", "writing"),
    ("Write up what was said and feed it back", "staff", "writing"),
]
STARTER_TASKS = {
    Method.CONSULTATION: _GROUP_SESSION,
    Method.CO_PRODUCTION: _GROUP_SESSION
    + [
        ("Agree terms of reference and ground rules", "participant", ""),
        ("Send papers two weeks before each meeting", "staff", ""),
    ],
    Method.RESEARCH: [
        ("Agree the research questions together", "participant", ""),
        ("Arrange research skills training", "staff", ""),
        ("Design the questionnaire", "participant", "writing"),
        ("Carry out interviews", "participant", "interviewing"),
        ("Analyse what people said", "participant", "research"),
        ("Write up and present the findings", "participant", "writing"),
    ],
    Method.TRAINING: [
        ("Plan the session with the trainers", "participant", "training"),
        ("Offer train-the-trainer support", "staff", ""),
        ("Deliver the training", "participant", "public speaking"),
        ("Collect feedback from those trained", "staff", ""),
    ],
    Method.RECRUITMENT: [
        ("Offer interview panel training", "staff", ""),
        ("Agree questions with the panel", "participant", "interviewing"),
        ("Sit on the interview panel", "participant", "interviewing"),
    ],
}

COMMON_RISKS = [
    (
        "Safeguarding concerns between people taking part",
        "Check restrictions before inviting; brief facilitators; agree who to go to with concerns.",
    ),
    (
        "Professional boundaries become unclear",
        "Agree a code of conduct; make roles clear; give staff supervision and someone to ask.",
    ),
    (
        'Some voices put others off taking part ("difficult voices")',
        "Say from the start that a broad range of voices is wanted; consider separate sessions.",
    ),
    (
        "Staff feel wary or threatened by the project",
        "Talk openly about what is and is not up for change; share aims and results with staff.",
    ),
    (
        "People are left out of pocket or lose benefits",
        "Repay exact expenses quickly; tell people the total payment in advance; signpost advice.",
    ),
]
