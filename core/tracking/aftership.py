"""AfterShip Tracking (cross-border carriers: UPS, FedEx, DHL, USPS, Yamato, Aramex, ...).

As its API reference (version 2026-07, the one its official Python SDK `aftership-tracking-sdk`
speaks) describes it:

- `POST {base}/tracking/2026-07/trackings` `{"tracking_number", "slug", ...}` registers a
  parcel; from then on AfterShip follows it and pushes every change to the webhook URL set in
  the AfterShip admin. Registering one it already has answers meta code 4003: fine.
- `GET {base}/tracking/2026-07/trackings?tracking_numbers=N&slug=S` reads it: `data.trackings[]`
  with `tag` (Pending, InfoReceived, InTransit, OutForDelivery, AttemptFail, Delivered,
  AvailableForPickup, Exception, Expired), `subtag`, `checkpoints[]` (`checkpoint_time`,
  `message`, `tag`, `subtag`, `location`), and the delivery estimates
  (`latest_estimated_delivery`, `courier_estimated_delivery_date`,
  `aftership_estimated_delivery_date`).
- Authentication: the `as-api-key` header.
- Webhooks: JSON `{"event": "tracking_update"|"edd_revise"|..., "event_id", "msg": {tracking},
  "ts"}`, signed in `aftership-hmac-sha256` = base64 HMAC-SHA256 of the raw body with the
  webhook secret. Any 2xx acknowledges.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Any

from pydantic import BaseModel, SecretStr

from core.order import TrackingEvent
from core.sources.resilience import MalformedPayload, UpstreamError
from core.sources.rest import JsonHttp
from core.tracking.base import Parcel, PushAnswer, PushRefused, TrackingReport
from core.tracking.carriers import Carrier, from_aftership
from core.tracking.status import EventStatus
from core.tracking.status import from_aftership as status_of

API_VERSION = "2026-07"
SIGNATURE_HEADER = "aftership-hmac-sha256"
ALREADY_EXISTS = 4003


class AfterShipConfig(BaseModel):
    api_key: SecretStr
    webhook_secret: SecretStr | None = None
    base_url: str = "https://api.aftership.com"
    timeout_seconds: float = 4.0


def _when(value: Any, *, end_of_day: bool = False) -> datetime | None:
    """AfterShip times: ISO with or without an offset (none: UTC), or a bare date."""
    if not value:
        return None
    text = str(value).replace("Z", "+00:00")
    try:
        if len(text) == 10:
            day = datetime.fromisoformat(text).date()
            return datetime.combine(day, time(23, 59, 59) if end_of_day else time(0), UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _eta(doc: Mapping[str, Any]) -> datetime | None:
    """The latest delivery estimate: AfterShip's merged one, else the courier's, else its own."""
    latest = doc.get("latest_estimated_delivery") or {}
    for value in (latest.get("datetime_max"), latest.get("datetime")):
        if value:
            return _when(value, end_of_day=True)
    for key in ("courier_estimated_delivery_date", "aftership_estimated_delivery_date"):
        estimate = doc.get(key) or {}
        value = estimate.get("estimated_delivery_date_max") or estimate.get(
            "estimated_delivery_date"
        )
        if value:
            return _when(value, end_of_day=True)
    return None


def map_tracking(doc: Mapping[str, Any], carrier: Carrier | None = None) -> TrackingReport:
    """One AfterShip tracking object -> a report."""
    carrier = from_aftership(doc.get("slug")) or carrier
    if carrier is None or not doc.get("tracking_number"):
        raise MalformedPayload(f"aftership: unknown courier {doc.get('slug')!r}")
    events = []
    for point in doc.get("checkpoints") or []:
        at = _when(point.get("checkpoint_time"))
        text = str(point.get("message") or point.get("subtag_message") or "").strip()
        if at is None or not text:
            continue
        status = status_of(point.get("tag"), point.get("subtag"))
        place = point.get("location") or point.get("city")
        described = f"{text} ({place})" if place and str(place) not in text else text
        events.append(TrackingEvent(at=at, status=status.value, description=described[:500]))
    status = status_of(doc.get("tag"), doc.get("subtag"))
    delivered = status is EventStatus.DELIVERED
    delivered_at = _when(doc.get("shipment_delivery_date")) if delivered else None
    if delivered and delivered_at is None and events:
        delivered_at = max(e.at for e in events)
    return TrackingReport(
        provider="aftership",
        carrier=carrier.code,
        tracking_no=str(doc["tracking_number"]),
        status=status,
        events=sorted(events, key=lambda e: e.at),
        eta=None if delivered else _eta(doc),
        delivered_at=delivered_at,
    )


def sign(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


class AfterShipSource:
    """A `TrackingSource` over AfterShip's Tracking API and webhooks."""

    name = "aftership"

    def __init__(self, config: AfterShipConfig, http: JsonHttp | None = None) -> None:
        self.config = config
        self._http = http or JsonHttp(
            config.base_url,
            headers={"as-api-key": config.api_key.get_secret_value()},
            timeout=config.timeout_seconds,
        )
        self._path = f"/tracking/{API_VERSION}/trackings"

    def handles(self, carrier: Carrier) -> bool:
        return carrier.aftership is not None

    def _body(self, parcel: Parcel) -> dict[str, Any]:
        body: dict[str, Any] = {"tracking_number": parcel.tracking_no}
        if parcel.carrier.aftership:
            body["slug"] = parcel.carrier.aftership
        return body

    async def track(self, parcel: Parcel) -> TrackingReport | None:
        params = {"tracking_numbers": parcel.tracking_no}
        if parcel.carrier.aftership:
            params["slug"] = parcel.carrier.aftership
        answer = await self._http.request("GET", self._path, params=params)
        if answer.status == 404:
            return None
        body = answer.body if isinstance(answer.body, Mapping) else {}
        if answer.status >= 400:
            meta = body.get("meta") or {}
            raise UpstreamError(f"aftership: HTTP {answer.status} {meta.get('code', '')}")
        trackings = (body.get("data") or {}).get("trackings") or []
        mine = [t for t in trackings if t.get("tracking_number") == parcel.tracking_no]
        if not mine:
            return None
        try:
            return map_tracking(mine[0], parcel.carrier)
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedPayload(f"aftership tracking: {exc}") from exc

    async def subscribe(self, parcel: Parcel, callback_url: str) -> bool:
        """Registering is subscribing: AfterShip pushes to the URL set in its admin."""
        answer = await self._http.request("POST", self._path, body=self._body(parcel))
        meta = (answer.body or {}).get("meta") if isinstance(answer.body, Mapping) else None
        code = (meta or {}).get("code")
        return answer.status in (200, 201) or code == ALREADY_EXISTS

    def read_push(
        self, headers: Mapping[str, str], body: bytes
    ) -> tuple[str, list[TrackingReport]]:
        secret = self.config.webhook_secret
        given = next((v for k, v in headers.items() if k.lower() == SIGNATURE_HEADER), "")
        expected = sign(secret.get_secret_value(), body) if secret else None
        if expected is None or not hmac.compare_digest(expected.encode(), given.strip().encode()):
            raise PushRefused("aftership webhook: bad signature", forged=True)
        try:
            doc = json.loads(body)
            msg = doc["msg"]
            report = map_tracking(msg)
        except (KeyError, TypeError, ValueError, RecursionError) as exc:
            raise PushRefused(f"aftership webhook: {exc}") from exc
        key = f"aftership:{doc.get('event_id') or hashlib.sha256(body).hexdigest()[:32]}"
        return key, [report]

    def push_answer(self, ok: bool) -> PushAnswer:
        return PushAnswer(200, json.dumps({"ok": ok}))

    async def aclose(self) -> None:
        await self._http.aclose()
