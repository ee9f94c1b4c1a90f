"""Fixed lists used across participant records. Labels are what people read."""

from django.db import models


class Status(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Taking a break"
    EXITED = "exited", "Moved on"


class JusticeRelationship(models.TextChoices):
    IN_PRISON = "in_prison", "In prison"
    ON_LICENCE = "on_licence", "On licence or probation"
    PAST = "past", "Past experience of the justice system"
    FAMILY = "family", "Family member"
    CARER = "carer", "Carer"
    OTHER = "other", "Other"


class AgeBand(models.TextChoices):
    """Bands that matter for the minimum wage (21 and over since April 2024)."""

    UNDER_16 = "under_16", "Under 16"
    AGE_16_17 = "16_17", "16 or 17"
    AGE_18_20 = "18_20", "18 to 20"
    AGE_21_PLUS = "21_plus", "21 or over"


class Method(models.TextChoices):
    """Involvement methods (after the table in section 4.1 of the Clinks guide)."""

    CONSULTATION = "consultation", "Giving views (surveys, focus groups)"
    RESEARCH = "research", "Research and evaluation (peer research, mystery shopping)"
    CO_PRODUCTION = "co_production", "Forums and councils"
    REPRESENTATION = "representation", "Speaking to commissioners and panels"
    TRAINING = "training", "Delivering training"
    RECRUITMENT = "recruitment", "Interviewing and choosing staff"
    GOVERNANCE = "governance", "Board or committee membership"
    SERVICE_DESIGN = "service_design", "Designing services"
    SERVICE_DELIVERY = "service_delivery", "Peer mentoring and support"
    MEDIA = "media", "Media, events and publicity"


class AccessNeed(models.TextChoices):
    STEP_FREE = "step_free", "Step-free access"
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy Read"
    BSL = "bsl", "British Sign Language interpreter"
    HEARING_LOOP = "hearing_loop", "Hearing loop"
    CHILDCARE = "childcare", "Childcare"
    DIETARY = "dietary", "Dietary needs"
    QUIET_SPACE = "quiet_space", "A quiet space"
    BREAKS = "breaks", "Regular breaks"
    COMPANION = "companion", "A companion or buddy"
    TRAVEL_HELP = "travel_help", "Help with travel"


class Channel(models.TextChoices):
    SMS = "sms", "Text message"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    POST = "post", "Post"
    KEY_WORKER = "key_worker", "Through their key worker"


class TravelsBy(models.TextChoices):
    PUBLIC_TRANSPORT = "public", "Public transport (bus, train, tram)"
    WALK_OR_CYCLE = "walk", "Walks or cycles"
    DRIVES = "drives", "Drives"
    LIFT = "lift", "Gets a lift or a taxi"


class Day(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class Period(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"


class PaymentChoice(models.TextChoices):
    PAYMENT = "payment", "Wants to be paid"
    EXPENSES_ONLY = "expenses_only", "Expenses only"
    DECLINES = "declines", "Does not want payment"
    VOUCHERS = "vouchers", "Vouchers"


class PaymentMethod(models.TextChoices):
    BANK = "bank", "Bank transfer"
    VOUCHER = "voucher", "Voucher"
    CASH = "cash", "Cash"


class Benefit(models.TextChoices):
    UNIVERSAL_CREDIT = "uc", "Universal Credit"
    ESA = "esa", "Employment and Support Allowance"
    CARERS = "carers", "Carer's Allowance"
    JSA = "jsa", "Jobseeker's Allowance"
    INCOME_SUPPORT = "income_support", "Income Support"
    HOUSING_BENEFIT = "housing_benefit", "Housing Benefit"
    PIP_DLA = "pip_dla", "PIP or DLA"
    OTHER = "other", "Other"


class ConsentPurpose(models.TextChoices):
    DATA = "data", "Holding their information"
    PHOTOS = "photos", "Photos"
    FILM = "film", "Film"
    NAMED_QUOTES = "named_quotes", "Quotes with their name"
    ANONYMOUS_QUOTES = "anonymous_quotes", "Quotes without their name"
    SHARING = "sharing", "Sharing with partner organisations"
    CONTACT_SMS = "contact_sms", "Contact by text message"
    CONTACT_PHONE = "contact_phone", "Contact by phone"
    CONTACT_EMAIL = "contact_email", "Contact by email"
    CONTACT_POST = "contact_post", "Contact by post"
    CONTACT_KEY_WORKER = "contact_key_worker", "Contact through their key worker"


CHANNEL_CONSENT = {
    Channel.SMS: ConsentPurpose.CONTACT_SMS,
    Channel.PHONE: ConsentPurpose.CONTACT_PHONE,
    Channel.EMAIL: ConsentPurpose.CONTACT_EMAIL,
    Channel.POST: ConsentPurpose.CONTACT_POST,
    Channel.KEY_WORKER: ConsentPurpose.CONTACT_KEY_WORKER,
}


class ConsentState(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", "Said so (verbal)"
    WRITTEN = "written", "In writing"
    PORTAL = "portal", "In the portal"


class RestrictionKind(models.TextChoices):
    NO_CONTACT_PERSON = "no_contact_person", "Must not be in contact with a named participant"
    NO_CONTACT_CHILDREN = "no_contact_children", "No contact with children"
    EXCLUSION_AREA = "exclusion_area", "Must not go to an area"
    NOT_VENUE = "not_venue", "Must not attend a named venue"
    OTHER = "other", "Other"


PREFER_NOT = ("prefer_not", "Prefer not to say")
