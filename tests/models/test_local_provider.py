"""The local engine behind the Model interface: every task, usage figures and honest refusals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from tests.models.local_engine_catalog import build_gazetteer

from shopcrew.domain.voice import BrandVoice
from shopcrew.models.local import Extraction, Gazetteer, GazetteerEntry
from shopcrew.models.local.nlg import Phrasing, default_template_book
from shopcrew.models.providers.local import LocalModel
from shopcrew.models.types import ChatMessage, ImagePart, Model, ModelError, ModelRequest, ReplyBrief, Task


def render_status(facts: Mapping[str, Any], p: Phrasing) -> str:
    return f"{p.acknowledge()} Order #{facts['order']} is {facts['state']}. It's a cheap fix."


@pytest.fixture
def model() -> LocalModel:
    templates = default_template_book()
    templates.register("orders.status", render_status)
    voice = BrandVoice(tone="formal", use_words={"cheap": "simple"}, sign_off="— {assistant_name}")
    return LocalModel(
        gazetteer=build_gazetteer(),
        templates=templates,
        voice=voice,
        classify=lambda text: {"domain": "orders", "score": 0.9},
    )


def ask(task: Task, text: str = "", **kwargs: Any) -> ModelRequest:
    messages = (ChatMessage("system", "You are a shopping assistant."), ChatMessage("user", text))
    return ModelRequest(task=task, messages=messages, **kwargs)


def test_is_a_model_named_local(model: LocalModel) -> None:
    typed: Model = model
    assert typed.name == "local"


async def test_extract_reads_the_last_user_message(model: LocalModel) -> None:
    request = ModelRequest(
        task="extract",
        messages=(
            ChatMessage("user", "where is order 1042"),
            ChatMessage("assistant", "Which product?"),
            ChatMessage("user", "the lumen serum, under $40"),
        ),
        output_schema=Extraction.model_json_schema(),
    )
    response = await model.request(request)
    assert response.model == "local"
    assert response.data is not None
    found = Extraction.model_validate(response.data)
    assert found.order_numbers == []
    assert [p.product_id for p in found.products] == [6]
    assert found.budget is not None and str(found.budget.max) == "40"
    assert Extraction.model_validate_json(response.text) == found
    assert response.cost_usd == 0.0
    assert response.usage.input_tokens > 0 and response.usage.output_tokens > 0
    assert response.latency_ms >= 0


async def test_extract_uses_the_slot_the_conversation_awaits(model: LocalModel) -> None:
    response = await model.request(ask("extract", "94110", context={"expecting": "zip_code"}))
    assert response.data is not None and response.data["zip_codes"] == ["94110"]


async def test_extract_refuses_a_schema_it_cannot_fill(model: LocalModel) -> None:
    with pytest.raises(ModelError) as caught:
        await model.request(ask("extract", "hi", output_schema={"title": "ReturnReason", "type": "object"}))
    assert caught.value.kind == "unsupported"


@pytest.mark.parametrize("task", ["compose", "reason"])
async def test_compose_renders_the_brief_in_the_brand_voice(model: LocalModel, task: Task) -> None:
    brief = ReplyBrief("orders.status", {"order": 1042, "state": "shipped"}, variation_seed=3)
    response = await model.request(ask(task, "where is my order?", brief=brief))
    assert "Order #1042 is shipped." in response.text
    assert "It is a simple fix." in response.text  # formal tone, preferred word
    assert response.text.endswith("— Sam")
    again = await model.request(ask(task, "where is my order?", brief=brief))
    assert again.text == response.text


async def test_compose_keeps_fact_strings_verbatim(model: LocalModel) -> None:
    brief = ReplyBrief("generic.list", {"intro": "It's cheap:", "items": ["Cheap Monday Jeans — $40.00"]})
    response = await model.request(ask("compose", brief=brief))
    assert response.text.startswith("It is simple:\n- Cheap Monday Jeans — $40.00")


async def test_compose_without_a_brief_is_a_bad_request(model: LocalModel) -> None:
    with pytest.raises(ModelError) as caught:
        await model.request(ask("compose", "hello"))
    assert caught.value.kind == "bad_request"


async def test_compose_with_an_unknown_intent_and_no_message_fails_clearly(model: LocalModel) -> None:
    with pytest.raises(ModelError) as caught:
        await model.request(ask("compose", brief=ReplyBrief("skin.routine", {"steps": []})))
    assert caught.value.kind == "no_template"


async def test_classify_uses_the_injected_classifier(model: LocalModel) -> None:
    response = await model.request(ask("classify", "where is my order"))
    assert response.data == {"domain": "orders", "score": 0.9}


async def test_classify_without_a_classifier_is_unsupported() -> None:
    bare = LocalModel(gazetteer=Gazetteer([]), templates=default_template_book(), voice=BrandVoice())
    with pytest.raises(ModelError) as caught:
        await bare.request(ask("classify", "hello"))
    assert caught.value.kind == "unsupported"


async def test_a_failing_classifier_surfaces_as_a_model_error() -> None:
    def broken(text: str) -> Mapping[str, Any]:
        raise RuntimeError("weights missing")

    local = LocalModel(
        gazetteer=Gazetteer([]), templates=default_template_book(), voice=BrandVoice(), classify=broken
    )
    with pytest.raises(ModelError) as caught:
        await local.request(ask("classify", "hello"))
    assert (caught.value.kind, "weights missing" in str(caught.value)) == ("classifier_error", True)


async def test_vision_is_refused_never_faked(model: LocalModel) -> None:
    request = ModelRequest(
        task="vision",
        messages=(ChatMessage("user", "what is this?", images=(ImagePart("image/png", b"\x89PNG"),)),),
    )
    with pytest.raises(ModelError) as caught:
        await model.request(request)
    assert (caught.value.model, caught.value.kind) == ("local", "unsupported")
    assert "cannot see images" in str(caught.value)


async def test_set_gazetteer_switches_the_catalog(model: LocalModel) -> None:
    model.set_gazetteer(
        Gazetteer([GazetteerEntry(99, "Solstice Rain Shell", "Solstice", "jacket", "apparel")])
    )
    response = await model.request(ask("extract", "is the solstice rain shell waterproof?"))
    assert response.data is not None
    assert [p["product_id"] for p in response.data["products"]] == [99]
