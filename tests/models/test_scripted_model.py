"""The ScriptedModel and FunctionModel fakes that every other test scripts models with."""

from __future__ import annotations

import pytest

from shopcrew.models.testing import FunctionModel, ScriptedModel, ScriptExhausted
from shopcrew.models.types import ChatMessage, Model, ModelError, ModelRequest, ModelResponse


def ask(text: str, *, schema: bool = False) -> ModelRequest:
    return ModelRequest(
        task="extract" if schema else "compose",
        messages=(ChatMessage("user", text),),
        output_schema={"type": "object"} if schema else None,
    )


async def test_answers_in_order_and_records_requests() -> None:
    canned = ModelResponse(model="gpt-4.1-mini", text="as is")
    model = ScriptedModel("gpt-4.1-mini", ["Hello!", canned, {"order_numbers": [1042]}])
    typed: Model = model
    first = await typed.request(ask("hi"))
    assert (first.model, first.text, first.data) == ("gpt-4.1-mini", "Hello!", None)
    assert await model.request(ask("again")) is canned
    third = await model.request(ask("order?", schema=True))
    assert third.data == {"order_numbers": [1042]}
    assert [r.messages[-1].text for r in model.requests] == ["hi", "again", "order?"]
    assert model.remaining == 0
    assert model.last_request.task == "extract"


async def test_json_text_becomes_data_when_structured_output_was_asked_for() -> None:
    model = ScriptedModel("m", ['{"emails": ["a@b.co"]}', '{"emails": []}'])
    assert (await model.request(ask("x", schema=True))).data == {"emails": ["a@b.co"]}
    assert (await model.request(ask("x"))).data is None


async def test_scripted_exceptions_are_raised() -> None:
    model = ScriptedModel("m", [ModelError("m", "timeout", "too slow"), TimeoutError, "recovered"])
    with pytest.raises(ModelError):
        await model.request(ask("1"))
    with pytest.raises(TimeoutError):
        await model.request(ask("2"))
    assert (await model.request(ask("3"))).text == "recovered"


async def test_running_out_of_script_says_so() -> None:
    model = ScriptedModel("m", ["only one"])
    await model.request(ask("1"))
    with pytest.raises(ScriptExhausted, match="request #2"):
        await model.request(ask("2"))


async def test_function_models_answer_from_a_sync_or_async_function() -> None:
    echo = FunctionModel(lambda request: f"echo: {request.messages[-1].text}")
    assert (await echo.request(ask("hi"))).text == "echo: hi"

    async def answer(request: ModelRequest) -> ModelResponse:
        return ModelResponse(model="async", text=request.task)

    assert (await FunctionModel(answer, name="async").request(ask("x"))).text == "compose"
    assert echo.requests[0].messages[-1].text == "hi"


def test_a_bare_string_is_not_a_script() -> None:
    with pytest.raises(TypeError):
        ScriptedModel("m", "hello")
