"""The Anthropic provider against the Messages API wire format: requests built, responses parsed, errors mapped."""

from __future__ import annotations

import base64

import pytest
from tests.models.providers.mock_api import (
    ASK,
    LOOKUP_ORDER,
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

from shopcrew.models.providers.anthropic import OUTPUT_TOOL, AnthropicModel, from_environment
from shopcrew.models.types import ChatMessage, ImagePart, ModelError, ModelRequest, ToolCall

KEY = "sk-ant-api03-test-shopcrew-secret-0002"
CARD = card("anthropic", "claude-sonnet-4", "claude-sonnet-4-20250514", 3.0, 15.0)


def claude(api: MockAPI) -> AnthropicModel:
    return AnthropicModel(CARD, api_key=KEY, http_client=api.client())


def sent_key(api: MockAPI) -> str:
    """The credential the SDK sent (this SDK version uses a bearer token, older ones `x-api-key`)."""
    headers = api.requests[-1].headers
    return headers.get("x-api-key") or headers["authorization"].removeprefix("Bearer ")


async def test_a_text_request_puts_the_system_prompt_top_level_and_reports_usage_and_cost() -> None:
    api = MockAPI(ok_json("anthropic/message_text.json"))

    response = await claude(api).request(
        ModelRequest(task="compose", messages=(SYSTEM, ASK), max_output_tokens=400)
    )

    assert api.requests[0].url == "https://api.anthropic.com/v1/messages"
    assert sent_key(api) == KEY
    assert "anthropic-version" in api.requests[0].headers
    assert api.body() == {
        "model": "claude-sonnet-4-20250514",
        "max_tokens": 400,
        "system": SYSTEM.text,
        "messages": [{"role": "user", "content": [{"type": "text", "text": ASK.text}]}],
    }
    assert response.model == "claude-sonnet-4"
    assert response.text == "Your order #1042 shipped on June 12 and should arrive by June 17."
    assert (response.usage.input_tokens, response.usage.output_tokens) == (1000, 200)
    assert response.cost_usd == pytest.approx(1000 * 3.0 / 1e6 + 200 * 15.0 / 1e6)
    assert response.latency_ms > 0
    assert response.finish_reason == "end_turn"


async def test_images_travel_as_base64_image_blocks() -> None:
    api = MockAPI(ok_json("anthropic/message_text.json"))
    photo = ImagePart("image/png", b"\x89PNG\r\n\x1a\nfake-png")

    await claude(api).request(
        ModelRequest(task="vision", messages=(ChatMessage("user", "Which shoe is this?", images=(photo,)),))
    )

    assert api.body()["messages"][0]["content"] == [
        {"type": "text", "text": "Which shoe is this?"},
        {
            "type": "image",
            "source": {
                "type": "base64",
                "media_type": "image/png",
                "data": base64.b64encode(photo.data).decode(),
            },
        },
    ]


async def test_an_image_type_claude_cannot_read_is_refused_before_any_call() -> None:
    api = MockAPI()
    photo = ImagePart("image/heic", b"heic")

    with pytest.raises(ModelError) as caught:
        await claude(api).request(
            ModelRequest(task="vision", messages=(ChatMessage("user", "?", images=(photo,)),))
        )

    assert caught.value.kind == "unsupported"
    assert api.requests == []


async def test_json_output_is_a_forced_tool_whose_input_becomes_data() -> None:
    api = MockAPI(ok_json("anthropic/message_structured_output.json"))

    response = await claude(api).request(schema_request([SYSTEM, ASK]))

    body = api.body()
    assert body["tools"] == [
        {
            "name": OUTPUT_TOOL,
            "description": "Give your answer as structured data, by calling this tool once with it.",
            "input_schema": ORDER_LOOKUP_SCHEMA,
        }
    ]
    assert body["tool_choice"] == {"type": "tool", "name": OUTPUT_TOOL}
    assert response.data == {"order_number": 1042, "email": "ana.garcia@example.com"}
    assert response.tool_calls == ()


async def test_with_tools_of_its_own_the_model_may_call_them_instead_of_answering() -> None:
    api = MockAPI(ok_json("anthropic/message_tool_use.json"))

    response = await claude(api).request(
        ModelRequest(
            task="extract", messages=(ASK,), output_schema=ORDER_LOOKUP_SCHEMA, tools=(LOOKUP_ORDER,)
        )
    )

    body = api.body()
    assert [tool["name"] for tool in body["tools"]] == ["lookup_order", OUTPUT_TOOL]
    assert body["tools"][0]["input_schema"] == dict(LOOKUP_ORDER.parameters)
    assert body["tool_choice"] == {"type": "any"}
    assert response.tool_calls == (
        ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "lookup_order", {"order_number": 1042}),
    )
    assert response.text == "Let me look that order up."
    assert response.data is None


