"""Files a staff member sends from Slack reach the customer as links: `GET /files/{token}/{name}`
fetches the file from Slack with the bot token (only from Slack's own hosts), for
`file_link_ttl_seconds`. Images open in place; anything else downloads and can run nothing on
this origin."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
import structlog
from aiohttp import web
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.keys import KeyStore

log = structlog.get_logger(__name__)

FILES_PATH = "/files/{token}/{name}"
MAX_FILE_BYTES = 50 * 1024 * 1024


class SlackFiles:
    def __init__(
        self, client: AsyncWebClient, keys: KeyStore, public_url: str | None, ttl_seconds: int
    ) -> None:
        self.client = client
        self.keys = keys
        self.public_url = public_url
        self.ttl_seconds = ttl_seconds

    async def link(self, file: Mapping[str, Any]) -> str | None:
        """A link the customer can open for a Slack file, or None without `public_url`."""
        base = self.public_url
        if not base or not file.get("id"):
            return None
        token = secrets.token_urlsafe(18)
        record: dict[str, str | None] = {
            "id": str(file["id"]),
            "name": str(file.get("name") or "file")[:200],
            "mimetype": str(file.get("mimetype") or "application/octet-stream")[:100],
            "url": file.get("url_private_download") or file.get("url_private"),
        }
        await self.keys.put(f"slack:file:{token}", json.dumps(record), self.ttl_seconds)
        return f"{str(base).rstrip('/')}/files/{token}/{quote(str(record['name']))}"

    async def source(self, token: str) -> dict[str, Any] | None:
        """Where a file link's bytes are: the stored record with its download URL."""
        raw = await self.keys.get(f"slack:file:{token}")
        if raw is None:
            return None
        record: dict[str, Any] = json.loads(raw)
        if not record.get("url"):  # Slack Connect files carry no URL: ask files.info
            try:
                info = await self.client.files_info(file=record["id"])
            except SlackApiError as exc:
                log.warning("slack_file_info_failed", error=str(exc.response.get("error")))
                return None
            found = info.get("file") or {}
            record["url"] = found.get("url_private_download") or found.get("url_private")
        return record


def _trusted_file_host(url: str, api_base: str) -> bool:
    """Only Slack's own hosts (or the configured API host, for a gateway) get the bot token."""
    host = (urlsplit(url).hostname or "").lower()
    api_host = (urlsplit(api_base).hostname or "").lower()
    return bool(host) and (
        host == api_host or host.endswith((".slack.com", ".slack-edge.com")) or host == "slack.com"
    )


async def serve_file(
    request: web.Request, files: SlackFiles, token: str, api_base: str
) -> web.StreamResponse:
    """`GET /files/{token}/{name}`: a file a staff member sent, fetched from Slack with the bot
    token. Anything but an image is a download, and nothing it holds can run on this origin."""
    record = await files.source(request.match_info["token"][:64])
    if record is None or not record.get("url"):
        return web.json_response({"error": "this link has expired"}, status=404)
    url = str(record["url"])
    if not _trusted_file_host(url, api_base):
        log.warning("slack_file_host_refused")
        return web.json_response({"error": "this link cannot be opened"}, status=404)
    timeout = aiohttp.ClientTimeout(total=30)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.get(url, headers={"Authorization": f"Bearer {token}"}) as upstream,
    ):
        if upstream.status != 200:
            log.warning("slack_file_unavailable", status=upstream.status)
            return web.json_response({"error": "the file is no longer available"}, status=404)
        mimetype = str(record.get("mimetype") or "application/octet-stream")
        inline = mimetype in ("image/png", "image/jpeg", "image/gif", "image/webp")
        disposition = "inline" if inline else "attachment"
        response = web.StreamResponse(
            headers={
                "Content-Type": mimetype if inline else "application/octet-stream",
                "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(record['name'])}",
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "sandbox; default-src 'none'",
                "Cache-Control": "private, max-age=3600",
            }
        )
        await response.prepare(request)
        sent = 0
        async for chunk in upstream.content.iter_chunked(64 * 1024):
            sent += len(chunk)
            if sent > MAX_FILE_BYTES:
                break
            await response.write(chunk)
        await response.write_eof()
        return response
