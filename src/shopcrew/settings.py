"""Settings, read from SHOPCREW_* environment variables once, in the composition root."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shopcrew.analytics.cart_links import DEFAULT_CART_URL_TEMPLATE, check_cart_url_template
from shopcrew.commerce.shopify.config import ShopifySettings
from shopcrew.domain.voice import BrandVoice
from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.hours import SupportHours


def default_data_dir() -> Path:
    """Where shopcrew keeps its databases and caches unless told otherwise."""
    return platformdirs.user_data_path("shopcrew", appauthor=False)


class Settings(BaseSettings):
    """Everything configurable; nested fields use `__` (e.g. SHOPCREW_VOICE__TONE=formal)."""

    model_config = SettingsConfigDict(env_prefix="SHOPCREW_", env_nested_delimiter="__", extra="ignore")

    # A store name (kept as <data_dir>/stores/<name>.db; "demo" is seeded on first use) or a database URL.
    store: str = "demo"
    database_url: str | None = None
    data_dir: Path = Field(default_factory=default_data_dir)
    # Date the demo store's history is anchored to; None means today.
    demo_today: date | None = None
    demo_seed: int = 7
    # Seed the demo catalog, customers and orders into an empty database given by URL.
    seed_demo: bool = False

    voice: BrandVoice = Field(default_factory=BrandVoice)
    store_url: str = "https://demo.shopcrew.dev"
    # Add-to-cart link of every product shown; placeholders in docs/product-expert.md (Shopify cart
    # permalink by default, the token travelling as a cart attribute into the order).
    cart_url_template: str = DEFAULT_CART_URL_TEMPLATE

    # Helpdesk tickets for handed-off conversations (docs/helpdesk.md); provider "none" by default.
    helpdesk: HelpdeskSettings = Field(default_factory=HelpdeskSettings)
    # When the team answers handed-off conversations (docs/orchestrator.md, Escalation), e.g.
    # SHOPCREW_SUPPORT_HOURS__DAYS='[0,1,2,3,4]', __OPENS=09:00, __CLOSES=17:00, __TIMEZONE=Europe/Paris.
    support_hours: SupportHours = Field(default_factory=SupportHours)
    # Orders on a Shopify store instead of the embedded one (docs/shopify.md): SHOPCREW_SHOPIFY__SHOP,
    # SHOPCREW_SHOPIFY__ACCESS_TOKEN and SHOPCREW_SHOPIFY__API_VERSION.
    shopify: ShopifySettings = Field(default_factory=ShopifySettings)

    # Callers that send `Authorization: Bearer <api_key>` are trusted to say who the customer is.
    api_key: SecretStr | None = None
    # How long a staff console sign-in lasts (docs/staff-inbox.md); API tokens last until revoked.
    staff_session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    # Sign-in throttling (docs/staff-inbox.md): this many wrong passwords for one name within the
    # window lock that name for the lock-out time.
    staff_sign_in_max_failures: int = Field(default=5, ge=1, le=1000)
    staff_sign_in_window_minutes: float = Field(default=15.0, gt=0, le=24 * 60)
    staff_sign_in_lockout_minutes: float = Field(default=15.0, gt=0, le=24 * 60)

    max_message_chars: int = 4000
    max_images: int = 4
    max_image_bytes: int = 8 * 1024 * 1024

    # Model layer (docs/models.md). SHOPCREW_CONFIG: a TOML store config with [models.<id>] card
    # overrides and a [routing] policy; the two settings below layer the same tables on top (JSON).
    config: Path | None = None
    model_overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)
    model_routing: dict[str, Any] = Field(default_factory=dict)
    # Spending caps in USD per conversation and per UTC day (unset them for no cap); once one is
    # reached the router downgrades to cheaper models, and to the free local engine at worst.
    budget_conversation_usd: float | None = 0.25
    budget_day_usd: float | None = 20.0
    # A model failing this many calls in a row rests for the cooldown, then gets one trial call.
    circuit_failures: int = Field(default=3, ge=1)
    circuit_cooldown_s: float = Field(default=30.0, ge=0)
    # Product search (docs/search.md): "lexical" is BM25 only; "hybrid" adds semantic similarity
    # (needs the `semantic` extra and its weights); "auto" is hybrid when those are installed.
    search_mode: Literal["auto", "lexical", "hybrid"] = "auto"
    # The intent classifier's MiniLM second stage for unsure messages (docs/classifier.md): +4 points
    # held back. On when the `semantic` extra and the MiniLM weights are installed (`make demo` does);
    # without them the first stage runs alone and the log says how to install them.
    classifier_second_stage: bool = True

    @field_validator("search_mode")
    @classmethod
    def _hybrid_needs_the_model(cls, value: str) -> str:
        """Asking for hybrid search without the semantic extra installed is refused at startup."""
        from shopcrew.catalog.semantic import semantic_available, semantic_install_hint

        if value == "hybrid" and not semantic_available():
            raise ValueError(f"hybrid search needs the semantic extra: {semantic_install_hint()}")
        return value

    @field_validator("cart_url_template")
    @classmethod
    def _usable_cart_template(cls, value: str) -> str:
        """A template with unknown placeholders or without {token} is refused at startup."""
        return check_cart_url_template(value)

    @field_validator("budget_conversation_usd", "budget_day_usd", mode="before")
    @classmethod
    def _no_cap(cls, value: object) -> object:
        """An empty value, "none" or "off" means no cap."""
        if isinstance(value, str) and value.strip().lower() in {"", "none", "off"}:
            return None
        return value

    def resolved_database_url(self) -> str:
        """The database URL to use: SHOPCREW_DATABASE_URL, a URL given as store, or the named SQLite store."""
        if self.database_url:
            return self.database_url
        if "://" in self.store:
            return self.store
        return f"sqlite:///{self.data_dir / 'stores' / (self.store + '.db')}"
