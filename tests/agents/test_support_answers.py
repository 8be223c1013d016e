"""Support answers: the section that answers each phrasing, whole-sentence quotes, payment methods, honest limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.conftest import DEMO_TODAY
from tests.conversations import converse

from shopcrew.agents.policy_answers import best_sentences, plain, policy_name, section_sentences
from shopcrew.app import Assistant
from shopcrew.catalog.repository import load_policies
from shopcrew.commerce.policy_docs import PolicyLibrary
from shopcrew.domain.catalog import PolicySection
from shopcrew.orchestrator.features import names_another_company
from shopcrew.settings import Settings
from shopcrew.store.database import fresh_demo_store, open_store

# (question, acceptable "policy#Section" answers): several phrasings per policy, and sections that
# are not the first of their document.
PHRASINGS = [
    ("how long do I have to send something back?", {"returns#Return window", "returns#Overview"}),
    ("what's the deadline for returns", {"returns#Return window"}),
    ("how do refunds work", {"returns#Refunds"}),
    ("how long until my refund shows up", {"returns#Refunds"}),
    ("do you refund the original shipping cost?", {"returns#Refunds"}),
    ("can I return opened skincare?", {"returns#What can be returned"}),
    ("can final sale items be returned?", {"returns#What can be returned"}),
    ("my item arrived broken", {"returns#Damaged, defective or wrong items"}),
    ("you sent me the wrong item", {"returns#Damaged, defective or wrong items"}),
    ("do you ship to the UK?", {"shipping#Where we ship"}),
    ("do you deliver to PO boxes", {"shipping#Where we ship"}),
    ("how much is express shipping", {"shipping#Rates and delivery times"}),
    ("is there free shipping?", {"shipping#Rates and delivery times"}),
    ("when will my order leave the warehouse", {"shipping#Processing time"}),
    ("what is the cutoff time for same day shipping", {"shipping#Processing time"}),
    ("which carriers do you use", {"shipping#Carriers and tracking"}),
    ("do you charge sales tax", {"shipping#Sales tax"}),
    ("my package says delivered but it isn't here", {"shipping#Late, lost or missing parcels"}),
    ("what can I exchange?", {"exchanges#What can be exchanged"}),
    ("can I exchange a gift card", {"exchanges#What can't be exchanged", "payment#Gift cards"}),
    ("do I pay anything extra for an exchange in a different size?", {"exchanges#Price differences"}),
    (
        "what if the size I want is out of stock for an exchange",
        {"exchanges#When the size you need is out of stock"},
    ),
    ("what payment methods do you accept?", {"payment#Accepted payment methods"}),
    ("when is my card charged", {"payment#When you're charged"}),
    ("do gift cards expire?", {"payment#Gift cards"}),
    ("does store credit expire", {"payment#Store credit"}),
    ("do you have any discount codes?", {"payment#Discount codes"}),
    ("the price dropped after I bought it", {"payment#Price adjustments"}),
    ("is it safe to pay on your site", {"payment#Security"}),
    ("how do I skip a delivery", {"subscriptions#Skip a delivery"}),
    ("how often can subscriptions be delivered", {"subscriptions#Delivery frequency"}),
    ("can I cancel an order before it ships", {"cancellation#Before your order ships"}),
    ("why did you cancel my order", {"cancellation#When we cancel"}),
    ("what data do you collect about me", {"privacy#What we collect"}),
    ("how long do you keep my chat history", {"privacy#How long we keep data"}),
    ("do you use cookies", {"privacy#Cookies"}),
    ("does the AI train on my messages", {"privacy#The shopping assistant"}),
    ("delete my data", {"privacy#Your rights"}),
    ("I forgot my password", {"account#Signing in and passwords"}),
    ("how do I reset my password", {"account#Signing in and passwords"}),
    ("how do I change my email address", {"account#Changing your details"}),
    ("how do I close my account", {"account#Closing your account"}),
    ("where can I see my order history", {"account#What you can do in your account"}),
    ("how do I unsubscribe from marketing emails", {"account#Emails and newsletters"}),
    ("why do you need my zip code to verify me", {"account#Verifying it's you"}),
]


@pytest.fixture(scope="module")
def library(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> PolicyLibrary:
    base = Settings(data_dir=demo_data_dir, demo_today=DEMO_TODAY)
    url = fresh_demo_store(base, tmp_path_factory.mktemp("stores"))
    engine = open_store(base.model_copy(update={"store": url}))
    with Session(engine) as session:
        policies = load_policies(session)
    engine.dispose()
    return PolicyLibrary(policies)


@pytest.mark.parametrize(("question", "expected"), PHRASINGS)
def test_each_phrasing_finds_the_section_that_answers_it(
    library: PolicyLibrary, question: str, expected: set[str]
) -> None:
    match = library.answer(question)
    assert match is not None
    assert f"{match.section.policy_id}#{match.section.heading}" in expected


@pytest.mark.parametrize(
    "question",
    [
        "do you offer gift wrapping?",
        "do you have a loyalty points program?",
        "do you price match?",
        "what is your warranty on rockets",
    ],
)
def test_questions_no_policy_answers_are_not_guessed(library: PolicyLibrary, question: str) -> None:
    assert library.answer(question) is None


def test_a_quote_is_whole_sentences_without_markdown() -> None:
    section = PolicySection(
        "returns",
        "Returns",
        "Damaged, defective or wrong items",
        "Tell us within **7 days of delivery** and include a photo. We send a replacement or refund\n"
        "you in full, and we don't need the item back. This applies to [final-sale](returns) items too.",
    )
    assert section_sentences(section.body) == [
        "Tell us within 7 days of delivery and include a photo.",
        "We send a replacement or refund you in full, and we don't need the item back.",
        "This applies to final-sale items too.",
    ]
    assert plain("`RMA-1042-1` and *pending*") == "RMA-1042-1 and pending"


def test_a_table_row_is_read_as_a_sentence_and_the_best_ones_are_quoted() -> None:
    body = (
        "| Method | Time in transit | Price |\n|---|---|---|\n| Standard | 2–5 business days | $6.95 |\n"
        "| Express | 1–2 business days | $14.95 |\n\nExchanges always ship free.\n\nWe ship from Reno.\n"
    )
    section = PolicySection("shipping", "Shipping", "Rates", body)
    assert section_sentences(body)[:2] == [
        "Standard: time in transit 2–5 business days; price $6.95.",
        "Express: time in transit 1–2 business days; price $14.95.",
    ]
    assert best_sentences(section, "how much is express", limit=1) == (
        "Express: time in transit 1–2 business days; price $14.95."
    )


def test_policy_names_read_naturally() -> None:
    assert [policy_name(t) for t in ("Your account", "Returns", "Subscriptions (Subscribe & Save)")] == [
        "account",
        "returns",
        "subscriptions",
    ]


async def test_a_payment_method_not_listed_is_a_plain_no(assistant: Assistant) -> None:
    bitcoin, paypal = await converse(assistant, "can I pay with bitcoin?", "do you take paypal")
    assert bitcoin.reply.startswith("No, we don't accept Bitcoin. These are the payment methods we accept")
    assert "Visa, Mastercard, American Express, Discover, PayPal" in bitcoin.reply
    assert "**" not in bitcoin.reply
    assert "https://demo.shopcrew.dev/policies/payment#accepted-payment-methods" in bitcoin.reply
    assert paypal.reply.startswith("Yes, we accept PayPal.")


async def test_the_answer_quotes_and_links_the_section(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "I forgot my password, how do I reset it?")
    assert turn.agents == ("support",)
    assert "our account policy (Signing in and passwords)" in turn.reply
    assert "reset link, valid for 1 hour" in turn.reply
    assert turn.reply.endswith("https://demo.shopcrew.dev/policies/account#signing-in-and-passwords")


async def test_not_covered_offers_a_person_and_a_yes_brings_one(assistant: Assistant) -> None:
    question, yes = await converse(assistant, "do you offer gift wrapping?", "yes please")
    assert "policies don't cover that" in question.reply and "bring in someone" in question.reply
    assert question.owner == "support" and question.handoff is None
    assert yes.owner == "human" and yes.handoff == "human"
    assert "gift wrapping" in yes.trace["escalation"]["reason"]


async def test_not_covered_and_no_thanks_keeps_the_assistant(assistant: Assistant) -> None:
    _, no = await converse(assistant, "do you have a loyalty points program?", "no thanks")
    assert no.owner == "support" and no.handoff is None
    assert "anything else" in no.reply.lower() or "what else" in no.reply.lower()


async def test_a_short_follow_up_is_read_against_the_policy_just_quoted(assistant: Assistant) -> None:
    _, follow_up = await converse(assistant, "how much is shipping", "is it free over some amount?")
    assert "free on orders of $75 or more" in follow_up.reply


async def test_a_follow_up_leaning_on_the_answer_stays_in_its_policy(assistant: Assistant) -> None:
    # "how long" alone best matches the privacy policy's "How long we keep data".
    _, follow_up = await converse(assistant, "how much is shipping to canada", "and how long does it take")
    assert "/policies/shipping#" in follow_up.reply


async def test_a_follow_up_naming_another_policy_goes_there(assistant: Assistant) -> None:
    _, privacy = await converse(assistant, "what's your return policy", "what about your privacy policy")
    assert "/policies/privacy#" in privacy.reply


async def test_a_bare_follow_up_read_as_small_talk_still_asks_about_the_policy(assistant: Assistant) -> None:
    _, express = await converse(assistant, "how much is shipping", "and express?")
    assert express.agents == ("support",)
    assert "/policies/shipping#rates-and-delivery-times" in express.reply


async def test_a_follow_up_read_alone_as_another_domain_stays_in_the_policy(assistant: Assistant) -> None:
    # Alone, "what about PO boxes?" is no store question and "what about opened makeup?" a product
    # search; after a policy answer each asks the same question about something else.
    _, po_boxes = await converse(assistant, "what's your shipping policy?", "what about PO boxes?")
    assert po_boxes.agents == ("support",)
    assert "PO boxes and APO/FPO addresses are served by USPS only" in po_boxes.reply
    _, makeup = await converse(assistant, "can I return things I bought?", "what about opened makeup?")
    assert makeup.agents == ("orders",)  # the first question was about returning their own things
    assert "opened products can only be returned if you had a skin reaction" in makeup.reply
    assert "/policies/returns#what-can-be-returned" in makeup.reply


async def test_an_unsure_off_topic_reading_of_a_purchase_asks_instead(assistant: Assistant) -> None:
    (unsure,) = await converse(
        assistant, "Hi! I bought running shoes last month and they hurt my feet. What can I do?"
    )
    assert unsure.agents == ("support",)
    assert unsure.reply.startswith("I'm not sure I followed. Is this about something you bought")
    # Another company's order is still plainly not ours, even told the same way.
    for text in (
        "my zalando order never arrived",
        "I bought boots from asos and they hurt my feet, what can I do?",
    ):
        (rival,) = await converse(assistant, text)
        assert "outside what I can help with" in rival.reply or "can't help with that one" in rival.reply, (
            text
        )


def test_another_company_is_named_by_name_or_possessive() -> None:
    assert names_another_company("I bought boots from asos") and names_another_company(
        "what's walmart's policy"
    )
    assert not names_another_company("I bought the trail runners from you")
