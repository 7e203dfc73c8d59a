"""Real sockets in the states the network findings look for, for netfiles tests (never shipped).

Usage: net-peers.py MODE ARGS...; prints one line once the state exists (checked, not assumed), then obeys
commands on stdin, one per line ("close": close what it holds, answers "closed"); exits when stdin closes,
so it never outlives the test that started it.

  never-accept N        a listener that never accepts, with N connections waiting in its accept queue -> "PORT"
  close-wait N          N connections whose peer closed and that this process never closes -> "PORT"
  never-read BYTES      one connection that received BYTES (or all the kernel would take) never read -> "PORT QUEUED"
  syn-sent N HOST PORT  N connection attempts to HOST:PORT that nobody answers -> "ready"
  time-wait N           N connections closed by their client first (the client end lingers in TIME_WAIT) -> "PORT"
"""
import fcntl
import select
import socket
import struct
import sys
import termios
import time

DEADLINE_S = 30


def listener(backlog=1024):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(backlog)
    return s, s.getsockname()[1]


def unread(sock):
    return struct.unpack("i", fcntl.ioctl(sock, termios.FIONREAD, b"\0\0\0\0"))[0]


def until(check, what):
    end = time.monotonic() + DEADLINE_S
    while not check():
        if time.monotonic() > end:
            sys.exit(f"net-peers: timed out waiting for {what}")
        time.sleep(0.01)


def peer_closed(sock):
    """The peer's FIN has arrived: a peek sees end of file without consuming anything."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    held = []
    if mode == "never-accept":
        srv, port = listener()
        held.append(srv)
        for _ in range(int(args[0])):
            c = socket.create_connection(("127.0.0.1", port))
            held.append(c)
        ready = str(port)
    elif mode == "close-wait":
        srv, port = listener()
        held.append(srv)
        for _ in range(int(args[0])):
            c = socket.create_connection(("127.0.0.1", port))
            conn, _ = srv.accept()
            c.close()
            until(lambda: peer_closed(conn), "the peer's FIN")
            held.append(conn)
        srv.close()
        held.remove(srv)
        ready = str(port)
    elif mode == "never-read":
        srv, port = listener()
        c = socket.create_connection(("127.0.0.1", port))
        conn, _ = srv.accept()
        srv.close()
        c.setblocking(False)
        want = int(args[0])
        sent = 0
        last = (time.monotonic(), -1)
        chunk = b"x" * 65536
        # Send at most what was asked; done when the reader's queue holds it, or when it has not grown for a
        # second (the kernel takes no more: the reader's receive buffer is full).
        while unread(conn) < want:
            queued = unread(conn)
            if queued != last[1]:
                last = (time.monotonic(), queued)
            elif time.monotonic() - last[0] > 1:
                break
            if sent < want:
                try:
                    sent += c.send(chunk[: min(len(chunk), want - sent)])
                    continue
                except BlockingIOError:
                    pass
            time.sleep(0.01)
        held += [c, conn]
        ready = f"{port} {unread(conn)}"
    elif mode == "syn-sent":
        n, host, port = int(args[0]), args[1], int(args[2])
        for _ in range(n):
            c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            c.setblocking(False)
            err = c.connect_ex((host, port))
            if err not in (115,):  # EINPROGRESS: the SYN is out, no answer yet
                sys.exit(f"net-peers: connect to {host}:{port} gave errno {err}, not EINPROGRESS")
            held.append(c)
        ready = "ready"
    elif mode == "time-wait":
        srv, port = listener()
        for _ in range(int(args[0])):
            c = socket.create_connection(("127.0.0.1", port))
            conn, _ = srv.accept()
            c.close()
            until(lambda: peer_closed(conn), "the client's FIN")
            conn.close()  # the client end, which closed first, now waits in TIME_WAIT
        srv.close()
        ready = str(port)
    else:
        sys.exit(f"net-peers: unknown mode {mode!r}")
    print(ready, flush=True)
    for line in sys.stdin:
        if line.strip() == "close":
            for s in held:
                s.close()
            held.clear()
            print("closed", flush=True)


if __name__ == "__main__":
    main()
