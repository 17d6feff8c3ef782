"""A local 聚水潭 (Jushuitan) open platform on 127.0.0.1: the order query, signed as documented.

`POST /open/orders/single/query` takes the platform's form (`app_key`, `access_token`,
`timestamp`, `charset`, `version`, `biz`, `sign`), refuses a bad `sign` with a non-zero
`code`, and answers `biz.so_ids` or a `modified_begin`/`modified_end` window (at most 7
days, as the platform requires) page by page (`page_index`, `page_size`, `has_next`).
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web

FIXTURES = Path(__file__).parent / "fixtures" / "jushuitan"
APP_KEY = "b0b7d1db226d4216a3d58df9ffa2dde5"
APP_SECRET = "99c4cef262f34ca882975a7064de0b87"
ACCESS_TOKEN = "a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4"
FORMAT = "%Y-%m-%d %H:%M:%S"


def orders() -> list[dict[str, Any]]:
    return json.loads((FIXTURES / "orders.json").read_text(encoding="utf-8"))


def expected_sign(form: dict[str, str]) -> str:
    text = APP_SECRET + "".join(f"{k}{form[k]}" for k in sorted(form) if k != "sign")
    return hashlib.md5(text.encode()).hexdigest()


class FakeJushuitan:
    def __init__(self) -> None:
        self.orders = orders()
        self.calls: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> FakeJushuitan:
        app = web.Application()
        app.router.add_post("/open/orders/single/query", self._query)
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

    @staticmethod
    def _error(code: int, msg: str) -> web.Response:
        return web.json_response({"code": code, "msg": msg, "data": None})

    async def _query(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        if form.get("app_key") != APP_KEY or form.get("access_token") != ACCESS_TOKEN:
            return self._error(100, "app_key或access_token无效")
        if form.get("sign") != expected_sign(form) or form.get("version") != "2":
            return self._error(100, "签名错误")
        biz = json.loads(form.get("biz") or "{}")
        self.calls.append(biz)
        found = self.orders
        if biz.get("so_ids"):
            found = [o for o in found if o["so_id"] in biz["so_ids"]]
        elif biz.get("modified_begin") or biz.get("modified_end"):
            begin = datetime.strptime(biz["modified_begin"], FORMAT)
            end = datetime.strptime(biz["modified_end"], FORMAT)
            if end - begin > timedelta(days=7):
                return self._error(100, "查询时间范围不能超过7天")
            found = [o for o in found if begin <= datetime.strptime(o["modified"], FORMAT) <= end]
        else:
            return self._error(100, "缺少查询条件")
        size = int(biz.get("page_size") or 30)
        index = int(biz.get("page_index") or 1)
        pages = max(1, math.ceil(len(found) / size))
        data = {
            "page_size": size,
            "page_index": index,
            "data_count": len(found),
            "page_count": pages,
            "has_next": index < pages,
            "orders": copy.deepcopy(found[(index - 1) * size : index * size]),
        }
        return web.json_response({"code": 0, "msg": "执行成功", "data": data})


def jushuitan_entry(fake: FakeJushuitan, **overrides: Any) -> dict[str, Any]:
    """The settings entry a shop writes: the preset and its credentials."""
    return {
        "preset": "jushuitan",
        "base_url": fake.base_url,
        "auth": {"app_key": APP_KEY, "app_secret": APP_SECRET, "token": ACCESS_TOKEN},
        **overrides,
    }
