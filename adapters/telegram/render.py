"""A core `Reply` as Telegram messages: HTML text (escaped, split at 4096 characters) and inline
keyboards. Text and cards flow into one message until a part with buttons closes it."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from core.messages import ButtonsPart, ConfirmPart, OrderCardPart, Reply, TextPart

MESSAGE_LIMIT = 4096
"""Telegram's longest message text (counted here in UTF-16 units of the HTML, which is safe)."""
EMPTY_TEXT = "…"
"""Telegram refuses empty messages; a keyboard with no text of its own gets this."""


@dataclass(frozen=True)
class KeyButton:
    """One inline keyboard button: its label and the core payload it stands for."""

    text: str
    payload: str


@dataclass
class OutMessage:
    """One Telegram message: HTML text and inline keyboard rows (payloads, not yet encoded)."""

    html: str
    keyboard: list[list[KeyButton]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class _Line:
    text: str
    bold: bool = False

    def html(self) -> str:
        return f"<b>{_esc(self.text)}</b>" if self.bold else _esc(self.text)


def _lines(text: str, bold: bool = False) -> list[_Line]:
    return [_Line(t, bold) for t in text.split("\n")]


def _card_lines(card: OrderCardPart) -> list[_Line]:
    lines = [_Line(card.title, bold=True)]
    if card.status:
        lines.append(_Line(card.status))
    lines.extend(_Line(f"{f.label}: {f.value}") for f in card.fields)
    for line in card.lines:
        lines.extend(_lines(line))
    return lines


def _split_line(line: _Line, limit: int) -> list[str]:
    """HTML pieces of one line, each within `limit`, preferring to cut at a space."""
    overhead = 7 if line.bold else 0  # <b></b>
    pieces: list[str] = []
    rest = line.text
    while rest:
        size, cut, best_space = 0, 0, 0
        for i, ch in enumerate(rest):
            size += utf16_len(_esc(ch))
            if size + overhead > limit:
                break
            cut = i + 1
            if ch.isspace():
                best_space = i + 1
        if cut < len(rest) and best_space > cut // 2:
            cut = best_space
        cut = max(cut, 1)
        pieces.append(_Line(rest[:cut], line.bold).html())
        rest = rest[cut:]
    return pieces or [""]


def _pack(lines: list[_Line], limit: int) -> list[str]:
    """Join lines with newlines into as few chunks within `limit` as possible."""
    pieces: list[str] = []
    for line in lines:
        pieces.extend(_split_line(line, limit) if line.text else [""])
    chunks: list[str] = []
    current: str | None = None
    for piece in pieces:
        if current is None:
            current = piece
        elif utf16_len(current) + 1 + utf16_len(piece) <= limit:
            current = f"{current}\n{piece}"
        else:
            chunks.append(current)
            current = piece
    if current is not None:
        chunks.append(current)
    cleaned = [c.strip("\n") for c in chunks]
    return [c for c in cleaned if c.strip()] or [""]


def render(reply: Reply, limit: int = MESSAGE_LIMIT) -> list[OutMessage]:
    """Telegram messages for a reply: text and cards flow into one message until a part with
    buttons closes it (the keyboard goes on its last chunk); text over `limit` is split.
    A silent reply renders to nothing."""
    if reply.silent:
        return []
    messages: list[OutMessage] = []
    lines: list[_Line] = []

    def close(keyboard: list[list[KeyButton]]) -> None:
        chunks = _pack(lines, limit)
        if chunks == [""] and not keyboard:
            lines.clear()
            return
        chunks = [c or EMPTY_TEXT for c in chunks]
        messages.extend(OutMessage(c) for c in chunks)
        messages[-1].keyboard = keyboard
        lines.clear()

    def blank() -> None:
        if lines:
            lines.append(_Line(""))

    for part in reply.parts:
        match part:
            case TextPart(text=t):
                blank()
                lines.extend(_lines(t))
            case OrderCardPart():
                blank()
                lines.extend(_card_lines(part))
            case ButtonsPart(text=t, buttons=bs):
                if t:
                    blank()
                    lines.extend(_lines(t))
                close([[KeyButton(b.label, b.payload)] for b in bs])
            case ConfirmPart(text=t, yes=y, no=n):
                blank()
                lines.extend(_lines(t))
                close([[KeyButton(y.label, y.payload), KeyButton(n.label, n.payload)]])
    if lines:
        close([])
    return messages
