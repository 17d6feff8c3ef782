"""Settings from `ORDERSUPPORT_*` environment variables (12-factor); none set = embedded defaults.

Each chat or shop platform has its own nested model (`settings.telegram.token`,
`settings.slack.channels`, ...) read from the same flat names deployments already use
(`ORDERSUPPORT_TELEGRAM_TOKEN`, `ORDERSUPPORT_SLACK_CHANNELS`): the first `_` after the prefix
separates the platform from its field (`env_nested_max_split=1`). A platform whose credentials
are unset is simply not mounted. Secrets are `SecretStr`, so they never reach a log line or a
repr.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.outbound import WeChatTemplate
from core.outcomes.config import OutcomeSettings
from core.redis_client import parse_redis_url

DEFAULT_DB = Path("var") / "ordersupport.sqlite3"


class TelegramSettings(BaseModel):
    token: SecretStr | None = None
    webhook_secret: SecretStr | None = None
    api_base: str | None = None
    """Bot API root, e.g. https://api.telegram.org (without /bot): a local Bot API server."""
    framework: str = "aiogram"
    """Which SDK `serve` mounts: "aiogram" or "ptb" (python-telegram-bot)."""
    link_secret: SecretStr | None = None
    """Key for signed /start deep links; derived from the bot token when unset."""
    link_ttl_seconds: int = 3 * 24 * 3600


class WeChatSettings(BaseModel):
    app_id: str | None = None
    app_secret: SecretStr | None = None
    token: SecretStr | None = None
    aes_key: SecretStr | None = None
    api_base: str | None = None
    """API root ending in /cgi-bin/, e.g. https://api.weixin.qq.com/cgi-bin/ (or a gateway)."""
    reply_budget_seconds: float = 4.0
    """How long a WeChat request waits for the core before answering `success` and sending later."""
    templates: dict[str, str | WeChatTemplate] = {}
    """Template messages for outside the 48-hour window, by notice kind (reply, staff, notice):
    a template id (one `content` key, the old form) or `{"template_id", "fields": {key: source}}`
    mapping each typed key (`thing1`, `time2`, ...) to what fills it (see `core.outbound`)."""


class SlackSettings(BaseModel):
    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    api_base: str | None = None
    """Web API root, e.g. https://slack.com/api/."""
    channels: dict[str, str] = {}
    """Staff channel per department (warehouse, logistics, finance, service, "default")."""
    staff_users: list[str] = []
    """Slack user ids allowed to act on tickets; empty = nobody."""
    unmask_users: list[str] = []
    """Slack user ids who see `/order` unmasked."""
    approval_kinds: list[str] = ["refund_approval"]


class ShopifySettings(BaseModel):
    webhook_secret: SecretStr | None = None
    """The app's client secret: Shopify signs every webhook with it (X-Shopify-Hmac-Sha256)."""
    base_url: str | None = None
    """https://{shop}.myshopify.com"""
    access_token: SecretStr | None = None
    api_version: str = "2026-10"
    """The Admin API version the connector is tested against (tests/fixtures/shopify)."""
    shop_country: str = "US"
    """Country of Shopify orders that carry no address at all (digital, in-store)."""


class WooCommerceSettings(BaseModel):
    webhook_secret: SecretStr | None = None
    """The secret set on the WooCommerce webhooks (X-WC-Webhook-Signature)."""
    base_url: str | None = None
    consumer_key: SecretStr | None = None
    consumer_secret: SecretStr | None = None
    completed_means: str = "delivered"
    api_refund: bool = False
    """Refund through the payment gateway (True) or only record the refund (False)."""


class Kuaidi100Settings(BaseModel):
    """Kuaidi100: China's carriers."""

    customer: str | None = None
    """Kuaidi100's company number (公司编号)."""
    key: SecretStr | None = None
    salt: SecretStr | None = None
    """Salt of push subscriptions; pushes are refused unless signed with it."""
    base_url: str = "https://poll.kuaidi100.com"


class AfterShipSettings(BaseModel):
    """AfterShip Tracking: cross-border carriers (UPS, FedEx, DHL, USPS, Yamato, ...)."""

    api_key: SecretStr | None = None
    webhook_secret: SecretStr | None = None
    base_url: str = "https://api.aftership.com"


