"""Template replies and the brand voice: deterministic, tone-aware, and never touching the facts."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from shopcrew.domain.voice import BrandVoice, apply_voice
from shopcrew.models.local.nlg import GENERIC_TEMPLATES, Phrasing, TemplateBook, default_template_book
from shopcrew.models.types import ModelError, ReplyBrief

FRIENDLY = BrandVoice()
FORMAL = BrandVoice(tone="formal")
PLAYFUL = BrandVoice(tone="playful", emoji=True)


def render_stock(facts: Mapping[str, Any], p: Phrasing) -> str:
    """A template as an agent would write one."""
    if facts["in_stock"]:
        return p.pick(
            f"Good news: {facts['name']} is in stock at {p.money(facts['price'])}.",
            f"Yes! {facts['name']} is available for {p.money(facts['price'])}.",
            f"{facts['name']} is in stock, {p.money(facts['price'])}.",
        )
    return f"{p.apology()} {facts['name']} isn't in stock right now."


def test_same_brief_and_seed_give_the_same_text_and_seeds_vary_it() -> None:
    book = TemplateBook({"catalog.stock": render_stock})
    facts = {"name": "Lumen Vitamin C Serum 15%", "price": "38", "in_stock": True}
    texts = {
        book.render(ReplyBrief("catalog.stock", facts, variation_seed=seed), FRIENDLY) for seed in range(20)
    }
    assert len(texts) > 1
    again = [book.render(ReplyBrief("catalog.stock", facts, variation_seed=7), FRIENDLY) for _ in range(3)]
    assert len(set(again)) == 1
    assert all("$38.00" in text for text in texts)


def test_tones_read_differently() -> None:
    book = default_template_book()
    brief = ReplyBrief("generic.greeting", {"customer_name": "Jane"})
    friendly, formal, playful = (book.render(brief, voice) for voice in (FRIENDLY, FORMAL, PLAYFUL))
    assert "I'm Sam" in friendly
    assert "'" not in formal and "I am Sam" in formal
    assert "Maple & Main" in formal
    assert "!" in playful
    assert len({friendly, formal, playful}) == 3


def test_formal_voice_expands_contractions_written_by_any_template() -> None:
    text = "I'm sorry, we don't have it. It's back next week, and you'll get an email."
    assert apply_voice(text, FORMAL) == (
        "I am sorry, we do not have it. It is back next week, and you will get an email."
    )
    assert apply_voice(text, FRIENDLY) == text


def test_use_words_replace_whole_words_keeping_case() -> None:
    voice = BrandVoice(use_words={"cheap": "affordable", "customer": "guest"})
    text = "Cheap and CHEAP and cheap, but not cheaper. Dear customer, customers."
    assert apply_voice(text, voice) == (
        "Affordable and AFFORDABLE and affordable, but not cheaper. Dear guest, customers."
    )


def test_avoided_words_are_removed_and_the_sentence_repaired() -> None:
    voice = BrandVoice(avoid_words=["unfortunately", "basically"])
    assert (
        apply_voice("Unfortunately, it is sold out. Basically it is gone!", voice)
        == "It is sold out. It is gone!"
    )
    assert apply_voice("We have it, unfortunately, only in navy.", voice) == "We have it, only in navy."


def test_emoji_are_stripped_unless_the_voice_uses_them() -> None:
    assert apply_voice("Great choice 👟✨!", FRIENDLY) == "Great choice!"
    assert apply_voice("Great choice 👟", BrandVoice(emoji=True)) == "Great choice 👟"


def test_sign_off_is_appended_once() -> None:
    voice = BrandVoice(sign_off="— {assistant_name} at {store_name}")
    once = apply_voice("Your order has shipped.", voice)
    assert once == "Your order has shipped.\n\n— Sam at Maple & Main"
    assert apply_voice(once, voice) == once


def test_protected_facts_are_never_rewritten() -> None:
    voice = BrandVoice(use_words={"cheap": "affordable"}, tone="formal")
    text = "The Cheap Monday Jeans are cheap. Status: can't ship"
    styled = apply_voice(text, voice, protected=["Cheap Monday Jeans", "can't ship"])
    assert styled == "The Cheap Monday Jeans are affordable. Status: can't ship"


def test_phrasing_helpers() -> None:
    p = Phrasing(FRIENDLY, seed=1)
    assert p.money(Decimal("38")) == "$38.00"
    assert p.money("1250.5", "EUR") == "€1,250.50"
    assert p.money(12, "CHF") == "CHF 12.00"
    assert p.join(["a"]) == "a"
    assert p.join(["a", "b", "c"]) == "a, b and c"
    assert p.join(["navy", "olive"], "or") == "navy or olive"
    assert p.plural(1, "pair") == "1 pair"
    assert p.plural(3, "box", "boxes") == "3 boxes"
    assert p.emoji("👟") == ""
    with pytest.raises(ValueError):
        p.money("twelve")


def test_generic_templates_render() -> None:
    book = default_template_book()
    assert set(GENERIC_TEMPLATES) <= set(book.intents)
    listed = book.render(ReplyBrief("generic.list", {"intro": "Two picks:", "items": ["A", "B"]}), FRIENDLY)
    assert listed == "Two picks:\n- A\n- B"
    clarify = book.render(ReplyBrief("generic.clarify", {"options": ["the GTX", "the Lite"]}), FORMAL)
    assert clarify.endswith("did you mean the GTX or the Lite?")
    assert book.render(ReplyBrief("generic.message", {"message": "Hello there."}), FRIENDLY) == "Hello there."
    empty = book.render(ReplyBrief("generic.list", {"items": []}), FRIENDLY)
    assert "couldn't find" in empty


def test_registering_an_intent_twice_is_an_error() -> None:
    book = TemplateBook({"catalog.stock": render_stock})
    with pytest.raises(ValueError, match=r"catalog\.stock"):
        book.register("catalog.stock", render_stock)
    with pytest.raises(ValueError, match=r"catalog\.stock"):
        book.update({"other": render_stock, "catalog.stock": render_stock})
    assert "other" not in book


def test_unknown_intent_falls_back_to_the_message_fact_or_fails_clearly() -> None:
    book = TemplateBook()
    assert book.render(ReplyBrief("orders.unknown", {"message": "Your order shipped."}), FRIENDLY) == (
        "Your order shipped."
    )
    with pytest.raises(ModelError) as caught:
        book.render(ReplyBrief("orders.unknown", {"order": 1042}), FRIENDLY)
    assert caught.value.kind == "no_template"
    assert "orders.unknown" in str(caught.value)


def test_a_brief_missing_a_fact_is_a_bad_brief_not_a_crash() -> None:
    book = TemplateBook({"catalog.stock": render_stock})
    with pytest.raises(ModelError) as caught:
        book.render(ReplyBrief("catalog.stock", {"name": "Lumen"}), FRIENDLY)
    assert caught.value.kind == "bad_brief"
    assert "in_stock" in str(caught.value)
