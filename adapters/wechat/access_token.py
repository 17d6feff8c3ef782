"""The Official Account's access token, shared by every process: wechatpy's session storage in
Redis when configured, refreshed under a Redis lock so one process's refresh never invalidates
another's token; memory otherwise."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import redis as sync_redis
import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage
from wechatpy.session.memorystorage import MemoryStorage
from wechatpy.session.redisstorage import RedisStorage

from core.settings import WeChatSettings

DEFAULT_API_BASE = "https://api.weixin.qq.com/cgi-bin/"
TOKEN_TTL_MARGIN_SECONDS = 300
"""Refresh the access token this long before WeChat expires it (the old one lives 5 more min)."""


class SharedTokenClient(WeChatClient):  # type: ignore[misc]  # wechatpy has no types
    """`WeChatClient` against a configurable API base, with its token in shared storage.

    The token is read from the storage on every call (its TTL there is WeChat's expiry minus a
    margin), so any process may fetch it and all others use it. Fetching happens under `lock`
    (a Redis lock across processes), and a process that waited re-reads the token first.
    """

    def __init__(
        self,
        appid: str,
        secret: str,
        *,
        api_base: str = DEFAULT_API_BASE,
        session: SessionStorage | None = None,
        lock: Callable[[], AbstractContextManager[Any]] | None = None,
        timeout: float = 10.0,
    ) -> None:
        super().__init__(appid, secret, session=session or MemoryStorage(), timeout=timeout)
        self.API_BASE_URL = api_base if api_base.endswith("/") else f"{api_base}/"
        self._lock = lock or _thread_lock()

    @property
    def access_token(self) -> str:
        token = self.session.get(self.access_token_key)
        return token or self._refresh(stale=None)

    def fetch_access_token(self) -> dict[str, Any]:
        """Called by wechatpy when WeChat says the token is invalid: replace that one."""
        token = self._refresh(stale=self.session.get(self.access_token_key))
        return {"access_token": token}

    def _refresh(self, stale: str | None) -> str:
        with self._lock():
            current = self.session.get(self.access_token_key)
            if current and current != stale:
                return str(current)  # another process refreshed it while we waited
            res = self._http.get(
                f"{self.API_BASE_URL}token",
                params={
                    "grant_type": "client_credential",
                    "appid": self.appid,
                    "secret": self.secret,
                },
                timeout=self.timeout,
            )
            result = self._handle_token_response(res)
            ttl = max(60, int(result.get("expires_in", 7200)) - TOKEN_TTL_MARGIN_SECONDS)
            self.session.set(self.access_token_key, result["access_token"], ttl)
            return str(result["access_token"])

    def _handle_token_response(self, res: requests.Response) -> dict[str, Any]:
        try:
            res.raise_for_status()
            result = res.json()
        except (requests.RequestException, ValueError) as exc:
            raise WeChatClientException(None, str(exc), client=self, response=res) from exc
        if result.get("errcode") or "access_token" not in result:
            raise WeChatClientException(
                result.get("errcode"), result.get("errmsg"), client=self, response=res
            )
        return dict(result)


def _thread_lock() -> Callable[[], AbstractContextManager[Any]]:
    lock = threading.Lock()
    return lambda: lock


def build_client(
    wechat: WeChatSettings, redis: sync_redis.Redis | None = None, prefix: str = "os:"
) -> SharedTokenClient:
    """The WeChat API client of these settings; the token is shared through `redis` if given."""
    if not wechat.app_id or wechat.app_secret is None:
        raise ValueError("wechat_app_id and wechat_app_secret are required to call the WeChat API")
    session: SessionStorage = MemoryStorage()
    lock: Callable[[], AbstractContextManager[Any]] | None = None
    if redis is not None:
        session = RedisStorage(redis, prefix=f"{prefix}wechatpy")
        lock_name = f"{prefix}wechatpy:{wechat.app_id}_token_lock"

        def lock() -> AbstractContextManager[Any]:
            held: AbstractContextManager[Any] = redis.lock(
                lock_name, timeout=30, blocking_timeout=30
            )
            return held

    return SharedTokenClient(
        wechat.app_id,
        wechat.app_secret.get_secret_value(),
        api_base=wechat.api_base or DEFAULT_API_BASE,
        session=session,
        lock=lock,
    )
