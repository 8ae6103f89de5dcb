"""Downloads against a local server: success, retries with backoff, timeouts, truncation, sanity."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator

import pytest

from tests.listserver import ListServer, serve
from zaslon.exc import FetchError
from zaslon.sources.fetch import fetch

BODY = ("#toy 2026-01-01\n" + "".join(f"{i}|Person|Person {i}\n" for i in range(100))).encode()


@pytest.fixture(scope="module")
def server() -> Iterator[ListServer]:
    with serve() as s:
        s.files["/toy.txt"] = BODY
        s.files["/tiny.txt"] = b"#toy\n"
        s.slow_seconds = 1.5
        yield s


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_a_good_download(server: ListServer) -> None:
    got = fetch(server.url("toy.txt"), timeout=5, retries=0)
    assert got.data == BODY
    assert got.sha256 == hashlib.sha256(BODY).hexdigest()
    assert got.url == server.url("toy.txt")


def test_server_errors_are_retried_with_exponential_backoff(server: ListServer) -> None:
    sleeps = Sleeps()
    with pytest.raises(FetchError, match=r"error/a\.txt: the server answered 500.*after 4 attempts"):
        fetch(server.url("error/a.txt"), timeout=5, retries=3, backoff=0.5, sleep=sleeps)
    assert sleeps == [0.5, 1.0, 2.0]
    assert server.hits["/error/a.txt"] == 4


def test_a_passing_failure_is_overcome_by_a_retry(server: ListServer) -> None:
    sleeps = Sleeps()
    assert fetch(server.url("flaky/toy.txt"), timeout=5, retries=2, sleep=sleeps).data == BODY
    assert len(sleeps) == 1


def test_not_found_is_not_retried(server: ListServer) -> None:
    sleeps = Sleeps()
    with pytest.raises(FetchError, match=r"missing\.txt: the server answered 404"):
        fetch(server.url("missing.txt"), timeout=5, retries=3, sleep=sleeps)
    assert sleeps == [] and server.hits["/missing.txt"] == 1


def test_a_silent_server_times_out(server: ListServer) -> None:
    start = time.perf_counter()
    with pytest.raises(FetchError, match=r"slow/x\.txt: no answer within 0.2 s \(gave up after 2 attempts\)"):
        fetch(server.url("slow/x.txt"), timeout=0.2, retries=1, backoff=0.01)
    assert time.perf_counter() - start < 1.5


def test_a_body_cut_short_is_refused(server: ListServer) -> None:
    with pytest.raises(FetchError, match=r"cut/toy\.txt: .*(incomplete|truncated|peer closed)"):
        fetch(server.url("cut/toy.txt"), timeout=5, retries=1, sleep=Sleeps())
    assert server.hits["/cut/toy.txt"] == 2


def test_a_tiny_file_is_refused(server: ListServer) -> None:
    with pytest.raises(FetchError, match=r"tiny\.txt: only 5 bytes"):
        fetch(server.url("tiny.txt"), timeout=5, retries=0)


def test_size_cap_and_checksum(server: ListServer) -> None:
    with pytest.raises(FetchError, match="more than the 100 bytes allowed"):
        fetch(server.url("toy.txt"), timeout=5, retries=0, max_bytes=100)
    with pytest.raises(FetchError, match="sha256 .* is not the expected"):
        fetch(server.url("toy.txt"), timeout=5, retries=0, expected_sha256="0" * 64)
    good = hashlib.sha256(BODY).hexdigest().upper()
    assert fetch(server.url("toy.txt"), timeout=5, retries=0, expected_sha256=good).data == BODY


def test_an_unreachable_address(server: ListServer) -> None:
    with pytest.raises(FetchError, match="download failed"):
        fetch("http://127.0.0.1:9/none.txt", timeout=1, retries=0)
