"""Conversation state with a TTL and optimistic concurrency (DESIGN.md, "SessionStore").

`save` is a compare-and-set on the session's version: a writer that read an older version gets
`SessionConflict` instead of silently overwriting. The engine additionally serialises the handling
of one conversation with `lock(key)`, so side effects are never run twice by a retry.

One turn costs two Redis round trips: a script that takes the conversation's lock and reads its
session in one go (`locked`, which can also set the conversation's "seen" mark), and a script
that saves it by compare-and-set, releases the lock and wakes the next waiter
(`save_and_unlock`; on a conflict it releases nothing and the caller merges and saves again
under the lock it still holds). A waiter for a held lock blocks on the conversation's wake
list (BLPOP) until the holder releases it (or, if the holder died, until the lock's short lease
runs out: the holder renews it while its turn runs); it never polls.

The store never holds raw personal data: each session's content (state, history, language,
customer id) is sealed with AES-256-GCM (`SessionSealer`, key from the `session_key` setting);
only the version and the key's name are in clear, for the compare-and-set. History turns older
than the transcript retention (`transcript_days`, default 30) are dropped on load and save.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import structlog
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, Field
from redis.asyncio import Redis
from redis.exceptions import LockError

from core.dialogue.state import ConversationState
from core.keys import KeyStore, lock_key, session_key, wake_key

if TYPE_CHECKING:
    from core.settings import Settings

log = structlog.get_logger(__name__)

HISTORY_LIMIT = 12


class Turn(BaseModel):
    """One line of the conversation, already masked (sessions never hold raw personal data)."""

    role: str  # "customer" | "bot" | "staff"
    text: str
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class Session(BaseModel):
    key: str
    version: int = 0
    language: str | None = None
    customer_id: str | None = None
    state: ConversationState = Field(default_factory=ConversationState)
    history: list[Turn] = []
    updated_at: datetime | None = None

    def remember(self, role: str, text: str) -> None:
        self.history = [*self.history, Turn(role=role, text=text)][-HISTORY_LIMIT:]


class SessionConflict(RuntimeError):
    """Someone saved the session after it was loaded; reload and apply the change again."""


class SessionStore(Protocol):
    async def load(self, key: str) -> Session: ...

    async def save(self, session: Session) -> Session: ...

    async def delete(self, key: str) -> None: ...

    def lock(self, key: str) -> Any:
        """An async context manager that serialises work on one conversation."""
        ...


Mark = tuple[str, int]
"""A flag key of the conversation (its name after the prefix, `core.keys`) and its time to live
in seconds, set if not set yet when the lock is taken (the "seen" mark of a chat user)."""


def locked(
    store: SessionStore, key: str, *, mark: Mark | None = None, keys: KeyStore | None = None
) -> AbstractAsyncContextManager[Session]:
    """The conversation locked and its session loaded: one round trip where the store can
    (`RedisSessionStore.locked`, with the `mark` set in the same script when it lives in the
    same Redis under the same prefix as `keys`), else its lock then its load (and the mark
    claimed through `keys` first)."""
    own = getattr(store, "locked", None)
    if own is not None and (mark is None or _marks_with(store, keys)):
        result: AbstractAsyncContextManager[Session] = own(key, mark=mark)
        return result
    return _lock_then_load(store, key, mark, keys)


def _marks_with(store: SessionStore, keys: KeyStore | None) -> bool:
    """Whether `store` writes the same keys `keys` would (one Redis, one prefix)."""
    return (
        isinstance(store, RedisSessionStore)
        and getattr(keys, "redis", None) is store.redis
        and getattr(keys, "prefix", None) == store.prefix
    )


@asynccontextmanager
async def _lock_then_load(
    store: SessionStore, key: str, mark: Mark | None, keys: KeyStore | None
) -> AsyncIterator[Session]:
    if mark is not None and keys is not None:
        await keys.claim(*mark)
    async with store.lock(key):
        yield await store.load(key)


async def save_and_unlock(store: SessionStore, session: Session) -> Session:
    """A turn's last write, from inside `locked`: the session saved and the conversation's lock
    released in one round trip where the store can (`RedisSessionStore.save_and_unlock`),
    else saved (the lock is released as `locked` exits). On `SessionConflict` the lock is
    still held: merge and save again."""
    own = getattr(store, "save_and_unlock", None)
    if own is not None:
        saved: Session = await own(session)
        return saved
    return await store.save(session)


async def update_session(
    store: SessionStore,
    key: str,
    change: Callable[[Session], Awaitable[None] | None],
    tries: int = 8,
) -> Session:
    """Apply `change` to a session, retrying on conflict, so concurrent updates are all kept."""
    for _ in range(tries):
        session = await store.load(key)
        result = change(session)
        if asyncio.iscoroutine(result):
            await result
        try:
            return await store.save(session)
        except SessionConflict:
            continue
    raise SessionConflict(f"gave up after {tries} conflicting updates")


def _stamped(session: Session) -> Session:
    return session.model_copy(
        update={"version": session.version + 1, "updated_at": datetime.now(UTC)}
    )


def expire_transcript(session: Session, days: int | None) -> Session:
    """Drop history turns older than `days` (the transcript retention); None keeps them all."""
    if days is None or not session.history:
        return session
    cutoff = datetime.now(UTC) - timedelta(days=days)
    kept = [turn for turn in session.history if turn.at >= cutoff]
    if len(kept) != len(session.history):
        session.history = kept
    return session


# --- sealing: authenticated encryption of everything but the version ----------------------

_SEALED_FIELDS = ("language", "customer_id", "state", "history", "updated_at")


class SessionUnreadable(ValueError):
    """A stored session that cannot be opened: unknown key name, or it was tampered with."""


class SessionSealer:
    """Seals a session's content (state, history, language, customer id) with AES-256-GCM.

    The stored record is `{"v": version, "kid": key name, "n": nonce, "c": ciphertext}`: the
    version stays in clear for compare-and-set, the key name says which key opens it (so keys can
    be rotated: the first key seals, every key opens). The session key and version are the
    associated data, so a record copied to another conversation, or given another version, does
    not open."""

    def __init__(self, keys: Mapping[str, bytes], current: str | None = None) -> None:
        if not keys:
            raise ValueError("a SessionSealer needs at least one key")
        for name, key in keys.items():
            if len(key) != 32:
                raise ValueError(f"session key {name!r} must be 32 bytes")
        self._aeads = {name: AESGCM(key) for name, key in keys.items()}
        self.key_name = current or next(iter(keys))
        if self.key_name not in self._aeads:
            raise ValueError(f"unknown current key {self.key_name!r}")

    @classmethod
    def from_secrets(cls, *secrets: str) -> SessionSealer:
        """Keys derived (HKDF-SHA256) from secret strings; the first seals, all open."""
        keys: dict[str, bytes] = {}
        for secret in secrets:
            secret = secret.strip()
            if not secret:
                continue
            key = HKDF(
                algorithm=hashes.SHA256(), length=32, salt=b"ordersupport/session", info=b"v1"
            ).derive(secret.encode())
            keys.setdefault("k" + hashlib.sha256(key).hexdigest()[:10], key)
        return cls(keys)

    @classmethod
    def from_setting(cls, value: Any) -> SessionSealer | None:
        """From the `session_key` setting (a SecretStr or str): comma-separated keys, newest
        first, for rotation. None when unset."""
        if value is None:
            return None
        raw = value.get_secret_value() if hasattr(value, "get_secret_value") else str(value)
        secrets = [part for part in raw.split(",") if part.strip()]
        return cls.from_secrets(*secrets) if secrets else None

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionSealer:
        """The sealer for a process: `settings.session_key`, else the process's ephemeral key
        (with a warning when sessions live in Redis, where other processes must read them)."""
        configured = cls.from_setting(settings.session_key)
        if configured is not None:
            return configured
        return default_sealer() if settings.redis_url else cls.ephemeral()

    @classmethod
    def ephemeral(cls) -> SessionSealer:
        key = os.urandom(32)
        return cls({"e" + hashlib.sha256(key).hexdigest()[:10]: key})

    def seal(self, session: Session) -> str:
        content = session.model_dump_json(include=set(_SEALED_FIELDS)).encode()
        nonce = os.urandom(12)
        sealed = self._aeads[self.key_name].encrypt(nonce, content, _aad(session))
        return json.dumps(
            {
                "v": session.version,
                "kid": self.key_name,
                "n": base64.b64encode(nonce).decode(),
                "c": base64.b64encode(sealed).decode(),
            },
            separators=(",", ":"),
        )

    def open(self, key: str, raw: str | bytes) -> Session:
        record = _record(raw)
        if "c" not in record:  # written before sessions were sealed: read once, sealed on save
            return Session.model_validate({**record, "key": key})
        version = int(record["v"])
        aead = self._aeads.get(str(record.get("kid")))
        if aead is None:
            raise SessionUnreadable(f"no key named {record.get('kid')!r}")
        try:
            plain = aead.decrypt(
                base64.b64decode(record["n"]),
                base64.b64decode(record["c"]),
                _aad(Session(key=key, version=version)),
            )
        except (InvalidTag, ValueError) as exc:
            raise SessionUnreadable("the sealed session does not authenticate") from exc
        return Session.model_validate({**json.loads(plain), "key": key, "version": version})


def _aad(session: Session) -> bytes:
    return f"ordersupport-session\n{session.key}\n{session.version}".encode()


def _record(raw: str | bytes) -> dict[str, Any]:
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise SessionUnreadable("not a session record")
    return data


def stored_version(raw: str | bytes | None) -> int:
    """The version of a stored record (sealed or not), readable without any key."""
    if not raw:
        return 0
    try:
        record = _record(raw)
    except (ValueError, SessionUnreadable):
        return 0
    return int(record.get("v", record.get("version", 0)) or 0)


_DEFAULT: SessionSealer | None = None


def default_sealer() -> SessionSealer:
    """`ORDERSUPPORT_SESSION_KEY` from the environment, else one ephemeral key per process
    (with a warning: such sessions do not survive a restart and other processes cannot read
    them)."""
    global _DEFAULT
    if _DEFAULT is None:
        configured = SessionSealer.from_setting(os.environ.get("ORDERSUPPORT_SESSION_KEY"))
        if configured is None:
            log.warning(
                "session_key_ephemeral",
                hint="set ORDERSUPPORT_SESSION_KEY: sessions sealed with a per-process key do "
                "not survive a restart and other processes cannot read them",
            )
            configured = SessionSealer.ephemeral()
        _DEFAULT = configured
    return _DEFAULT


class _SealedStore:
    _sealer: SessionSealer
    _transcript_days: int | None

    def _open(self, key: str, raw: str | bytes | None) -> Session:
        if not raw:
            return Session(key=key)
        try:
            session = self._sealer.open(key, raw)
        except (SessionUnreadable, ValueError) as exc:
            # A rotated-out or ephemeral key, or tampering: start afresh, keeping the version so
            # the next save still wins the compare-and-set. Nothing of the content is logged.
            log.warning("session_unreadable", reason=type(exc).__name__)
            return Session(key=key, version=stored_version(raw))
        return expire_transcript(session, self._transcript_days)

    def _seal(self, session: Session) -> tuple[Session, str]:
        saved = expire_transcript(_stamped(session), self._transcript_days)
        return saved, self._sealer.seal(saved)


class MemorySessionStore(_SealedStore):
    """For the embedded default and unit tests: one process, same semantics as Redis."""

    def __init__(
        self,
        ttl_seconds: int = 7 * 24 * 3600,
        *,
        sealer: SessionSealer | None = None,
        transcript_days: int | None = 30,
    ) -> None:
        self._ttl = ttl_seconds
        self._sealer = sealer or default_sealer()
        self._transcript_days = transcript_days
        self._data: dict[str, tuple[float, str]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def _raw(self, key: str) -> str | None:
        entry = self._data.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    async def load(self, key: str) -> Session:
        return self._open(key, self._raw(key))

    async def save(self, session: Session) -> Session:
        if stored_version(self._raw(session.key)) != session.version:
            raise SessionConflict(session.key)
        saved, sealed = self._seal(session)
        self._data[session.key] = (time.monotonic() + self._ttl, sealed)
        return saved

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)

    async def scan(self) -> AsyncIterator[str]:
        """The keys of every live session (privacy requests look through them)."""
        for key in list(self._data):
            if self._raw(key) is not None:
                yield key

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            yield


_ACQUIRE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if KEYS[3] then
    redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[4])
  end
  if ARGV[3] == '1' then
    return {1, redis.call('GET', KEYS[2]) or ''}
  end
  return {1, ''}
end
return {0, redis.call('PTTL', KEYS[1])}
"""
"""Take the lock (KEYS[1]) with a token and a time to live; if taken, set the mark (KEYS[3],
optional) if unset and read the session (KEYS[2]) too, else how long the lock has left."""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('RPUSH', KEYS[2], '1')
  redis.call('LTRIM', KEYS[2], -1, -1)
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return 1
end
return 0
"""
"""Release the lock if we still hold it, and wake one waiter (the wake list keeps one token)."""

_SAVE = """
local current = redis.call('GET', KEYS[1])
local version = 0
if current then
  local ok, record = pcall(cjson.decode, current)
  if ok and type(record) == 'table' then
    version = tonumber(record['v']) or tonumber(record['version']) or 0
  end
