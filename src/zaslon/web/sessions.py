"""Login sessions for the web UI: an HMAC-signed cookie with an expiry, and CSRF tokens.

The cookie holds ``{"u": username, "r": role, "exp": unix seconds, "c": csrf}``
as base64url JSON followed by ``.`` and the base64url HMAC-SHA256 of that text
under a server secret.  Nothing is kept on the server: a cookie whose
signature does not verify, that has expired or that cannot be decoded is no
session at all.  Logging out clears the cookie; a stolen cookie therefore
stays valid until it expires, which is why the lifetime is a working day.

Every POST form carries the session's CSRF token in a hidden field, compared in
constant time.  The login form has no session yet: it uses a double-submit
token (a random ``zaslon_csrf`` cookie repeated in the form).  Cookies are
``HttpOnly`` and ``SameSite=Lax``, so another site can neither read them nor
send them with a cross-site POST.

Failed logins are counted per user name and client address (``LoginThrottle``):
after five within a quarter of an hour that pair must wait out the quarter.

The secret comes from ``ZASLON_SESSION_SECRET`` (read at the edge and passed
in), else from ``session.key`` in the data directory, created with random
bytes on first use — so every worker on one machine shares it and sessions
survive a restart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

from zaslon.exc import ConfigError

COOKIE = "zaslon_session"
LOGIN_CSRF_COOKIE = "zaslon_csrf"
SECRET_FILE = "session.key"
DEFAULT_MAX_AGE = 8 * 3600  # one working day
MIN_SECRET_BYTES = 16


@dataclass(frozen=True, slots=True)
class Session:
    """A logged-in user as the cookie says: who, which role, until when, and the CSRF token."""

    username: str
    role: str
    expires: int  # unix seconds
    csrf: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    """Issues and reads session cookies signed with one secret."""

    def __init__(self, secret: bytes, *, max_age: int = DEFAULT_MAX_AGE) -> None:
        if len(secret) < MIN_SECRET_BYTES:
            raise ConfigError(
                f"the session secret is {len(secret)} bytes long; it needs at least {MIN_SECRET_BYTES}",
                field="ZASLON_SESSION_SECRET", expected=f"at least {MIN_SECRET_BYTES} bytes",
            )  # fmt: skip
        self._secret = secret
        self.max_age = max_age

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256).digest())

    def issue(self, username: str, role: str, *, now: float | None = None) -> tuple[str, Session]:
        """A new cookie value for ``username`` and the session it stands for (with a fresh CSRF token)."""
        now = time.time() if now is None else now
        session = Session(username, role, int(now) + self.max_age, secrets.token_urlsafe(24))
        payload = _b64(orjson.dumps({"u": session.username, "r": session.role, "exp": session.expires,
                                     "c": session.csrf}))  # fmt: skip
        return f"{payload}.{self._sign(payload)}", session

    def read(self, cookie: str | None, *, now: float | None = None) -> Session | None:
        """The session a cookie holds, or None if it is missing, forged, malformed or expired."""
        if not cookie or cookie.count(".") != 1:
            return None
        payload, signature = cookie.split(".")
        try:
            payload.encode("ascii")
        except UnicodeEncodeError:
            return None
        if not hmac.compare_digest(self._sign(payload), signature):
            return None
        try:
            data = orjson.loads(_unb64(payload))
            session = Session(str(data["u"]), str(data["r"]), int(data["exp"]), str(data["c"]))
        except (ValueError, KeyError, TypeError, orjson.JSONDecodeError):
            return None  # signed by us but not in today's shape: treat as logged out
        if session.expires <= (time.time() if now is None else now):
            return None
        return session


def csrf_matches(expected: str | None, given: str | None) -> bool:
    """Whether a submitted CSRF token equals the expected one (constant time; empty never matches)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class LoginThrottle:
    """Counts failed logins per key (user name and client address) in a sliding window.

    In memory, per process: it slows password guessing through one server
    down to ``max_failures`` guesses per ``window`` seconds; it is no account
    lockout (another address may still try), so nobody can lock a user out.
    """

    def __init__(self, *, max_failures: int = 5, window: float = 900.0, max_keys: int = 10_000) -> None:
        self.max_failures = max_failures
        self.window = window
        self.max_keys = max_keys
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str, *, now: float | None = None) -> float:
        """Seconds ``key`` must wait before trying again (0: it may try now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = [t for t in self._failures.get(key, []) if now - t < self.window]
            if recent:
                self._failures[key] = recent
            else:
                self._failures.pop(key, None)
        if len(recent) < self.max_failures:
            return 0.0
        return max(0.0, recent[0] + self.window - now)

    def failed(self, key: str, *, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._failures) >= self.max_keys and key not in self._failures:
                # bounded memory: drop the keys whose failures are all old, else the oldest half
                stale = [k for k, ts in self._failures.items() if now - ts[-1] >= self.window]
                for k in (
                    stale or sorted(self._failures, key=lambda k: self._failures[k][-1])[: self.max_keys // 2]
                ):
                    del self._failures[k]
            self._failures.setdefault(key, []).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


def load_secret(data_dir: Path, configured: str | bytes | None = None) -> bytes:
    """The session secret: ``configured`` if given, else the data directory's ``session.key``
    (created, readable by its owner only, on first use)."""
    if configured:
        return configured.encode("utf-8") if isinstance(configured, str) else configured
    path = data_dir / SECRET_FILE
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker made it first (or an earlier run): read theirs
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32))
        text = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise ConfigError(f"cannot read or create the session secret {path}: {exc.strerror}",
                          field="ZASLON_SESSION_SECRET") from None  # fmt: skip
    if not text:
        # a worker may be between creating and writing the file; never sign with nothing
        time.sleep(0.2)
        text = path.read_text(encoding="ascii").strip()
    if len(text) < MIN_SECRET_BYTES:
        raise ConfigError(f"the session secret in {path} is too short ({len(text)} characters)",
                          field="ZASLON_SESSION_SECRET", expected=f"at least {MIN_SECRET_BYTES} characters")  # fmt: skip
    return text.encode("ascii")
