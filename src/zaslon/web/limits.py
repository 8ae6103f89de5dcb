"""Refusing oversized request bodies before they are read (pure ASGI middleware).

A declared ``Content-Length`` over the limit is refused at once; a body sent
without one (chunked) is counted as it arrives and refused when it passes the
limit.  Either way the answer is 413 in the one error shape.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zaslon.web.errors import error_response


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes or declared < 0:
                    await self._refuse(scope, receive, send, declared)
                    return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if started:  # pragma: no cover - a route answered before reading its whole body
                raise
            await self._refuse(scope, receive, send, seen)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, size: int) -> None:
        if size < 0:
            response = error_response(400, "bad_request", "invalid Content-Length header", field="Content-Length",
                                      expected="a non-negative integer")  # fmt: skip
        else:
            response = error_response(
                413,
                "payload_too_large",
                f"request body of {size} bytes is over the limit of {self.max_bytes} bytes",
                field="body",
                expected=f"at most {self.max_bytes} bytes (ZASLON_MAX_BODY_BYTES)",
            )
        await response(scope, receive, send)
