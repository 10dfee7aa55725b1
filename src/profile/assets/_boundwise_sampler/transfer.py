"""Counters the samples cannot give, installed when the program first needs them:
- request/response turns on sockets (a send after a receive starts a new exchange: a request on a
  pooled connection, a query to a database), counted at the user's line;
- bytes and time spent pickling to and from worker processes (multiprocessing's ForkingPickler,
  which process pools and their queues use), measured in this process."""
import os
import sys
import time

from .procfs import ROOT_PID


class Meters:
    def __init__(self):
        self.sockets_watched = False
        self.pickling_watched = False
        self.turn = {}  # id(socket) -> "s" after a send, "r" after a receive
        self.dumps = [0, 0, 0.0]  # calls, bytes, seconds
        self.loads = [0, 0, 0.0]

    def watch_sockets(self, counter):
        """Wraps socket sends and receives; counter.count_at_site("socket.exchange") at each turn."""
        if self.sockets_watched or os.getpid() != ROOT_PID:
            return
        self.sockets_watched = True
        import socket

        turn = self.turn
        cls = socket.socket

        def sending(real):
            def send(sock, *args, **kwargs):
                key = id(sock)
                if turn.get(key) != "s":
                    turn[key] = "s"
                    if len(turn) > 4096:
                        turn.clear()
                    counter.count_at_site("socket.exchange")
                return real(sock, *args, **kwargs)
            return send

        def receiving(real):
            def recv(sock, *args, **kwargs):
                turn[id(sock)] = "r"
                return real(sock, *args, **kwargs)
            return recv

        for name in ("send", "sendall", "sendmsg"):
            if hasattr(cls, name):
                setattr(cls, name, sending(getattr(cls, name)))
        for name in ("recv", "recv_into", "recvmsg"):
            if hasattr(cls, name):
                setattr(cls, name, receiving(getattr(cls, name)))

    def watch_pickling(self):
        if self.pickling_watched:
            return
        # The module can be in sys.modules while it is still being imported (another thread).
        pickler = getattr(sys.modules.get("multiprocessing.reduction"), "ForkingPickler", None)
        if pickler is None or not hasattr(pickler, "dumps"):
            return
        self.pickling_watched = True
        real_dumps = pickler.dumps
        real_loads = pickler.loads
        dumps_acc = self.dumps
        loads_acc = self.loads
        # The pickling thread's own CPU time: wall time would count its waits for the GIL and a core.
        clock = time.thread_time

        def dumps(obj, protocol=None):
            t = clock()
            buf = real_dumps(obj, protocol)
            dumps_acc[2] += clock() - t
            dumps_acc[0] += 1
            dumps_acc[1] += len(buf)
            return buf

        def loads(data, *args, **kwargs):
            t = clock()
            obj = real_loads(data, *args, **kwargs)
            loads_acc[2] += clock() - t
            loads_acc[0] += 1
            loads_acc[1] += len(data)
            return obj

        # dumps is a classmethod (taken above already bound) and loads is pickle.loads: callers use
        # both through the class, so plain functions do.
        pickler.dumps = staticmethod(dumps)
        pickler.loads = staticmethod(loads)

    def result(self):
        return {
            "toWorkers": {"calls": self.dumps[0], "bytes": self.dumps[1], "ms": round(self.dumps[2] * 1000.0, 1)},
            "fromWorkers": {"calls": self.loads[0], "bytes": self.loads[1], "ms": round(self.loads[2] * 1000.0, 1)},
        }
