"""The demo organisations and staff. Every address is on the reserved .example domain."""

DEMO_PASSWORD = "withus-demo-2026"
# A fixed authenticator secret for demo staff whose role needs a second sign-in step. Add it to
# any authenticator app, or run `manage.py demo_mfa_code EMAIL` to see the current code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ORGANISATIONS = [
    {
        "name": "Eastfield Women's Centre",
        "slug": "eastfield",
        "charity_number": "1100001",
        "staff": [
            ("admin", "Priya Shah", "admin@eastfield.example"),
            ("coordinator", "Alice Morgan", "alice@eastfield.example"),
            ("finance", "Femi Adeyemi", "finance@eastfield.example"),
            ("safeguarding", "Sarah O'Neill", "safeguarding@eastfield.example"),
            ("viewer", "Bob Turner", "bob@eastfield.example"),
        ],
        "invite": ("new.coordinator@eastfield.example", "coordinator"),
    },
    {
        "name": "Northgate Through the Gate",
        "slug": "northgate",
        "charity_number": "1100002",
        "staff": [
            ("admin", "Marcus Reid", "admin@northgate.example"),
            ("coordinator", "Charlie Evans", "charlie@northgate.example"),
            ("finance", "Grace Lin", "finance@northgate.example"),
            ("safeguarding", "Tom Okafor", "safeguarding@northgate.example"),
            ("viewer", "Dana Hughes", "trustee@northgate.example"),
        ],
        "invite": ("peer.lead@northgate.example", "coordinator"),
    },
]

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Ella",
    "Farah",
    "George",
    "Hannah",
    "Imran",
    "Jade",
    "Kieran",
    "Leah",
    "Mohammed",
    "Niamh",
    "Owen",
    "Poppy",
    "Rhys",
    "Sophie",
    "Tariq",
    "Zara",
]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Campbell",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hussain",
    "Jones",
    "Khan",
    "Lewis",
    "Murphy",
    "Nowak",
    "Patel",
    "Roberts",
    "Smith",
    "Taylor",
    "Williams",
]
PLACES = [
    "Bradford",
    "Bristol",
    "Cardiff",
    "Coventry",
    "Derby",
    "Hull",
    "Leeds",
    "Leicester",
    "Liverpool",
    "Manchester",
    "Newcastle",
    "Norwich",
    "Nottingham",
    "Plymouth",
    "Sheffield",
    "Stoke",
    "Sunderland",
    "Swansea",
    "Wolverhampton",
    "York",
]
KINDS = ["Women's Centre", "Through the Gate", "Recovery Project", "Family Support", "Futures"]
