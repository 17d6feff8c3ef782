"""A local AfterShip Tracking API (version 2026-07) on 127.0.0.1.

`GET /tracking/2026-07/trackings?tracking_numbers=&slug=` answers from `trackings`;
`POST /tracking/2026-07/trackings` registers one (meta 4003 when it exists); both need the
`as-api-key` header. Answers have AfterShip's envelope `{"meta": {...}, "data": {...}}`.
`webhook_body(tracking)` builds the body AfterShip posts, `webhook_headers` its signature.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from aiohttp import web

FIXTURES = Path(__file__).parent / "fixtures" / "aftership"
API_KEY = "asat_test_key"
WEBHOOK_SECRET = "aftership-webhook-secret"
PATH = "/tracking/2026-07/trackings"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def webhook_body(
    tracking: dict[str, Any], event_id: str = "7c4f8e0a-6d1b-4f4e-9a8b-2f1e0d3c4b5a"
) -> bytes:
    return json.dumps(
        {
            "event": "tracking_update",
            "event_id": event_id,
            "is_tracking_first_tag": False,
            "msg": tracking,
            "ts": 1795403529,
        }
    ).encode()


def webhook_headers(body: bytes, secret: str = WEBHOOK_SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return {
        "Content-Type": "application/json",
        "aftership-hmac-sha256": base64.b64encode(digest).decode(),
    }


def _meta(code: int, message: str, kind: str) -> dict[str, Any]:
    return {"code": code, "message": message, "type": kind}


class FakeAfterShip:
    def __init__(self) -> None:
        self.trackings: dict[str, dict[str, Any]] = {}
        self.gets: list[dict[str, str]] = []
        self.created: list[dict[str, Any]] = []
        self.failing = False
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> FakeAfterShip:
        app = web.Application()
        app.router.add_get(PATH, self._list)
        app.router.add_post(PATH, self._create)
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

    def _denied(self, request: web.Request) -> web.Response | None:
        if request.headers.get("as-api-key") != API_KEY:
            meta = _meta(401, "Invalid API key.", "Unauthorized")
            return web.json_response({"meta": meta, "data": {}}, status=401)
        if self.failing:
            return web.json_response(
                {"meta": _meta(500, "", "InternalError"), "data": {}}, status=503
            )
        return None

    async def _list(self, request: web.Request) -> web.Response:
        denied = self._denied(request)
        if denied is not None:
            return denied
        query = dict(request.query)
        self.gets.append(query)
        numbers = query.get("tracking_numbers", "").split(",")
        slugs = query.get("slug", "").split(",") if query.get("slug") else None
        found = [
            copy.deepcopy(t)
            for n, t in self.trackings.items()
            if n in numbers and (slugs is None or t.get("slug") in slugs)
        ]
        data = {
            "pagination": {"total": len(found), "next_cursor": None, "has_next_page": False},
            "trackings": found,
        }
        return web.json_response({"meta": _meta(200, "OK", "OK"), "data": data})

    async def _create(self, request: web.Request) -> web.Response:
        denied = self._denied(request)
        if denied is not None:
            return denied
        body = await request.json()
        self.created.append(body)
        number = body.get("tracking_number")
        if number in self.trackings:
            meta = _meta(4003, "Tracking already exists.", "BadRequest")
            return web.json_response({"meta": meta, "data": {}}, status=400)
        tracking = {
            "id": f"t{len(self.created)}",
            "tracking_number": number,
            "slug": body.get("slug"),
            "tag": "Pending",
            "checkpoints": [],
        }
        self.trackings[number] = tracking
        return web.json_response(
            {"meta": _meta(201, "Created", "Created"), "data": tracking}, status=201
        )


def aftership_config(fake: FakeAfterShip) -> Any:
    from core.tracking.aftership import AfterShipConfig

    return AfterShipConfig(api_key=API_KEY, webhook_secret=WEBHOOK_SECRET, base_url=fake.base_url)
