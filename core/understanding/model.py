"""The trained model at run time: plain numpy, no scikit-learn, no pickle.

The artifact (`core/data/nlu/model/nlu_model.npz`) holds the feature vocabulary, the idf weights
and two linear heads trained by `core.understanding.training`: the intent head (17 labels) and the
Latin-script language head (en es pt fr de id vi). Scoring one message is a dictionary lookup per
feature plus one small matrix product, a few tens of microseconds.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.resources import NLU_MODEL
from core.understanding.text import features, normalize

REPO_ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = NLU_MODEL
MODEL_PATH = MODEL_DIR / "nlu_model.npz"
META_PATH = MODEL_DIR / "nlu_model.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Scores:
    intent: np.ndarray
    """Probabilities over `NluModel.intent_labels`."""
    language: np.ndarray
    """Probabilities over `NluModel.language_labels` (Latin-script languages)."""
    coverage: float
    """Share of the message's features the model knows (0..1): low for gibberish."""


class NluModel:
    def __init__(
        self,
        vocabulary: list[str],
        idf: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        intent_labels: list[str],
        language_labels: list[str],
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.index = {f: i for i, f in enumerate(vocabulary)}
        self.idf = idf.astype(np.float32)
        self.weights = weights.astype(np.float32)  # (n_features, n_intents + n_languages)
        self.bias = bias.astype(np.float32)
        self.intent_labels = intent_labels
        self.language_labels = language_labels
        self.n_intents = len(intent_labels)
        self.meta = meta or {}
        self.train_seconds: float | None = None

    # -- persistence -----------------------------------------------------------------------
    def save(self, path: Path = MODEL_PATH, meta_path: Path = META_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        vocab = sorted(self.index, key=self.index.__getitem__)
        with path.open("wb") as fh:  # np.savez_compressed with a file object: no name games
            np.savez_compressed(
                fh,
                vocabulary=np.array("\n".join(vocab)),
                idf=self.idf.astype(np.float16),
                weights=self.weights.astype(np.float16),
                bias=self.bias,
            )
        meta = dict(self.meta)
        meta.update(
            format_version=FORMAT_VERSION,
            intent_labels=self.intent_labels,
            language_labels=self.language_labels,
            n_features=len(vocab),
        )
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_PATH, meta_path: Path = META_PATH) -> NluModel:
        meta = json.loads(meta_path.read_text("utf-8"))
        if meta.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"model format {meta.get('format_version')} != {FORMAT_VERSION}")
        with np.load(path, allow_pickle=False) as z:
            vocabulary = str(z["vocabulary"]).split("\n")
            return cls(
                vocabulary,
                z["idf"],
                z["weights"],
                z["bias"],
                list(meta["intent_labels"]),
                list(meta["language_labels"]),
                meta,
            )

    # -- scoring ---------------------------------------------------------------------------
    def score(self, text: str) -> Scores:
        feats = features(normalize(text))
        counts: dict[int, int] = {}
        index = self.index
        for f in feats:
            i = index.get(f)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        coverage = len(counts) / max(1, len(set(feats)))
        if counts:
            idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(
                (1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts)
            )
            x = tf * self.idf[idx]
            x /= float(np.sqrt(x @ x)) or 1.0
            logits: np.ndarray = x @ self.weights[idx] + self.bias
        else:
            logits = self.bias.copy()
        return Scores(
            intent=_softmax(logits[: self.n_intents]),
            language=_softmax(logits[self.n_intents :]),
            coverage=coverage,
        )


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    probs: np.ndarray = e / e.sum()
    return probs
