"""Picking the configured helpdesk's connector and webhook checks (the only place that names vendors)."""

from __future__ import annotations

from datetime import datetime

import httpx

from shopcrew.handoff import gorgias, zendesk
from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.types import HelpdeskConnector, HelpdeskReply


def build_connector(settings: HelpdeskSettings, http: httpx.AsyncClient) -> HelpdeskConnector | None:
    """The connector for SHOPCREW_HELPDESK__PROVIDER, or None when tickets are off."""
    if settings.provider == "zendesk":
        return zendesk.ZendeskConnector(settings, http)
    if settings.provider == "gorgias":
        return gorgias.GorgiasConnector(settings, http)
    return None


class WebhookRejected(Exception):
    """A webhook that is not from the configured helpdesk, or not one we can read; `code` for the API."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def read_webhook(
    provider: str,
    settings: HelpdeskSettings,
    body: bytes,
    headers: dict[str, str],
    query_token: str | None,
    *,
    now: datetime,
) -> HelpdeskReply | None:
    """Authenticate a helpdesk webhook and parse it; None for events that carry no reply.

    Raises WebhookRejected: 404 when that helpdesk is not the configured one, 401 for a bad
    signature or token, 422 for a body that is not the documented payload.
    """
    if settings.provider != provider:
        raise WebhookRejected(
            "helpdesk_not_configured",
            f"{provider} is not the configured helpdesk (SHOPCREW_HELPDESK__PROVIDER)",
            404,
        )
    if settings.webhook_secret is None:
        # Refuse rather than accept unsigned replies that would reach shoppers.
        raise WebhookRejected(
            "webhook_secret_missing", "set SHOPCREW_HELPDESK__WEBHOOK_SECRET to receive helpdesk replies", 401
        )
    secret = settings.webhook_secret.get_secret_value()
    if provider == "zendesk":
        problem = zendesk.verify_signature(
            secret,
            body,
            headers.get(zendesk.TIMESTAMP_HEADER),
            headers.get(zendesk.SIGNATURE_HEADER),
            now=now,
            max_age_s=settings.webhook_max_age_s,
        )
    else:
        problem = gorgias.verify_token(secret, headers.get(gorgias.TOKEN_HEADER), query_token)
    if problem:
        raise WebhookRejected("invalid_signature", problem, 401)
    try:
        return zendesk.parse_webhook(body) if provider == "zendesk" else gorgias.parse_webhook(body)
    except ValueError as error:
        raise WebhookRejected("invalid_payload", str(error), 422) from None
