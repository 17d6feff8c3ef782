"""What a message costs the semantic tier: each encoder is called once per message with every
text of it that it reads, and the expensive first encoder is not asked when the n-gram model and
the cheap second one agree surely.

Encoder calls are counted with counting encoders, never timed."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest

from core.understanding import local
from core.understanding.local import LocalUnderstander
from core.understanding.semantic import CachedEncoder, SemanticHead, SemanticTier
from core.understanding.types import Intent


class CountingEncoder:
    """Deterministic unit vectors from a hash of the text; counts its calls and texts."""

    dim = 16

    def __init__(self, name: str) -> None:
        self.name = name
        self.calls = 0
        self.encoded: Counter[str] = Counter()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.encoded.update(texts)
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
            v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            rows.append(v / np.linalg.norm(v))
        return np.array(rows, dtype=np.float32)


def head(encoder: str, labels: list[str], says: Intent | None = None) -> SemanticHead:
    """A head that says `says` whatever the vector (or nothing in particular)."""
    bias = np.zeros(len(labels), dtype=np.float32)
    if says is not None:
        bias[labels.index(says.value)] = 12.0
    return SemanticHead(np.zeros((16, len(labels)), np.float32), bias, labels, encoder)


@pytest.fixture(scope="module")
def base() -> LocalUnderstander:
    return LocalUnderstander(encoder=None)


def with_tier(
    base: LocalUnderstander, second_says: Intent | None = None
) -> tuple[LocalUnderstander, CountingEncoder, CountingEncoder]:
    first, second = CountingEncoder("first"), CountingEncoder("second")
    labels = list(base.model.intent_labels)
    u = LocalUnderstander(base.model, encoder=None)
    u.encoder = CachedEncoder(first)
    u.tier = SemanticTier(
        u.encoder,
        head("first", labels),
        None,
        CachedEncoder(second),
        head("second", labels, second_says),
    )
    return u, first, second


STORIES = [
    "I ordered a lamp two weeks ago, the tracking has not moved since Monday, "
    "could you tell me where my parcel is? thanks a lot for your help",
    "Pedí una lámpara hace dos semanas, el seguimiento no se mueve desde el lunes, "
    "¿me pueden decir dónde está mi paquete? muchas gracias por su ayuda",
    "Ich habe vor zwei Wochen eine Lampe bestellt, die Sendungsverfolgung steht seit "
    "Montag still, können Sie mir sagen, wo mein Paket ist? vielen Dank für Ihre Hilfe",
]


@pytest.mark.parametrize("text", STORIES)
def test_a_long_message_costs_each_encoder_one_call(base: LocalUnderstander, text: str) -> None:
    u, first, second = with_tier(base)
    u.understand_sync(text)
    assert second.calls == 1
    assert first.calls <= 1
    assert text in second.encoded


@pytest.mark.parametrize("text", STORIES)
def test_the_first_encoder_is_not_asked_when_the_model_and_the_second_agree_surely(
    base: LocalUnderstander, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "SURE_WITHOUT_FIRST", 0.9)
    u, first, _ = with_tier(base, second_says=Intent.ORDER_STATUS)
    got = u.understand_sync(text)
    assert got.intent is Intent.ORDER_STATUS
    assert text not in first.encoded


@pytest.mark.parametrize("text", STORIES)
def test_the_first_encoder_reads_the_message_when_the_second_disagrees(
    base: LocalUnderstander, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "SURE_WITHOUT_FIRST", 0.9)
    u, first, _ = with_tier(base, second_says=Intent.CHANGE_ADDRESS)
    u.understand_sync(text)
    assert first.encoded[text] == 1
