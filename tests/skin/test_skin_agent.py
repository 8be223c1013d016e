"""The Skin Analyzer in conversation on the demo store: the seed case, follow-ups, photos, bad input."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.conversations import converse

import shopcrew.app as app_module
from shopcrew.app import Assistant, build_assistant
from shopcrew.catalog.repository import load_products
from shopcrew.domain.catalog import Product
from shopcrew.domain.messages import InboundMessage, InputError
from shopcrew.models.router import ModelRouter
from shopcrew.models.testing import FunctionModel
from shopcrew.models.types import ImagePart, Model, ModelRequest, ModelResponse
from shopcrew.settings import Settings
from shopcrew.skin.knowledge import knowledge_base
from shopcrew.store.database import session_factory

SEED = "I have sensitive skin, rosacea, and I'm on retinol. What moisturizer won't cause a reaction?"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def test_seed_case_recommends_calm_moisturizers_and_flags_irritating_ones(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, SEED)
    assert turn.agents == ("skin",)
    assert turn.products, turn.reply
    kb = knowledge_base()
    for shown in turn.products:
        product = assistant_product(assistant, shown.id)
        assert product.category == "moisturizer"
        flags = kb.analyse(product.ingredients).flags
        assert not flags & {
            "fragrance",
            "essential_oil",
            "alcohol_denat",
            "cooling",
            "witch_hazel",
            "retinoid",
        }
        assert shown.name in turn.reply
    assert "Better to skip" in turn.reply
    flagged = [f for f in turn.trace["facts"] if f.get("verdict") == "avoid"]
    assert flagged and all(f["problems"][0]["ingredients"] for f in flagged)
    assert "dermatologist" in turn.reply and "not medical advice" in turn.reply
    assert turn.trace["grounding"]["details"] == []


async def test_follow_up_about_the_second_one_judges_it_with_the_remembered_profile(
    assistant: Assistant,
) -> None:
    first, second = await converse(assistant, SEED, "is the second one ok with my retinol?")
    name = first.products[1].name
    assert second.agents == ("skin",)
    assert second.reply.startswith(name) and "good fit" in second.reply


async def test_an_irritating_product_is_flagged_with_the_offending_ingredient(assistant: Assistant) -> None:
    _, verdict = await converse(assistant, SEED, "would the Witch Hazel Balancing Lotion suit me?")
    assert verdict.agents == ("skin",)
    assert "skip Witch Hazel Balancing Lotion" in verdict.reply
    assert "Hamamelis Virginiana (Witch Hazel) Water" in verdict.reply
    assert "Instead, try" in verdict.reply


async def test_a_skin_question_about_the_product_shown_is_the_skin_analyzers(assistant: Assistant) -> None:
    shown, judged = await converse(
        assistant, "tell me about the Sheer Mineral Sunscreen SPF 50", "is it ok for sensitive skin?"
    )
    assert shown.agents == ("product_expert",)
    assert (
        judged.agents == ("skin",) and "Sheer Mineral Sunscreen SPF 50 looks like a good fit" in judged.reply
    )


async def test_missing_profile_is_asked_once_then_the_request_is_answered(assistant: Assistant) -> None:
    ask, answer = await converse(assistant, "which serum would you recommend for me?", "oily, acne-prone")
    assert ask.trace["awaiting_slot"] == "skin_profile" and "skin type" in ask.reply
    assert answer.agents == ("skin",) and answer.products
    assert "serum options" in answer.reply


async def test_contradictory_profile_gets_a_clarifying_question(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "my skin is oily and very dry, what cleanser should I use?")
    assert "combination" in turn.reply and turn.products == ()
    assert turn.trace["awaiting_slot"] == "skin_profile"


async def test_pregnancy_with_a_retinoid_is_told_to_see_a_doctor(assistant: Assistant) -> None:
    (turn,) = await converse(
        assistant, "I'm pregnant and using tretinoin, my skin is dry. Which moisturizer is safe?"
    )
    assert "ask your doctor" in turn.reply
    for shown in turn.products:
        assert (
            "retinoid"
            not in knowledge_base().analyse(assistant_product(assistant, shown.id).ingredients).flags
        )


async def test_a_photo_without_a_vision_model_is_said_honestly(assistant: Assistant) -> None:
    turn = await assistant.handle(
        InboundMessage(text=SEED, channel="web", images=(ImagePart("image/png", PNG),))
    )
    assert "can't look at photos" in turn.reply
    assert "From your photo" not in turn.reply
    assert turn.products  # it continued from the profile


async def test_a_file_that_is_no_image_gets_a_friendly_reply(assistant: Assistant) -> None:
    attachment = ImagePart("image/png", b"%PDF-1.4 not a photo")
    with pytest.raises(InputError, match="not a PNG, JPEG, GIF or WebP image"):
        await assistant.handle(InboundMessage(text=SEED, channel="web", images=(attachment,)))
    # A channel that hands the orchestrator an attachment unchecked still gets a friendly answer.
    turn = await assistant._orchestrator.run_turn(
        InboundMessage(text=SEED, channel="web", images=(attachment,)), None
    )
    assert "isn't a photo I can open" in turn.reply and turn.products


@pytest.fixture
def vision_assistant(demo_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Assistant]:
    """An assistant whose router has a scripted vision model (gpt-4.1-mini) before the local engine."""

    def router(
        settings: Settings, env: Any, *, local: Model, engine: Any, http_client: Any = None
    ) -> ModelRouter:
        async def answer(request: ModelRequest) -> ModelResponse | dict[str, Any]:
            if request.task == "vision":
                assert request.messages[-1].images, "the photo reaches the vision model"
                return {
                    "usable": True,
                    "observations": ["redness across both cheeks"],
                    "concerns": ["redness", "not-a-concern"],
                    "see_dermatologist": False,
                }
            return await local.request(request)  # extraction and replies from the local engine

        return ModelRouter([FunctionModel(answer, name="gpt-4.1-mini"), local])

    monkeypatch.setattr(app_module, "build_router", router)
    built = build_assistant(demo_settings)
    yield built
    built.close()


async def test_a_photo_goes_to_the_vision_model_and_its_reading_is_used(vision_assistant: Assistant) -> None:
    turn = await vision_assistant.handle(
        InboundMessage(
            text="what moisturizer for my sensitive skin?",
            channel="web",
            images=(ImagePart("image/png", PNG),),
        )
    )
    assert turn.agents == ("skin",)
    assert "From your photo" in turn.reply and "redness across both cheeks" in turn.reply
    assert "not-a-concern" not in turn.reply
    assert any(m.task == "vision" for m in turn.models)
    assert turn.products


def assistant_product(assistant: Assistant, product_id: int) -> Product:
    """The catalog record of a shown product, read from the assistant's store."""
    with session_factory(assistant.engine)() as session:
        return next(p for p in load_products(session) if p.id == product_id)


