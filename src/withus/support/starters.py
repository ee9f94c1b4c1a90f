"""The starter training catalogue and guidance, in our own words.

The list of courses follows the training ideas in Clinks (2016), section 5.4 "Training and
support", for people with lived experience and for staff. The descriptions are ours; an
organisation can change every word, add its own courses and stop offering any of these.
"""

from __future__ import annotations

from withus.support.models import Audience

P = Audience.PARTICIPANTS
S = Audience.STAFF

# (key, title, audience, description)
COURSES: list[tuple[str, str, str, str]] = [
    (
        "facilitation",
        "Facilitation skills",
        P,
        "How to run a group discussion so that everyone gets a fair say: opening and closing a "
        "session, keeping to time, drawing in quieter people and handling disagreement calmly.",
    ),
    (
        "committee",
        "Committee skills",
        P,
        "What happens at formal meetings and how to take part: agendas, papers, minutes, "
        "chairing, proposing and voting, and how to get a point onto the agenda.",
    ),
    (
        "team-working",
        "Team working",
        P,
        "Working well with others on a shared task: agreeing who does what, listening, giving "
        "and taking feedback, and sorting out problems before they grow.",
    ),
    (
        "representative",
        "Being a representative",
        P,
        "Speaking for a group rather than only for yourself: gathering other people's views, "
        "taking them to a meeting, and reporting back what happened.",
    ),
    (
        "research",
        "Research skills",
        P,
        "The skills a peer researcher needs for a particular project: asking good questions, "
        "consent and confidentiality, taking notes, and finding themes in what people said.",
    ),
    (
        "proposals",
        "Writing proposals",
        P,
        "Putting an idea in writing so that a funder or manager can say yes: what the problem "
        "is, what you want to do, what it costs and how you will know it worked.",
    ),
    (
        "it",
        "IT skills",
        P,
        "Using a phone or computer for involvement work: email, video calls, shared documents "
        "and staying safe online, at whatever level the person starts from.",
    ),
    (
        "confidence",
        "Confidence and assertiveness",
        P,
        "Building the confidence to speak up in a room of professionals: saying what you think "
        "clearly and respectfully, and handling nerves.",
    ),
    (
        "interviewing",
        "Interviewing",
        P,
        "Sitting on an interview panel to recruit staff: fair questions, scoring against the "
        "role, keeping notes, and keeping what you hear confidential.",
    ),
    (
        "media",
        "Media skills",
        P,
        "Telling your story to journalists, at events or online in a way you control: what to "
        "share, what to keep private, and how to prepare key messages.",
    ),
    (
        "involvement-awareness",
        "Involvement awareness for staff",
        S,
        "Why involving people with lived experience matters and what good involvement looks "
        "like, for key staff, managers, trustees and project steering groups.",
    ),
    (
        "group-facilitation-staff",
        "Group facilitation for staff",
        S,
        "Running involvement sessions where participants and staff are equals: planning an "
        "accessible session, sharing power in the room and following up afterwards.",
    ),
]

# Shown on the training and support pages. Credit: Clinks (2016), section 5.4.
GUIDANCE = [
    "People with lived experience and staff both need the right training and support for "
    "involvement to work.",
    "Do not guess what someone needs: ask them, write down what they said, and ask again as "
    "things change.",
    "Support can be a mentor, a peer buddy, supervision from someone outside the team, or a "
    "private online space for the group.",
    "For staff, talk about their involvement work at supervision and appraisal, and hold "
    "regular meetings to hear how it is going for them.",
]
