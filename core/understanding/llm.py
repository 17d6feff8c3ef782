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

from core.metrics import ops_metrics, timed
from core.settings import Settings
from core.understanding.expect import Answer, Expectation, ExpectKind
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


EXPECT_PROMPT = (
    " The bot is waiting for an answer to its own question ({kind}){options}. If the message "
    'answers it, add "answer": {{"option": one of the option ids}} (for a choice, an item, a '
    'reason or a yes/no), or {{"quantity": integer}} (how many), else "answer": null. A '
    "message asking something else is not an answer."
)
#: Answers a local reading settles by itself: the model is not asked.
SURE_METHODS = frozenset({"number", "ordinal", "label", "lexicon", "verify", "address"})


class LLMReplyAnswer(BaseModel):
    option: str | None = None
    quantity: int | None = Field(default=None, ge=1, le=999)


class LLMAnswer(BaseModel):
    intent: Intent
    confidence: float = Field(ge=0, le=1)
    alternatives: list[tuple[Intent, float]] = []
    entities: Entities = Entities()
    answer: LLMReplyAnswer | None = None


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
        if local.answer is not None and local.answer.method in SURE_METHODS:
            return local  # a typed label, a number, "yes": no model needed
        try:
            with timed(ops_metrics().understanding, tier="llm"):
                answer = await self._ask(text, expect)
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.failures += 1
            log.warning("nlu llm unavailable (%s); using the local model", type(exc).__name__)
            return local
        except (ValueError, KeyError, TypeError, IndexError, ValidationError) as exc:
            self.failures += 1
            log.warning("nlu llm gave invalid output (%s); using the local model", exc)
            return local
        return self._merge(local, answer, text, expect)

    async def _ask(self, text: str, expect: Expectation | None = None) -> LLMAnswer:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        body: dict[str, Any] = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT + _expect_prompt(expect)},
                {"role": "user", "content": text[:2000]},
            ],
        }
        async with self._session.post(self.url, json=body, headers=self.headers) as resp:
            resp.raise_for_status()
            payload = await resp.json(content_type=None)
        content = payload["choices"][0]["message"]["content"]
        return LLMAnswer.model_validate(json.loads(content))

    @staticmethod
    def _merge(
        local: Understanding, answer: LLMAnswer, text: str, expect: Expectation | None = None
    ) -> Understanding:
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
            products=local.entities.products,
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
            reason=local.reason,
            also=local.also,
            also_said=local.also_said,
            main_said=local.main_said,
            facts=local.facts,
            answer=local.answer or _checked_answer(answer.answer, expect),
        )


def _expect_prompt(expect: Expectation | None) -> str:
    if expect is None:
        return ""
    options = (
        ": "
        + json.dumps([{"id": o.id, "label": o.label} for o in expect.options], ensure_ascii=False)
        if expect.options
        else ""
    )
    return EXPECT_PROMPT.format(kind=expect.kind.value, options=options)


def _checked_answer(got: LLMReplyAnswer | None, expect: Expectation | None) -> Answer | None:
    """The model's reading of the reply, kept only if it names an offered option or a quantity
    the question allows: it never invents a choice."""
    if got is None or expect is None:
        return None
    ids = {o.id for o in expect.options}
    if got.option is not None and got.option in ids:
        return Answer(kind=expect.kind, payload=got.option, confidence=0.7, method="llm")
    if got.quantity is not None and expect.kind is ExpectKind.QUANTITY:
        quantity = min(got.quantity, expect.max_quantity or got.quantity)
        payload = f"{expect.quantity_payload}:{quantity}" if expect.quantity_payload else None
        return Answer(
            kind=expect.kind, payload=payload, quantity=quantity, confidence=0.7, method="llm"
        )
    return None


def _address(addr: ParsedAddress | None) -> ParsedAddress | None:
    if addr is None or not any(addr.model_dump().values()):
        return None
    if addr.country is not None and (len(addr.country) != 2 or not addr.country.isalpha()):
        addr = addr.model_copy(update={"country": None})
    return addr