end
if version ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
"""
"""Compare-and-set on the stored record's version (`stored_version`), in one round trip."""

_SAVE_AND_RELEASE = (
    _SAVE.replace("return 1\n", "").rstrip()
    + """
if redis.call('GET', KEYS[2]) == ARGV[4] then
  redis.call('DEL', KEYS[2])
  redis.call('RPUSH', KEYS[3], '1')
  redis.call('LTRIM', KEYS[3], -1, -1)
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
  return 1
end
return 2
"""
)
"""`_SAVE` (KEYS[1]), then `_RELEASE` (lock KEYS[2], wake list KEYS[3]): 0 when the version
changed (nothing saved, the lock kept), 1 saved and released, 2 saved but the lock had expired."""

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
"""Extend the lease if we still hold the lock."""

LOCK_TTL_MS = 5_000
"""The lock's lease: it outlives a holder that died (a process killed mid-turn) by this much
at most, so that customer's next message waits at most this long. A live holder renews it."""
LOCK_RENEW_FRACTION = 3
"""The holder renews its lease every lease / this (a renewal may be late by two thirds)."""
LOCK_MAX_HOLD_SECONDS = 30.0
"""A turn holding the lock longer than this stops renewing it (a turn stuck that long gives
the conversation up; the action ledger keeps a change it started from being done twice)."""
LOCK_WAIT_SECONDS = 15.0
"""How long a turn waits for the conversation's lock before it gives up (LockError)."""
WAKE_TTL_MS = 5_000
MAX_BLOCK_SECONDS = 1.0
"""A waiter re-checks at least this often, and never later than the lock's lease ends (a
holder that died never wakes it)."""


