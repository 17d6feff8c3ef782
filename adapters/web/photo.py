"""`POST /chat/photo` (multipart: `photo` and the identity fields): a photo for a damage or
return claim, checked to be a JPEG, PNG or WebP, scaled to 2048 px and re-encoded without its
metadata (no GPS position, no device), then sent to the core like a WeChat or Telegram photo."""

from __future__ import annotations

import asyncio
import base64
import io
import secrets

import structlog
from aiohttp import BodyPartReader, web
from PIL import Image, ImageOps, UnidentifiedImageError
from pydantic import ValidationError

from adapters.web.chat import answer, error, first_error, inbound_from
from adapters.web.identity import Forged, Identity, forged, identify
from adapters.web.ports import WEB
from core.i18n import Localizer, best_language

log = structlog.get_logger(__name__)

PHOTO_TTL_SECONDS = 30 * 24 * 3600
PHOTO_SIDE = 2048
"""Photos are scaled down to this longest side and re-encoded: no camera metadata (place,
device) is kept."""
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}


def clean_photo(data: bytes) -> bytes:
    """The photo re-encoded as JPEG, at most `PHOTO_SIDE` pixels a side, turned upright, with
    no metadata; raises ValueError for anything that is not a JPEG, PNG or WebP image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in PHOTO_FORMATS:
                raise ValueError(f"not a photo: {image.format}")
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValueError("not a readable image") from exc
    upright.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=85)
    return out.getvalue()


async def read_photo(request: web.Request, limit: int) -> tuple[dict[str, str], bytes | None]:
    """The form's text fields and the photo's bytes (None when over `limit`)."""
    fields: dict[str, str] = {}
    photo: bytes | None = b""
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            raise ValueError("nested multipart")
        if part.name == "photo":
            chunks: list[bytes] = []
            size = 0
            while chunk := await part.read_chunk(64 * 1024):
                size += len(chunk)
                if size > limit:
                    return fields, None
                chunks.append(chunk)
            photo = b"".join(chunks)
        elif part.name:
            fields[part.name] = (await part.text())[:2048]
    return fields, photo


async def photo(request: web.Request) -> web.StreamResponse:
    channel = request.app[WEB]
    limit = channel.settings.photo_max_bytes
    if not request.content_type.startswith("multipart/"):
        return error(400, "send the photo as multipart/form-data")
    try:
        fields, data = await read_photo(request, limit)
    except (ValueError, AssertionError):
        return error(400, "malformed multipart body")
    locale = fields.pop("locale", None)
    loc = Localizer(best_language(locale, channel.default_locale))
    too_big = loc._(
        "That photo could not be sent: please choose a JPEG, PNG or WebP image under {size} MB.",
        size=max(1, limit // (1024 * 1024)),
    )
    if data is None:
        return web.json_response({"error": "photo too large", "message": too_big}, status=413)
    try:
        claimed = Identity.model_validate({k: v for k, v in fields.items() if v})
    except ValidationError as exc:
        return error(400, first_error(exc))
    try:
        who = identify(request, channel, claimed)
    except Forged:
        return forged(channel, locale)
    try:
        cleaned = await asyncio.to_thread(clean_photo, data or b"")
    except ValueError:
        return web.json_response({"error": "not a photo", "message": too_big}, status=415)
    media = f"web-{secrets.token_urlsafe(12)}"
    encoded = base64.b64encode(cleaned).decode()
    await channel.keys.put(f"web:photo:{media}", encoded, PHOTO_TTL_SECONDS)
    log.info("web_photo_received", size=len(cleaned))
    inbound = inbound_from(
        who, payload=f"image:{media}", locale_hint=locale[:35] if locale else None
    )
    return await answer(request, channel, who, inbound)
