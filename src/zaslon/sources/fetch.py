"""Downloading list files from their official addresses.

The only module of ``sources`` that touches the network.  A download is
bounded (timeout per request, a cap on size), retried with exponential backoff
on what may pass (timeouts, dropped connections, 5xx, 429) and not on what will
not (other 4xx), and checked: a body shorter than the length the server
announced, or smaller than a sane minimum, is refused.  A truncated file that
slips through is still caught by its parser, and nothing is stored unless the
whole list parses.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from zaslon import __version__
from zaslon.exc import FetchError

MIN_BYTES = 256  # no official list file is smaller; an error page or empty body often is
MAX_BYTES = 1024 * 1024 * 1024  # 1 GiB: far above any list, low enough to stop a runaway stream
USER_AGENT = f"zaslon/{__version__} (sanctions list update)"
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Download:
    url: str
    data: bytes
    sha256: str


def fetch(
    url: str,
    *,
    timeout: float = 60.0,
    retries: int = 3,
    backoff: float = 1.0,
    min_bytes: int = MIN_BYTES,
    max_bytes: int = MAX_BYTES,
    expected_sha256: str | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Download:
    """Download ``url``; raise ``FetchError`` naming the address and why.

    ``retries`` is the number of attempts after the first; attempt ``n`` waits
    ``backoff * 2**(n-1)`` seconds first.
    """
    own = client is None
    http = client or httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})
    try:
        attempt = 0
        while True:
            try:
                return _check(_get(http, url, timeout, max_bytes), min_bytes, expected_sha256)
            except _Retryable as exc:
                if attempt >= retries:
                    raise FetchError(
                        f"{url}: {exc} (gave up after {attempt + 1} attempts)", url=url
                    ) from None
                sleep(backoff * 2**attempt)
                attempt += 1
    finally:
        if own:
            http.close()


class _Retryable(Exception):
    """A failure that may pass if tried again."""


def _get(http: httpx.Client, url: str, timeout: float, max_bytes: int) -> Download:
    try:
        with http.stream("GET", url, timeout=timeout) as resp:
            if resp.status_code in _RETRY_STATUS:
                raise _Retryable(f"the server answered {resp.status_code} {resp.reason_phrase}")
            if resp.status_code >= 400:
                raise FetchError(
                    f"{url}: the server answered {resp.status_code} {resp.reason_phrase}", url=url
                )
            announced = resp.headers.get("content-length")
            if announced and announced.isdigit() and int(announced) > max_bytes:
                raise FetchError(
                    f"{url}: {announced} bytes, more than the {max_bytes} bytes allowed", url=url
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():  # decoded if the server compressed it
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: more than the {max_bytes} bytes allowed", url=url)
                chunks.append(chunk)
            data = b"".join(chunks)
            # h11 already refuses a body cut short of Content-Length; this keeps it so
            # for any transport (Content-Length counts the bytes on the wire).
            if announced and announced.isdigit() and resp.num_bytes_downloaded < int(announced):
                raise _Retryable(
                    f"got {resp.num_bytes_downloaded} of the {announced} bytes announced (truncated)"
                )
    except httpx.TimeoutException:
        raise _Retryable(f"no answer within {timeout:g} s") from None
    except httpx.TransportError as exc:
        # includes a connection dropped mid-body (RemoteProtocolError: incomplete read)
        raise _Retryable(f"download failed: {exc or type(exc).__name__}") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"{url}: not a valid address: {exc}", url=url) from None
    return Download(url=str(url), data=data, sha256=hashlib.sha256(data).hexdigest())


def _check(download: Download, min_bytes: int, expected_sha256: str | None) -> Download:
    if len(download.data) < min_bytes:
        raise FetchError(
            f"{download.url}: only {len(download.data)} bytes, less than the {min_bytes} a list file has",
            url=download.url,
        )
    if expected_sha256 and download.sha256 != expected_sha256.lower():
        raise FetchError(
            f"{download.url}: sha256 {download.sha256} is not the expected {expected_sha256}",
            url=download.url,
        )
    return download
