"""What the web channel is given: the engine, its own inbox (the channel's sender), the
identity calls for signed customers, a key store for photos, and its settings. Kept on the
aiohttp app under `WEB`."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from core.inbox import WebInbox
from core.keys import KeyStore
from core.ports import Conversations, CustomerBinder
from core.settings import WebSettings

CHANNEL = "web"


@dataclass(frozen=True)
class WebChannel:
    engine: Conversations
    inbox: WebInbox
    identity: CustomerBinder
    keys: KeyStore
    settings: WebSettings
    demo_users: bool
    """The `?user=` shortcut of the demo page (`Settings.demo_users`)."""
    default_locale: str = "en"
    trusted_proxy_hops: int = 0


WEB = web.AppKey("web_channel", WebChannel)