class RedisConversationLock:
    """The conversation's lock (SET NX PX with a random token and a short lease, renewed while
    the turn runs), notified: a waiter blocks on the wake list that the holder pushes to on
    release, instead of polling; if the holder died, until its lease runs out."""

    def __init__(
        self, store: RedisSessionStore, key: str, *, load: bool, mark: Mark | None = None
    ) -> None:
        self._store = store
        self._key = key
        self._load = load
        self._mark = mark
        self.released = False
        self._token = uuid.uuid4().hex
        self._renewal: asyncio.Task[None] | None = None
        self.attempts = 0
        """How many times the lock was asked for (a waiter that was woken asks twice)."""

    async def acquire(self) -> str | None:
        """Wait for the lock; the raw stored session when loading, else None."""
        store = self._store
        lock, session, wake = (
            store._lock_key(self._key),
            store._key(self._key),
            store._wake(self._key),
        )
        keys = [lock, session]
        args: list[str | int] = [self._token, store.lock_ttl_ms, int(self._load)]
        if self._mark is not None:
            keys.append(f"{store.prefix}{self._mark[0]}")
            args.append(self._mark[1])
        deadline = time.monotonic() + store.wait_seconds
        while True:
            self.attempts += 1
            taken, value = await store._acquire(keys=keys, args=args)
            if int(taken):
                self._renewal = asyncio.create_task(self._renew(), name="session-lock-lease")
                return (value or None) if self._load else None
            left = deadline - time.monotonic()
            if left <= 0:
                raise LockError(f"conversation lock not acquired in {store.wait_seconds}s")
            expires = max(0.01, int(value) / 1000) if int(value) > 0 else 0.01
            block = max(0.01, min(left, expires, MAX_BLOCK_SECONDS))  # 0 would block forever
            await store._redis.blpop([wake], timeout=block)

    async def _renew(self) -> None:
        """Keep the lease while the turn runs (up to `LOCK_MAX_HOLD_SECONDS`)."""
        store = self._store
        every = store.lock_ttl_ms / 1000 / LOCK_RENEW_FRACTION
        until = time.monotonic() + LOCK_MAX_HOLD_SECONDS
        while time.monotonic() + every < until:
            await asyncio.sleep(every)
            try:
                kept = await store._renew(
                    keys=[store._lock_key(self._key)], args=[self._token, store.lock_ttl_ms]
                )
            except Exception:  # Redis away for a moment: the next renewal tries again
                log.warning("session_lock_renewal_failed")
                continue
            if not int(kept):
                log.warning("session_lock_lost")
                return

    def _stop_renewing(self) -> None:
        renewal, self._renewal = self._renewal, None
        if renewal is not None:
            renewal.cancel()

    async def save_and_release(self, session: Session, sealed: str) -> None:
        """Save `sealed` (the session stamped and sealed) by compare-and-set on `session`'s
        version and release the lock, in one script; `SessionConflict` keeps the lock."""
        store = self._store
        done = await store._cas_release(
            keys=[store._key(session.key), store._lock_key(self._key), store._wake(self._key)],
            args=[session.version, sealed, store._ttl, self._token, WAKE_TTL_MS],
        )
        if not int(done):
            raise SessionConflict(session.key)
        self._stop_renewing()
        self.released = True
        if int(done) == 2:  # it expired and someone else holds it now
            log.warning("session_lock_expired")

    async def release(self) -> None:
        self._stop_renewing()
        if self.released:
            return
        self.released = True
        store = self._store
        released = await store._release(
            keys=[store._lock_key(self._key), store._wake(self._key)],
            args=[self._token, WAKE_TTL_MS],
        )
        if not int(released):  # it expired and someone else holds it now
            log.warning("session_lock_expired")

    async def __aenter__(self) -> RedisConversationLock:
        await self.acquire()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.release()