class TrackingSettings(BaseModel):
    """How live tracking is read, whichever provider answers."""

    callback_url: str | None = None
    """Public URL of `/webhooks/tracking` (e.g. https://your.host/webhooks/tracking): parcels
    are subscribed to push; unset: tracking is read when needed."""
    cache_seconds: int = 900
    rate_per_minute: int = 60
    timeout_seconds: float = 4.0


class WebSettings(BaseModel):
    """The web chat a shop embeds, and who its visitors are."""

    identity_secret: SecretStr | None = None
    """The shop's key for signing its logged-in customers: `user_hash` = hex HMAC-SHA256 of the
    user id, or an HS256 token with `sub` and `exp`. Comma-separated keys for rotation."""
    token_max_ttl_seconds: int = 3600
    """Signed tokens living longer than this (exp - iat) are refused."""
    demo_users: bool | None = None
    """The `?user=` shortcut of the demo page. Unset: on in demo mode, off otherwise."""
    embed_origins: list[str] = []
    """Sites whose pages may embed the chat (https://shop.example). Empty: any site in demo
    mode, none otherwise."""
    photo_max_bytes: int = 5 * 1024 * 1024

    def identity_keys(self) -> list[str]:
        """The signing keys, newest first (comma-separated in the setting)."""
        if self.identity_secret is None:
            return []
        raw = self.identity_secret.get_secret_value()
        return [part.strip() for part in raw.split(",") if part.strip()]


API_SCOPES = (
    "read:orders",
    "write:orders",
    "read:tickets",
    "write:tickets",
    "read:customers",
)
"""What a REST API token may be allowed (`ApiToken.scopes`); `ORDERSUPPORT_API_TOKEN` has all."""


