"""A local HTTP server for download tests: loopback, ephemeral port, a thread.

``ListServer.files`` maps a path to the bytes served there; special paths
misbehave on purpose:

* ``/slow/...``      waits ``slow_seconds`` before answering (a timeout)
* ``/error/...``     always answers 500
* ``/flaky/<path>``  answers 503 once, then serves ``<path>``
* ``/cut/<path>``    announces the full length of ``<path>`` but sends half and hangs up
* anything unknown   404
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ListServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files: dict[str, bytes] = {}
        self.hits: Counter[str] = Counter()
        self.slow_seconds = 2.0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"


class _Handler(BaseHTTPRequestHandler):
    server: ListServer

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        path = self.path
        self.server.hits[path] += 1
        if path.startswith("/slow/"):
            time.sleep(self.server.slow_seconds)
            self._send(200, b"late" * 100)
        elif path.startswith("/error/"):
            self._send(500, b"Internal Server Error")
        elif path.startswith("/flaky/") and self.server.hits[path] == 1:
            self._send(503, b"try later")
        elif path.startswith("/cut/") and (body := self.server.files.get(path[4:])) is not None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        else:
            key = path[6:] if path.startswith("/flaky/") else path
            body = self.server.files.get(key)
            if body is None:
                self._send(404, b"Not Found")
            else:
                self._send(200, body)

    def _send(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
            pass


@contextmanager
def serve() -> Iterator[ListServer]:
    server = ListServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
