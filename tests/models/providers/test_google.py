"""The Gemini provider against the Gemini API wire format: requests built, responses parsed, errors mapped."""

from __future__ import annotations

import base64
import re
from typing import Any

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

from shopcrew.models.providers.google import SYNTHETIC_ID_PREFIX, GeminiModel, from_environment
from shopcrew.models.types import ChatMessage, ImagePart, ModelError, ModelRequest, ToolCall

KEY = "AIzaSyTest-shopcrew-secret-0003"
CARD = card("google", "gemini-2.5-flash", "gemini-2.5-flash", 0.30, 2.50)


def gemini(api: MockAPI) -> GeminiModel:
    return GeminiModel(CARD, api_key=KEY, http_client=api.client())


def wire(value: Any) -> Any:
    """A request body with every key in camelCase: the API reads both spellings, SDK versions differ."""
    if isinstance(value, dict):
        return {re.sub(r"_([a-z])", lambda m: m.group(1).upper(), k): wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [wire(item) for item in value]
    return value


async def test_a_text_request_sends_system_instruction_and_reports_usage_with_thinking_tokens() -> None:
    api = MockAPI(ok_json("google/generate_content_text.json"))

    response = await gemini(api).request(
        ModelRequest(task="compose", messages=(SYSTEM, ASK), temperature=0.2)
    )

    sent = api.requests[0]
    assert sent.url.host == "generativelanguage.googleapis.com"
    assert sent.url.path.endswith("/models/gemini-2.5-flash:generateContent")
    assert sent.headers["x-goog-api-key"] == KEY
    body = wire(api.body())
    assert body["systemInstruction"]["parts"] == [{"text": SYSTEM.text}]
    assert body["contents"] == [{"role": "user", "parts": [{"text": ASK.text}]}]
    assert body["generationConfig"] == {"maxOutputTokens": 800, "temperature": 0.2}
    assert "tools" not in body
    assert response.model == "gemini-2.5-flash"
    assert response.text == "Your order #1042 shipped on June 12 and should arrive by June 17."
    # 150 answer tokens plus 50 thinking tokens, billed alike as output
    assert (response.usage.input_tokens, response.usage.output_tokens) == (1000, 200)
    assert response.cost_usd == pytest.approx(1000 * 0.30 / 1e6 + 200 * 2.50 / 1e6)
    assert response.latency_ms > 0
    assert response.finish_reason == "STOP"


async def test_images_travel_as_inline_data_parts() -> None:
    api = MockAPI(ok_json("google/generate_content_text.json"))
    photo = ImagePart("image/webp", b"RIFF\x00\x00\x00\x00WEBPfake")

    await gemini(api).request(
        ModelRequest(
            task="vision", messages=(ChatMessage("user", "What colour is this dress?", images=(photo,)),)
        )
    )

    assert wire(api.body())["contents"][0]["parts"] == [
        {"text": "What colour is this dress?"},
        {"inlineData": {"mimeType": "image/webp", "data": base64.b64encode(photo.data).decode()}},
    ]


async def test_json_output_asks_for_application_json_with_the_schema() -> None:
    api = MockAPI(ok_json("google/generate_content_json.json"))

    response = await gemini(api).request(schema_request([SYSTEM, ASK]))

    config = wire(api.body())["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert config["responseJsonSchema"] == wire(ORDER_LOOKUP_SCHEMA)
    assert response.data == {"order_number": 1042, "email": "ana.garcia@example.com"}


async def test_a_field_of_the_wrong_type_is_invalid_output() -> None:
    api = MockAPI(ok_json("google/generate_content_json_wrong_type.json"))

    with pytest.raises(ModelError) as caught:
        await gemini(api).request(schema_request([ASK]))

    assert caught.value.kind == "invalid_output"
    assert "order_number" in caught.value.message


async def test_tools_are_function_declarations_and_calls_come_back_with_an_id() -> None:
    api = MockAPI(ok_json("google/generate_content_function_call.json"))

    response = await gemini(api).request(ModelRequest(task="reason", messages=(ASK,), tools=(LOOKUP_ORDER,)))

    assert wire(api.body())["tools"] == [
        {
            "functionDeclarations": [
                {
                    "name": "lookup_order",
                    "description": "Find an order by its number.",
                    "parametersJsonSchema": wire(dict(LOOKUP_ORDER.parameters)),
                }
            ]
        }
    ]
    (call,) = response.tool_calls
    assert (call.name, dict(call.arguments)) == ("lookup_order", {"order_number": 1042})
    assert call.id.startswith(SYNTHETIC_ID_PREFIX)  # the API gave none; the caller still needs one


async def test_a_tool_round_trip_becomes_function_call_and_function_response_parts() -> None:
    api = MockAPI(ok_json("google/generate_content_text.json"))
    ours = ToolCall(f"{SYNTHETIC_ID_PREFIX}1a2b3c", "lookup_order", {"order_number": 1042})

    await gemini(api).request(
        ModelRequest(
            task="reason",
            messages=(
                ASK,
                ChatMessage("assistant", "", tool_calls=(ours,)),
                ChatMessage("tool", '{"state": "shipped"}', tool_call_id=ours.id),
            ),
            tools=(LOOKUP_ORDER,),
        )
    )

    contents = wire(api.body())["contents"]
    assert contents[1:] == wire(
        [
            {
                "role": "model",
                "parts": [{"functionCall": {"name": "lookup_order", "args": {"order_number": 1042}}}],
            },
            {
                "role": "user",
                "parts": [
                    {
                        "functionResponse": {
                            "name": "lookup_order",
                            "response": {"output": {"state": "shipped"}},
                        }
                    }
                ],
            },
        ]
    )


async def test_a_tool_message_for_an_unknown_call_is_a_bad_request() -> None:
    api = MockAPI()

    with pytest.raises(ModelError) as caught:
        await gemini(api).request(
            ModelRequest(task="reason", messages=(ASK, ChatMessage("tool", "{}", tool_call_id="nope")))
        )

    assert caught.value.kind == "bad_request"
    assert api.requests == []


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (ok_json("google/error_500.json", 500), "server_error"),
        (ok_json("google/error_503.json", 503), "server_error"),
        (ok_json("google/error_429.json", 429), "rate_limit"),
        (ok_json("google/error_401.json", 401), "auth"),
        (ok_json("google/error_403.json", 403), "auth"),
        (ok_json("google/error_400_api_key_invalid.json", 400), "auth"),
        (ok_json("google/error_400.json", 400), "bad_request"),
        (read_timeout, "timeout"),
        (refused_connection, "connection"),
    ],
)
async def test_failures_map_to_error_kinds_after_a_single_attempt(answer: Answer, kind: str) -> None:
    api = MockAPI(answer)

    with pytest.raises(ModelError) as caught:
        await gemini(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert (caught.value.model, caught.value.kind) == ("gemini-2.5-flash", kind)
    assert len(api.requests) == 1
    assert KEY not in str(caught.value)


async def test_a_safety_stop_is_a_refusal() -> None:
    api = MockAPI(ok_json("google/generate_content_safety.json"))

    with pytest.raises(ModelError) as caught:
        await gemini(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert caught.value.kind == "refusal"
    assert "SAFETY" in caught.value.message


async def test_a_blocked_prompt_is_a_refusal() -> None:
    api = MockAPI(ok_json("google/generate_content_prompt_blocked.json"))

    with pytest.raises(ModelError) as caught:
        await gemini(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert caught.value.kind == "refusal"
    assert "PROHIBITED_CONTENT" in caught.value.message


async def test_streaming_yields_text_deltas_then_the_whole_response_with_usage() -> None:
    api = MockAPI(sse("google/stream_text.sse"))

    deltas, final = await collect(gemini(api).stream(ModelRequest(task="compose", messages=(SYSTEM, ASK))))

    assert api.requests[0].url.path.endswith("/models/gemini-2.5-flash:streamGenerateContent")
    assert api.requests[0].url.params["alt"] == "sse"
    assert deltas == ["Your order", " #1042 shipped", " on June 12."]
    assert final is not None
    assert final.text == "".join(deltas)
    assert (final.usage.input_tokens, final.usage.output_tokens) == (1000, 200)
    assert final.cost_usd == pytest.approx(CARD.cost_usd(1000, 200))


async def test_a_stream_that_breaks_mid_answer_raises_after_the_deltas_it_gave() -> None:
    api = MockAPI(broken_sse("google/stream_text.sse", keep_events=2))
    received: list[str] = []

    with pytest.raises(ModelError) as caught:
        await deltas_before_failure(
            gemini(api).stream(ModelRequest(task="compose", messages=(ASK,))), received
        )

    assert received == ["Your order", " #1042 shipped"]
    assert caught.value.kind == "connection"


async def test_a_stream_that_ends_without_a_finish_reason_is_an_error() -> None:
    api = MockAPI(
        cut_sse("google/stream_text.sse", before='data: {"candidates":[{"content":{"parts":[{"text":" on')
    )

    with pytest.raises(ModelError) as caught:
        await collect(gemini(api).stream(ModelRequest(task="compose", messages=(ASK,))))

    assert caught.value.kind == "connection"


async def test_a_stream_refused_before_it_starts_raises_the_mapped_kind() -> None:
    api = MockAPI(ok_json("google/error_429.json", 429))

    with pytest.raises(ModelError) as caught:
        await collect(gemini(api).stream(ModelRequest(task="compose", messages=(ASK,))))

    assert caught.value.kind == "rate_limit"


def test_from_environment_needs_a_key() -> None:
    assert from_environment(CARD, {}) is None
    assert from_environment(CARD, {"GOOGLE_GEMINI_BASE_URL": "https://gateway.example/gemini/"}) is None


@pytest.mark.parametrize(
    ("env", "sent"),
    [
        ({"GEMINI_API_KEY": KEY}, KEY),
        ({"GOOGLE_API_KEY": KEY}, KEY),
        ({"GEMINI_API_KEY": "AIza-the-other-key", "GOOGLE_API_KEY": KEY}, KEY),  # the SDK's precedence
    ],
)
async def test_from_environment_takes_either_key_and_honours_the_base_url(
    env: dict[str, str], sent: str
) -> None:
    api = MockAPI(ok_json("google/generate_content_text.json"))

    model = from_environment(
        CARD, {**env, "GOOGLE_GEMINI_BASE_URL": "https://gateway.example/gemini/"}, http_client=api.client()
    )
    assert model is not None
    await model.request(ModelRequest(task="compose", messages=(ASK,)))

    assert str(api.requests[0].url).startswith("https://gateway.example/gemini/")
    assert api.requests[0].headers["x-goog-api-key"] == sent


async def test_a_thinking_model_that_spent_its_budget_thinking_gave_no_answer() -> None:
    api = MockAPI(ok_json("google/generate_content_thinking_exhausted.json"))

    with pytest.raises(ModelError) as caught:
        await gemini(api).request(ModelRequest(task="compose", messages=(ASK,)))

    assert caught.value.kind == "invalid_output"
    assert "MAX_TOKENS" in caught.value.message
