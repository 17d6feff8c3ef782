"""`GET /` the chat page (also what the widget opens in its panel), `GET /widget.js` the one
script a shop pastes into its site, `GET /chat/words?locale=` the page's words in the visitor's
language (greeting, suggested questions, every label). The assets are package data."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from aiohttp import web

from adapters.web.identity import dumps
from adapters.web.ports import WEB, WebChannel
from core.dialogue.conversation import main_menu
from core.engine import apology_text
from core.i18n import Localizer, babel_locale, best_language, shipped_languages
from core.resources import package_dir

STATIC = package_dir("adapters.web", "static")
PAGE = STATIC / "index.html"
WIDGET = STATIC / "widget.js"


def ui_words(language: str) -> dict[str, Any]:
    """Everything the page and the widget show by themselves, in `language`."""
    loc = Localizer(language)
    return {
        "language": language,
        "direction": babel_locale(language).text_direction,
        "title": loc._("Order support"),
        "placeholder": loc._("Ask about your order…"),
        "send": loc._("Send"),
        "photo": loc._("Send a photo"),
        "open": loc._("Chat with us"),
        "close": loc._("Close"),
        "error": apology_text(loc),
        "greeting": loc._("Hello! I'm the order assistant. How can I help?"),
        "suggestions": [b.model_dump() for b in main_menu(loc)],
    }


async def words(request: web.Request) -> web.Response:
    channel = request.app[WEB]
    wanted = request.query.get("locale", "")[:35] or None
    language = best_language(wanted, channel.default_locale)
    return web.json_response(
        ui_words(language), dumps=dumps, headers={"Cache-Control": "max-age=300"}
    )


def _frame_ancestors(channel: WebChannel) -> str:
    origins = [o.rstrip("/") for o in channel.settings.embed_origins]
    if origins:
        return " ".join(["'self'", *origins])
    return "*" if channel.demo_users else "'self'"


async def page(request: web.Request) -> web.FileResponse:
    channel = request.app[WEB]
    return web.FileResponse(
        PAGE,
        headers={
            "Cache-Control": "no-cache",
            "Content-Security-Policy": (
                "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; "
                f"script-src 'self' 'unsafe-inline'; frame-ancestors {_frame_ancestors(channel)}"
            ),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


@lru_cache(maxsize=1)
def widget_source() -> str:
    """The widget script with its launcher words in every shipped language."""
    keep = ("open", "close", "direction")
    table = {lang: {k: ui_words(lang)[k] for k in keep} for lang in shipped_languages()}
    return WIDGET.read_text().replace("/*WORDS*/{}", json.dumps(table, ensure_ascii=False))


async def widget(_: web.Request) -> web.Response:
    return web.Response(
        text=widget_source(),
        content_type="application/javascript",
        headers={"Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"},
    )
