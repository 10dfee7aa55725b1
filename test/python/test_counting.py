"""Calls counted per user call site (audit events, socket turns) and the bytes pickled to and from
worker processes. This test file is the "user's code" here: it is neither a library nor the sampler."""
import os
import socket
import sys
import time
import types
import unittest

from fakes import stdlib  # first: puts the sampler's folder on sys.path
from _boundwise_sampler.audit import AuditCounts
from _boundwise_sampler.transfer import Meters


def line_of_next_call():
    return sys._getframe(1).f_lineno + 1


class AuditEvents(unittest.TestCase):
    def test_a_blocking_event_counts_at_the_line_that_raised_it(self):
        counts = AuditCounts(Meters())
        for _ in range(3):
            line = line_of_next_call()
            counts.audit("time.sleep", (0.1,))
        counts.audit("socket.connect", (None, ("127.0.0.1", 80)))
        self.assertEqual(counts.audit_sites[(__file__, line, "time.sleep")], 3)
        self.assertEqual(counts.audit_totals, {"time.sleep": 3, "socket.connect": 1})
        audit, totals = counts.result()
        self.assertEqual(audit[0], {"file": __file__, "line": line, "event": "time.sleep", "count": 3})

    def test_through_a_library_the_count_goes_to_the_users_line(self):
        # A library function (compiled as if in the standard library) raises the event for the user.
        namespace = {}
        exec(compile("def relay(counts):\n    counts.audit('socket.connect', ())\n", stdlib("bw_test_relay.py"), "exec"), namespace)
        counts = AuditCounts(Meters())
        line = line_of_next_call()
        namespace["relay"](counts)
        self.assertEqual(counts.audit_sites, {(__file__, line, "socket.connect"): 1})

    def test_other_events_are_not_counted(self):
        counts = AuditCounts(Meters())
        counts.audit("open", ("x", "r", 0))
        counts.audit("os.fork", ())  # starts the pickling meter only
        self.assertEqual((counts.audit_sites, counts.audit_totals), ({}, {}))

    def test_one_http_request_per_request_line_not_per_send(self):
        counts = AuditCounts(Meters())
        counts.audit("http.client.send", (None, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        counts.audit("http.client.send", (None, b'{"body": 1}'))
        counts.audit("http.client.send", (None, b"POST /a HTTP/1.1\r\n\r\n"))
        self.assertEqual(counts.audit_totals, {"http.request": 2})


class SocketTurns(unittest.TestCase):
    def setUp(self):
        self.saved = {name: getattr(socket.socket, name) for name in ("send", "sendall", "sendmsg", "recv", "recv_into", "recvmsg") if hasattr(socket.socket, name)}

    def tearDown(self):
        for name, method in self.saved.items():
            setattr(socket.socket, name, method)

    def test_a_send_after_a_receive_is_one_more_exchange(self):
        counts = AuditCounts(Meters())
        counts.audit("socket.__new__", ())
        a, b = socket.socketpair()
        try:
            line = line_of_next_call()
            a.send(b"q1"); a.send(b"more"); b.recv(10); b.send(b"r1"); a.recv(10); a.send(b"q2")  # noqa: E702
        finally:
            a.close()
            b.close()
        # Turns: a's first sends (one exchange), b's reply, a's next request: three.
        self.assertEqual(counts.audit_sites, {(__file__, line, "socket.exchange"): 3})


class FakeForkingPickler:
    @classmethod
    def dumps(cls, obj, protocol=None):
        return repr(obj).encode()

    loads = staticmethod(lambda data, *a, **k: data.decode())


class Pickling(unittest.TestCase):
    def setUp(self):
        self.saved = sys.modules.get("multiprocessing.reduction")
        sys.modules["multiprocessing.reduction"] = types.SimpleNamespace(ForkingPickler=FakeForkingPickler)
        self.real = (FakeForkingPickler.__dict__["dumps"], FakeForkingPickler.__dict__["loads"])

    def tearDown(self):
        FakeForkingPickler.dumps, FakeForkingPickler.loads = self.real
        if self.saved is None:
            del sys.modules["multiprocessing.reduction"]
        else:
            sys.modules["multiprocessing.reduction"] = self.saved

    def test_calls_and_bytes_each_way(self):
        meters = Meters()
        meters.watch_pickling()
        self.assertEqual(FakeForkingPickler.dumps([1, 2, 3]), b"[1, 2, 3]")
        FakeForkingPickler.dumps("abc")
        self.assertEqual(FakeForkingPickler.loads(b"12345"), "12345")
        result = meters.result()
        self.assertEqual((result["toWorkers"]["calls"], result["toWorkers"]["bytes"]), (2, 14))
        self.assertEqual((result["fromWorkers"]["calls"], result["fromWorkers"]["bytes"]), (1, 5))

    @unittest.skipUnless(hasattr(os, "fork"), "a worker is a forked process")
    def test_a_forked_worker_measures_its_side_and_its_work_into_shared_memory(self):
        meters = Meters()
        meters.watch_pickling()
        pid = os.fork()
        if pid == 0:  # the worker: receive a task, work on it, send its result
            code = 1
            try:
                task = FakeForkingPickler.loads(b"12345")
                end = time.thread_time() + 0.05
                while time.thread_time() < end:
                    pass
                FakeForkingPickler.dumps(task)
                time.sleep(0.01)  # after the result: the worker's upkeep, not the task's work
                code = 0
            finally:
                os._exit(code)
        self.assertEqual(os.waitpid(pid, 0)[1], 0)
        result = meters.result()
        # This process pickled and unpickled nothing itself: the worker's calls are its own.
        self.assertEqual((result["toWorkers"]["calls"], result["fromWorkers"]["calls"]), (0, 0))
        workers = result["inWorkers"]
        self.assertEqual((workers["workers"], workers["forks"]), (1, 1))
        self.assertEqual((workers["tasks"]["calls"], workers["tasks"]["bytes"]), (1, 5))
        self.assertEqual((workers["results"]["calls"], workers["results"]["bytes"]), (1, len(repr("12345"))))
        self.assertEqual(workers["work"]["tasks"], 1)
        self.assertGreaterEqual(workers["work"]["ms"], 45.0)
        self.assertLess(workers["work"]["ms"], 1000.0)

    def test_no_worker_side_without_a_forked_worker(self):
        meters = Meters()
        meters.watch_pickling()
        FakeForkingPickler.dumps([1])
        FakeForkingPickler.loads(b"1")
        self.assertNotIn("inWorkers", meters.result())

    def test_installed_once(self):
        meters = Meters()
        meters.watch_pickling()
        meters.watch_pickling()
        FakeForkingPickler.dumps(1)
        self.assertEqual(meters.result()["toWorkers"]["calls"], 1)


if __name__ == "__main__":
    unittest.main()