async def test_tool_results_go_back_as_tool_result_blocks_in_one_user_turn() -> None:
    api = MockAPI(ok_json("anthropic/message_text.json"))
    first = ToolCall("toolu_1", "lookup_order", {"order_number": 1042})
    second = ToolCall("toolu_2", "lookup_order", {"order_number": 1043})

    await claude(api).request(
        ModelRequest(
            task="reason",
            messages=(
                ASK,
                ChatMessage("assistant", "Checking both.", tool_calls=(first, second)),
                ChatMessage("tool", '{"state": "shipped"}', tool_call_id="toolu_1"),
                ChatMessage("tool", '{"state": "processing"}', tool_call_id="toolu_2"),
            ),
            tools=(LOOKUP_ORDER,),
        )
    )

    assert api.body()["messages"][1:] == [
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Checking both."},
                {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": "lookup_order",
                    "input": {"order_number": 1042},
                },
                {
                    "type": "tool_use",
                    "id": "toolu_2",
                    "name": "lookup_order",
                    "input": {"order_number": 1043},
                },
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": '{"state": "shipped"}'},
                {"type": "tool_result", "tool_use_id": "toolu_2", "content": '{"state": "processing"}'},
            ],
        },
    ]


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (ok_json("anthropic/error_500.json", 500), "server_error"),
        (ok_json("anthropic/error_529.json", 529), "server_error"),
        (ok_json("anthropic/error_429.json", 429), "rate_limit"),
        (ok_json("anthropic/error_401.json", 401), "auth"),
        (ok_json("anthropic/error_400.json", 400), "bad_request"),
        (read_timeout, "timeout"),
        (refused_connection, "connection"),
    ],
)
async def test_failures_map_to_error_kinds_after_a_single_attempt(answer: Answer, kind: str) -> None:
    api = MockAPI(answer)

    with pytest.raises(ModelError) as caught:
        await claude(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert (caught.value.model, caught.value.kind) == ("claude-sonnet-4", kind)
    assert len(api.requests) == 1
    assert KEY not in str(caught.value)


async def test_an_overloaded_api_says_so() -> None:
    api = MockAPI(ok_json("anthropic/error_529.json", 529))

    with pytest.raises(ModelError) as caught:
        await claude(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert caught.value.message == "HTTP 529: Overloaded"


async def test_structured_output_missing_a_required_field_is_invalid_output() -> None:
    api = MockAPI(ok_json("anthropic/message_structured_output_incomplete.json"))

    with pytest.raises(ModelError) as caught:
        await claude(api).request(schema_request([ASK]))

    assert caught.value.kind == "invalid_output"
    assert "order_number" in caught.value.message


async def test_a_plain_text_answer_to_a_schema_request_is_invalid_output() -> None:
    api = MockAPI(ok_json("anthropic/message_text.json"))

    with pytest.raises(ModelError) as caught:
        await claude(api).request(schema_request([ASK]))

    assert caught.value.kind == "invalid_output"


async def test_a_refusal_stop_reason_is_a_refusal_error() -> None:
    api = MockAPI(ok_json("anthropic/message_refusal.json"))

    with pytest.raises(ModelError) as caught:
        await claude(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert caught.value.kind == "refusal"


async def test_streaming_yields_text_deltas_then_the_whole_response_with_usage() -> None:
    api = MockAPI(sse("anthropic/stream_text.sse"))

    deltas, final = await collect(claude(api).stream(ModelRequest(task="compose", messages=(SYSTEM, ASK))))

    assert api.body()["stream"] is True
    assert deltas == ["Your order", " #1042 shipped", " on June 12."]
    assert final is not None
    assert final.text == "".join(deltas)
    assert (final.usage.input_tokens, final.usage.output_tokens) == (1000, 200)
    assert final.cost_usd == pytest.approx(CARD.cost_usd(1000, 200))
    assert final.finish_reason == "end_turn"


async def test_streamed_structured_output_arrives_as_its_json_text_and_as_data() -> None:
    api = MockAPI(sse("anthropic/stream_structured_output.sse"))

    deltas, final = await collect(claude(api).stream(schema_request([ASK])))

    assert final is not None
    assert final.text == "".join(deltas) == '{"order_number": 1042, "email": null}'
    assert final.data == {"order_number": 1042, "email": None}


async def test_an_overloaded_error_event_mid_stream_is_a_server_error() -> None:
    api = MockAPI(sse("anthropic/stream_overloaded.sse"))
    received: list[str] = []

    with pytest.raises(ModelError) as caught:
        await deltas_before_failure(
            claude(api).stream(ModelRequest(task="compose", messages=(ASK,))), received
        )

    assert received == ["Your order", " #1042 shipped", " on June 12."]
    assert caught.value.kind == "server_error"
    assert "overloaded" in caught.value.message.lower()


async def test_a_stream_whose_connection_drops_raises_a_connection_error() -> None:
    api = MockAPI(broken_sse("anthropic/stream_text.sse", keep_events=4))
    received: list[str] = []

    with pytest.raises(ModelError) as caught:
        await deltas_before_failure(
            claude(api).stream(ModelRequest(task="compose", messages=(ASK,))), received
        )

    assert received == ["Your order"]
    assert caught.value.kind == "connection"


async def test_a_stream_that_ends_without_message_stop_is_an_error() -> None:
    api = MockAPI(cut_sse("anthropic/stream_text.sse", before="event: message_delta"))

    with pytest.raises(ModelError) as caught:
        await collect(claude(api).stream(ModelRequest(task="compose", messages=(ASK,))))

    assert caught.value.kind == "connection"


def test_from_environment_needs_the_key() -> None:
    assert from_environment(CARD, {}) is None
    assert from_environment(CARD, {"ANTHROPIC_BASE_URL": "https://gateway.example/anthropic"}) is None


async def test_from_environment_honours_the_base_url() -> None:
    api = MockAPI(ok_json("anthropic/message_text.json"))
    env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": "https://gateway.example/anthropic"}

    model = from_environment(CARD, env, http_client=api.client())
    assert model is not None
    await model.request(ModelRequest(task="compose", messages=(ASK,)))

    assert api.requests[0].url == "https://gateway.example/anthropic/v1/messages"
    assert sent_key(api) == KEY
