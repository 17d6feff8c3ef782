"""Personal data at rest: in the clear only in the order and the sealed session; everywhere else
(tickets, the audit log, business events, staff cards) masked, referenced, or sealed.

- `masked_address(address)`: what tickets, audit entries and business events keep of an address:
  country, province, city and district (what routing and reports need), the recipient's name
  and phone masked, the street, unit and postal code hidden.
- A new address that staff must act on (a parcel to intercept or redirect) is not yet in the
  order, so its ticket also keeps it *sealed* (`seal_address`): AES-256-GCM under a key derived
  from `session_key`, bound to the ticket's id. A staff member allowed to see personal data
  reveals it through `StaffActions.reveal_address`, which is audited. Without a `session_key`
  no sealed copy is kept (the per-process key of a demo would not outlive the process): staff
  see the masked address and ask the customer.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import SecretStr, ValidationError

from core.masking import MASK, mask_name, mask_phone
from core.order import Address

SEALED_ADDRESS = "address_sealed"
"""The ticket data key of the sealed copy of a new address."""


def masked_address(address: Address) -> dict[str, Any]:
    """The address with the person and the street taken out (same keys as `Address`)."""
    return {
        "name": mask_name(address.name) if address.name else address.name,
        "phone": mask_phone(address.phone) if address.phone else address.phone,
        "country": address.country,
        "province": address.province,
        "city": address.city,
        "district": address.district,
        "line1": MASK if address.line1 else address.line1,
        "line2": MASK if address.line2 else None,
        "postal_code": MASK if address.postal_code else None,
    }


def _aead(session_key: SecretStr | None) -> AESGCM | None:
    if session_key is None:
        return None
    raw = session_key.get_secret_value().split(",")[0].strip()
    if not raw:
        return None
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"ordersupport/ticket-address", info=b"v1"
    ).derive(raw.encode())
    return AESGCM(key)


def seal_address(session_key: SecretStr | None, address: Address, bound_to: str) -> str | None:
    """The address sealed for one ticket (`bound_to`, e.g. "ticket:12"); None without a key."""
    aead = _aead(session_key)
    if aead is None:
        return None
    nonce = os.urandom(12)
    sealed = aead.encrypt(nonce, address.model_dump_json().encode(), bound_to.encode())
    return base64.b64encode(nonce + sealed).decode()


def open_address(session_key: SecretStr | None, sealed: Any, bound_to: str) -> Address | None:
    """The address a `seal_address` blob holds; None when it cannot be opened here."""
    aead = _aead(session_key)
    if aead is None or not isinstance(sealed, str):
        return None
    try:
        raw = base64.b64decode(sealed)
        plain = aead.decrypt(raw[:12], raw[12:], bound_to.encode())
        return Address.model_validate(json.loads(plain))
    except (ValueError, ValidationError):
        return None
    except Exception:  # cryptography's InvalidTag: another key, or another ticket's copy
        return None
