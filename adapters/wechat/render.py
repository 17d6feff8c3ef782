"""A core `Reply` as WeChat text: buttons numbered across the whole reply ("1. label", the
numbers the core maps typed digits back to) or left to a `msgmenu`, cut to WeChat's 2048 UTF-8
bytes at line ends."""

from __future__ import annotations

from core.messages import ButtonsPart, ConfirmPart, OrderCardPart, Reply, TextPart

TEXT_LIMIT_BYTES = 2048
"""WeChat's limit for one text message (passive or customer-service), in UTF-8 bytes."""


def _numbered(labels: list[str], start: int) -> list[str]:
    return [f"{start + i}. {label}" for i, label in enumerate(labels)]


def reply_lines(reply: Reply, *, number_buttons: bool = True) -> list[str]:
    """A reply as lines of text; buttons numbered across the whole reply ("1. label").

    The numbering matches `Reply.buttons()`, which is how the core maps a typed number back.
    With `number_buttons=False` the button labels are left out (they go into a `msgmenu`).
    """
    lines: list[str] = []
    number = 1
    for part in reply.parts:
        match part:
            case TextPart(text=text):
                lines.append(text)
            case ButtonsPart(text=text, buttons=buttons):
                lines.append(text)
                labels = [b.label for b in buttons]
                if number_buttons:
                    lines.extend(_numbered(labels, number))
                number += len(labels)
            case ConfirmPart(text=text, yes=yes, no=no):
                lines.append(text)
                if number_buttons:
                    lines.extend(_numbered([yes.label, no.label], number))
                number += 2
            case OrderCardPart():
                lines.extend([part.title, part.status])
                lines.extend(f"{f.label}: {f.value}" for f in part.fields)
                lines.extend(part.lines)
    return [line for line in lines if line]


def reply_text(reply: Reply, *, number_buttons: bool = True) -> str:
    return "\n".join(reply_lines(reply, number_buttons=number_buttons))


def cut_bytes(text: str, limit: int) -> tuple[str, str]:
    """The longest head of `text` that fits in `limit` UTF-8 bytes, and the rest."""
    head = text.encode()[:limit].decode(errors="ignore")
    return head, text[len(head) :]


def split_text(text: str, limit: int = TEXT_LIMIT_BYTES) -> list[str]:
    """Chunks of at most `limit` UTF-8 bytes, cut at line ends where a line allows it."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate.encode()) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        current = line
        while len(current.encode()) > limit:
            head, current = cut_bytes(current, limit)
            chunks.append(head)
    if current:
        chunks.append(current)
    return chunks
