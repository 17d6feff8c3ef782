"""A local Kuaidi100 (快递100) on 127.0.0.1: real-time query and subscription, as documented.

`POST /poll/query.do` checks the form's `sign` (upper-case MD5 of `param + key + customer`)
and answers the parcel's query result from `parcels` (tracking number -> answer body), or
`returnCode` 500 when it has none; `POST /poll` records subscriptions (501 when repeated).
`push_body(result)` builds the form body Kuaidi100 posts to a callback URL, signed with the
salt. Requests are kept in `queries` and `subscriptions`.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

FIXTURES = Path(__file__).parent / "fixtures" / "kuaidi100"
CUSTOMER = "B2C9A5D0F6E1"
KEY = "kuaidi100-test-key"
SALT = "kuaidi100-test-salt"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def md5_upper(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest().upper()


def push_body(result: dict[str, Any], *, status: str = "polling", salt: str = SALT) -> bytes:
    """What Kuaidi100 posts to the callback URL for one change of a subscribed parcel."""
    param = json.dumps(
        {
            "status": status,
            "billstatus": "",
            "message": "",
            "autoCheck": "0",
            "comOld": "",
            "comNew": "",
            "lastResult": result,
        },
        ensure_ascii=False,
    )
    return urlencode({"param": param, "sign": md5_upper(param + salt)}).encode()


class FakeKuaidi100:
    def __init__(self) -> None:
        self.parcels: dict[str, dict[str, Any]] = {}
        self.queries: list[dict[str, Any]] = []
        self.subscriptions: list[dict[str, Any]] = []
        self.failing = False
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> FakeKuaidi100:
        app = web.Application()
        app.router.add_post("/poll/query.do", self._query)
        app.router.add_post("/poll", self._subscribe)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _query(self, request: web.Request) -> web.Response:
        if self.failing:
            return web.Response(status=502, text="bad gateway")
        form = await request.post()
        param, customer = str(form.get("param", "")), str(form.get("customer", ""))
        if form.get("sign") != md5_upper(param + KEY + CUSTOMER) or customer != CUSTOMER:
            return web.json_response(
                {"result": False, "returnCode": "503", "message": "验证签名失败"}
            )
        asked = json.loads(param)
        self.queries.append(asked)
        found = self.parcels.get(asked.get("num", ""))
        if found is None or found.get("com") != asked.get("com"):
            return web.json_response(fixture("query_not_found.json"))
        return web.json_response(copy.deepcopy(found))

    async def _subscribe(self, request: web.Request) -> web.Response:
        form = await request.post()
        param = json.loads(str(form.get("param", "{}")))
        if form.get("schema") != "json" or param.get("key") != KEY:
            return web.json_response({"result": False, "returnCode": "600", "message": "key无效"})
        if any(s["number"] == param.get("number") for s in self.subscriptions):
            return web.json_response({"result": False, "returnCode": "501", "message": "重复订阅"})
        self.subscriptions.append(param)
        return web.json_response({"result": True, "returnCode": "200", "message": "提交成功"})


def kuaidi100_config(fake: FakeKuaidi100) -> Any:
    from core.tracking.kuaidi100 import Kuaidi100Config

    return Kuaidi100Config(customer=CUSTOMER, key=KEY, salt=SALT, base_url=fake.base_url)
