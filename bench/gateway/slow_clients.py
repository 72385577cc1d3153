#!/usr/bin/env python3
"""Hostile slow clients against a gateway on loopback (bench/slow-clients.sh runs it).

1. One chunked upload that stops after 300 KB, next to 50 valid chunked requests of 300 KB each:
   how many valid ones are answered 200, how many get 503, and what the stalled one gets.
2. N sockets sending half a header and N sending half of a 1,000-byte body: how many the gateway
   has closed after 5, 15 and 25 s, while one normal request is timed beside them.
3. A 10 MB header: what the client reads back (431, or a reset).
"""
import http.client
import selectors
import socket
import sys
import threading
import time

HOST, PORT, KEY, N = "127.0.0.1", int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
AUTH = "Authorization: Bearer " + KEY + "\r\n"


def chat_body(fill):
    return ('{"model":"fast","messages":[{"role":"user","content":"' + fill + '"}]}').encode()


def valid_chunked(results, index):
    try:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        body = chat_body("y" * 300_000)
        chunks = (body[i:i + 65536] for i in range(0, len(body), 65536))
        conn.request("POST", "/v1/chat/completions", body=chunks, encode_chunked=True,
                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + KEY})
        results[index] = conn.getresponse().status
    except Exception as e:  # a reset is a result too
        results[index] = type(e).__name__


def stalled_upload():
    s = socket.create_connection((HOST, PORT))
    s.settimeout(90)
    part = chat_body("x" * 300_000)[:-4]
    s.sendall(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\n"
               "Transfer-Encoding: chunked\r\n\r\n%x\r\n" % len(part)).encode() + part + b"\r\n")
    return s


def first_line(s):
    started = time.time()
    try:
        data = s.recv(200)
        return (data.split(b"\r\n")[0].decode() or "closed"), time.time() - started
    except Exception as e:
        return type(e).__name__, time.time() - started


def part1():
    stalled = stalled_upload()
    time.sleep(0.3)
    results = [None] * 50
    threads = [threading.Thread(target=valid_chunked, args=(results, i)) for i in range(50)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    answer, waited = first_line(stalled)
    ok = sum(1 for r in results if r == 200)
    busy = sum(1 for r in results if r == 503)
    print(f"stalled chunked upload + 50 valid chunked: {ok} answered 200, {busy} got 503, "
          f"others {[r for r in results if r not in (200, 503)]}; the 50 took {elapsed:.1f} s; "
          f"the stalled one got '{answer}' after {waited + 0.3:.1f} s more")
    stalled.close()


def part2():
    """Each socket's time from its last byte to the gateway closing it (or answering 408)."""
    sockets = {}
    selector = selectors.DefaultSelector()
    closed = {"header": [], "body": []}

    def poll(timeout):
        for key, _ in selector.select(timeout=timeout):
            s = key.fileobj
            kind, sent_at = sockets.pop(s)
            selector.unregister(s)
            try:
                s.recv(4096)
            except OSError:
                pass
            closed[kind].append(time.time() - sent_at)
            s.close()

    def opened(s, kind):
        sockets[s] = (kind, time.time())
        selector.register(s, selectors.EVENT_READ)

    began = time.time()
    pairs = 0
    for i in range(N):
        try:
            h = socket.create_connection((HOST, PORT))
            h.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            opened(h, "header")
            b = socket.create_connection((HOST, PORT))
            b.sendall(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json"
                       "\r\nContent-Length: 1000\r\n\r\n").encode() + b'{"model":"fast","messages":' + b"[" * 100)
            opened(b, "body")
            pairs += 1
        except OSError as e:
            print(f"  opening socket pair {i + 1} failed: {type(e).__name__} (the gateway stopped accepting)")
            break
        if i % 50 == 0:
            poll(0)
    started = time.time()
    try:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        conn.request("POST", "/v1/chat/completions", body=chat_body("hi"),
                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + KEY})
        status = conn.getresponse().status
    except OSError as e:
        status = type(e).__name__
    print(f"{pairs} half-header and {pairs} half-body sockets opened in {started - began:.1f} s ({len(sockets)} still"
          f" open then); a normal request beside them: {status} in {(time.time() - started) * 1000:.0f} ms")
    deadline = time.time() + 45
    while sockets and time.time() < deadline:
        poll(0.2)
    for kind in ("header", "body"):
        times = sorted(closed[kind])
        still = sum(1 for k, _ in sockets.values() if k == kind)
        if times:
            print(f"  half-{kind} sockets: {len(times)}/{N} cut off, {times[0]:.1f} s / {times[len(times) // 2]:.1f} s / "
                  f"{times[-1]:.1f} s after their last byte (min / median / max); {still} still open 45 s later")
        else:
            print(f"  half-{kind} sockets: none cut off; {still} still open 45 s later")
    for s in sockets:
        s.close()


def part3():
    """A 10 MB header: whether the client's write fails, and what it can read afterwards."""
    try:
        s = socket.create_connection((HOST, PORT))
    except OSError as e:
        print(f"10 MB header: cannot connect ({type(e).__name__})")
        return
    s.settimeout(30)
    try:
        s.sendall(b"GET /health/liveliness HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 10_000_000 + b"\r\n\r\n")
        sent = "sent whole"
    except OSError as e:
        sent = f"the write failed ({type(e).__name__})"
    answer, _ = first_line(s)
    print(f"10 MB header: {sent}; read afterwards: '{answer}'")
    s.close()


part1()
part2()
part3()
