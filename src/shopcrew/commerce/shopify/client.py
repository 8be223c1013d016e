"""A small Shopify Admin GraphQL client: one POST per call, access-token header, throttling-aware retries.

Shopify limits GraphQL calls by query cost from a leaky bucket per app and shop. Every answer carries
`extensions.cost.throttleStatus` (bucket size, points left, restore rate per second); a call that
does not fit is refused with a `THROTTLED` error (HTTP 200) or HTTP 429 and was not executed, so it
is safe to send again once the bucket has refilled enough — the wait is computed from those numbers.
Everything else that goes wrong on the wire becomes `OrderSystemError`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.commerce.shopify.config import ShopifySettings

_MAX_WAIT_S = 30.0  # never sleep longer than this for one retry; a longer wait is an outage
_DEFAULT_429_WAIT_S = 1.0


@dataclass(frozen=True)
class ThrottleStatus:
    """The cost bucket after (or before) a call: size, points left, points restored per second."""

    maximum_available: float
    currently_available: float
    restore_rate: float


@dataclass(frozen=True)
class QueryCost:
    """What a call cost (actual is None when it was throttled) and the bucket's state."""

    requested: float
    actual: float | None
    throttle: ThrottleStatus | None


def throttle_wait(cost: QueryCost | None, *, fallback: float = _DEFAULT_429_WAIT_S) -> float:
    """Seconds until the bucket holds the requested cost again, at the announced restore rate."""
    if cost is None or cost.throttle is None or cost.throttle.restore_rate <= 0:
        return fallback
    missing = cost.requested - cost.throttle.currently_available
    if missing <= 0:
        # Shopify said no although the numbers fit (a concurrent caller drained it): one second's refill.
        missing = cost.throttle.restore_rate
    return min(math.ceil(missing / cost.throttle.restore_rate * 100) / 100, _MAX_WAIT_S)


class ShopifyClient:
    """POST GraphQL documents to one shop; returns `data`, retries throttled calls, raises on outages."""

    def __init__(
        self,
        settings: ShopifySettings,
        *,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not settings.configured or settings.access_token is None:
            raise ValueError("Shopify needs SHOPCREW_SHOPIFY__SHOP and SHOPCREW_SHOPIFY__ACCESS_TOKEN")
        self._settings = settings
        self._http = http_client or httpx.Client(timeout=settings.timeout_s)
        self._sleep = sleep
        self._headers = {
            "X-Shopify-Access-Token": settings.access_token.get_secret_value(),
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self.last_cost: QueryCost | None = None

    def execute(self, document: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Run one query or mutation and return its `data`; THROTTLED calls are retried, boundedly."""
        body = {"query": document, "variables": dict(variables or {})}
        for attempt in range(self._settings.max_retries + 1):
            response = self._post(body)
            payload = _json(response) if response.status_code != 429 else _json_or_empty(response)
            cost = _cost(payload)
            self.last_cost = cost
            if response.status_code == 429 or _throttled(payload):
                if attempt == self._settings.max_retries:
                    break
                self._sleep(_retry_after(response) or throttle_wait(cost))
                continue
            _raise_for_errors(payload)
            data = payload.get("data")
            if not isinstance(data, dict):
                raise OrderSystemError("Shopify answered without data")
            return data
        raise OrderSystemError(
            f"Shopify is still throttling after {self._settings.max_retries} retries; nothing was changed"
        )

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self._http.close()

    def _post(self, body: Mapping[str, Any]) -> httpx.Response:
        try:
            response = self._http.post(self._settings.endpoint, json=body, headers=self._headers)
        except httpx.HTTPError as exc:
            raise OrderSystemError(f"Shopify could not be reached ({type(exc).__name__})") from exc
        if response.status_code in (401, 403):
            raise OrderSystemError(
                f"Shopify refused the access token (HTTP {response.status_code}); check its scopes"
            )
        if response.status_code >= 500:
            raise OrderSystemError(f"Shopify had a server error (HTTP {response.status_code})")
        if response.status_code >= 400 and response.status_code != 429:
            raise OrderSystemError(f"Shopify rejected the request (HTTP {response.status_code})")
        return response


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError as exc:
        raise OrderSystemError("Shopify answered with something that is not JSON") from exc
    if not isinstance(payload, dict):
        raise OrderSystemError("Shopify answered with an unexpected JSON document")
    return payload


def _json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        return _json(response)
    except OrderSystemError:
        return {}


def _cost(payload: Mapping[str, Any]) -> QueryCost | None:
    cost = (payload.get("extensions") or {}).get("cost")
    if not isinstance(cost, dict):
        return None
    status = cost.get("throttleStatus")
    throttle = (
        ThrottleStatus(
            maximum_available=float(status["maximumAvailable"]),
            currently_available=float(status["currentlyAvailable"]),
            restore_rate=float(status["restoreRate"]),
        )
        if isinstance(status, dict)
        else None
    )
    actual = cost.get("actualQueryCost")
    return QueryCost(
        requested=float(cost.get("requestedQueryCost") or 0),
        actual=None if actual is None else float(actual),
        throttle=throttle,
    )


def _errors(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    errors = payload.get("errors")
    if isinstance(errors, list):
        return [e for e in errors if isinstance(e, dict)]
    if isinstance(errors, str):  # some 4xx bodies carry {"errors": "message"}
        return [{"message": errors}]
    return []


def _throttled(payload: Mapping[str, Any]) -> bool:
    return any((e.get("extensions") or {}).get("code") == "THROTTLED" for e in _errors(payload))


def _raise_for_errors(payload: Mapping[str, Any]) -> None:
    errors = _errors(payload)
    if errors:
        first = errors[0]
        code = (first.get("extensions") or {}).get("code")
        message = str(first.get("message", "unknown error"))
        raise OrderSystemError(f"Shopify refused the query: {message}" + (f" ({code})" if code else ""))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return min(max(float(value), 0.0), _MAX_WAIT_S)
    except ValueError:
        return None
