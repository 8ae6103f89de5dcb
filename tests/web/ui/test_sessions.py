"""Session cookies: round trip, expiry, forgery, malformed values; CSRF; the secret file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from zaslon.exc import ConfigError
from zaslon.web.sessions import SessionSigner, csrf_matches, load_secret

SECRET = b"0123456789abcdef0123456789abcdef"


def test_round_trip_and_expiry() -> None:
    signer = SessionSigner(SECRET, max_age=60)
    cookie, session = signer.issue("ana", "analyst", now=1_000_000)
    read = signer.read(cookie, now=1_000_059)
    assert read == session and read.username == "ana" and read.role == "analyst" and len(read.csrf) >= 24
    assert signer.read(cookie, now=1_000_060) is None  # expired at exactly max_age
    # a second login gets another CSRF token
    assert signer.issue("ana", "analyst")[1].csrf != session.csrf


def test_forged_and_malformed_cookies_are_no_session() -> None:
    signer = SessionSigner(SECRET)
    cookie, _ = signer.issue("ana", "analyst")
    payload, signature = cookie.split(".")
    other = SessionSigner(b"another-secret-of-enough-length!")
    admin_cookie, _ = other.issue("ana", "admin")
    bad = [
        None,
        "",
        "no-dot",
        "a.b.c",
        f"{payload}.{signature[:-2]}xx",
        f"{payload}x.{signature}",
        admin_cookie,  # signed with another secret
        f"{admin_cookie.split('.')[0]}.{signature}",  # someone else's payload under this signature
        "ünïcode.sig",
    ]
    for value in bad:
        assert signer.read(value) is None, value


def test_signed_but_wrong_shape_is_no_session() -> None:
    import base64
    import hashlib
    import hmac

    payload = base64.urlsafe_b64encode(b'{"u": "ana"}').rstrip(b"=").decode()
    sig = (
        base64.urlsafe_b64encode(hmac.new(SECRET, payload.encode(), hashlib.sha256).digest())
        .rstrip(b"=")
        .decode()
    )
    assert SessionSigner(SECRET).read(f"{payload}.{sig}") is None


def test_csrf_matches() -> None:
    assert csrf_matches("abc", "abc")
    assert not csrf_matches("abc", "abd")
    assert not csrf_matches("", "")
    assert not csrf_matches(None, "abc")
    assert not csrf_matches("abc", None)


def test_short_secret_refused() -> None:
    with pytest.raises(ConfigError, match="at least 16"):
        SessionSigner(b"short")


def test_secret_file_made_once_and_private(tmp_path: Path) -> None:
    first = load_secret(tmp_path / "data")
    path = tmp_path / "data" / "session.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_secret(tmp_path / "data") == first and len(first) == 64
    assert load_secret(tmp_path / "data", "configured-secret") == b"configured-secret"
    path.write_text("short")
    with pytest.raises(ConfigError, match="too short"):
        load_secret(tmp_path / "data")


def test_login_throttle_window() -> None:
    from zaslon.web.sessions import LoginThrottle

    throttle = LoginThrottle(max_failures=3, window=100)
    for t in (0, 10, 20):
        assert throttle.wait("ana|1.2.3.4", now=t) == 0
        throttle.failed("ana|1.2.3.4", now=t)
    assert throttle.wait("ana|1.2.3.4", now=30) == 70  # until the first failure leaves the window
    assert throttle.wait("ana|5.6.7.8", now=30) == 0  # another address is not held back
    assert throttle.wait("ana|1.2.3.4", now=100) == 0  # the first failure has left the window
    throttle.failed("bob|x", now=0)
    throttle.succeeded("bob|x")
    assert throttle.wait("bob|x", now=1) == 0


def test_login_throttle_memory_is_bounded() -> None:
    from zaslon.web.sessions import LoginThrottle

    throttle = LoginThrottle(max_failures=2, window=100, max_keys=10)
    for i in range(50):
        throttle.failed(f"user{i}|x", now=i)
    assert len(throttle._failures) <= 10
    throttle.failed("late|x", now=49)
    throttle.failed("late|x", now=49)
    assert throttle.wait("late|x", now=50) > 0  # the newest keys are kept
