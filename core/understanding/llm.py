"""Optional understanding through an OpenAI-compatible chat-completions endpoint.

Used only when `ORDERSUPPORT_NLU_LLM_BASE_URL` is set, and only to classify the message and
extract entities: it never decides an order action. The local understander always runs first
(language, a fallback answer); the endpoint's JSON answer is validated into our pydantic models
and any timeout, HTTP error or invalid output falls back to the local result. Order and tracking
numbers, phones and e-mails the model returns are kept only if they literally occur in the text.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import aiohttp
from pydantic import BaseModel, Field, ValidationError

from core.settings import Settings
from core.understanding.expect import Expectation
from core.understanding.local import LocalUnderstander
from core.understanding.types import Entities, Intent, ParsedAddress, Understanding

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You classify one e-commerce customer-service chat message. Answer with one JSON object "
    'only, no prose: {"intent": one of [' + ", ".join(i.value for i in Intent) + "], "
    '"confidence": number 0..1, "alternatives": [[intent, probability], ...] (next most '
    'likely, best first, at most 3), "entities": {"order_numbers": [], '
    '"tracking_numbers": [], "phones": [], "emails": [], "quantities": [], '
    '"items": [{"text": str, "quantity": int|null, "words": [str]}], "address": null '
    'or {"country" (ISO 3166 alpha-2), "province", "city", "district", "line1", '
    '"postal_code", "name", "phone"}}}. Copy numbers exactly as written; a Chinese '
    "11-digit mobile number is a phone, a carrier tracking number is not an order number. "
    "Do not take or promise any action."
)


class LLMAnswer(BaseModel):
    intent: Intent
    confidence: float = Field(ge=0, le=1)
    alternatives: list[tuple[Intent, float]] = []
    entities: Entities = Entities()


def _collapse(s: str) -> str:
    return "".join(s.split())


class LLMUnderstander:
    def __init__(self, settings: Settings, local: LocalUnderstander) -> None:
        if not settings.nlu_llm_base_url:
            raise ValueError("nlu_llm_base_url is not set")
        self.local = local
        self.url = settings.nlu_llm_base_url.rstrip("/") + "/chat/completions"
        key = settings.nlu_llm_api_key
        self.headers = {"Content-Type": "application/json"}
        if key is not None:
            self.headers["Authorization"] = f"Bearer {key.get_secret_value()}"
        self.model = settings.nlu_llm_model
        self.timeout = aiohttp.ClientTimeout(total=settings.nlu_llm_timeout_seconds)
        self._session: aiohttp.ClientSession | None = None
        self.failures = 0

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def understand(
        self,
        text: str,
        *,
        locale_hint: str | None = None,
        previous_language: str | None = None,
        expect: Expectation | None = None,
    ) -> Understanding:
        local = await self.local.understand(
            text, locale_hint=locale_hint, previous_language=previous_language, expect=expect
        )
        if local.answer is not None:  # the reply answers the bot's question: no need to ask
            return local
        try:
            answer = await self._ask(text)
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.failures += 1
            log.warning("nlu llm unavailable (%s); using the local model", type(exc).__name__)
            return local
        except (ValueError, KeyError, TypeError, IndexError, ValidationError) as exc:
            self.failures += 1
            log.warning("nlu llm gave invalid output (%s); using the local model", exc)
            return local
        return self._merge(local, answer, text)

    async def _ask(self, text: str) -> LLMAnswer:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        body: dict[str, Any] = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": text[:2000]},
            ],
        }
        async with self._session.post(self.url, json=body, headers=self.headers) as resp:
            resp.raise_for_status()
            payload = await resp.json(content_type=None)
        content = payload["choices"][0]["message"]["content"]
        return LLMAnswer.model_validate(json.loads(content))

    @staticmethod
    def _merge(local: Understanding, answer: LLMAnswer, text: str) -> Understanding:
        flat = _collapse(text)

        def present(values: list[str]) -> list[str]:
            return [v for v in values if isinstance(v, str) and v and _collapse(v) in flat]

        got = answer.entities
        entities = Entities(
            order_numbers=present(got.order_numbers) or local.entities.order_numbers,
            tracking_numbers=present(got.tracking_numbers) or local.entities.tracking_numbers,
            phones=local.entities.phones or present(got.phones),
            emails=local.entities.emails or present(got.emails),
            quantities=got.quantities or local.entities.quantities,
            items=got.items or local.entities.items,
            address=_address(got.address) or local.entities.address,
        )
        alternatives = [(i, p) for i, p in answer.alternatives if i is not answer.intent][:3]
        return Understanding(
            text=local.text,
            language=local.language,
            intent=answer.intent,
            confidence=answer.confidence,
            alternatives=alternatives or local.alternatives,
            entities=entities,
        )


def _address(addr: ParsedAddress | None) -> ParsedAddress | None:
    if addr is None or not any(addr.model_dump().values()):
        return None
    if addr.country is not None and (len(addr.country) != 2 or not addr.country.isalpha()):
        addr = addr.model_copy(update={"country": None})
    return addr
