"""Starter wording for each kind of document, written by us after Clinks (2016), sections 3.1 to
3.5 (strategy, resources, ethics and principles, equality), 5.5 (reward and recognition) and 5.6
(moving on). Every organisation should rewrite these with the people it involves; they are a
place to start, not a policy to adopt unread.

Each section is (key, heading, starter text, data). `data` names what withus fills in from the
organisation's records under the typed text ("review", "planned", "rates", "expenses",
"complaints"), or is "" for typed text only. Lines starting with "- " become bullet points.
"""

from __future__ import annotations

from dataclasses import dataclass

from withus.policies.models import PolicyDocument

K = PolicyDocument.Kind

CREDIT = "Starter wording by withus, after Clinks (2016), Service user involvement guide."


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str
    starter: str
    data: str = ""


SPECS: dict[str, tuple[SectionSpec, ...]] = {
    K.STRATEGY: (
        SectionSpec(
            "background",
            "Background and requirements",
            "This strategy sets out how we involve people with lived experience of the criminal"
            " justice system in shaping, delivering and checking the services we run. It is our"
            " plan for the whole organisation: trustees, managers, staff, volunteers, the people"
            " we work with and our partners.\n"
            "We involve people because services work better when the people who use them help"
            " design them, and because our funders and commissioners expect to see it.\n"
            "Requirements that apply to us (add your own):\n"
            "- what our funders and commissioners ask for about involvement\n"
            "- local and national policy that applies to our services\n"
            "- our own values and business plan\n"
            "Our involvement champion, a senior manager, makes sure this strategy is followed.",
        ),
        SectionSpec(
            "review",
            "Review of our current involvement",
            "Where we are now, drawn from our records on the date below: the projects we run,"
            " the methods they use, how much say people have (the rung of the ladder of"
            " participation), how many people take part and what we spend.",
            data="review",
        ),
        SectionSpec(
            "planned",
            "What we plan to do",
            "Our planned involvement, the methods we will use, what each piece of work aims to"
            " achieve and how it links to our organisation's wider plans. We aim for the right"
            " level of involvement for each job rather than the top of the ladder every time.",
            data="planned",
        ),
        SectionSpec(
            "communication",
            "How we will communicate",
            "We will tell people what is happening and what changed because of what they said:\n"
            "- feedback to everyone who took part, in a format that suits them\n"
            "- a regular update for staff, trustees and partners\n"
            "- papers sent at least two weeks before meetings, in large print and Easy Read on"
            " request",
        ),
        SectionSpec(
            "monitoring",
            "Monitoring and evaluation",
            "We will check whether involvement is making a difference, and who is taking part:\n"
            "- we count who takes part and look at equality monitoring to see who is missing\n"
            "- we record what people said and what we did about it\n"
            "- we ask people who take part what it was like for them\n"
            "- we review this strategy every year, with people with lived experience",
        ),
    ),
    K.PRINCIPLES: (
        SectionSpec(
            "purpose",
            "What this policy is for",
            "These are the principles that govern how people with lived experience take part in"
            " our work. They apply to staff, volunteers and everyone who takes part.",
        ),
        SectionSpec(
            "expect",
            "What you can expect from us",
            "- to take part at a level that suits you and your life at the moment\n"
            "- to say no, or to stop, at any time, without it affecting the help you get\n"
            "- support to get involved, to keep going, to grow or to step back\n"
            "- to be treated with respect and as an equal, and to be welcomed when you arrive\n"
            "- information before each meeting, in a format you can use\n"
            "- to be asked about access needs and the times that work for you\n"
            "- expenses paid back, and payment for your time where we offer it\n"
            "- to hear what changed because of what you said",
        ),
        SectionSpec(
            "information",
            "Your information",
            "You never have to tell us anything you do not want to share. We explain how your"
            " views will be used, when, and how they might be presented, and we ask before we"
            " take photos or film. Staff follow clear guidance on sharing information about"
            " people who take part.",
        ),
        SectionSpec(
            "equality",
            "Equality and diversity",
            "We want a wide range of people to have a say, including groups who are seldom"
            " heard. We offer different ways to take part, information in different formats and"
            " practical help such as childcare. We monitor who takes part and act when groups"
            " are missing. Staff are briefed and supported so that people are involved on equal"
            " terms.",
        ),
        SectionSpec(
            "covers",
            "What else this policy covers",
            "Recruitment and moving on, training and support, reward and payment, and equality"
            " and respect are each set out in our other documents.",
        ),
    ),
    K.REWARD: (
        SectionSpec(
            "why",
            "Why we pay and reward people",
            "People who share their experience and skills with us are giving their time and"
            " expertise, and we value that. We always pay back out-of-pocket expenses, and we"
            " pay for time, especially where others in the room are paid staff or the role needs"
            " skill or responsibility.",
        ),
        SectionSpec(
            "rates",
            "Our rates",
            "What we pay depends on the activity, the skills it needs and the responsibility it"
            " carries: chairing a meeting pays more than attending one, and delivering training"
            " pays the same as any other trainer. Every session or day rate is at least the"
            " minimum wage for the hours it covers. We tell people the total for a session in"
            " advance, and our rates never assume that someone is on benefits.",
            data="rates",
        ),
        SectionSpec(
            "expenses",
            "Expenses",
            "We pay back the exact amount people spend because of their involvement, with a"
            " receipt: travel, meals, childcare and other costs such as stamps. We book and pay"
            " for travel in advance where we can. Paying a round sum, or more than the real cost,"
            " would count as a payment and could affect benefits or tax, so we do not do it.",
            data="expenses",
        ),
        SectionSpec(
            "how",
            "How we pay",
            "- regular payments are made by bank transfer so they can be audited; we help people"
            " open a basic bank account if they need one\n"
            "- cash or vouchers are for one-off activities only: vouchers given regularly count"
            " as payment for benefits, just like cash\n"
            "- anyone can choose to take expenses only, or no payment at all\n"
            "- at joint events with other organisations, everyone is paid on the same terms",
        ),
        SectionSpec(
            "benefits",
            "Benefits and tax",
            "Payments can affect benefits. Before anyone agrees to paid involvement we point them"
            " to independent advice and give them time to decide. Each person is responsible for"
            " following the rules of their benefits and for telling HMRC about earnings where"
            " they need to. We do not give benefits or tax advice ourselves.",
        ),
    ),
    K.CONDUCT: (
        SectionSpec(
            "expect",
            "What we ask of everyone",
            "- treat everyone with respect, listen and let people finish\n"
            "- keep what people share in the group confidential, unless someone is at risk\n"
            "- challenge ideas, not people; no discrimination, harassment or threats\n"
            "- do not come to activities under the influence of alcohol or drugs\n"
            "- let us know if you cannot come or need to leave early\n"
            "- speak for yourself and your experience unless you have been asked to represent"
            " others",
        ),
        SectionSpec(
            "staff",
            "What we ask of staff",
            "Staff work alongside people with lived experience as equals, explain decisions"
            " openly and make sure people hear what happened to their ideas.",
        ),
        SectionSpec(
            "problems",
            "If something goes wrong",
            "We will talk to you first and try to sort things out together. If the code is"
            " broken seriously or repeatedly we may ask someone to step back for a while, and we"
            " will always explain why and what support is available.",
        ),
    ),
    K.COMPLAINTS: (
        SectionSpec(
            "raise",
            "How to raise a complaint or concern",
            "Anyone who takes part can tell us about a complaint, a concern about how things are"
            " going, or a worry about someone's safety. You can tell any member of staff, use"
            " the portal, phone us or write to us. You can stay anonymous if you prefer, though"
            " then we cannot reply to you.",
        ),
        SectionSpec(
            "timescales",
            "What happens next",
            "We take every complaint seriously, and raising one will never count against you.",
            data="complaints",
        ),
        SectionSpec(
            "further",
            "If you are not happy with our answer",
            "Ask for your complaint to be looked at again by a senior manager or a trustee. If"
            " you are still unhappy, we will tell you who else you can go to.",
        ),
    ),
    K.SAFEGUARDING: (
        SectionSpec(
            "commitment",
            "Our commitment",
            "Everyone who takes part in our work has the right to be safe. We take all concerns"
            " about abuse, harm or neglect seriously and act on them quickly.",
        ),
        SectionSpec(
            "how",
            "What we do",
            "- our safeguarding lead decides what to do about every concern and records why\n"
            "- we think about each role and the person's circumstances, and record a risk"
            " decision; a conviction does not stop anyone taking part\n"
            "- we keep only the information we need to keep people safe\n"
            "- we explain what safeguarding means for people who take part before they start",
        ),
        SectionSpec(
            "tell",
            "If you are worried",
            "If you are worried about yourself or someone else, tell any member of staff or our"
            " safeguarding lead as soon as you can. If someone is in immediate danger, call 999.",
        ),
    ),
    K.EXIT: (
        SectionSpec(
            "choice",
            "Moving on is part of taking part",
            "People's lives change and moving on is often a good sign. Anyone can step back at"
            " any time, and we will help them do it well.",
        ),
        SectionSpec(
            "offer",
            "What we offer when you move on",
            "- a testimonial about what you contributed and the skills you used\n"
            "- help to describe your involvement on your CV\n"
            "- introductions to other volunteering, training or work\n"
            "- information about other roles with us, including paid jobs",
        ),
        SectionSpec(
            "contact",
            "Staying in touch",
            "We will ask if you want to hear about future opportunities, and respect your answer.",
        ),
    ),
}


def specs_for(kind: str) -> tuple[SectionSpec, ...]:
    return SPECS[kind]


def starter_sections(kind: str) -> list[dict]:
    return [
        {"key": s.key, "heading": s.heading, "text": s.starter, "data": []} for s in SPECS[kind]
    ]
