"""Kuaidi100 (快递100): China's carriers, real-time query and subscription push.

As its API documentation and official SDKs (github.com/kuaidi100-api) describe them:

- real-time query: `POST {base}/poll/query.do`, form fields `customer`, `param` (JSON:
  `com`, `num`, `phone`, `resultv2`, ...) and `sign` = upper-case MD5 of `param + key +
  customer`. The answer has `state` (0 在途, 1 揽收, 2 疑难, 3 签收, 4 退签, 5 派件, 6 退回,
  7 转投, 8/10–13 清关, 14 拒签), `ischeck`, `com`, `nu` and `data` (newest first: `time`,
  `ftime`, `context`, with `resultv2=4` also `statusCode`); on failure `result: false`,
  `returnCode` and `message`.
- subscription: `POST {base}/poll`, form fields `schema=json` and `param` (JSON: `company`,
  `number`, `key`, `parameters.callbackurl`, `parameters.salt`, `parameters.resultv2`,
  `parameters.phone`); answer `{"result": true, "returnCode": "200"}` (501: already
  subscribed, also fine).
- push: `POST callbackurl`, form fields `param` (JSON: `status` polling|shutdown|abort|
  updateall, `message`, `lastResult` = a query answer) and `sign` = upper-case MD5 of
  `param + salt`. It expects `{"result": true, "returnCode": "200", "message": "成功"}`.

Times are Beijing time without an offset.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

import structlog
from pydantic import BaseModel, SecretStr

from core.order import TrackingEvent
from core.sources.resilience import MalformedPayload, UpstreamError
from core.sources.rest import JsonHttp
from core.tracking.base import Parcel, PushAnswer, PushRefused, TrackingReport, parse_local
from core.tracking.carriers import Carrier, from_kuaidi100
from core.tracking.status import EventStatus
from core.tracking.status import from_kuaidi100 as status_of

log = structlog.get_logger(__name__)

TZ = "Asia/Shanghai"
NOT_FOUND_CODES = ("500",)
"""`returnCode` 500: no tracking found yet (查询无结果); 400: bad parameters; 501: repeated."""


class Kuaidi100Config(BaseModel):
    customer: str
    """The company number (公司编号) Kuaidi100 issued."""
    key: SecretStr
    """The authorization key (授权key)."""
    salt: SecretStr | None = None
    """The salt given with subscriptions; pushes are signed with it."""
    base_url: str = "https://poll.kuaidi100.com"
    timeout_seconds: float = 4.0


def sign(*parts: str) -> str:
    return hashlib.md5("".join(parts).encode()).hexdigest().upper()


def map_result(doc: Mapping[str, Any], carrier: Carrier | None = None) -> TrackingReport | None:
    """One query answer (or a push's `lastResult`) -> a report; None when nothing is known."""
    if doc.get("result") is False or str(doc.get("status") or "200") != "200":
        return None
    carrier = from_kuaidi100(doc.get("com")) or carrier
    if carrier is None or not doc.get("nu"):
        raise MalformedPayload(f"kuaidi100: unknown company {doc.get('com')!r}")
    events = []
    for index, row in enumerate(doc.get("data") or []):  # newest first
        at = parse_local(row.get("ftime") or row.get("time"), TZ)
        text = str(row.get("context") or "").strip()
        if at is None or not text:
            continue
        code = row.get("statusCode")
        if code:
            status = status_of(code, code)
        else:  # only the newest row is known to be in the parcel's present state
            status = status_of(doc.get("state")) if index == 0 else EventStatus.IN_TRANSIT
        events.append(TrackingEvent(at=at, status=status.value, description=text[:500]))
    state = status_of(doc.get("state"))
    delivered = str(doc.get("ischeck")) == "1" or state is EventStatus.DELIVERED
    if events and delivered:
        newest = max(events, key=lambda e: e.at)
        events = [
            e.model_copy(update={"status": "delivered"}) if e is newest else e for e in events
        ]
    return TrackingReport(
        provider="kuaidi100",
        carrier=carrier.code,
        tracking_no=str(doc["nu"]),
        status=EventStatus.DELIVERED if delivered else state,
        events=sorted(events, key=lambda e: e.at),
        delivered_at=max((e.at for e in events), default=None) if delivered else None,
    )


class Kuaidi100Source:
    """A `TrackingSource` over Kuaidi100's query, subscription and push APIs."""

    name = "kuaidi100"

    def __init__(self, config: Kuaidi100Config, http: JsonHttp | None = None) -> None:
        self.config = config
        self._http = http or JsonHttp(config.base_url, timeout=config.timeout_seconds)

    def handles(self, carrier: Carrier) -> bool:
        return carrier.kuaidi100 is not None

    async def track(self, parcel: Parcel) -> TrackingReport | None:
        param = {
            "com": parcel.carrier.kuaidi100,
            "num": parcel.tracking_no,
            "resultv2": "4",
            "show": "0",
            "order": "desc",
        }
        if parcel.phone:
            param["phone"] = parcel.phone
        text = json.dumps(param, ensure_ascii=False, separators=(",", ":"))
        key = self.config.key.get_secret_value()
        form = {
            "customer": self.config.customer,
            "param": text,
            "sign": sign(text, key, self.config.customer),
        }
        answer = await self._http.request("POST", "/poll/query.do", form=form)
        if answer.status >= 400 or not isinstance(answer.body, Mapping):
            raise UpstreamError(f"kuaidi100 query: HTTP {answer.status}")
        body = answer.body
        if body.get("result") is False:
            code = str(body.get("returnCode") or "")
            if code in NOT_FOUND_CODES:
                return None
            raise UpstreamError(f"kuaidi100 query: {code} {body.get('message', '')}"[:200])
        try:
            return map_result(body, parcel.carrier)
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedPayload(f"kuaidi100 query: {exc}") from exc

    async def subscribe(self, parcel: Parcel, callback_url: str) -> bool:
        parameters: dict[str, Any] = {"callbackurl": callback_url, "resultv2": "4"}
        if self.config.salt is not None:
            parameters["salt"] = self.config.salt.get_secret_value()
        if parcel.phone:
            parameters["phone"] = parcel.phone
        param = {
            "company": parcel.carrier.kuaidi100,
            "number": parcel.tracking_no,
            "key": self.config.key.get_secret_value(),
            "parameters": parameters,
        }
        form = {"schema": "json", "param": json.dumps(param, ensure_ascii=False)}
        answer = await self._http.request("POST", "/poll", form=form)
        body = answer.body if isinstance(answer.body, Mapping) else {}
        return bool(body.get("result")) or str(body.get("returnCode")) == "501"

    def read_push(
        self, headers: Mapping[str, str], body: bytes
    ) -> tuple[str, list[TrackingReport]]:
        try:
            form = {k: v[0] for k, v in parse_qs(body.decode(), strict_parsing=True).items()}
        except (UnicodeDecodeError, ValueError) as exc:
            raise PushRefused("kuaidi100 push: not a form body") from exc
        param, given = form.get("param"), form.get("sign")
        if not param:
            raise PushRefused("kuaidi100 push: no param")
        salt = self.config.salt.get_secret_value() if self.config.salt else None
        if salt is None or not given or sign(param, salt) != given.strip().upper():
            raise PushRefused("kuaidi100 push: bad sign", forged=True)
        try:
            doc = json.loads(param)
            result = doc["lastResult"]
            report = map_result(result)
        except (KeyError, TypeError, ValueError, RecursionError) as exc:
            raise PushRefused(f"kuaidi100 push: {exc}") from exc
        key = "kuaidi100:" + hashlib.sha256(param.encode()).hexdigest()[:32]
        return key, [report] if report is not None else []

    def push_answer(self, ok: bool) -> PushAnswer:
        if ok:
            body = {"result": True, "returnCode": "200", "message": "成功"}
            return PushAnswer(200, json.dumps(body, ensure_ascii=False))
        body = {"result": False, "returnCode": "500", "message": "失败"}
        return PushAnswer(200, json.dumps(body, ensure_ascii=False))

    async def aclose(self) -> None:
        await self._http.aclose()
