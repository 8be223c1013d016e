"""A scripted Shopify Admin GraphQL endpoint: canned answers per operation in, recorded calls out.

    shop = FakeShopify()
    shop.answer("OrderByName", "order_unfulfilled.json")
    system = order_system(shop, journal)  # tests/commerce/shopify/support.py

Answers are consumed in order per operation (the last one repeats). Nothing leaves the process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from shopcrew.commerce.shopify.client import ShopifyClient
from shopcrew.commerce.shopify.config import ShopifySettings

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "shpat_test_0123456789abcdef"
SETTINGS = ShopifySettings(shop="northwind.myshopify.com", access_token=TOKEN, api_version="2026-10")
_OPERATION = re.compile(r"(?:query|mutation)\s+(\w+)")


def fixture(name: str) -> Any:
    """A documented response body from fixtures/, parsed."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Call:
    """One request the adapter sent: the operation name, its variables and its headers."""

    operation: str
    variables: dict[str, Any]
    headers: httpx.Headers
    url: str


Answer = str | dict[str, Any] | httpx.Response | Callable[[httpx.Request], httpx.Response]


class FakeShopify:
    """Answers GraphQL operations from fixtures and records every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.sleeps: list[float] = []
        self._answers: dict[str, list[Answer]] = {}

    def answer(self, operation: str, *answers: Answer, replace: bool = False) -> None:
        """Queue answers for an operation: a fixture name, a body, a response or a function (`replace`: drop earlier ones)."""
        if replace:
            self._answers.pop(operation, None)
        self._answers.setdefault(operation, []).extend(answers)

    def operations(self) -> list[str]:
        """The operation names sent so far, in order."""
        return [call.operation for call in self.calls]

    def variables(self, operation: str) -> list[dict[str, Any]]:
        """The variables of every call of one operation."""
        return [call.variables for call in self.calls if call.operation == operation]

    def http_client(self) -> httpx.Client:
        """An httpx client whose every request this fake answers (for the composition root's seam)."""
        return httpx.Client(transport=httpx.MockTransport(self._handle))

    def client(self, **overrides: Any) -> ShopifyClient:
        """A ShopifyClient that talks to this fake; sleeps are recorded, not slept."""
        settings = SETTINGS.model_copy(update=overrides) if overrides else SETTINGS
        return ShopifyClient(
            settings,
            http_client=self.http_client(),
            sleep=self.sleeps.append,
        )

    def _handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        match = _OPERATION.search(body["query"])
        operation = match.group(1) if match else "anonymous"
        self.calls.append(Call(operation, body.get("variables") or {}, request.headers, str(request.url)))
        queue = self._answers.get(operation)
        if not queue:
            raise AssertionError(f"the test did not script an answer for {operation}")
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if callable(answer):
            return answer(request)
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(200, json=fixture(answer) if isinstance(answer, str) else answer)
