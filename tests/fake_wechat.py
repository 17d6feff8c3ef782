"""WeChat's side, for tests: a fake API server on 127.0.0.1 and the webhook requests WeChat sends.

`FakeWeChat` answers the endpoints the adapter uses (`token`, `message/custom/send`,
`message/template/send`) the way WeChat does, counts token requests and records every message.
The helpers below sign (and, in safe mode, encrypt) webhook requests exactly as WeChat would.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xmltodict
from aiohttp import web
from aiohttp.test_utils import TestServer
from pydantic import SecretStr
from wechatpy.crypto import WeChatCrypto

from core.settings import Settings

APP_ID = "wx1234567890abcdef"
APP_SECRET = "test-app-secret"
TOKEN = "test-webhook-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as WeChat issues them
ACCOUNT = "gh_order_support"


@dataclass
class FakeWeChat:
    token_requests: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)
    """Customer-service messages (`message/custom/send` bodies), in order."""
    templates: list[dict[str, Any]] = field(default_factory=list)
    fail_with: int | None = None
    """An errcode every message endpoint answers with, to simulate WeChat refusing."""
    token_gate: asyncio.Event | None = None
    """When set, the token endpoint waits for this event before answering."""
    token_asked: asyncio.Event = field(default_factory=asyncio.Event)
    _tokens: set[str] = field(default_factory=set)
    _server: TestServer | None = None

    @property
    def api_base(self) -> str:
        assert self._server is not None
        return str(self._server.make_url("/cgi-bin/"))

    async def __aenter__(self) -> FakeWeChat:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self._token)
        app.router.add_post("/cgi-bin/message/custom/send", self._custom)
        app.router.add_post("/cgi-bin/message/template/send", self._template)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        await self._server.close()

    async def _token(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        self.token_asked.set()
        if self.token_gate is not None:
            await self.token_gate.wait()
        q = request.query
        if q.get("appid") != APP_ID or q.get("secret") != APP_SECRET:
            return web.json_response({"errcode": 40125, "errmsg": "invalid appsecret"})
        token = f"ACCESS_TOKEN_{self.token_requests}"
        self._tokens.add(token)
        return web.json_response({"access_token": token, "expires_in": 7200})

    async def _checked(self, request: web.Request) -> dict[str, Any] | web.Response:
        if request.query.get("access_token") not in self._tokens:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        if self.fail_with is not None:
            return web.json_response({"errcode": self.fail_with, "errmsg": "refused"})
        body: dict[str, Any] = json.loads(await request.read())
        return body

    async def _custom(self, request: web.Request) -> web.Response:
        body = await self._checked(request)
        if isinstance(body, web.Response):
            return body
        self.sent.append(body)
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _template(self, request: web.Request) -> web.Response:
        body = await self._checked(request)
        if isinstance(body, web.Response):
            return body
        self.templates.append(body)
        return web.json_response({"errcode": 0, "errmsg": "ok", "msgid": len(self.templates)})

    def texts(self) -> list[str]:
        """The text of every customer-service message (a msgmenu's head), in order."""
        out: list[str] = []
        for msg in self.sent:
            if msg["msgtype"] == "text":
                out.append(msg["text"]["content"])
            elif msg["msgtype"] == "msgmenu":
                out.append(msg["msgmenu"]["head_content"])
        return out


def wechat_settings(tmp_path: Path, api_base: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = dict(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        redis_url=None,
        seed_demo_if_empty=False,
        default_timezone="Asia/Shanghai",
        wechat_app_id=APP_ID,
        wechat_app_secret=SecretStr(APP_SECRET),
        wechat_token=SecretStr(TOKEN),
        wechat_aes_key=SecretStr(AES_KEY),
        wechat_api_base=api_base,
    )
    values.update(overrides)
    return Settings(**values)


# --- what WeChat posts to the webhook --------------------------------------------------------


def signature(timestamp: str, nonce: str, token: str = TOKEN) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


def signed_query(nonce: str = "nonce42", **extra: str) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        "signature": signature(timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        "openid": "ignored",
        **extra,
    }


def message_xml(openid: str, msg_type: str, *, msg_id: int | None = None, **fields: str) -> bytes:
    """One message as WeChat posts it; `fields` are extra elements (Content=..., Event=...)."""
    created = fields.pop("CreateTime", str(int(time.time())))
    parts = [
        f"<ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>",
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>",
        f"<CreateTime>{created}</CreateTime>",
        f"<MsgType><![CDATA[{msg_type}]]></MsgType>",
        *(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items()),
    ]
    if msg_id is not None:
        parts.append(f"<MsgId>{msg_id}</MsgId>")
    return ("<xml>" + "".join(parts) + "</xml>").encode()


def text_xml(openid: str, content: str, msg_id: int, **fields: str) -> bytes:
    return message_xml(openid, "text", msg_id=msg_id, Content=content, **fields)


def crypto() -> WeChatCrypto:
    return WeChatCrypto(TOKEN, AES_KEY, APP_ID)


def encrypted(xml: bytes, nonce: str = "nonce42") -> tuple[dict[str, str], bytes]:
    """A message in safe mode: the query (signature and msg_signature) and the encrypted body."""
    query = signed_query(nonce)
    envelope = xmltodict.parse(crypto().encrypt_message(xml.decode(), nonce, query["timestamp"]))
    query.update(encrypt_type="aes", msg_signature=envelope["xml"]["MsgSignature"])
    body = (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<Encrypt><![CDATA[{envelope['xml']['Encrypt']}]]></Encrypt></xml>"
    )
    return query, body.encode()


def decrypted_reply(body: bytes, query: dict[str, str]) -> dict[str, Any]:
    """A passive reply in safe mode, decrypted and checked as WeChat would."""
    envelope = xmltodict.parse(body)["xml"]
    plain = crypto().decrypt_message(
        body.decode(), envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"]
    )
    assert envelope["Nonce"] == query["nonce"]
    reply: dict[str, Any] = xmltodict.parse(plain)["xml"]
    return reply
