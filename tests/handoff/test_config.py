"""Helpdesk settings: nothing by default, clear errors for half a configuration, env vars nest."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.connectors import WebhookRejected, build_connector, read_webhook
from shopcrew.handoff.gorgias import GorgiasConnector
from shopcrew.handoff.zendesk import ZendeskConnector
from shopcrew.settings import Settings


def test_tickets_are_off_unless_a_helpdesk_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().helpdesk.provider == "none"
    monkeypatch.setenv("SHOPCREW_HELPDESK__PROVIDER", "gorgias")
    monkeypatch.setenv("SHOPCREW_HELPDESK__SUBDOMAIN", "acme")
    monkeypatch.setenv("SHOPCREW_HELPDESK__EMAIL", "api@acme.test")
    monkeypatch.setenv("SHOPCREW_HELPDESK__API_TOKEN", "key")
    helpdesk = Settings().helpdesk
    assert (helpdesk.provider, helpdesk.api_base()) == ("gorgias", "https://acme.gorgias.com")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"provider": "zendesk"}, "SHOPCREW_HELPDESK__SUBDOMAIN is required"),
        (
            {"provider": "zendesk", "subdomain": "acme", "email": "a@b.c"},
            "Zendesk needs SHOPCREW_HELPDESK__EMAIL",
        ),
        (
            {"provider": "gorgias", "subdomain": "acme", "oauth_token": "x"},
            "Gorgias needs SHOPCREW_HELPDESK__EMAIL",
        ),
        ({"provider": "freshdesk", "subdomain": "acme"}, "provider"),
    ],
)
def test_half_a_configuration_is_refused_at_startup(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        HelpdeskSettings.model_validate(fields)


async def test_the_configured_helpdesk_gets_its_connector() -> None:
    async with httpx.AsyncClient() as http:
        zendesk = HelpdeskSettings(provider="zendesk", subdomain="acme", oauth_token=SecretStr("t"))
        gorgias = HelpdeskSettings(
            provider="gorgias", base_url="https://proxy.test/", email="a@b.c", api_token=SecretStr("k")
        )
        assert isinstance(build_connector(zendesk, http), ZendeskConnector)
        assert isinstance(build_connector(gorgias, http), GorgiasConnector)
        assert build_connector(HelpdeskSettings(), http) is None
    assert gorgias.api_base() == "https://proxy.test"


def test_without_a_webhook_secret_no_reply_is_accepted() -> None:
    settings = HelpdeskSettings(provider="gorgias", subdomain="acme", email="a@b.c", api_token=SecretStr("k"))
    with pytest.raises(WebhookRejected) as caught:
        read_webhook("gorgias", settings, b"{}", {}, "anything", now=datetime.now(UTC))
    assert (caught.value.status, caught.value.code) == (401, "webhook_secret_missing")
