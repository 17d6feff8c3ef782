"""A small fake Slack on 127.0.0.1: the Web API methods the desk calls, plus response URLs,
and helpers that sign requests the way Slack does, to drive the real slack-bolt app.

Every Web API call is recorded (method and decoded parameters) and answered like Slack:
`chat.postMessage` returns a fresh `ts`, `auth.test` the bot's identity, anything else `ok`.
POSTs to `/response/{id}` (the `response_url` of slash commands) are recorded as
method `response_url`.

Files staff upload are served at `/files-pri/{team}-{id}/{name}` (bearer token required, as
Slack's `url_private` is); `add_file` puts one there and returns the event's `files` entry.

`slack_desk(services)` builds the real process (`bots.root`) with the desk against the fake
and mounts it on an aiohttp app; `SlackClient` posts to it what Slack would, signed with the
signing secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from adapters.slack.desk import SlackDesk
from bots.root import build_root
from bots.serve import mount
from core.engine import Engine
from core.messages import Reply
from core.outbound import NoticeKind, Sender
from core.services import Services
from core.settings import SlackSettings, TelegramSettings

TEAM_ID = "T0SHOP"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"
_JSON_FIELDS = {"blocks", "view", "attachments"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return list(self.params.get("blocks") or [])

    def block_text(self) -> str:
        """All text in the blocks, flattened (to assert on what a card shows)."""
        return json.dumps(self.blocks, ensure_ascii=False)

    def action_ids(self) -> list[str]:
        return [
            element.get("action_id", "")
            for block in self.blocks
            if block.get("type") == "actions"
            for element in block.get("elements", [])
        ]


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """File id -> (mimetype, content), served at its `url_private_download`."""
    downloads: list[str] = field(default_factory=list)
    """The Authorization header of every file download."""
    _server: TestServer | None = None
    _ts: int = 0

    async def __aenter__(self) -> FakeSlack:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/response/{id}", self._response_url)
        app.router.add_get("/files-pri/{team}-{file_id}/download/{name}", self._download)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        await self._server.close()

    @property
    def api_base(self) -> str:
        assert self._server is not None
        return str(self._server.make_url("/api/"))

    def response_url(self, name: str = "cmd") -> str:
        assert self._server is not None
        return str(self._server.make_url(f"/response/{name}"))

    def add_file(self, file_id: str, name: str, mimetype: str, content: bytes) -> dict[str, Any]:
        """Upload a file; the `files` entry of a `file_share` message event, as Slack sends it."""
        assert self._server is not None
        self.files[file_id] = (mimetype, content)
        base = str(self._server.make_url(f"/files-pri/{TEAM_ID}-{file_id}"))
        return {
            "id": file_id,
            "created": 1700000600,
            "timestamp": 1700000600,
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1],
            "user": "U0STAFF",
            "user_team": TEAM_ID,
            "editable": False,
            "size": len(content),
            "mode": "hosted",
            "is_external": False,
            "is_public": False,
            "public_url_shared": False,
            "url_private": f"{base}/{name}",
            "url_private_download": f"{base}/download/{name}",
            "permalink": f"https://shop.slack.com/files/U0STAFF/{file_id}/{name}",
        }

    async def _download(self, request: web.Request) -> web.Response:
        self.downloads.append(request.headers.get("Authorization", ""))
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.Response(status=302, headers={"Location": "https://shop.slack.com/"})
        found = self.files.get(request.match_info["file_id"])
        if found is None:
            return web.Response(status=404)
        return web.Response(body=found[1], content_type=found[0])

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posts(self, *, thread_ts: str | None = None) -> list[Call]:
        """chat.postMessage calls; with `thread_ts`, only those in that thread."""
        found = self.called("chat.postMessage")
        if thread_ts is not None:
            found = [c for c in found if c.params.get("thread_ts") == thread_ts]
        return found

    # --- the API ---

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body = await request.json()
            params.update(body if isinstance(body, dict) else {})
        elif request.can_read_body:
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        for key in _JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                params[key] = json.loads(params[key])
        return params

    def _next_ts(self) -> str:
        self._ts += 1
        return f"1700000000.{self._ts:06d}"

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return web.json_response({"ok": False, "error": "not_authed"})
        params = await self._params(request)
        self.calls.append(Call(method, params))
        return web.json_response(self._answer(method, params))

    async def _response_url(self, request: web.Request) -> web.Response:
        self.calls.append(Call("response_url", await request.json()))
        return web.Response(text="ok")

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        match method:
            case "auth.test":
                return {
                    "ok": True,
                    "url": "https://shop.slack.com/",
                    "team": "Shop",
                    "user": "ordersupport",
                    "team_id": TEAM_ID,
                    "user_id": BOT_USER_ID,
                    "bot_id": BOT_ID,
                    "is_enterprise_install": False,
                }
            case "chat.postMessage":
                ts = self._next_ts()
                message = {
                    "type": "message",
                    "text": params.get("text", ""),
                    "ts": ts,
                    "bot_id": BOT_ID,
                    "user": BOT_USER_ID,
                }
                if params.get("thread_ts"):
                    message["thread_ts"] = params["thread_ts"]
                return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
            case "chat.update":
                return {
                    "ok": True,
                    "channel": params.get("channel"),
                    "ts": params.get("ts"),
                    "text": params.get("text", ""),
                }
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": self._next_ts()}
            case "files.info":
                found = self.files.get(str(params.get("file")))
                if found is None:
                    return {"ok": False, "error": "file_not_found"}
                assert self._server is not None
                url = self._server.make_url(f"/files-pri/{TEAM_ID}-{params['file']}/download/f")
                return {
                    "ok": True,
                    "file": {
                        "id": params["file"],
                        "mimetype": found[0],
                        "url_private_download": str(url),
                    },
                }
            case "views.open":
                view = {**(params.get("view") or {}), "id": "V0REJECT", "team_id": TEAM_ID}
                return {"ok": True, "view": view}
            case _:
                return {"ok": True}


# --- signed requests, as Slack sends them ----------------------------------------------------


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """The `X-Slack-Request-Timestamp` and `X-Slack-Signature` headers for `body`."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


