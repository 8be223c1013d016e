"""Shopify connection settings: SHOPCREW_SHOPIFY__SHOP, __ACCESS_TOKEN, __API_VERSION."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, SecretStr, field_validator

# A stable Admin API version (released quarterly, supported for 12 months); override it to move on.
DEFAULT_API_VERSION = "2026-10"

_VERSION_RE = re.compile(r"^(\d{4}-(01|04|07|10)|unstable)$")
_SHOP_RE = re.compile(r"^[a-z0-9][a-z0-9-]*\.myshopify\.com$")


class ShopifySettings(BaseModel):
    """Where the shop lives and how to reach its Admin GraphQL API; unset `shop` means not configured."""

    model_config = ConfigDict(frozen=True)

    shop: str | None = None  # "northwind.myshopify.com"
    access_token: SecretStr | None = None  # an Admin API access token (shpat_...), never logged
    api_version: str = DEFAULT_API_VERSION
    # Throttled requests are retried this many times before the call counts as an outage.
    max_retries: int = 4
    timeout_s: float = 20.0

    @field_validator("shop", mode="before")
    @classmethod
    def _shop_domain(cls, value: object) -> object:
        """Accept "northwind", "northwind.myshopify.com" or its https URL; refuse anything else."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise ValueError("the shop must be a *.myshopify.com domain")
        shop = value.strip().lower().removeprefix("https://").removeprefix("http://").rstrip("/")
        if "." not in shop:
            shop = f"{shop}.myshopify.com"
        if not _SHOP_RE.match(shop):
            raise ValueError(f"{value!r} is not a shop domain like northwind.myshopify.com")
        return shop

    @field_validator("api_version")
    @classmethod
    def _known_version(cls, value: str) -> str:
        """API versions look like 2026-10 (January, April, July or October) or "unstable"."""
        if not _VERSION_RE.match(value.strip()):
            raise ValueError(f"{value!r} is not a Shopify API version such as {DEFAULT_API_VERSION}")
        return value.strip()

    @property
    def configured(self) -> bool:
        """True when both the shop and an access token are set."""
        return bool(self.shop and self.access_token and self.access_token.get_secret_value())

    @property
    def endpoint(self) -> str:
        """The shop's Admin GraphQL endpoint for the configured API version."""
        if not self.shop:
            raise ValueError("SHOPCREW_SHOPIFY__SHOP is not set")
        return f"https://{self.shop}/admin/api/{self.api_version}/graphql.json"
