"""Demo customers: names, unique emails, E.164 phones, US addresses and payment methods.

Phones use the 555-01xx range reserved for fiction, so no real person is dialled.
Each customer also gets a shopping profile (usual sizes, favourite verticals) that
drives which variants they order and, through brand fit profiles, why they return.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from shopcrew.store.demo.places import STREETS, City, demo_cities
from shopcrew.store.demo.plans import AddressPlan, CustomerPlan, PaymentMethodPlan, ShopperProfile, money

WOMEN_NAMES = (
    "Olivia", "Emma", "Ava", "Sophia", "Isabella", "Mia", "Amelia", "Harper", "Evelyn", "Abigail",
    "Emily", "Ella", "Elizabeth", "Camila", "Luna", "Sofia", "Avery", "Mila", "Aria", "Scarlett",
    "Penelope", "Layla", "Chloe", "Victoria", "Madison", "Eleanor", "Grace", "Nora", "Riley", "Zoey",
    "Hannah", "Hazel", "Lily", "Ellie", "Violet", "Lillian", "Zoe", "Stella", "Aurora", "Natalie",
    "Leah", "Savannah", "Audrey", "Brooklyn", "Claire", "Skylar", "Lucy", "Paisley", "Anna", "Caroline",
    "Maya", "Aaliyah", "Priya", "Mei", "Fatima", "Aisha", "Keiko", "Lucia", "Ximena", "Naomi",
    "Chiara", "Ingrid", "Rosa", "Tamara", "Yasmin", "Nadia", "Imani", "Esperanza", "Hana", "Ngozi",
)  # fmt: skip
MEN_NAMES = (
    "Liam", "Noah", "Oliver", "Elijah", "James", "William", "Benjamin", "Lucas", "Henry", "Theodore",
    "Jack", "Levi", "Alexander", "Mateo", "Daniel", "Michael", "Mason", "Sebastian", "Ethan", "Logan",
    "Owen", "Samuel", "Jacob", "Asher", "Aiden", "Joseph", "Wyatt", "David", "Leo", "Luke",
    "Julian", "Gabriel", "Isaac", "Anthony", "Dylan", "Ezra", "Thomas", "Charles", "Christopher", "Jaxon",
    "Omar", "Hiroshi", "Rahul", "Wei", "Diego", "Kwame", "Andre", "Marcus", "Tariq", "Javier",
    "Arjun", "Kenji", "Mohammed", "Santiago", "Dmitri", "Emeka", "Rafael", "Yusuf", "Malik", "Connor",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Kim", "Patel", "Chen", "Wang", "Singh", "Okafor", "Nakamura", "Kowalski", "Novak", "Rossi",
    "Murphy", "O'Brien", "Sullivan", "Fischer", "Schmidt", "Haddad", "Khan", "Cohen", "Silva", "Costa",
    "Yamamoto", "Park", "Tran", "Shah", "Mensah", "Osei", "Dubois", "Larsen", "Bianchi", "Reyes",
    "Morales", "Ortiz", "Gutierrez", "Chavez", "Ward", "Hughes", "Price", "Bennett", "Wood", "Brooks",
)  # fmt: skip
CARD_BRANDS = (("Visa", 0.5), ("Mastercard", 0.3), ("Amex", 0.12), ("Discover", 0.08))

_WOMEN_APPAREL = ("XS", "S", "S", "M", "M", "M", "L", "L", "XL", "XXL", "1X", "2X")
_MEN_APPAREL = ("S", "M", "M", "L", "L", "L", "XL", "XL", "XXL")
_WOMEN_SHOES = ("6", "6.5", "7", "7", "7.5", "7.5", "8", "8", "8.5", "8.5", "9", "9.5", "10", "11")
_MEN_SHOES = ("8", "8.5", "9", "9.5", "10", "10", "10.5", "10.5", "11", "11", "11.5", "12", "13")
_WOMEN_JEANS = ("25", "26", "27", "27", "28", "28", "29", "30", "31", "32")
_MEN_JEANS = ("30", "31", "32", "32", "33", "34", "34", "36", "38")


def _pick_weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([name for name, _ in options], weights=[weight for _, weight in options])[0]


def make_profile(rng: random.Random, wears: str) -> ShopperProfile:
    """Usual sizes and favourite verticals for a shopper who buys women's or men's ranges."""
    width = rng.choices(("Narrow", "Standard", "Wide", "Extra Wide"), weights=(6, 70, 19, 5))[0]
    if wears == "women":
        sizes = (rng.choice(_WOMEN_APPAREL), rng.choice(_WOMEN_SHOES), rng.choice(_WOMEN_JEANS))
        weights = rng.choice(((0.55, 0.3, 0.15), (0.35, 0.45, 0.2), (0.25, 0.3, 0.45), (0.7, 0.2, 0.1)))
    else:
        sizes = (rng.choice(_MEN_APPAREL), rng.choice(_MEN_SHOES), rng.choice(_MEN_JEANS))
        weights = rng.choice(((0.25, 0.45, 0.3), (0.15, 0.35, 0.5), (0.4, 0.35, 0.25)))
    return ShopperProfile(
        wears=wears,
        apparel_size=sizes[0],
        shoe_size=sizes[1],
        shoe_width=width,
        jeans_waist=sizes[2],
        vertical_weights=weights,
    )


def make_address(rng: random.Random, name: str, city: City, *, is_default: bool) -> AddressPlan:
    """A street address in `city`."""
    line2 = None
    if rng.random() < 0.3:
        line2 = rng.choice((f"Apt {rng.randint(1, 28)}{rng.choice('ABCD')}", f"Unit {rng.randint(100, 950)}"))
    return AddressPlan(
        name=name,
        line1=f"{rng.randint(12, 9870)} {rng.choice(STREETS)}",
        line2=line2,
        city=city.name,
        region=city.state,
        postal_code=rng.choice(city.zips),
        is_default=is_default,
    )


def make_payment_methods(rng: random.Random, email: str) -> list[PaymentMethodPlan]:
    """One or two cards, sometimes PayPal, sometimes a gift card with a balance."""
    methods: list[PaymentMethodPlan] = []
    for _ in range(1 if rng.random() < 0.8 else 2):
        if rng.random() < 0.85 or not methods:
            last4 = f"{rng.randint(0, 9999):04d}"
            methods.append(
                PaymentMethodPlan(
                    kind="card", label=f"{_pick_weighted(rng, CARD_BRANDS)} ending {last4}", last4=last4
                )
            )
    if rng.random() < 0.3:
        methods.append(PaymentMethodPlan(kind="paypal", label=f"PayPal {email[0]}***@{email.split('@')[1]}"))
    if rng.random() < 0.12:
        last4 = f"{rng.randint(0, 9999):04d}"
        balance = money(str(rng.choice((0, 5, 12.5, 25, 40, 50, 75, 100))))
        methods.append(
            PaymentMethodPlan(
                kind="gift_card", label=f"Gift card ending {last4}", last4=last4, balance=balance
            )
        )
    return methods


def _email(first: str, last: str, taken: set[str]) -> str:
    base = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
    email, suffix = f"{base}@example.com", 2
    while email in taken:
        email, suffix = f"{base}{suffix}@example.com", suffix + 1
    taken.add(email)
    return email


def _phone(rng: random.Random, city: City, taken: set[str]) -> str:
    while True:
        phone = f"+1{city.area_code}55501{rng.randint(0, 99):02d}"
        if phone not in taken:
            taken.add(phone)
            return phone


def make_customers(
    rng: random.Random, count: int, cutoff: datetime, *, taken_emails: set[str], taken_phones: set[str]
) -> list[CustomerPlan]:
    """`count` generated customers; `created_at` is refined later to precede their first order."""
    cities = demo_cities()
    customers: list[CustomerPlan] = []
    for _ in range(count):
        wears = "women" if rng.random() < 0.62 else "men"
        first = rng.choice(WOMEN_NAMES if wears == "women" else MEN_NAMES)
        last = rng.choice(LAST_NAMES)
        email = _email(first, last, taken_emails)
        home = rng.choice(cities)
        addresses = [make_address(rng, f"{first} {last}", home, is_default=True)]
        if rng.random() < 0.3:
            other = home if rng.random() < 0.5 else rng.choice(cities)
            addresses.append(make_address(rng, f"{first} {last}", other, is_default=False))
        customers.append(
            CustomerPlan(
                first_name=first,
                last_name=last,
                email=email,
                phone=_phone(rng, home, taken_phones) if rng.random() < 0.85 else None,
                addresses=addresses,
                payment_methods=make_payment_methods(rng, email),
                profile=make_profile(rng, wears),
                created_at=cutoff - timedelta(days=rng.randint(1, 500), minutes=rng.randint(0, 1439)),
                store_credit=Decimal("0.00"),
            )
        )
    return customers
