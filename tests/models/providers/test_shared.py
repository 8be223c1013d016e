"""What every vendor provider relies on: JSON-output checks, error kinds, secret scrubbing, strict schemas."""

from __future__ import annotations

import pytest
from tests.models.providers.mock_api import LOOSE_SCHEMA, ORDER_LOOKUP_SCHEMA

from shopcrew.models.local.extraction import Extraction
from shopcrew.models.providers._shared import is_strict_schema, kind_for_status, parse_json_output, scrub
from shopcrew.models.types import ModelError


def test_a_json_object_with_the_required_keys_passes() -> None:
    assert parse_json_output("m", '{"order_number": 1042, "email": null}', ORDER_LOOKUP_SCHEMA) == {
        "order_number": 1042,
        "email": None,
    }


def test_a_json_object_in_a_code_fence_passes() -> None:
    assert parse_json_output("m", '```json\n{"order_number": 7, "email": "a@b.c"}\n```', ORDER_LOOKUP_SCHEMA)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Order 1042, no email.", "not JSON"),
        ('[{"order_number": 1042}]', "array where an object"),
        ('{"email": null}', "lacks required field(s) order_number"),
        (
            '{"order_number": true, "email": null}',
            "'order_number' is a JSON boolean where the schema wants integer",
        ),
        (
            '{"order_number": 1042, "email": 5}',
            "'email' is a JSON integer where the schema wants string or null",
        ),
    ],
)
def test_output_that_does_not_fit_the_schema_is_invalid_output(text: str, why: str) -> None:
    with pytest.raises(ModelError) as caught:
        parse_json_output("gpt-4.1-mini", text, ORDER_LOOKUP_SCHEMA)

    assert (caught.value.model, caught.value.kind) == ("gpt-4.1-mini", "invalid_output")
    assert why in caught.value.message


@pytest.mark.parametrize(
    ("status", "kind"),
    [(400, "bad_request"), (401, "auth"), (403, "auth"), (404, "bad_request"), (408, "timeout"), (422, "bad_request"),
     (429, "rate_limit"), (500, "server_error"), (503, "server_error"), (529, "server_error")],
)  # fmt: skip
def test_http_statuses_map_to_error_kinds(status: int, kind: str) -> None:
    assert kind_for_status(status) == kind


def test_scrub_removes_the_key_and_anything_shaped_like_one() -> None:
    message = "bad key sk-proj-abcdefghijkl and AIzaSyA1234567890abcdef and my-own-secret, Bearer tok123"

    cleaned = scrub(message, "my-own-secret")

    for secret in ("sk-proj-abcdefghijkl", "AIzaSyA1234567890abcdef", "my-own-secret", "tok123"):
        assert secret not in cleaned
    assert len(scrub("x" * 1000)) == 300


def test_only_closed_all_required_schemas_are_strict() -> None:
    assert is_strict_schema(ORDER_LOOKUP_SCHEMA)
    assert not is_strict_schema(LOOSE_SCHEMA)
    # shopcrew's own extraction schema, as pydantic writes it, has optional fields with defaults
    assert not is_strict_schema(Extraction.model_json_schema())
    nested_open = {
        **ORDER_LOOKUP_SCHEMA,
        "properties": {
            **ORDER_LOOKUP_SCHEMA["properties"],
            "items": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["order_number", "email", "items"],
    }
    assert not is_strict_schema(nested_open)
