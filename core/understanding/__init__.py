"""Understanding: language, intent and entities of one customer message.

`build_understander(settings)` is the one entry point the engine uses. It returns the local
understander (trained character n-gram model + script rules + entity patterns), wrapped by the
LLM provider when `ORDERSUPPORT_NLU_LLM_BASE_URL` is set (classification and extraction only,
falling back to the local result on any failure).
"""

from __future__ import annotations

from functools import lru_cache

from core.settings import Settings, get_settings
from core.understanding.local import LocalUnderstander
from core.understanding.types import (
    LANGUAGES,
    Entities,
    Intent,
    ItemRef,
    ParsedAddress,
    Understander,
    Understanding,
)

__all__ = [
    "LANGUAGES",
    "Entities",
    "Intent",
    "ItemRef",
    "LocalUnderstander",
    "ParsedAddress",
    "Understander",
    "Understanding",
    "build_understander",
]


@lru_cache(maxsize=4)
def _local(default_language: str) -> LocalUnderstander:
    # One model per process: loading it is the only I/O, done once, not per message.
    return LocalUnderstander(default_language=default_language)


def build_understander(settings: Settings | None = None) -> Understander:
    settings = settings or get_settings()
    local = _local(settings.default_locale)
    if settings.nlu_llm_base_url:
        from core.understanding.llm import LLMUnderstander

        return LLMUnderstander(settings, local)
    return local
