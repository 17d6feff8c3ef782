"""The `web` channel: the chat page, the widget a shop embeds, and their JSON API; each module
one job:

- `ports`: what the channel is given (`WebChannel`: the engine, its inbox, identity calls, a
  key store for photos, its settings);
- `identity`: who is asking (a customer the shop signed, an anonymous visitor, the demo user);
- `chat`: `POST /api/chat` and `GET|POST /api/inbox`;
- `photo`: `POST /chat/photo`, a cleaned photo for a claim;
- `page`: `GET /`, `GET /widget.js`, `GET /chat/words`, from the package's `static/`.

`register(app, channel)` plugs all of it into any aiohttp application.
"""

from __future__ import annotations

from aiohttp import web

from adapters.web import chat, page, photo
from adapters.web.ports import WEB, WebChannel


def register(app: web.Application, channel: WebChannel) -> None:
    app[WEB] = channel
    app.router.add_get("/", page.page)
    app.router.add_get("/widget.js", page.widget)
    app.router.add_get("/chat/words", page.words)
    app.router.add_post("/api/chat", chat.chat)
    app.router.add_post("/chat/photo", photo.photo)
    app.router.add_get("/api/inbox", chat.inbox)
    app.router.add_post("/api/inbox", chat.inbox)


__all__ = ["WEB", "WebChannel", "register"]