class RedisSessionStore(_SealedStore):
    """Sealed sessions under `<prefix>session:{<key>}` (hash-tagged, `core.keys`), saved by a
    compare-and-set script; the conversation lock is notified (`RedisConversationLock`)."""

    def __init__(
        self,
        redis: Redis,
        prefix: str = "os:",
        ttl_seconds: int = 7 * 24 * 3600,
        *,
        sealer: SessionSealer | None = None,
        transcript_days: int | None = 30,
        lock_ttl_ms: int = LOCK_TTL_MS,
        wait_seconds: float = LOCK_WAIT_SECONDS,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._ttl = ttl_seconds
        self._sealer = sealer or default_sealer()
        self._transcript_days = transcript_days
        self.lock_ttl_ms = lock_ttl_ms
        self.wait_seconds = wait_seconds
        self._acquire = redis.register_script(_ACQUIRE)
        self._release = redis.register_script(_RELEASE)
        self._cas = redis.register_script(_SAVE)
        self._cas_release = redis.register_script(_SAVE_AND_RELEASE)
        self._renew = redis.register_script(_RENEW)
        self._held: dict[int, RedisConversationLock] = {}
        """The lock held for each session `locked` handed out, by the session's id."""

    @property
    def redis(self) -> Redis:
        return self._redis

    @property
    def prefix(self) -> str:
        return self._prefix

    def _key(self, key: str) -> str:
        return f"{self._prefix}{session_key(key)}"

    def _lock_key(self, key: str) -> str:
        return f"{self._prefix}{lock_key(key)}"

    def _wake(self, key: str) -> str:
        return f"{self._prefix}{wake_key(key)}"

    async def load(self, key: str) -> Session:
        return self._open(key, await self._redis.get(self._key(key)))

    async def save(self, session: Session) -> Session:
        saved, sealed = self._seal(session)
        stored = await self._cas(
            keys=[self._key(session.key)], args=[session.version, sealed, self._ttl]
        )
        if not int(stored):
            raise SessionConflict(session.key)
        return saved

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._key(key))

    async def scan(self) -> AsyncIterator[str]:
        """The keys of every stored session (privacy requests look through them)."""
        head = f"{self._prefix}{session_key('')[:-1]}"  # up to the tag's opening brace
        async for rkey in self._redis.scan_iter(match=f"{_glob_escape(head)}*"):
            name = rkey.decode() if isinstance(rkey, bytes) else rkey
            yield name[len(head) : -1]

    def lock(self, key: str) -> RedisConversationLock:
        return RedisConversationLock(self, key, load=False)

    async def save_and_unlock(self, session: Session) -> Session:
        """Save a session `locked` handed out and release its lock, in one round trip (a
        session not handed out by `locked` is only saved)."""
        held = self._held.get(id(session))
        if held is None or held.released or held._key != session.key:
            return await self.save(session)
        saved, sealed = self._seal(session)
        await held.save_and_release(session, sealed)
        return saved

    @asynccontextmanager
    async def locked(self, key: str, *, mark: Mark | None = None) -> AsyncIterator[Session]:
        """The conversation locked and its session read (and `mark` set), in one round trip."""
        held = RedisConversationLock(self, key, load=True, mark=mark)
        raw = await held.acquire()
        session = self._open(key, raw)
        self._held[id(session)] = held
        try:
            yield session
        finally:
            self._held.pop(id(session), None)
            await held.release()


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)