class ApiToken(BaseModel):
    """One scoped token of the REST API, for one integration (an ERP, a CRM): its name is
    logged, never its secret."""

    name: str = Field(min_length=1, max_length=64)
    token: SecretStr
    scopes: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_scopes(self) -> ApiToken:
        unknown = sorted(set(self.scopes) - set(API_SCOPES))
        if unknown:
            raise ValueError(f"unknown scopes {unknown}: choose from {list(API_SCOPES)}")
        if len(self.token.get_secret_value()) < 16:
            raise ValueError(f"token {self.name!r}: at least 16 characters")
        return self


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ORDERSUPPORT_", extra="ignore", env_nested_delimiter="_", env_nested_max_split=1
    )

    # storage
    database_url: str = Field(default=f"sqlite+aiosqlite:///{DEFAULT_DB}")
    database_pool_size: int = Field(default=20, ge=1)
    """Server database connections a process keeps open once opened (`core.storage.database`):
    at least `max_in_flight` plus the background writers, or turns open and close connections."""
    database_max_overflow: int = Field(default=20, ge=0)
    """More connections for a burst, closed when returned."""
    redis_url: str | None = None
    """One server `redis://host:port/db`, a cluster `redis+cluster://host:port,host:port`, or
    Sentinel `redis+sentinel://host:port,host:port/master-name` (`core.redis_client`)."""
    redis_prefix: str = "os:"
    redis_max_connections: int = 64
    """Connections per process; when all are busy a caller waits (up to the timeout below)."""
    redis_pool_timeout_seconds: float = 5.0
    session_ttl_seconds: int = 7 * 24 * 3600

    # web process
    host: str = "127.0.0.1"
    port: int = 8080
    api_token: SecretStr | None = None
    """The shop's own token: every scope of the REST API and the staff page."""
    api_tokens: list[ApiToken] = []
    """Scoped tokens for integrations, JSON: [{"name": "erp", "token": "...", "scopes":
    ["read:orders", "write:tickets"]}] (scopes: `API_SCOPES`)."""
    worker_health_host: str = "127.0.0.1"
    worker_health_port: int | None = None
    """The worker's probe server (`/livez`, `/readyz`, `/metrics`); unset: none."""
    max_body_bytes: int = 64 * 1024
    max_in_flight: int = 8
    """Chat and API requests handled at once; more wait in a bounded queue (`bots.admission`)."""
    max_waiting: int = 32
    """Requests waiting for a turn; beyond this, or after `queue_timeout_seconds`, load is shed:
    a "busy, one moment" reply in the chat, 503 with Retry-After on the API."""
    queue_timeout_seconds: float = 0.5
    seed_demo_if_empty: bool = True
    demo: bool | None = None
    """Demo mode: the demo shop's policies when no `POLICY_FILE` is given, the `?user=` shortcut.
    Unset: on with the embedded defaults (SQLite and no Redis), off otherwise."""

    # shop defaults
    shop_name: str = "Demo Shop"
    policy_file: str | None = None
    """JSON with `core.policies.ShopPolicy` fields; required outside demo mode."""
    knowledge_file: str | None = None
    """JSON {locale: {topic: text}} overriding the built-in policy answers."""
    default_locale: str = "en"
    default_timezone: str = "Asia/Shanghai"

    # data protection
    session_key: SecretStr | None = None
    """Keys sealing session records (AES-256-GCM), comma-separated, newest first (rotation).
    Unset: a per-process key, so sessions do not survive restarts or reach other processes."""
    audit_hmac_key: SecretStr | None = None
    """Keys the audit log's hash chain (HMAC-SHA256); also the key of customer pseudonyms.
    Unset: a key generated on first use and kept in `audit_key_file` (set this one when
    processes on several machines share a PostgreSQL database)."""
    audit_key_file: str | None = None
    """Where the generated chain key lives (default: beside an SQLite file, else under
    `~/.ordersupport/`). Unused when `audit_hmac_key` is set."""
    audit_head_file: str | None = None
    """Where the worker appends the exported head of the chain (default: beside the key)."""
    audit_head_interval_seconds: int = 3600
    """How often the worker exports the head (to the head file and the log stream)."""
    transcript_days: int = 30
    """Conversation turns older than this are dropped from session records."""
    rate_limit_chat_per_minute: int = 30
    rate_limit_ip_per_minute: int = 120
    rate_limit_webhook_per_minute: int = 60
    trusted_proxy_hops: int = 0
    """How many reverse proxies in front set X-Forwarded-For (0: use the peer address)."""

    # identity
    verify_max_failures: int = 3
    verify_lock_seconds: int = 15 * 60
    verify_max_failures_per_order: int = 6
    """Wrong answers for one order, from any chat id and channel, before its check locks."""
    verify_max_failures_per_client: int = 10
    """Wrong answers from one client address (web), whatever chat ids it uses, before it locks."""
    verify_max_failures_per_channel: int = 100
    """Wrong answers on one channel without client addresses (Telegram, WeChat), from all its
    chat ids, per lock period, before verification there waits out the period."""

    # the public side: links customers open, the web chat a shop embeds
    public_url: str | None = None
    """The address customers reach this service at (https://support.shop.example): the base of
    links to files staff send. Unset: files from staff cannot be passed on as links."""
    file_link_ttl_seconds: int = 7 * 24 * 3600

    # understanding: optional OpenAI-compatible endpoint (classify and extract only)
    nlu_llm_base_url: str | None = None
    nlu_llm_api_key: SecretStr | None = None
    nlu_llm_model: str = "gpt-4o-mini"
    nlu_llm_timeout_seconds: float = 3.0
    nlu_min_confidence: float = 0.4

    # platforms (ORDERSUPPORT_TELEGRAM_TOKEN -> telegram.token, ...)
    telegram: TelegramSettings = TelegramSettings()
    wechat: WeChatSettings = WeChatSettings()
    slack: SlackSettings = SlackSettings()
    shopify: ShopifySettings = ShopifySettings()
    woocommerce: WooCommerceSettings = WooCommerceSettings()
    web: WebSettings = WebSettings()

    # proactive exceptions (the worker)
    shop_webhook_secret: SecretStr | None = None
    """HMAC key of `/webhooks/shop/canonical` (X-OrderSupport-Signature); unset = 503."""
    proactive_daily_budget: dict[str, Decimal] = {}
    """Compensation budget per currency and shop day; a currency not listed has no limit."""
    proactive_scan_interval_seconds: float = 60
    proactive_visibility_timeout_seconds: float = 60
    proactive_retry_base_seconds: float = 5
    proactive_max_deliveries: int = 5
    outbox_max_attempts: int = 6
    outbox_lease_seconds: float = 300

    # order sources beyond the embedded shop (each mounted when configured)
    rest_sources: list[dict[str, Any]] = []
    """Declarative REST/JSON sources (a shop's OMS, an ERP aggregator): see core/sources/rest.py."""
    source_timeouts: dict[str, float] = {}
    source_timeout_seconds: float = 3.0
    source_write_timeout_seconds: float = 15.0
    source_breaker_failures: int = 3
    source_breaker_reset_seconds: float = 30.0
    order_cache_ttl_seconds: int = 30

    # live carrier tracking, each provider used when configured (core/tracking):
    # ORDERSUPPORT_KUAIDI100_KEY -> kuaidi100.key, ORDERSUPPORT_TRACKING_CALLBACK_URL -> ...
    kuaidi100: Kuaidi100Settings = Kuaidi100Settings()
    aftership: AfterShipSettings = AfterShipSettings()
    tracking: TrackingSettings = TrackingSettings()

    # business systems (ERP/WMS/CRM)
    business_endpoints: list[dict[str, Any]] = []
    """[{name, url, secret, events}] receiving signed webhooks of tickets, returns, changes."""
    business_max_attempts: int = 8
    business_retry_base_seconds: float = 30.0
    crm_url: str | None = None
    crm_token: SecretStr | None = None
    crm_timeout_seconds: float = 2.0

    # outcomes: episodes, satisfaction, the report (ORDERSUPPORT_OUTCOMES_*)
    outcomes: OutcomeSettings = OutcomeSettings()

    log_level: str = "INFO"
    log_json: bool = False

    @field_validator("redis_url")
    @classmethod
    def _redis_url_names_a_deployment(cls, url: str | None) -> str | None:
        """A cluster or Sentinel URL missing its nodes or master fails at start, not at the
        first message."""
        if url:
            parse_redis_url(url)
        return url

    @field_validator("redis_prefix")
    @classmethod
    def _prefix_holds_no_hash_tag(cls, prefix: str) -> str:
        """A brace in the prefix would become every key's hash tag: one slot for everything."""
        if "{" in prefix or "}" in prefix:
            raise ValueError("redis_prefix must not contain braces (they are Redis hash tags)")
        return prefix

    @model_validator(mode="before")
    @classmethod
    def _fold_flat_names(cls, data: Any) -> Any:
        """`Settings(telegram_token=...)` as well as `Settings(telegram={"token": ...})`: the
        constructor takes the environment's flat names too."""
        if not isinstance(data, dict):
            return data
        folded = dict(data)
        for group in PLATFORMS:
            model = cls.model_fields[group].annotation
            assert isinstance(model, type) and issubclass(model, BaseModel)
            for name in model.model_fields:
                flat = f"{group}_{name}"
                if flat in folded:
                    nested = folded.get(group)
                    nested = dict(nested) if isinstance(nested, dict) else {}
                    nested[name] = folded.pop(flat)
                    folded[group] = nested
        return folded

    @property
    def demo_mode(self) -> bool:
        """The embedded defaults (or `DEMO` set): demo policies and shortcuts are allowed."""
        if self.demo is not None:
            return self.demo
        return self.redis_url is None and self.database_url.startswith("sqlite")

    @property
    def demo_users(self) -> bool:
        """Whether the web chat takes the `user` a browser names (the demo shortcut)."""
        if self.web.demo_users is not None:
            return self.web.demo_users
        return self.demo_mode


PLATFORMS = (
    "telegram",
    "wechat",
    "slack",
    "shopify",
    "woocommerce",
    "web",
    "kuaidi100",
    "aftership",
    "tracking",
    "outcomes",
)
"""The nested groups of `Settings`, each read from `ORDERSUPPORT_{GROUP}_{FIELD}`."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