class SlackClient:
    """Posts what Slack would post to `/slack/events`, signed (or deliberately not)."""

    def __init__(self, http: TestClient, fake: FakeSlack, secret: str = SIGNING_SECRET) -> None:
        self.http = http
        self.fake = fake
        self.secret = secret
        self._events = 0

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        secret: str | None = None,
    ) -> tuple[int, str]:
        sent = {"Content-Type": content_type, **sign(body, secret=secret or self.secret)}
        sent.update(headers or {})
        async with self.http.post("/slack/events", data=body.encode(), headers=sent) as answer:
            return answer.status, await answer.text()

    async def interaction(self, payload: dict[str, Any], **kwargs: Any) -> tuple[int, str]:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", **kwargs)

    async def press(
        self, action_id: str, value: str, *, user: str, channel: str, message_ts: str = "1.0"
    ) -> tuple[int, str]:
        """A block_actions request: `user` pressed a button in `channel`."""
        return await self.interaction(
            {
                "type": "block_actions",
                "team": {"id": TEAM_ID, "domain": "shop"},
                "user": {"id": user, "username": user, "team_id": TEAM_ID},
                "api_app_id": "A0DESK",
                "token": "legacy",
                "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
                "trigger_id": f"trigger-{action_id}-{user}",
                "channel": {"id": channel, "name": "desk"},
                "message": {"type": "message", "ts": message_ts, "text": "card"},
                "response_url": self.fake.response_url("action"),
                "actions": [
                    {
                        "type": "button",
                        "action_id": action_id,
                        "block_id": "b",
                        "value": value,
                        "text": {"type": "plain_text", "text": action_id},
                        "action_ts": str(time.time()),
                    }
                ],
            }
        )

    async def select(
        self, action_id: str, value: str, *, user: str, channel: str
    ) -> tuple[int, str]:
        """A block_actions request for a static_select choice."""
        return await self.interaction(
            {
                "type": "block_actions",
                "team": {"id": TEAM_ID, "domain": "shop"},
                "user": {"id": user, "username": user, "team_id": TEAM_ID},
                "api_app_id": "A0DESK",
                "container": {"type": "message", "message_ts": "2.0", "channel_id": channel},
                "trigger_id": "trigger-select",
                "channel": {"id": channel, "name": "desk"},
                "response_url": self.fake.response_url("action"),
                "actions": [
                    {
                        "type": "static_select",
                        "action_id": action_id,
                        "block_id": "b",
                        "selected_option": {
                            "text": {"type": "plain_text", "text": value},
                            "value": value,
                        },
                        "action_ts": str(time.time()),
                    }
                ],
            }
        )

    async def submit_view(
        self, callback_id: str, private_metadata: str, values: dict[str, Any], *, user: str
    ) -> tuple[int, str]:
        return await self.interaction(
            {
                "type": "view_submission",
                "team": {"id": TEAM_ID, "domain": "shop"},
                "user": {"id": user, "username": user, "team_id": TEAM_ID},
                "api_app_id": "A0DESK",
                "trigger_id": "trigger-view",
                "view": {
                    "id": "V0REJECT",
                    "team_id": TEAM_ID,
                    "type": "modal",
                    "callback_id": callback_id,
                    "private_metadata": private_metadata,
                    "state": {"values": values},
                    "hash": "h",
                    "app_id": "A0DESK",
                },
            }
        )

    async def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        """An Events API callback (retried deliveries reuse `event_id` and add headers)."""
        self._events += 1
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": TEAM_ID,
                "api_app_id": "A0DESK",
                "event": event,
                "type": "event_callback",
                "event_id": event_id or f"Ev{self._events:08d}",
                "event_time": int(time.time()),
                "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
            }
        )
        return await self.post(body, "application/json", headers=headers)

    async def command(self, name: str, text: str, *, user: str, channel: str) -> tuple[int, str]:
        body = urlencode(
            {
                "token": "legacy",
                "team_id": TEAM_ID,
                "team_domain": "shop",
                "channel_id": channel,
                "channel_name": "desk",
                "user_id": user,
                "user_name": user,
                "command": name,
                "text": text,
                "api_app_id": "A0DESK",
                "response_url": self.fake.response_url(name.strip("/")),
                "trigger_id": f"trigger-{name.strip('/')}",
            }
        )
        return await self.post(body, "application/x-www-form-urlencoded")


