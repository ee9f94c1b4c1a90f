"""Common problems with involvement and what to try, in our own words.

Based on the troubleshooting tables in Clinks (2016), sections 3.2 (getting started) and 4.7
(running a project). Three problems are not in those tables but come from other parts of the same
guide, and are marked with their section: being left out of pocket (5.5), the same few voices
(3.5 and the "new blood" advice in 4.7) and groups who are seldom heard (3.5).
"""

from __future__ import annotations

from dataclasses import dataclass

CREDIT = "Based on guidance from Clinks (2016), Service user involvement: a guide."


@dataclass(frozen=True)
class Problem:
    key: str
    title: str
    summary: str
    actions: tuple[str, ...]
    section: str  # where in the guide it comes from

    @property
    def anchor(self) -> str:
        return f"problem-{self.key.replace('_', '-')}"


PROBLEMS: tuple[Problem, ...] = (
    # --- getting started (guide 3.2) ---
    Problem(
        "buy_in",
        "Managers or trustees are not behind it",
        "Leaders who have never worked alongside people with lived experience may need "
        "convincing before they give it time, money and backing.",
        (
            "Find people in the organisation who will speak up for involvement and ask them to "
            "champion it.",
            "Write a short statement or policy saying how and why you involve people.",
            "Set out what involvement brings to your own work, in your own services.",
            "Share examples of other organisations whose services got better because they "
            "involved people.",
            "Offer managers and trustees a briefing or training on involvement.",
        ),
        "3.2",
    ),
    Problem(
        "staff_wary",
        "Staff are wary of it",
        "Staff may hold back because nobody asked them first, or because they expect to hear "
        "only criticism.",
        (
            "Talk openly with staff about what involvement could do and what it might look like.",
            "Be honest early on about which things can change and which cannot.",
            "Keep staff up to date on what the project is for and what came out of it.",
        ),
        "3.2",
    ),
    Problem(
        "staff_unprepared",
        "Staff feel out of their depth",
        "Involvement work asks for time and know-how. Staff may be short of both, or unsure "
        "where to get help.",
        (
            "Make training available to the staff who run involvement work.",
            "Put involvement on the agenda at one-to-ones and yearly reviews, and agree together "
            "what extra help each person needs.",
            "Write policies and guidance that make involvement part of normal work, so it lasts.",
        ),
        "3.2",
    ),
    Problem(
        "role_adjustment",
        "Staff find the change of roles uncomfortable",
        "Some staff may feel challenged, or even threatened, when people who use the service "
        "give their views.",
        (
            "Tell the whole organisation your reasons for involving people and the changes you "
            "are hoping for.",
            "Give participants a written role description that sets out the limits of the role as "
            "well as its tasks.",
            "Give everyone on the project team a named person to turn to with questions.",
            "Encourage staff to welcome comments, and show how comments lead to better services.",
            "Remind staff that taking part can itself help people move away from crime and "
            "towards recovery.",
        ),
        "3.2",
    ),
    Problem(
        "difficult_voices",
        "Worries about including 'difficult voices'",
        "Some people may stay away if they know that others with particular convictions, such "
        "as sexual or domestic abuse offences, will be in the room.",
        (
            "Make it known early that the project welcomes people with many different "
            "backgrounds and views.",
            "Agree how you will weigh up risks, and who decides what happens if someone raises a "
            "worry.",
            "Connect your involvement strategy with your safeguarding arrangements.",
            "Give every participant a named person to go to with anything that troubles them.",
            "If mixing some people in one group is a worry, a separate session may let more "
            "people take part.",
            "Brief and train facilitators on the tensions a mix of offences in one room can "
            "bring, and how to respond.",
        ),
        "3.2",
    ),
    # --- running a project (guide 4.7) ---
    Problem(
        "low_recruitment",
        "Recruitment is low or slow",
        "Fewer people are coming forward than the project needs, or they are taking a long "
        "time to get from a first enquiry to taking part.",
        (
            "Keep expectations realistic: not everyone will want to take part, and that is fine.",
            "Ask key workers and other staff to mention involvement in their sessions and "
            "encourage people to try it.",
            "Offer something back: payment, training and a route to other roles.",
            "Let people who already have involvement experience help with recruiting.",
            "Advertise widely in the places people actually go, such as hostels, waiting rooms "
            "and your own offices.",
            "Give the project one named contact, and put their details wherever you advertise.",
        ),
        "4.7",
    ),
    Problem(
        "personality_clashes",
        "People clash with each other",
        "Strong personalities and strong views can pull a group apart.",
        (
            "Help everyone see that their own experience matters but may not speak for "
            "everyone who uses the service.",
            "Choose staff who can handle strong and differing voices in a group, or train them to.",
            "Make sure participants know one person they can take worries to safely.",
            "Have a written complaints procedure for when a quiet word does not settle things.",
        ),
        "4.7",
    ),
    Problem(
        "not_prepared",
        "Participants do not feel ready",
        "People may feel they do not have the skills or the support to take part.",
        (
            "Agree with key workers what is expected of people, so they can help them prepare.",
            "Describe each role in writing: what it involves, how much time it takes and what "
            "skills help.",
            "Offer training, and tell people who to go to when they need help.",
            "Give people ways to tell you how it is going, such as a mentor or an anonymous "
            "suggestions box.",
            "Agree ground rules with the group, including how disagreements get settled.",
            "Offer a range of roles, from light to demanding, with ways to move on to more.",
        ),
        "4.7",
    ),
    Problem(
        "no_ownership",
        "Participants do not feel the project is theirs",
        "If people are only asked for views at one stage, or never hear what happened, they "
        "stop feeling it belongs to them.",
        (
            "Involve people in planning the project, running it and judging how it went, not "
            "just one of these.",
            "Stay in touch often, and point out where people's ideas have made a difference.",
        ),
        "4.7",
    ),
    Problem(
        "fatigue",
        "Project fatigue",
        "Meetings feel stale, fewer people come, and the group stops moving forward.",
        (
            "Agree what the group is aiming for, and a date to get there.",
            "Review how often you meet, and whether meetings are getting you to the targets.",
            "Ask whether the project needs new people, staff or participants, and bring them in.",
            "Help people take their next step, for example into volunteering, a course or a job.",
            "Check how the project team is doing, and let participants have a say in that check.",
        ),
        "4.7",
    ),
    # --- from other sections of the guide ---
    Problem(
        "out_of_pocket",
        "People are left out of pocket",
        "Paying expenses late means people on low incomes carry the cost of helping you, and "
        "puts them off taking part again.",
        (
            "Pay back the exact out-of-pocket cost as soon as you can.",
            "Book and pay for travel in advance wherever possible, so nobody has to find the fare.",
            "Tell people when they will be paid, and keep to it.",
            "Check the claims waiting every week, and set a target that your finance team can "
            "meet.",
        ),
        "5.5",
    ),
    Problem(
        "narrow_voices",
        "The same few people are always involved",
        "A small group can end up speaking for everyone. Their views matter, but the service "
        "hears less, and the group can tire.",
        (
            "Bring in new people: try a recruitment channel you have not used before.",
            "Offer a menu of roles with different levels of commitment, so more people can "
            "join in.",
            "Share out roles such as chairing or representing the group.",
            "Help long-standing members move on to new opportunities, and celebrate it.",
        ),
        "3.5 and 4.7",
    ),
    Problem(
        "seldom_heard",
        "Some groups are under-represented",
        "The people taking part do not reflect the people you serve, so some groups are "
        "seldom heard.",
        (
            "Reach out on purpose to the groups you hear from least.",
            "Match opportunities to what people can do, and offer a range of ways to take part.",
            "Provide information in different formats, such as Easy Read and large print.",
            "Remove practical barriers, for example by paying for childcare.",
            "Look at your equality figures regularly and act when the picture is narrow.",
        ),
        "3.5",
    ),
)

BY_KEY: dict[str, Problem] = {problem.key: problem for problem in PROBLEMS}


def problem(key: str) -> Problem:
    return BY_KEY[key]
