"""The OpenAI provider against the Chat Completions wire format: requests built, responses parsed, errors mapped."""

from __future__ import annotations

import base64

import httpx2
import pytest
from tests.models.providers.mock_api import (
    ASK,
    LOOKUP_ORDER,
    LOOSE_SCHEMA,
    ORDER_LOOKUP_SCHEMA,
    SYSTEM,
    Answer,
    MockAPI,
    broken_sse,
    card,
    collect,
    cut_sse,
    deltas_before_failure,
    ok_json,
    read_timeout,
    refused_connection,
    schema_request,
    sse,
)

from shopcrew.models.providers.openai import OpenAIModel, from_environment
from shopcrew.models.types import ChatMessage, ImagePart, ModelError, ModelRequest, ToolCall

KEY = "sk-test-shopcrew-secret-0001"
CARD = card("openai", "gpt-4.1-mini", "gpt-4.1-mini-2025-04-14", 0.40, 1.60)


def openai_model(api: MockAPI) -> OpenAIModel:
    return OpenAIModel(CARD, api_key=KEY, http_client=api.client())


async def test_a_text_request_puts_the_system_prompt_first_and_reports_usage_and_cost() -> None:
    api = MockAPI(ok_json("openai/chat_completion_text.json"))

    response = await openai_model(api).request(
        ModelRequest(task="compose", messages=(SYSTEM, ASK), temperature=0.3)
    )

    sent = api.requests[0]
    assert sent.url == "https://api.openai.com/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert api.body() == {
        "model": "gpt-4.1-mini-2025-04-14",
        "messages": [
            {"role": "system", "content": SYSTEM.text},
            {"role": "user", "content": ASK.text},
        ],
        "max_completion_tokens": 800,
        "temperature": 0.3,
    }
    assert response.model == "gpt-4.1-mini"
    assert response.text == "Your order #1042 shipped on June 12 and should arrive by June 17."
    assert response.data is None and response.tool_calls == ()
    assert (response.usage.input_tokens, response.usage.output_tokens) == (1000, 200)
    assert response.cost_usd == pytest.approx(1000 * 0.40 / 1e6 + 200 * 1.60 / 1e6)
    assert response.latency_ms > 0
    assert response.finish_reason == "stop"


async def test_images_travel_as_base64_data_urls_after_the_text() -> None:
    api = MockAPI(ok_json("openai/chat_completion_text.json"))
    photo = ImagePart("image/jpeg", b"\xff\xd8\xff\xe0fake-jpeg")

    await openai_model(api).request(
        ModelRequest(
            task="vision", messages=(ChatMessage("user", "Is this the same boot?", images=(photo,)),)
        )
    )

    assert api.body()["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Is this the same boot?"},
                {
                    "type": "image_url",
                    "image_url": {"url": "data:image/jpeg;base64," + base64.b64encode(photo.data).decode()},
                },
            ],
        }
    ]


async def test_a_closed_schema_is_sent_strict_and_the_json_reply_becomes_data() -> None:
    api = MockAPI(ok_json("openai/chat_completion_json.json"))

    response = await openai_model(api).request(schema_request([SYSTEM, ASK]))

    assert api.body()["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "OrderLookup", "schema": ORDER_LOOKUP_SCHEMA, "strict": True},
    }
    assert response.data == {"order_number": 1042, "email": "ana.garcia@example.com"}


async def test_a_schema_strict_mode_would_reject_is_sent_non_strict() -> None:
    api = MockAPI(
        httpx2.Response(
            200,
            json={
                **ok_json("openai/chat_completion_text.json").json(),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": '{"max": 80}'},
                        "finish_reason": "stop",
                    }
                ],
            },
        )
    )

    response = await openai_model(api).request(schema_request([ASK], LOOSE_SCHEMA))

    assert api.body()["response_format"]["json_schema"]["strict"] is False
    assert response.data == {"max": 80}


async def test_tools_are_declared_and_tool_calls_come_back_parsed() -> None:
    api = MockAPI(ok_json("openai/chat_completion_tool_calls.json"))

    response = await openai_model(api).request(
        ModelRequest(task="reason", messages=(ASK,), tools=(LOOKUP_ORDER,))
    )

    assert api.body()["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "lookup_order",
                "description": "Find an order by its number.",
                "parameters": dict(LOOKUP_ORDER.parameters),
            },
        }
    ]
    assert response.tool_calls == (
        ToolCall("call_Dn2RJJSxzDm49vlVTehseJ0k", "lookup_order", {"order_number": 1042}),
    )
    assert response.finish_reason == "tool_calls"