# --- a desk mounted on an aiohttp app, talking to the fake ---------------------------------

STAFF = "U0STAFF"
"""Allowed to act; sees `/order` masked."""
BOSS = "U0BOSS"
"""Allowed to act and to see `/order` unmasked."""
STRANGER = "U0OTHER"
"""A member of the workspace who is not on the staff list."""
SERVICE_CHANNEL = "C0SERVICE"
FINANCE_CHANNEL = "C0FINANCE"
OTHER_CHANNEL = "C0RANDOM"


@dataclass
class RecordingSender:
    """A `Sender` test double for a channel whose adapter is tested elsewhere (Telegram)."""

    channel: str = "telegram"
    sent: list[tuple[str, Reply, NoticeKind]] = field(default_factory=list)

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        self.sent.append((chat_id, reply, kind))

    def texts(self) -> list[str]:
        return [reply.text() for _, reply, _ in self.sent]


@dataclass
class Desk:
    fake: FakeSlack
    slack: SlackClient
    desk: SlackDesk
    services: Services
    engine: Engine | None = None
    http: TestClient | None = None
    """The process's own HTTP client (its other routes: the web chat, Telegram's webhook)."""
    _ts: int = 0

    async def settle(self) -> None:
        """Wait for the work the handlers started after acking (no sleeping)."""
        await self.desk.drain()

    async def card(self, ticket_id: int) -> tuple[str, str]:
        """(channel, ts) of a ticket's card."""
        ticket = await self.services.tickets.get(ticket_id)
        assert ticket is not None and "slack" in ticket.data, "the card was not posted"
        return ticket.data["slack"]["channel"], ticket.data["slack"]["ts"]

    async def press(self, action: str, ticket_id: int, *, user: str = STAFF) -> int:
        channel, ts = await self.card(ticket_id)
        status, _ = await self.slack.press(
            f"ticket_{action}", str(ticket_id), user=user, channel=channel, message_ts=ts
        )
        await self.settle()
        return status

    async def reply_in_thread(
        self,
        ticket_id: int,
        text: str,
        *,
        user: str = STAFF,
        event_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> int:
        channel, ts = await self.card(ticket_id)
        self._ts += 1
        status, _ = await self.slack.event(
            {
                "type": "message",
                "channel": channel,
                "user": user,
                "text": text,
                "ts": f"1700000500.{self._ts:06d}",
                "thread_ts": ts,
                "channel_type": "channel",
            },
            event_id=event_id,
            headers=headers,
        )
        await self.settle()
        return status


@asynccontextmanager
async def slack_desk(
    services: Services,
    engine: Engine | None = None,
    *,
    senders: list[Sender] | None = None,
    telegram: TelegramSettings | None = None,
    **settings: Any,
) -> AsyncIterator[Desk]:
    """The whole process as `serve` builds it (`bots.root`), with the desk configured against
    the fake Slack, on the test's own storage (`services`); `engine` is unused (the root builds
    the engine that knows the desk: `Desk.engine`). `senders` stand in for channels mounted
    elsewhere; `telegram` mounts the Telegram channel too."""
    async with FakeSlack() as fake:
        slack = {
            "bot_token": SecretStr(BOT_TOKEN),
            "signing_secret": SecretStr(SIGNING_SECRET),
            "api_base": fake.api_base,
            "channels": {
                "service": SERVICE_CHANNEL,
                "finance": FINANCE_CHANNEL,
                "default": SERVICE_CHANNEL,
            },
            "staff_users": [STAFF, BOSS],
            "unmask_users": [BOSS],
            **{k.removeprefix("slack_"): v for k, v in settings.items() if k.startswith("slack_")},
        }
        update: dict[str, Any] = {
            "slack": SlackSettings.model_validate(slack),
            **{k: v for k, v in settings.items() if not k.startswith("slack_")},
        }
        if telegram is not None:
            update["telegram"] = telegram
        configured = services.settings.model_copy(update=update)
        root = await build_root(configured, foundation=services, extra_senders=tuple(senders or ()))
        assert root.slack is not None
        app = web.Application()
        mount(app, root)
        try:
            async with TestClient(TestServer(app, host="127.0.0.1")) as http:
                client = SlackClient(http, fake)
                yield Desk(fake, client, root.slack.desk, root.services, root.engine, http=http)
                await root.slack.desk.drain()
        finally:
            await root.aclose()
