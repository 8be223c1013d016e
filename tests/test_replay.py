"""Batch replay: one output line per input line, errors confined to their line, labels echoed."""

from __future__ import annotations

import io
import json
from typing import Any

from shopcrew.app import Assistant
from shopcrew.replay import Replayer

# Replay lines carry the cart link and attribution token too; comparisons of two replays ignore
# those (they hash the conversation id, which is new each run), as they ignore latency_ms.
PRODUCT_KEYS = {"id", "name", "price", "variant_id", "variant", "token", "cart_url"}
RESULT_KEYS = [
    "conversation",
    "reply",
    "agents",
    "domains",
    "handoff",
    "actions",
    "models",
    "products",
    "latency_ms",
    "cost_usd",
]


def jsonl(*lines: dict[str, Any] | str) -> list[str]:
    return [line if isinstance(line, str) else json.dumps(line) for line in lines]


async def replay(assistant: Assistant, lines: list[str]) -> tuple[Replayer, list[dict[str, Any]]]:
    replayer = Replayer(assistant)
    output = io.StringIO()
    await replayer.replay(lines, output)
    return replayer, [json.loads(line) for line in output.getvalue().splitlines()]


async def test_three_conversations_with_a_malformed_line(assistant: Assistant) -> None:
    lines = jsonl(
        {
            "conversation": "a",
            "customer": None,
            "channel": "web",
            "text": "I need a moisturiser for dry skin",
        },
        {"conversation": "b", "text": "Do you have running shoes?"},
        {"conversation": "a", "text": "Is it fragrance free?"},
        '{"conversation": "c", "text": "broken',
        {"conversation": "c", "text": "Where is my order?", "customer": None},
        {"conversation": "b", "text": "In size 42?", "images": None},
    )

    replayer, results = await replay(assistant, lines)

    assert len(results) == len(lines)
    assert results[3] == {"conversation": None, "line": 4, "error": results[3]["error"]}
    assert results[3]["error"]["code"] == "malformed_json"
    assert results[3]["error"]["message"]
    answered = results[:3] + results[4:]
    assert [r["conversation"] for r in answered] == ["a", "b", "a", "c", "b"]
    for result in answered:
        assert list(result) == RESULT_KEYS
        assert result["reply"].strip()
        assert result["agents"]
        assert all(set(a) == {"name", "status", "details"} for a in result["actions"])
        assert all(set(m) == {"task", "model", "reason"} for m in result["models"])
        assert all(set(p) == PRODUCT_KEYS for p in result["products"])
    # Lines with one label are turns of one conversation.
    ids = replayer.conversation_ids
    assert set(ids) == {"a", "b", "c"}
    assert len(set(ids.values())) == 3
    user_turns = [m.text for m in assistant.conversation(ids["a"]).messages if m.role == "shopper"]
    assert user_turns == ["I need a moisturiser for dry skin", "Is it fragrance free?"]


async def test_each_bad_line_gets_its_own_error(assistant: Assistant) -> None:
    lines = jsonl(
        {"conversation": "x", "text": "   "},
        {"conversation": "x"},
        {"conversation": "x", "text": 12},
        "[1, 2, 3]",
        {"conversation": "y", "text": "hi", "images": [{"media_type": "image/png", "data": "***"}]},
        {"conversation": 5, "text": "hi"},
        {"conversation": "x", "text": "Hello there"},
    )

    _, results = await replay(assistant, lines)

    codes = [r.get("error", {}).get("code") for r in results]
    assert codes == [
        "empty_message",
        "invalid_request",
        "invalid_request",
        "invalid_request",
        "invalid_image",
        "invalid_request",
        None,
    ]
    assert [r.get("line") for r in results[:6]] == [1, 2, 3, 4, 5, 6]
    assert [r["conversation"] for r in results] == ["x", "x", "x", None, "y", None, "x"]
    assert "text" in results[1]["error"]["message"]
    assert list(results[-1]) == RESULT_KEYS


async def test_blank_lines_are_skipped_but_counted(assistant: Assistant) -> None:
    lines = ["", json.dumps({"conversation": "a", "text": "Hi"}), "   ", "not json"]

    _, results = await replay(assistant, lines)

    assert len(results) == 2
    assert results[1]["line"] == 4


async def test_lines_may_be_bytes_and_must_be_utf8(assistant: Assistant) -> None:
    replayer = Replayer(assistant)
    output = io.StringIO()

    summary = await replayer.replay([b'{"conversation": "a", "text": "caf\xe9"}\n'], output)

    result = json.loads(output.getvalue())
    assert result["error"]["code"] == "invalid_encoding"
    assert (summary.lines, summary.errors) == (1, 1)
