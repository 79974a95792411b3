#!/usr/bin/env python3
"""A new side that resets every connection: it reads a request, then closes with SO_LINGER 0 (TCP RST, no
answer). For scripts/bench-shadow. Usage: reset-server.py PORT (listens on 127.0.0.1 until killed)."""
import selectors
import socket
import struct
import sys

RESET = struct.pack("ii", 1, 0)  # l_onoff 1, l_linger 0: close() sends RST

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", int(sys.argv[1])))
listener.listen(4096)
listener.setblocking(False)
selector = selectors.DefaultSelector()
selector.register(listener, selectors.EVENT_READ)
while True:
    for key, _ in selector.select():
        if key.fileobj is listener:
            try:
                connection, _ = listener.accept()
            except BlockingIOError:
                continue
            connection.setblocking(False)
            selector.register(connection, selectors.EVENT_READ)
            continue
        connection = key.fileobj
        try:
            data = connection.recv(65536)
        except (BlockingIOError, ConnectionError):
            data = b"x"
        if data and b"\r\n\r\n" not in data:
            continue  # the rest of the head is still coming
        selector.unregister(connection)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)
        connection.close()
