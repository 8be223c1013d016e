"""The OpenAI-compatible provider (Ollama, vLLM, LM Studio, llama.cpp server): any base URL, optional key,
JSON through `response_format` with a fallback to prompt instructions for servers that lack it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.models.providers.mock_api import (
    ORDER_LOOKUP_SCHEMA,
    MockAPI,
    card,
    collect,
    ok_json,
    refused_connection,
    schema_request,
    sse,
)

from shopcrew.models.providers.openai_compatible import OpenAICompatibleModel, from_environment
from shopcrew.models.types import ChatMessage, ModelError, ModelRequest

BASE_URL = "http://127.0.0.1:11434/v1"
CARD = card("openai_compatible", "qwen2.5-7b", "qwen2.5:7b-instruct", 0.0, 0.0)
SYSTEM = ChatMessage("system", "You extract order details.")
ASK = ChatMessage("user", "Where is my order #1042?")


def local_server(api: MockAPI, **kwargs: str) -> OpenAICompatibleModel:
    return OpenAICompatibleModel(CARD, base_url=BASE_URL, http_client=api.client(), **kwargs)


async def test_a_schema_request_uses_response_format_and_max_tokens_and_sends_no_real_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real-openai-secret-must-not-travel")
    api = MockAPI(ok_json("openai_compatible/ollama_chat_completion_json.json"))

    response = await local_server(api).request(schema_request([SYSTEM, ASK]))

    sent = api.requests[0]
    assert sent.url == f"{BASE_URL}/chat/completions"
    assert sent.headers["authorization"] == "Bearer no-key"
    body = api.body()
    assert body["model"] == "qwen2.5:7b-instruct"
    assert body["max_tokens"] == 800 and "max_completion_tokens" not in body
    assert body["response_format"]["json_schema"]["schema"] == ORDER_LOOKUP_SCHEMA
    assert response.data == {"order_number": 1042, "email": None}
    assert (response.usage.input_tokens, response.usage.output_tokens) == (412, 21)
    assert response.cost_usd == 0.0


@pytest.mark.parametrize(
    ("refusal", "status"),
    [
        ("openai_compatible/error_400_response_format_unsupported.json", 400),
        ("openai_compatible/error_500_response_format_unsupported.json", 500),
    ],
)
async def test_a_server_without_json_schema_gets_instructions_from_then_on(refusal: str, status: int) -> None:
    api = MockAPI(
        ok_json(refusal, status),
        ok_json("openai_compatible/ollama_chat_completion_fenced_json.json"),
        ok_json("openai_compatible/ollama_chat_completion_json.json"),
    )
    model = local_server(api)

    first = await model.request(schema_request([SYSTEM, ASK]))
    second = await model.request(schema_request([ASK]))

    retried = api.body(1)
    assert "response_format" not in retried
    system = retried["messages"][0]
    assert system["role"] == "system"
    assert system["content"].startswith(SYSTEM.text)
    assert '"order_number"' in system["content"] and "JSON" in system["content"]
    assert first.data == second.data == {"order_number": 1042, "email": None}
    assert model.schema_via == "instructions"
    assert len(api.requests) == 3  # the second request went straight to instructions
    assert "response_format" not in api.body(2)


async def test_a_failing_retry_keeps_response_format_and_raises_the_retry_error() -> None:
    api = MockAPI(
        ok_json("openai_compatible/error_400_response_format_unsupported.json", 400),
        ok_json("openai_compatible/error_500.json", 500),
    )
    model = local_server(api)

    with pytest.raises(ModelError) as caught:
        await model.request(schema_request([ASK]))

    assert caught.value.kind == "server_error"
    assert model.schema_via == "response_format"


async def test_other_failures_are_not_retried() -> None:
    api = MockAPI(ok_json("openai_compatible/error_500.json", 500))

    with pytest.raises(ModelError) as caught:
        await local_server(api).request(schema_request([ASK]))

    assert caught.value.kind == "server_error"
    assert len(api.requests) == 1


async def test_a_server_that_is_not_running_is_a_connection_error() -> None:
    api = MockAPI(refused_connection)

    with pytest.raises(ModelError) as caught:
        await local_server(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert caught.value.kind == "connection"


async def test_a_card_without_json_output_goes_straight_to_instructions() -> None:
    api = MockAPI(ok_json("openai_compatible/ollama_chat_completion_json.json"))
    model = OpenAICompatibleModel(
        replace(CARD, json_output=False), base_url=BASE_URL, http_client=api.client()
    )

    response = await model.request(schema_request([ASK]))

    assert "response_format" not in api.body()
    assert api.body()["messages"][0]["role"] == "system"
    assert response.data == {"order_number": 1042, "email": None}


async def test_prose_where_json_was_asked_for_is_invalid_output() -> None:
    api = MockAPI(ok_json("openai_compatible/ollama_chat_completion_text.json"))

    with pytest.raises(ModelError) as caught:
        await local_server(api).request(schema_request([ASK]))

    assert caught.value.kind == "invalid_output"


async def test_streaming_falls_back_to_instructions_too() -> None:
    api = MockAPI(
        ok_json("openai_compatible/error_400_response_format_unsupported.json", 400),
        sse("openai_compatible/ollama_stream_json.sse"),
    )
    model = local_server(api)

    deltas, final = await collect(model.stream(schema_request([ASK])))

    assert "response_format" in api.body(0) and "response_format" not in api.body(1)
    assert final is not None
    assert final.text == "".join(deltas) == '{"order_number": 1042, "email": null}'
    assert final.data == {"order_number": 1042, "email": None}
    assert (final.usage.input_tokens, final.usage.output_tokens) == (412, 21)
    assert model.schema_via == "instructions"


def test_from_environment_needs_the_base_url() -> None:
    assert from_environment(CARD, {}) is None
    assert from_environment(CARD, {"SHOPCREW_OPENAI_COMPATIBLE_API_KEY": "secret"}) is None


async def test_from_environment_uses_the_base_url_and_the_optional_key() -> None:
    api = MockAPI(ok_json("openai_compatible/ollama_chat_completion_text.json"))
    env = {
        "SHOPCREW_OPENAI_COMPATIBLE_BASE_URL": "http://vllm.internal:8000/v1",
        "SHOPCREW_OPENAI_COMPATIBLE_API_KEY": "vllm-token-0004",
    }

    model = from_environment(CARD, env, http_client=api.client())
    assert model is not None
    response = await model.request(ModelRequest(task="compose", messages=(ASK,)))

    assert api.requests[0].url == "http://vllm.internal:8000/v1/chat/completions"
    assert api.requests[0].headers["authorization"] == "Bearer vllm-token-0004"
    assert response.text == "Your order #1042 shipped on June 12."
