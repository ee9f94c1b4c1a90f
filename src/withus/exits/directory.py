"""The organisations the guide lists (Clinks 2016, section 6.1), to start an organisation's
signposting directory. What each offers is in our own words; the contact details are as the
guide printed them in 2016 and may have changed, so each entry asks staff to check before use.

Only organisation-wide contact routes are seeded: a general inbox, a main landline and a website.
Where the guide printed a named person's email, a mobile number or a premium-rate 084/087 number,
the field is left blank (we do not invent a replacement); the website is the way in.
To find organisations that take volunteers, the guide (section 5.6) also sends readers to
Clinks' Directory of Offender Services."""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "Clinks (2016)"


@dataclass(frozen=True)
class Listed:
    name: str
    offers: str
    kinds: tuple[str, ...]
    area: str
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""


GUIDE_ORGANISATIONS: tuple[Listed, ...] = (
    Listed(
        "Clinks",
        "The national body for voluntary organisations working in the justice system. Its "
        "Directory of Offender Services lists organisations, including ones that take "
        "volunteers, and it has help on involving people with lived experience.",
        ("volunteering", "lived_experience", "advice"),
        "England and Wales",
        "Tavis House, 1-6 Tavistock Square, London WC1H 9NA",
        "020 7383 0966",
        "info@clinks.org",
        "www.clinks.org",
    ),
    Listed(
        "Revolving Doors Agency",
        "A charity working to change services for people with several problems at once, such "
        "as poor mental health, who keep coming into contact with the justice system. Runs a "
        "national forum of people with lived experience who influence policy and services.",
        ("lived_experience", "mental_health"),
        "England",
        "134-138 Borough High Street, London SE1 1LB",
        "020 7407 0747",
        "admin@revolving-doors.org.uk",
        "www.revolving-doors.org.uk",
    ),
    Listed(
        "Centre for Mental Health",
        "Research and policy work to improve mental health practice and public services "
        "(it used to be called the Sainsbury Centre for Mental Health).",
        ("mental_health",),
        "England",
        "134-138 Borough High Street, London SE1 1LB",
        "020 7827 8300",
        "contact@centreformentalhealth.org.uk",
        "www.centreformentalhealth.org.uk",
    ),
    Listed(
        "Groundswell",
        "Peer-led work with people who have been homeless: peer research, peer advocacy and "
        "peer education, so people have more say over services and their own lives.",
        ("lived_experience", "housing", "volunteering"),
        "London and England",
        "55 Bondway, Vauxhall, London SW8 1SJ",
        "03000 039 600",
        "info@groundswell.org.uk",
        "www.groundswell.org.uk",
    ),
    Listed(
        "Key Changes",
        "Support for women who have been through the justice system or are at risk of it, "
        "working to break down the barriers they face and open up equal opportunities.",
        ("women", "employment"),
        "Sheffield",
        "1-11a Elm Lane, Sheffield S5 7RT",
        "0114 245 9508",
        "",  # the guide gives a named person's email: left out
        "www.keychangesuwp.org.uk",
    ),
    Listed(
        "MEAM – Making Every Adult Matter",
        "A coalition of Clinks, Homeless Link and Mind that works on policy and services for "
        "adults facing several disadvantages at once.",
        ("lived_experience", "advice"),
        "England",
        "",
        "",  # the guide gives a mobile number: left out
        "talk2us@meam.org.uk",
        "www.meam.org.uk",
    ),
    Listed(
        "Rethink",
        "A mental health charity. With Revolving Doors it set up a lived experience panel to "
        "advise on mental health in the justice system.",
        ("mental_health", "lived_experience"),
        "England",
        "89 Albert Embankment, London SE1 7TP",
        "",  # the guide gives an 0845 number (premium rate): left out
        "info@rethink.org",
        "www.rethink.org",
    ),
    Listed(
        "Thames Reach",
        "A London charity whose GROW project (Giving Real Opportunities for Work) helps people "
        "who have used its services into paid jobs.",
        ("employment", "housing"),
        "London",
        "The Employment Academy, 29 Peckham Road, London SE5 8UA",
        "020 7702 4260",
        "enquiries@thamesreach.org.uk",
        "www.thamesreach.org.uk",
    ),
    Listed(
        "Together for Mental Wellbeing",
        "A national charity supporting people with mental health problems to live "
        "independently, with a service user directorate that gives people a voice locally "
        "and nationally.",
        ("mental_health", "lived_experience"),
        "England",
        "12 Old Street, London EC1V 9BE",
        "020 7780 7300",
        "contact-us@together-uk.org",
        "www.together-uk.org",
    ),
    Listed(
        "Transition to Adulthood (T2A) Alliance",
        "A coalition working to improve the chances of young adults at risk of getting caught "
        "up in the justice system (hosted by the Barrow Cadbury Trust).",
        ("young_adults",),
        "England and Wales",
        "Barrow Cadbury Trust, Kean House, 6 Kean Street, London WC2B 4AS",
        "020 7632 9060",
        "info@t2a.org.uk",
        "www.t2a.org.uk",
    ),
    Listed(
        "User Voice",
        "A charity set up and run by people with experience of the justice system, bringing "
        "that experience into policy and practice; it runs prison and probation councils.",
        ("lived_experience", "volunteering", "employment"),
        "England and Wales",
        "20 Newburn Street, London SE11 5PJ",
        "020 3137 7471",
        "info@uservoice.org",
        "www.uservoice.org",
    ),
    Listed(
        "Women's Breakout",
        "Represents a national network of women's centres and services offering community "
        "alternatives to custody for women.",
        ("women", "lived_experience"),
        "England and Wales",
        "",
        "",
        "info@womensbreakout.org.uk",
        "www.womensbreakout.org.uk",
    ),
)

# Contact details earlier versions seeded that are a person's or cost extra to call (see above).
# Migration 0002 clears them from entries still holding exactly these values.
WITHDRAWN = {
    "email": ("l.mitchell@keychangesuwp.org.uk",),
    "phone": ("07810 867190", "0845 4560455"),
}

# Which kinds of help suit each exit destination, to suggest directory entries on a person's page.
KINDS_FOR_DESTINATION: dict[str, tuple[str, ...]] = {
    "volunteering": ("volunteering", "lived_experience"),
    "paid_work": ("employment",),
    "training": ("training", "employment"),
    "another_service": ("advice", "mental_health", "housing", "women", "young_adults"),
}
