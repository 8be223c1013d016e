"""Helpdesk connector settings (SHOPCREW_HELPDESK__*): which helpdesk, its account, its secrets."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator

HelpdeskProvider = Literal["none", "zendesk", "gorgias"]


class HelpdeskSettings(BaseModel):
    """Where handed-off conversations become tickets; `provider="none"` keeps them in shopcrew only.

    Zendesk: `subdomain` (acme for acme.zendesk.com), `email` + `api_token` (basic auth
    `{email}/token:{api_token}`) or `oauth_token` (bearer), `webhook_secret` = the webhook's signing
    secret. Gorgias: `subdomain` (acme for acme.gorgias.com), `email` + `api_token` (the REST API key),
    `webhook_secret` = the token the HTTP integration sends in `X-Shopcrew-Webhook-Token`.
    """

    provider: HelpdeskProvider = "none"
    subdomain: str | None = None
    # Overrides https://{subdomain}.zendesk.com / https://{subdomain}.gorgias.com (a proxy, a sandbox).
    base_url: str | None = None
    email: str | None = None
    api_token: SecretStr | None = None
    oauth_token: SecretStr | None = None
    webhook_secret: SecretStr | None = None
    tags: list[str] = Field(default_factory=lambda: ["shopcrew", "handoff"])
    # A Zendesk custom ticket field (numeric id) that receives the conversation id, if the store made one.
    conversation_field_id: int | None = None
    timeout_s: float = Field(default=10.0, gt=0)
    # Retry schedule of the outbox: base * 2^(attempt-1), capped; a row gives up after max_attempts.
    retry_base_s: float = Field(default=30.0, gt=0)
    retry_max_s: float = Field(default=3600.0, gt=0)
    max_attempts: int = Field(default=20, ge=1)
    # How often the API's relay looks for due outbox rows.
    relay_interval_s: float = Field(default=5.0, gt=0)
    # Signed Zendesk webhooks older than this are refused (0 turns the check off); duplicates are
    # harmless anyway because replies are deduplicated by comment id.
    webhook_max_age_s: int = Field(default=3600, ge=0)

    @model_validator(mode="after")
    def _complete_for_provider(self) -> HelpdeskSettings:
        """A configured helpdesk without its account or credentials is refused at startup."""
        if self.provider == "none":
            return self
        prefix = "SHOPCREW_HELPDESK__"
        if not (self.subdomain or self.base_url):
            raise ValueError(f"{prefix}SUBDOMAIN is required when the helpdesk provider is {self.provider}")
        if self.provider == "zendesk" and self.oauth_token is None and not (self.email and self.api_token):
            raise ValueError(f"Zendesk needs {prefix}EMAIL and {prefix}API_TOKEN, or {prefix}OAUTH_TOKEN")
        if self.provider == "gorgias" and not (self.email and self.api_token):
            raise ValueError(f"Gorgias needs {prefix}EMAIL and {prefix}API_TOKEN (the REST API key)")
        return self

    def api_base(self) -> str:
        """The helpdesk's base URL without a trailing slash."""
        if self.base_url:
            return self.base_url.rstrip("/")
        host = "zendesk.com" if self.provider == "zendesk" else "gorgias.com"
        return f"https://{self.subdomain}.{host}"
