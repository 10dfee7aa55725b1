"""What a thread off the CPU waits for, at which call site, and how waits are counted."""
import unittest

from fakes import MAIN, module_script, make_sampler, stack, stdlib, tick  # first: puts the sampler's folder on sys.path
from _boundwise_sampler.waits import call_site, wait_kind


def setUpModule():
    global APP
    APP = module_script(
        "def main():",                      # 1
        "    time.sleep(0.5)",              # 2
        "    rows = conn.execute(query)",   # 3
        "    data = requests.get(url)",     # 4
        "    fetch(url)",                   # 5
        "    value = compute(x)",           # 6
        "    sock.recv(4096)",              # 7
        "    msg = json.loads(conn.recv(64))",  # 8
    )


def frames_of(leaf):
    out = []
    while leaf is not None:
        out.append(leaf)
        leaf = leaf.f_back
    return out[::-1]


class WaitKind(unittest.TestCase):
    def test_told_by_the_standard_library_file_the_thread_sits_in(self):
        for rel, kind in (("socket.py", "network"), ("ssl.py", "network"), ("http/client.py", "network"),
                          ("subprocess.py", "subprocess"), ("threading.py", "lock"), ("queue.py", "lock"),
                          ("concurrent/futures/thread.py", "lock"), ("multiprocessing/pool.py", "lock"), ("shutil.py", "disk")):
            with self.subTest(rel):
                s = frames_of(stack((APP, "main", 5), (stdlib(rel), "inner", 10)))
                self.assertEqual(wait_kind(s, False), kind)

    def test_told_by_a_package_anywhere_on_the_stack(self):
        s = frames_of(stack((APP, "main", 6), ("/venv/lib/site-packages/requests/api.py", "get", 3), ("/venv/lib/site-packages/other/x.py", "f", 1)))
        self.assertEqual(wait_kind(s, False), "network")
        s = frames_of(stack((APP, "main", 6), ("/venv/lib/site-packages/psycopg2/extras.py", "execute", 3)))
        self.assertEqual(wait_kind(s, False), "database")

    def test_told_by_the_text_of_the_line_for_a_c_call(self):
        for line, kind in ((2, "sleep"), (3, "database"), (4, "network"), (7, "network")):
            with self.subTest(line=line):
                self.assertEqual(wait_kind(frames_of(stack((APP, "main", line))), False), kind)

    def test_unexplained_is_the_gil_when_other_threads_ran_else_other(self):
        s = frames_of(stack((APP, "main", 6)))
        self.assertEqual(wait_kind(s, True), "gil")
        self.assertEqual(wait_kind(s, False), "other")


class CallSite(unittest.TestCase):
    def test_the_deepest_user_frame_and_the_function_it_calls(self):
        s = frames_of(stack((APP, "main", 5), (stdlib("urllib/request.py"), "urlopen", 200), (stdlib("socket.py"), "recv_into", 700)))
        self.assertEqual(call_site(s), (APP, 5, "urllib.request.urlopen", True))

    def test_a_c_call_at_the_user_leaf_is_named_from_the_line(self):
        self.assertEqual(call_site(frames_of(stack((APP, "main", 2)))), (APP, 2, "time.sleep", True))
        self.assertEqual(call_site(frames_of(stack((APP, "main", 3)))), (APP, 3, "conn.execute", True))
        # The waiting call, not the line's first: the dotted name that ends at the wait's match.
        self.assertEqual(call_site(frames_of(stack((APP, "main", 8)))), (APP, 8, "conn.recv", True))
        # No wait pattern on the line: its first call.
        self.assertEqual(call_site(frames_of(stack((APP, "main", 6)))), (APP, 6, "compute", True))

    def test_without_user_code_the_leaf_library_function(self):
        s = frames_of(stack((stdlib("threading.py"), "_bootstrap", 900), (stdlib("queue.py"), "get", 171)))
        self.assertEqual(call_site(s), (stdlib("queue.py"), 171, "queue.get", False))


class WaitCounting(unittest.TestCase):
    def test_off_cpu_samples_add_up_per_call_site_and_kind(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "main", 2)))
        threads.add(2, 12, stack((APP, "main", 5), (stdlib("socket.py"), "recv", 10)))
        tick(sampler, clock, 0.010)
        tick(sampler, clock, 0.020)
        tick(sampler, clock, 0.010, cpu={11: 0.010})  # main computes in this tick: no wait
        self.assertEqual(sampler.waits, {
            (APP, 2, "time.sleep", True, "sleep"): [30.0, 2],
            (APP, 5, "socket.recv", True, "network"): [40.0, 3],
        })
        self.assertEqual(sampler.wait_kinds, {"sleep": 30.0, "network": 40.0})

    def test_io_time_counts_each_interval_once_and_the_threads_waiting_in_it(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "main", 2)))
        threads.add(2, 12, stack((APP, "main", 7)))
        threads.add(3, 13, stack((APP, "main", 6)))  # computing
        tick(sampler, clock, 0.010, cpu={13: 0.010})
        tick(sampler, clock, 0.010, cpu={13: 0.010})
        self.assertEqual(sampler.io_ms, 20.0)
        self.assertEqual(sampler.io_thread_ms, 40.0)
        self.assertEqual(sampler.max_io, 2)

    def test_waits_on_the_gil_or_unexplained_are_kinds_without_a_call_site(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "main", 6)))
        threads.add(2, 12, stack((APP, "main", 6)))
        tick(sampler, clock, 0.010, cpu={12: 0.010})
        self.assertEqual(sampler.wait_kinds, {"gil": 10.0})
        self.assertEqual(sampler.waits, {})
        self.assertEqual(sampler.io_ms, 0.0)

    def test_two_threads_that_each_ran_a_little_make_the_other_waits_gil(self):
        # Neither was on the CPU half the interval, both ran: they took turns on the GIL.
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "main", 6)))
        threads.add(2, 12, stack((APP, "main", 6)))
        tick(sampler, clock, 0.010, cpu={11: 0.004, 12: 0.004})
        self.assertEqual(sampler.wait_kinds, {"gil": 20.0})


if __name__ == "__main__":
    unittest.main()
