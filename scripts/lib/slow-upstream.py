#!/usr/bin/env python3
"""A deliberately slow HTTP/1.1 upstream for scripts/bench-shadow.

Usage: slow-upstream.py PORT DELAY_SECONDS BODY_FILE

Answers every request with BODY_FILE (application/json) DELAY_SECONDS after its head arrived, on
keep-alive connections (pipelined requests are answered in order). asyncio Protocol, one thread, so
thousands of requests can wait at once for little CPU. GET /__count answers at once with
{"received", "answered", "active", "max_active", "connections", "max_connections"} and is not counted;
GET /__count?reset does the same, then restarts the two high-water marks.
"""
import asyncio
import json
import signal
import sys

port = int(sys.argv[1])
delay = float(sys.argv[2])
with open(sys.argv[3], "rb") as f:
    body = f.read()
response = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
) + body
stats = {"received": 0, "answered": 0, "active": 0, "max_active": 0, "connections": 0, "max_connections": 0}
MAX_HEAD = 65536


class Slow(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buf = b""
        self.need_body = 0
        self.close_after = False
        stats["connections"] += 1
        stats["max_connections"] = max(stats["max_connections"], stats["connections"])

    def connection_lost(self, exc):
        stats["connections"] -= 1

    def data_received(self, data):
        self.buf += data
        while True:
            if self.need_body:
                take = min(self.need_body, len(self.buf))
                self.buf = self.buf[take:]
                self.need_body -= take
                if self.need_body:
                    return
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buf) > MAX_HEAD:
                    self.transport.close()
                return
            head = self.buf[:end].split(b"\r\n")
            self.buf = self.buf[end + 4:]
            parts = head[0].split(b" ")
            target = parts[1] if len(parts) > 1 else b"/"
            for line in head[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    self.need_body = int(value.strip() or 0)
                elif name == b"connection" and value.strip().lower() == b"close":
                    self.close_after = True
            if target.startswith(b"/__count"):
                payload = json.dumps(stats).encode()
                if b"reset" in target:  # start new high-water marks
                    stats["max_active"] = stats["active"]
                    stats["max_connections"] = stats["connections"]
                self.transport.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                    % len(payload) + payload
                )
                continue
            stats["received"] += 1
            stats["active"] += 1
            stats["max_active"] = max(stats["max_active"], stats["active"])
            # Same delay for every request, so call_later keeps pipelined answers in order.
            asyncio.get_running_loop().call_later(delay, self.answer, self.close_after)

    def answer(self, close):
        stats["active"] -= 1
        if self.transport.is_closing():
            return
        self.transport.write(response)
        stats["answered"] += 1
        if close:
            self.transport.close()


async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Slow, "127.0.0.1", port, backlog=4096, reuse_address=True)
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set_result, None)
    print(f"slow upstream on 127.0.0.1:{port}, delay {delay}s", flush=True)
    await stop
    server.close()
    print("stopping: " + json.dumps(stats), flush=True)


asyncio.run(main())
