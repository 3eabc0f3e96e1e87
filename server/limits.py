"""Request limits at the HTTP edge: a body larger than `max_body_bytes` gets 413 before it is
parsed; headers larger than `max_header_bytes` together get 431 before anything reads them."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, per_path: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = per_path or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(send, limit)
            return
        # Without a trustworthy length, read the body up to the limit and replay it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            size += len(message.get("body", b""))
            if size > limit:
                await self._too_large(send, limit)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send, limit: int) -> None:
        payload = json.dumps({
            "errors": [{
                "message": f"请求体过大，上限 {limit} 字节 (request body larger than {limit} bytes)",
                "extensions": {"code": "PAYLOAD_TOO_LARGE"},
            }]
        }, ensure_ascii=False).encode()
        await send({
            "type": "http.response.start", "status": 413,
            "headers": [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(payload)).encode())],
        })
        await send({"type": "http.response.body", "body": payload})


class HeaderSizeLimit:
    """431 for a request whose headers are larger than `max_bytes` together (names and values).

    uvicorn's default parser (httptools) sets no limit of its own: an 8 MB header reached the app.
    The check is here so every ASGI server, and the tests' in-process transport, gets it.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = sum(len(name) + len(value) for name, value in scope["headers"])
            if size > self.max_bytes:
                payload = json.dumps({"errors": [{
                    "message": f"请求头过大，合计上限 {self.max_bytes} 字节 (request headers larger than {self.max_bytes} bytes)",
                    "extensions": {"code": "REQUEST_HEADER_FIELDS_TOO_LARGE"},
                }]}, ensure_ascii=False).encode()
                await send({
                    "type": "http.response.start", "status": 431,
                    "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                (b"content-length", str(len(payload)).encode()), (b"connection", b"close")],
                })
                await send({"type": "http.response.body", "body": payload})
                return
        await self.app(scope, receive, send)
