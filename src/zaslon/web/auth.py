"""API-key authentication: ``Authorization: ApiKey <key>`` (or ``Bearer <key>``).

Roles are ordered: an ``admin`` key may do everything a ``screen`` key may.
Verified keys are cached for a few seconds so the hot path does not query the
database on every request; a revocation (API or CLI) therefore takes effect
within ``cache_seconds``.

A browser logged in to the web UI (``web/sessions.py``) may also *read* the
routes its role allows (GET/HEAD only, so no cross-site form can write
through it): every UI page links to its JSON twin.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable

from fastapi import Request, Security
from fastapi.security import APIKeyHeader

from zaslon.store.keys import ApiKey, KeyStore
from zaslon.web.errors import ApiError

RANK = {"screen": 1, "admin": 2}
SCHEMES = ("apikey", "bearer")

# Declared so the OpenAPI document shows the scheme; checked by ``Authenticator``.
header_scheme = APIKeyHeader(
    name="Authorization",
    scheme_name="ApiKey",
    description="`ApiKey <key>` or `Bearer <key>`; create keys with `zaslon keys create`.",
    auto_error=False,
)


def _challenge(message: str) -> ApiError:
    return ApiError(
        401,
        "unauthorized",
        message,
        field="Authorization",
        expected="ApiKey <key>",
        headers={"WWW-Authenticate": 'ApiKey realm="zaslon"'},
    )


class Authenticator:
    """Checks a request's key and role against the key store."""

    def __init__(self, keys: KeyStore | None, *, required: bool = True, cache_seconds: float = 2.0) -> None:
        self.keys = keys
        self.required = required
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, ApiKey | None]] = {}
        self._lock = threading.Lock()

    def _lookup(self, key: str) -> ApiKey | None:
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit is not None and now - hit[0] < self.cache_seconds:
            return hit[1]
        record = self.keys.verify(key) if self.keys is not None else None
        if self.cache_seconds > 0:
            with self._lock:
                if len(self._cache) > 10_000:  # bounded: unknown keys must not grow it forever
                    self._cache.clear()
                self._cache[key] = (now, record)
        return record

    def check(self, header: str | None, role: str, *, query_key: str | None = None) -> ApiKey | None:
        """The key record allowed to act as ``role``; raises 401/403 as ``ApiError``."""
        if not self.required:
            return None
        if header:
            scheme, _, key = header.strip().partition(" ")
            if scheme.lower() not in SCHEMES or not key.strip():
                raise _challenge("the Authorization header must be 'ApiKey <key>' or 'Bearer <key>'")
            key = key.strip()
        elif query_key:
            key = query_key
        else:
            raise _challenge("an API key is required: send 'Authorization: ApiKey <key>'")
        record = self._lookup(key)
        if record is None:
            raise _challenge("the API key is unknown or has been revoked")
        if RANK.get(record.role, 0) < RANK[role]:
            raise ApiError(
                403,
                "forbidden",
                f"this route needs a key with role {role!r}; this key's role is {record.role!r}",
                field="Authorization",
                expected=f"a key with role {role!r}",
            )
        return record


def requires(role: str, *, allow_query_key: bool = False) -> Callable[..., Awaitable[ApiKey | None]]:
    """A route dependency admitting keys of ``role`` (or higher)."""

    async def dependency(
        request: Request, authorization: str | None = Security(header_scheme)
    ) -> ApiKey | None:
        auth: Authenticator = request.app.state.auth
        if not authorization and request.method in ("GET", "HEAD") and _ui_session_allows(request, role):
            return None  # an analyst's browser following a page's JSON link; never for writes (CSRF)
        query_key = request.query_params.get("api_key") if allow_query_key else None
        return auth.check(authorization, role, query_key=query_key)

    return dependency


# A UI login's role and the key role it may act as on read-only routes.
UI_ROLES = {"analyst": "screen", "admin": "admin"}


def _ui_session_allows(request: Request, role: str) -> bool:
    """Whether the request carries a valid UI login (``web/sessions.py``) whose role suffices;
    403 if it carries one whose role does not."""
    signer = getattr(request.app.state, "sessions", None)
    if signer is None:
        return False
    from zaslon.web.sessions import COOKIE

    session = signer.read(request.cookies.get(COOKIE))
    if session is None:
        return False
    if RANK.get(UI_ROLES.get(session.role, ""), 0) < RANK[role]:
        raise ApiError(
            403,
            "forbidden",
            f"this route needs role {role!r}; your login's role is {session.role!r}",
            field="Cookie",
            expected=f"a login with role {role!r}",
        )
    return True
