"""Masking of personal data for logs, transcripts, sessions, tickets and staff cards.

Order numbers keep their last four (`****1023`), phones their first three and last four
(`138****5678`), names their first letter per word (`张*`, `J*** S***`), e-mails their first
letter (`j***@example.com`), addresses stop at the city.
"""

from __future__ import annotations

import re

from core.order import Address

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_DIGIT_RUN = re.compile(r"(?<![A-Za-z0-9])[#+]?[A-Za-z]{0,4}[\d][\d\- ]{5,}\d(?:[A-Za-z]{0,2})?")


def mask_order_no(order_no: str) -> str:
    tail = order_no[-4:] if len(order_no) > 4 else order_no[-1:]
    return f"****{tail}"


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return f"****{digits[-4:]}"
    return "****"


def mask_name(name: str) -> str:
    words = name.split()
    if len(words) <= 1:
        return f"{name[:1]}*" if name else ""
    return " ".join(f"{w[:1]}***" for w in words)


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_address(address: Address) -> str:
    parts = [address.country, address.province, address.city]
    return " ".join(p for p in parts if p)


def mask_text(text: str) -> str:
    """Free text (a customer's message): hide e-mails and every long run of digits."""
    text = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    return _DIGIT_RUN.sub(lambda m: "****" + re.sub(r"\D", "", m.group(0))[-4:], text)
