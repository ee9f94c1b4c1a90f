"""Equality monitoring questions, in the style of the 2021 Census for England and Wales.

Every question offers "Prefer not to say". Answers are only ever reported in aggregate.
"""

from withus.people.choices import PREFER_NOT

QUESTIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "age_group": (
        "Age group",
        [
            ("16_24", "16 to 24"),
            ("25_34", "25 to 34"),
            ("35_44", "35 to 44"),
            ("45_54", "45 to 54"),
            ("55_64", "55 to 64"),
            ("65_plus", "65 or over"),
            PREFER_NOT,
        ],
    ),
    "sex": ("Sex", [("female", "Female"), ("male", "Male"), PREFER_NOT]),
    "gender_same_as_birth": (
        "Is the gender they identify with the same as their sex registered at birth?",
        [("yes", "Yes"), ("no", "No"), PREFER_NOT],
    ),
    "sexual_orientation": (
        "Sexual orientation",
        [
            ("straight", "Straight or heterosexual"),
            ("gay_lesbian", "Gay or lesbian"),
            ("bisexual", "Bisexual"),
            ("other", "Another sexual orientation"),
            PREFER_NOT,
        ],
    ),
    "ethnicity": (
        "Ethnic group",
        [
            ("asian", "Asian or Asian British"),
            ("black", "Black, Black British, Caribbean or African"),
            ("mixed", "Mixed or multiple ethnic groups"),
            ("white", "White"),
            ("other", "Another ethnic group"),
            PREFER_NOT,
        ],
    ),
    "religion": (
        "Religion",
        [
            ("none", "No religion"),
            ("christian", "Christian"),
            ("buddhist", "Buddhist"),
            ("hindu", "Hindu"),
            ("jewish", "Jewish"),
            ("muslim", "Muslim"),
            ("sikh", "Sikh"),
            ("other", "Any other religion"),
            PREFER_NOT,
        ],
    ),
    "disability": (
        "Do they have a condition or illness that reduces their ability to carry out "
        "day-to-day activities?",
        [("yes_a_lot", "Yes, a lot"), ("yes_a_little", "Yes, a little"), ("no", "No"), PREFER_NOT],
    ),
    "marital_status": (
        "Marriage or civil partnership",
        [
            ("never", "Never married or in a civil partnership"),
            ("married", "Married"),
            ("civil_partnership", "In a civil partnership"),
            ("separated", "Separated"),
            ("divorced", "Divorced or dissolved"),
            ("widowed", "Widowed"),
            PREFER_NOT,
        ],
    ),
    "pregnancy_maternity": (
        "Pregnant or had a baby in the last year",
        [("yes", "Yes"), ("no", "No"), PREFER_NOT],
    ),
    "care_experience": (
        "Have they been in care (care experienced)?",
        [("yes", "Yes"), ("no", "No"), PREFER_NOT],
    ),
}


def label(question: str, value: str) -> str:
    if not value:
        return "Not answered"
    return dict(QUESTIONS[question][1]).get(value, value)