async def test_a_tool_round_trip_is_sent_as_assistant_tool_calls_and_a_tool_message() -> None:
    api = MockAPI(ok_json("openai/chat_completion_text.json"))
    call = ToolCall("call_Dn2RJJSxzDm49vlVTehseJ0k", "lookup_order", {"order_number": 1042})

    await openai_model(api).request(
        ModelRequest(
            task="reason",
            messages=(
                ASK,
                ChatMessage("assistant", "", tool_calls=(call,)),
                ChatMessage("tool", '{"state": "shipped"}', tool_call_id=call.id),
            ),
            tools=(LOOKUP_ORDER,),
        )
    )

    assert api.body()["messages"][1:] == [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": "lookup_order", "arguments": '{"order_number": 1042}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": call.id, "content": '{"state": "shipped"}'},
    ]


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (ok_json("openai/error_500.json", 500), "server_error"),
        (ok_json("openai/error_429.json", 429), "rate_limit"),
        (ok_json("openai/error_401.json", 401), "auth"),
        (ok_json("openai/error_400_response_format.json", 400), "bad_request"),
        (read_timeout, "timeout"),
        (refused_connection, "connection"),
    ],
)
async def test_failures_map_to_error_kinds_after_a_single_attempt(answer: Answer, kind: str) -> None:
    api = MockAPI(answer)

    with pytest.raises(ModelError) as caught:
        await openai_model(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert (caught.value.model, caught.value.kind) == ("gpt-4.1-mini", kind)
    assert len(api.requests) == 1  # the SDK's own retries are off: fallback is the router's call
    assert KEY not in str(caught.value)


async def test_the_vendor_message_reaches_the_error_without_the_key() -> None:
    api = MockAPI(ok_json("openai/error_401.json", 401))

    with pytest.raises(ModelError) as caught:
        await openai_model(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert caught.value.message.startswith("HTTP 401: Incorrect API key provided: [redacted]")


async def test_prose_where_json_was_asked_for_is_invalid_output() -> None:
    api = MockAPI(ok_json("openai/chat_completion_garbage_json.json"))

    with pytest.raises(ModelError) as caught:
        await openai_model(api).request(schema_request([ASK]))

    assert caught.value.kind == "invalid_output"


async def test_a_refusal_is_a_refusal_error() -> None:
    api = MockAPI(ok_json("openai/chat_completion_refusal.json"))

    with pytest.raises(ModelError) as caught:
        await openai_model(api).request(schema_request([ASK]))

    assert caught.value.kind == "refusal"
    assert "can't help" in caught.value.message


async def test_streaming_yields_text_deltas_then_the_whole_response_with_usage() -> None:
    api = MockAPI(sse("openai/stream_text.sse"))

    deltas, final = await collect(
        openai_model(api).stream(ModelRequest(task="compose", messages=(SYSTEM, ASK)))
    )

    assert api.body()["stream"] is True
    assert api.body()["stream_options"] == {"include_usage": True}
    assert deltas == ["Your order", " #1042 shipped", " on June 12."]
    assert final is not None
    assert final.text == "".join(deltas)
    assert (final.usage.input_tokens, final.usage.output_tokens) == (1000, 200)
    assert final.cost_usd == pytest.approx(CARD.cost_usd(1000, 200))


async def test_streamed_tool_call_fragments_are_assembled() -> None:
    api = MockAPI(sse("openai/stream_tool_calls.sse"))

    deltas, final = await collect(
        openai_model(api).stream(ModelRequest(task="reason", messages=(ASK,), tools=(LOOKUP_ORDER,)))
    )

    assert deltas == []
    assert final is not None
    assert final.tool_calls == (
        ToolCall("call_Dn2RJJSxzDm49vlVTehseJ0k", "lookup_order", {"order_number": 1042}),
    )


async def test_a_stream_that_breaks_mid_answer_raises_after_the_deltas_it_gave() -> None:
    api = MockAPI(broken_sse("openai/stream_text.sse", keep_events=3))
    received: list[str] = []

    with pytest.raises(ModelError) as caught:
        await deltas_before_failure(
            openai_model(api).stream(ModelRequest(task="compose", messages=(ASK,))), received
        )

    assert received == ["Your order", " #1042 shipped"]
    assert caught.value.kind == "connection"


async def test_a_stream_that_stops_without_finishing_is_an_error() -> None:
    api = MockAPI(
        cut_sse(
            "openai/stream_text.sse",
            before='data: {"id":"chatcmpl-BHj4pPRw9cB1lbkLZ5Xo9jGpQn3sA","object":"chat.completion.chunk","created":1743519123,"model":"gpt-4.1-mini-2025-04-14","service_tier":"default","system_fingerprint":"fp_6f2eabb9a5","choices":[{"index":0,"delta":{},',
        )
    )

    with pytest.raises(ModelError) as caught:
        await collect(openai_model(api).stream(ModelRequest(task="compose", messages=(ASK,))))

    assert caught.value.kind == "connection"


async def test_a_stream_refused_before_it_starts_raises_the_mapped_kind() -> None:
    api = MockAPI(ok_json("openai/error_429.json", 429))

    with pytest.raises(ModelError) as caught:
        await collect(openai_model(api).stream(ModelRequest(task="compose", messages=(ASK,))))

    assert caught.value.kind == "rate_limit"


def test_from_environment_needs_the_key() -> None:
    assert from_environment(CARD, {}) is None
    assert from_environment(CARD, {"OPENAI_BASE_URL": "https://gateway.example/v1"}) is None


async def test_from_environment_honours_the_base_url() -> None:
    api = MockAPI(ok_json("openai/chat_completion_text.json"))
    env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": "https://gateway.example/openai/v1"}

    model = from_environment(CARD, env, http_client=api.client())
    assert model is not None
    await model.request(ModelRequest(task="compose", messages=(ASK,)))

    assert api.requests[0].url == "https://gateway.example/openai/v1/chat/completions"
    assert api.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_a_card_of_another_provider_is_refused() -> None:
    with pytest.raises(ValueError, match="provider"):
        OpenAIModel(card("anthropic", "claude-sonnet-4", "claude-sonnet-4-20250514", 3, 15), api_key=KEY)


async def test_a_reasoning_model_that_spent_its_budget_thinking_gave_no_answer() -> None:
    api = MockAPI(ok_json("openai/chat_completion_reasoning_exhausted.json"))

    with pytest.raises(ModelError) as caught:
        await openai_model(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert caught.value.kind == "invalid_output"
    assert "'length'" in caught.value.message