async def test_adding_to_an_order_gives_the_cart_link_and_says_what_it_cannot_do(
    assistant: Assistant,
) -> None:
    first, add = await converse(assistant, SEED, "add the first one to my order")
    assert add.agents == ("skin",)
    (shown,) = add.products
    assert shown.id == first.products[0].id and shown.cart_url
    assert "can't add items to an order that's already placed" in add.reply


async def test_a_budget_below_every_suitable_product_names_the_most_affordable_one(
    assistant: Assistant,
) -> None:
    (turn,) = await converse(assistant, "which sunscreen for my dry sensitive skin under $1?")
    assert "no sunscreen that suits you is under $1.00" in turn.reply
    (cheapest,) = turn.products
    assert f"{cheapest.name} (${cheapest.price}" in turn.reply or cheapest.name in turn.reply
    assert turn.trace["grounding"]["details"] == []


async def test_saying_pregnant_and_not_pregnant_is_asked_back(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "I'm pregnant, well not pregnant, which serum?")
    assert "are you pregnant or breastfeeding" in turn.reply
    assert turn.products == ()


async def test_a_model_written_skin_reply_is_grounded(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An LLM phrasing the recommendation may not call a flagged product fragrance-free."""

    def router(
        settings: Settings, env: Any, *, local: Model, engine: Any, http_client: Any = None
    ) -> ModelRouter:
        async def answer(request: ModelRequest) -> ModelResponse | str:
            if request.task != "compose" or request.brief is None or request.brief.intent != "skin.recommend":
                return await local.request(request)
            facts = request.brief.facts
            first, flagged = facts["products"][0], facts["flagged"][0]
            return (
                f"{first['title']} (${first['price']}) is a calm choice for your skin. "
                f"{flagged['title']} is fragrance-free and lovely too."
            )

        return ModelRouter([FunctionModel(answer, name="gpt-4.1-mini"), local])

    monkeypatch.setattr(app_module, "build_router", router)
    assistant = build_assistant(demo_settings)
    try:
        (turn,) = await converse(assistant, SEED)
    finally:
        assistant.close()
    assert turn.products[0].name in turn.reply
    assert "fragrance-free and lovely" not in turn.reply
    assert any(d["kind"] == "ingredient" for d in turn.trace["grounding"]["details"])


async def test_a_photo_alone_mid_consultation_stays_with_the_skin_analyzer(assistant: Assistant) -> None:
    (first,) = await converse(assistant, "I have combination skin with some redness")
    photo = await assistant.handle(
        InboundMessage(
            text="",
            conversation_id=first.conversation_id,
            channel="web",
            images=(ImagePart("image/png", PNG),),
        )
    )
    assert photo.agents == ("skin",)
    assert "can't look at photos" in photo.reply


async def test_a_routine_is_checked_as_a_whole_with_times_of_day(assistant: Assistant) -> None:
    # Split by the orchestrator before: "plus a glycolic toner. is that too much?" went to the
    # Product Expert as a toner search, and the skin part asked for the profile.
    clash = await assistant.handle(
        InboundMessage(
            text="I use retinol at night and the vitamin c serum in the morning, plus a glycolic toner. is that too much?"
        )
    )
    assert clash.agents == ("skin",), clash.agents
    assert "retinol and glycolic" in clash.reply and "different nights" in clash.reply
    assert "vitamin C is fine alongside" in clash.reply and not clash.products
    apart = await assistant.handle(
        InboundMessage(text="benzoyl peroxide in the morning and retinol at night, is that ok?")
    )
    assert "different times of day" in apart.reply and "Not all at once" not in apart.reply
    fine = await assistant.handle(
        InboundMessage(text="my routine is niacinamide, vitamin c and azelaic acid - ok?")
    )
    assert "fine for most skin" in fine.reply and "Niacinamide with vitamin C: the old advice" in fine.reply


async def test_one_more_active_after_a_pair_checks_all_three(assistant: Assistant) -> None:
    pair, more = await converse(assistant, "can I use retinol with vitamin c?", "and glycolic acid?")
    assert pair.agents == ("skin",) and "fine together" in pair.reply
    # Before, "and glycolic acid?" read as a product question about one acid.
    assert more.agents == ("skin",)
    assert "retinol and glycolic acid" in more.reply and "different nights" in more.reply
    assert "vitamin C is fine alongside" in more.reply
