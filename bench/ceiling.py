"""The ceiling `bench/load.py` measures `serve` against: a bare aiohttp handler doing one Redis
GET and one SET per request, on the same Redis, answering the same `POST /api/chat` body.

`python3 bench/ceiling.py --port P --redis URL --prefix PREFIX` (load.py starts it itself).
"""

from __future__ import annotations

import argparse
import json

from aiohttp import web
from redis.asyncio import Redis

REDIS = web.AppKey("redis", Redis)
PREFIX = web.AppKey("prefix", str)


async def chat(request: web.Request) -> web.Response:
    body = await request.json()
    redis = request.app[REDIS]
    key = f"{request.app[PREFIX]}ceiling:{body.get('user', '')}"
    seen = await redis.get(key)
    await redis.set(key, str(int(seen or 0) + 1), ex=600)
    return web.Response(
        text=json.dumps({"replies": [{"type": "text", "text": body.get("text", "")}]}),
        content_type="application/json",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--prefix", default="bench:")
    args = parser.parse_args()
    app = web.Application()
    app[REDIS] = Redis.from_url(args.redis, decode_responses=True)
    app[PREFIX] = args.prefix
    app.router.add_post("/api/chat", chat)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
