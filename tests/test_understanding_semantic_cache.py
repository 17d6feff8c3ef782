"""The semantic tier embeds each text once while it is in use: an option label or item title is
encoded once per question however many replies it gets, and the second encoder caches too.

Encoder calls are counted with a counting encoder, never timed."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

import numpy as np

from core.understanding.entities import extract_entities
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from core.understanding.replies import Reply, interpret
from core.understanding.semantic import CachedEncoder, SemanticTier
from core.understanding.types import Intent


class CountingEncoder:
    """Deterministic unit vectors from a hash of the text; counts every text it encodes."""

    name = "counting"
    dim = 16

    def __init__(self) -> None:
        self.encoded: Counter[str] = Counter()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.update(texts)
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
            v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            rows.append(v / np.linalg.norm(v))
        return np.array(rows, dtype=np.float32)


def item_question() -> Expectation:
    titles = ["Ceramic Coffee Mug", "Wireless Headphones", "Linen Table Cloth"]
    return Expectation(
        kind=ExpectKind.ITEM,
        options=[ExpectedOption(id=f"item:{i}", label=t, words=[t]) for i, t in enumerate(titles)],
    )


def reply(text: str) -> Reply:
    return Reply(text, extract_entities(text), Intent.OTHER, 0.3)


def test_item_titles_are_encoded_once_for_every_reply_to_the_same_question() -> None:
    counting = CountingEncoder()
    tier = SemanticTier(CachedEncoder(counting))
    question = item_question()
    for text in ("zqxv plorb", "wibble frotz", "quux blarg"):
        interpret(question, reply(text), tier)
    assert counting.encoded["Wireless Headphones"] == 1
    assert counting.encoded["Ceramic Coffee Mug"] == 1


def test_a_text_given_twice_in_one_call_is_encoded_once_and_both_rows_get_its_vector() -> None:
    counting = CountingEncoder()
    cached = CachedEncoder(counting)
    vectors = cached.embed(["the mug", "the lamp", "the mug"])
    assert counting.encoded["the mug"] == 1
    assert np.array_equal(vectors[0], vectors[2])
    assert not np.array_equal(vectors[0], vectors[1])


def test_a_cached_vector_is_the_one_the_encoder_gave() -> None:
    counting = CountingEncoder()
    cached = CachedEncoder(counting)
    first = cached.embed(["where is my order"])
    again = cached.embed(["where is my order"])
    assert np.array_equal(first, again)
    assert np.array_equal(first, counting.embed(["where is my order"]))


def test_the_least_recently_used_text_is_forgotten_when_the_cache_is_full() -> None:
    counting = CountingEncoder()
    cached = CachedEncoder(counting, size=2)
    cached.embed(["a"])
    cached.embed(["b"])
    cached.embed(["a"])  # "a" used again: "b" is now the oldest
    cached.embed(["c"])
    cached.embed(["a", "b"])
    assert counting.encoded == Counter({"a": 1, "b": 2, "c": 1})


def test_clear_makes_every_text_new_again() -> None:
    counting = CountingEncoder()
    cached = CachedEncoder(counting)
    cached.embed(["refund please"])
    cached.clear()
    cached.embed(["refund please"])
    assert counting.encoded["refund please"] == 2


def test_the_shipped_encoders_are_cached() -> None:
    from core.understanding.semantic import default_encoder, second_encoder

    for encoder in (default_encoder(), second_encoder()):
        if encoder is not None:
            assert isinstance(encoder, CachedEncoder)
