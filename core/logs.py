"""Structured logging (structlog) with personal data masked and secrets redacted in every event.

Every event — ours through structlog and the libraries' through the standard `logging` module
(aiohttp's access log, the chat SDKs) — passes one processor that:
- redacts secrets: values under secret-looking keys (`token`, `secret`, `password`, `key`,
  `authorization`, ...), pydantic `SecretStr`, credentials inside URLs (`redis://:pw@host`),
  bearer tokens, Telegram bot tokens, Slack tokens, and the literal values of every secret the
  process was given in its environment (`ORDERSUPPORT_*TOKEN*`, `*SECRET*`, `*KEY*`, ...);
- masks personal data in every string with `core.masking.mask_text`, nested dicts and lists
  included, and objects (a `Settings`, an exception) are rendered to text first.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable, MutableMapping
from typing import Any

import structlog
from pydantic import BaseModel, SecretBytes, SecretStr

from core.masking import capped, mask_text

REDACTED = "[redacted]"
_KEEP = {"level", "timestamp", "logger", "logger_name"}
_SECRET_KEY = re.compile(
    r"(?:^|_|-)(?:token|secret|password|passwd|pwd|api_?key|aes_key|session_key|hmac_key|"
    r"authorization|cookie|credentials?|private_key|signing)(?:$|_|-)",
    re.I,
)
_SECRET_PATTERNS = [
    # user:password@ inside URLs (redis://:pw@host, postgresql://user:pw@host/db)
    (
        re.compile(
            r"(?P<scheme>(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://)(?P<user>[^\s:/@]*):(?P<pw>[^\s@/]+)@",
            re.I,
        ),
        lambda m: f"{m.group('scheme')}{m.group('user')}:{REDACTED}@",
    ),
    (
        re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}"),
        lambda m: f"{m.group(1)} {REDACTED}",
    ),
    (re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{30,}\b"), lambda m: REDACTED),  # Telegram bot token
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{8,}"), lambda m: REDACTED),  # Slack tokens
    (re.compile(r"\bxapp-[A-Za-z0-9-]{8,}"), lambda m: REDACTED),
]
_ENV_SECRET = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|_KEY|APIKEY|CREDENTIAL|DSN|_URL", re.I)

_secrets: list[str] = []


def register_secrets(values: Iterable[Any]) -> None:
    """Literal secret values that must never appear in a log line (longest first)."""
    found = set(_secrets)
    for value in values:
        if isinstance(value, SecretStr | SecretBytes):
            value = value.get_secret_value()
        if isinstance(value, bytes):
            value = value.decode(errors="ignore")
        if isinstance(value, str) and len(value) >= 6:
            found.add(value)
            found.update(part for part in value.split(",") if len(part) >= 6)
    _secrets[:] = sorted(found, key=len, reverse=True)


def secrets_of(settings: BaseModel) -> list[str]:
    """Every `SecretStr` value of a settings object, nested models (`settings.telegram`) too."""
    values: list[str] = []
    for value in dict(settings).values():
        if isinstance(value, SecretStr | SecretBytes):
            values.append(str(value.get_secret_value()))
        elif isinstance(value, BaseModel):
            values.extend(secrets_of(value))
    return values


def _environment_secrets() -> list[str]:
    values = []
    for name, value in os.environ.items():
        if name.upper().startswith("ORDERSUPPORT_") and _ENV_SECRET.search(name):
            if name.upper().endswith("_URL") or name.upper().endswith("_DSN"):
                match = re.search(r"://[^\s:/@]*:([^\s@/]+)@", value)
                if match:
                    values.append(match.group(1))
            else:
                values.append(value)
    return values


def redact(text: str) -> str:
    """Secrets out of `text`: the literal ones over all of it, then (over at most
    `MAX_CHARS`, so a huge value costs no more than a long one) the patterns."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = capped(text)
    for pattern, replace in _SECRET_PATTERNS:
        text = pattern.sub(replace, text)
    return text


_PLAIN = re.compile(r"[A-Za-z_.:]{0,40}")
"""A label (an intent, a channel, a language, an event name): no digits, no spaces, short."""


def _clean(value: Any, depth: int = 0) -> Any:
    if depth > 8:
        return "..."
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and not any(secret in value for secret in _secrets):
            return value  # "order_status", "web", "en": nothing to mask or redact
        return mask_text(redact(value))
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, SecretStr | SecretBytes):
        return REDACTED
    if isinstance(value, dict):
        return {
            k: (
                REDACTED
                if isinstance(k, str) and _SECRET_KEY.search(k) and v
                else _clean(v, depth + 1)
            )
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_clean(v, depth + 1) for v in value]
    if isinstance(value, BaseModel):
        try:
            return _clean(value.model_dump(mode="json"), depth + 1)
        except Exception:
            return mask_text(redact(repr(value)))
    if isinstance(value, BaseException):
        return mask_text(redact(f"{type(value).__name__}: {value}"))
    return mask_text(redact(str(value)))


_ACCESS_LINE = re.compile(
    r'^(?P<remote>\S+) \[(?P<time>[^\]]*)\] "(?P<request>.*?)" (?P<status>\d{3}) '
    r'(?P<size>-|\d+)(?P<rest>(?: ".*)?)$',
    re.S,
)
"""aiohttp's default format. The request line may itself hold a quote (a client sent one): it
runs to the first `" <status> <size>` that ends the line or is followed by the referrer."""


def mask_access_line(line: str) -> str:
    """aiohttp's access log line with the request, referrer and user agent masked, while the
    time, status and size stay as they are (they look like phone digits to the masker)."""
    found = _ACCESS_LINE.match(line)
    if found is None:
        return str(_clean(line))
    parts = found.groupdict()
    request, rest = _clean(parts["request"]), _clean(parts["rest"])
    return (
        f'{parts["remote"]} [{parts["time"]}] "{request}" {parts["status"]} {parts["size"]}{rest}'
    )


def mask_event(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """The structlog processor: secrets redacted, personal data masked, in every value."""
    access = event.get("logger") == "aiohttp.access"
    for key, value in list(event.items()):
        if key in _KEEP or key.startswith("_"):
            continue
        if _SECRET_KEY.search(key) and value:
            event[key] = REDACTED
        elif access and key == "event" and isinstance(value, str):
            event[key] = mask_access_line(value)
        else:
            event[key] = _clean(value)
    return event


_mask_strings = mask_event  # the old name


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (tests swap it)."""

    _ours = True

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _: Any) -> None:
        pass


def configure_logging(
    level: str = "INFO", json: bool = False, *, secrets: Iterable[Any] = ()
) -> None:
    """structlog to stdout and the standard library's loggers to stderr, both through
    `mask_event`. `secrets`: extra literal values to redact (e.g. `secrets_of(settings)`);
    the `ORDERSUPPORT_*` secrets of the environment are always included."""
    register_secrets([*_environment_secrets(), *secrets])
    renderer: Any = (
        structlog.processors.JSONRenderer(default=str)
        if json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    numeric = logging.getLevelName(level.upper())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            mask_event,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            structlog.stdlib.add_logger_name,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            mask_event,
        ],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_ours", False):
            root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(numeric)
