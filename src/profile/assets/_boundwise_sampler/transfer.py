"""Counters the samples cannot give, installed when the program first needs them:
- request/response turns on sockets (a send after a receive starts a new exchange: a request on a
  pooled connection, a query to a database), counted at the user's line;
- bytes and time spent pickling to and from worker processes (multiprocessing's ForkingPickler,
  which process pools and their queues use), measured in this process and in the workers forked
  from it (they inherit the wrappers and add their own side into memory shared with this process:
  unpickling their tasks, pickling their results).

A worker's side is what it costs to receive the work; the rest of its CPU is the work itself. Workers
started without a fork (spawn, forkserver) run no wrapper: their side is then not measured."""
import mmap
import os
import struct
import sys
import threading
import time

from .procfs import ROOT_PID

# One slot per worker process forked from the profiled process: dumps calls, bytes, seconds, the
# same for loads, then tasks worked and their CPU seconds. More forks than slots: nothing reported.
WORKER_SLOTS = 256
SLOT = struct.Struct("8d")


class Meters:
    def __init__(self):
        self.sockets_watched = False
        self.pickling_watched = False
        self.turn = {}  # id(socket) -> "s" after a send, "r" after a receive
        self.dumps = [0, 0, 0.0]  # calls, bytes, seconds
        self.loads = [0, 0, 0.0]
        self.shared = None  # the workers' slots (an anonymous shared mapping), once pickling is watched
        self.forks = 0  # processes this process forked after pickling was watched
        self.slot = None  # in a worker: its slot in self.shared
        self.work = [0, 0.0]  # in a worker: tasks worked, CPU seconds between a task's unpickling and its result's pickling
        self.received = [None]  # in a worker: (thread, CPU clock) when that thread last unpickled a task

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
        work_acc = self.work
        received = self.received
        self.share_with_workers()
        publish = self.publish
        # The pickling thread's own CPU time: wall time would count its waits for the GIL and a core.
        clock = time.thread_time
        thread = threading.get_ident

        def dumps(obj, protocol=None):
            t = clock()
            # In a worker, a result pickled by the thread that unpickled a task ends that task: the
            # CPU between the two is the work (a pool's worker and a process executor's do both on
            # one thread; what it frees afterwards, before its next task, is left out).
            got = received[0]
            if got is not None and got[0] == thread():
                received[0] = None
                work_acc[0] += 1
                work_acc[1] += t - got[1]
            buf = real_dumps(obj, protocol)
            dumps_acc[2] += clock() - t
            dumps_acc[0] += 1
            dumps_acc[1] += len(buf)
            publish()
            return buf

        def loads(data, *args, **kwargs):
            t = clock()
            obj = real_loads(data, *args, **kwargs)
            done = clock()
            loads_acc[2] += done - t
            loads_acc[0] += 1
            loads_acc[1] += len(data)
            if self.slot is not None:
                received[0] = (thread(), done)
            publish()
            return obj

        # dumps is a classmethod (taken above already bound) and loads is pickle.loads: callers use
        # both through the class, so plain functions do.
        pickler.dumps = staticmethod(dumps)
        pickler.loads = staticmethod(loads)

    def share_with_workers(self):
        """Memory the workers forked from here write their side into, and the fork hooks that give
        each its slot (the profiled process counts its forks; a child takes the count it was forked
        at and starts from zero: what it inherited is this process's)."""
        if os.getpid() != ROOT_PID or not hasattr(os, "register_at_fork"):
            return
        try:
            self.shared = mmap.mmap(-1, WORKER_SLOTS * SLOT.size)
        except (OSError, ValueError):
            return

        def before():
            if os.getpid() == ROOT_PID:
                self.forks += 1

        def after_in_child():
            forked_by_root = os.getppid() == ROOT_PID
            self.slot = self.forks - 1 if forked_by_root and self.forks <= WORKER_SLOTS else None
            self.dumps[:] = [0, 0, 0.0]
            self.loads[:] = [0, 0, 0.0]
            self.work[:] = [0, 0.0]
            self.received[0] = None

        os.register_at_fork(before=before, after_in_child=after_in_child)

    def publish(self):
        """A worker's totals into its slot (the profiled process keeps its own in memory)."""
        if self.slot is not None:
            SLOT.pack_into(self.shared, self.slot * SLOT.size, *self.dumps, *self.loads, *self.work)

    def in_workers(self):
        """The workers' side added up: unpickling their tasks, pickling their results, and the work
        between the two; None when no forked worker pickled anything, or more were forked than
        there are slots."""
        if self.shared is None or self.forks > WORKER_SLOTS:
            return None
        slots = [SLOT.unpack_from(self.shared, i * SLOT.size) for i in range(self.forks)]
        measured = [s for s in slots if s[0] or s[3]]
        if not measured:
            return None
        total = [sum(s[i] for s in measured) for i in range(8)]
        return {
            "workers": len(measured),
            "forks": self.forks,
            "results": {"calls": int(total[0]), "bytes": int(total[1]), "ms": round(total[2] * 1000.0, 1)},
            "tasks": {"calls": int(total[3]), "bytes": int(total[4]), "ms": round(total[5] * 1000.0, 1)},
            "work": {"tasks": int(total[6]), "ms": round(total[7] * 1000.0, 1)},
        }

    def result(self):
        workers = self.in_workers()
        return {
            "toWorkers": {"calls": self.dumps[0], "bytes": self.dumps[1], "ms": round(self.dumps[2] * 1000.0, 1)},
            "fromWorkers": {"calls": self.loads[0], "bytes": self.loads[1], "ms": round(self.loads[2] * 1000.0, 1)},
            **({"inWorkers": workers} if workers else {}),
        }
