"""Support: policy answers quote the right section; small talk and out-of-scope steer back."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from shopcrew.catalog.repository import load_policies
from shopcrew.commerce.policy_docs import PolicyLibrary
from shopcrew.settings import Settings
from shopcrew.store.database import open_store


@pytest.fixture
def library(demo_settings: Settings) -> PolicyLibrary:
    engine = open_store(demo_settings)
    with Session(engine) as session:
        policies = load_policies(session)
    engine.dispose()
    return PolicyLibrary(policies)


@pytest.mark.parametrize(
    ("question", "policy", "heading"),
    [
        ("what's your return policy?", "returns", "Overview"),
        ("do you ship to canada", "shipping", "Where we ship"),
        ("how much is shipping", "shipping", "Rates and delivery times"),
        ("do you take paypal", "payment", "Accepted payment methods"),
        ("can i pause my subscription", "subscriptions", "Pause"),
        ("my parcel is lost", "shipping", "Late, lost or missing parcels"),
        ("delete my data", "privacy", "Your rights"),
        ("can I exchange for a different size", "exchanges", "What can be exchanged"),
    ],
)
def test_questions_find_the_section_that_answers_them(
    library: PolicyLibrary, question: str, policy: str, heading: str
) -> None:
    best = library.search(question)[0].section
    assert (best.policy_id, best.heading) == (policy, heading)


def test_unrelated_questions_find_no_policy(library: PolicyLibrary) -> None:
    assert library.search("what is your warranty on rockets") == []
