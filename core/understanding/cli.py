"""`ordersupport nlu parse` and `ordersupport nlu train` (wired in bots/cli.py)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO

from core.understanding.local import LocalUnderstander


def parse_command(infile: TextIO, outfile: TextIO) -> int:
    """One message a line in, one JSON object a line out:
    {"text", "language", "intent", "confidence", "entities"}. Blank lines are skipped."""
    understander = LocalUnderstander()
    for line in infile:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        result = understander.understand_sync(text)
        out = {
            "text": result.text,
            "language": result.language,
            "intent": result.intent.value,
            "confidence": result.confidence,
            "entities": result.entities.model_dump(mode="json", exclude_none=True),
        }
        outfile.write(json.dumps(out, ensure_ascii=False) + "\n")
        outfile.flush()
    return 0


def train_command(without: Sequence[str] = ()) -> int:
    """Rebuild data/nlu/model/ from the data in the repo (deterministic seeds); `without`
    names development sets to leave out, to measure on them afterwards."""
    from core.understanding.model import MODEL_PATH
    from core.understanding.training import train_and_save

    model = train_and_save(without)
    meta = model.meta
    left_out = f" without {', '.join(without)}: measure, then train on all" if without else ""
    print(
        f"trained on {meta['n_examples']} examples ({meta['n_own_examples']} our own) in "
        f"{model.train_seconds} s; {len(model.index)} features; wrote {MODEL_PATH}{left_out}",
        file=sys.stderr,
    )
    return 0
