"""What the asyncio event loop was doing, from the frames of its _run_once and the callback it runs."""
import asyncio  # noqa: F401  (the sampler looks for asyncio only once it is imported)
import unittest

from fakes import MAIN, module_script, make_sampler, stack, stdlib, tick


def setUpModule():
    global APP
    APP = module_script("async def handler():", "    rows = fetch_all()", "    return digest(rows)", "asyncio.run(main())")


class FakeSelector:
    def __init__(self, fds):
        self.fds = fds

    def get_map(self):
        return dict.fromkeys(range(self.fds))


class FakeLoop:
    def __init__(self, fds, timers):
        self._selector = FakeSelector(fds)
        self._scheduled = [None] * timers


def run_once(*inner, loop=None):
    calls = [(APP, "<module>", 4), (stdlib("asyncio/base_events.py"), "run_forever", 600), (stdlib("asyncio/base_events.py"), "_run_once", 1900)]
    return stack(*(calls + list(inner)), f_locals={"self": loop} if loop is not None and not inner else None)


def callback_frame_of(frame):
    while frame.f_code.co_name != "_run":
        frame = frame.f_back
    return frame


class LoopState(unittest.TestCase):
    def test_a_callback_running_two_ticks_or_more_and_20_ms_is_an_event_at_its_user_line(self):
        sampler, clock, threads = make_sampler()
        busy = run_once((stdlib("asyncio/events.py"), "_run", 80), (APP, "handler", 3))
        threads.add(MAIN, 11, busy)
        for _ in range(3):
            tick(sampler, clock, 0.010, cpu={11: 0.010})
        # The loop goes idle: the interval closes.
        threads.add(MAIN, 11, run_once(loop=FakeLoop(fds=3, timers=1)))
        tick(sampler, clock, 0.010)
        loop = sampler.loops.loop
        self.assertEqual(loop["events"], [{"atMs": 10.0, "ms": 30.0, "onCpu": True, "file": APP, "line": 3, "call": "digest"}])
        self.assertEqual(loop["busyCpuMs"], 30.0)
        self.assertEqual(loop["idleMs"], 10.0)
        # Three fds minus the loop's self-pipe, and one timer: three things in flight.
        self.assertEqual(loop["inflightMs"], 30.0)
        self.assertEqual(sampler.io_thread_ms, 30.0)
        self.assertEqual(sampler.wait_kinds, {"loop-idle": 10.0})

    def test_a_callback_seen_at_one_tick_only_is_no_event(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, run_once((stdlib("asyncio/events.py"), "_run", 80), (APP, "handler", 3)))
        tick(sampler, clock, 0.050, cpu={11: 0.050})
        sampler.loops.close_all()
        self.assertEqual(sampler.loops.loop["events"], [])

    def test_a_callback_blocked_off_the_cpu_is_blocked_time_and_its_wait(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, run_once((stdlib("asyncio/events.py"), "_run", 80), (APP, "handler", 2), (stdlib("socket.py"), "recv", 5)))
        tick(sampler, clock, 0.015)
        tick(sampler, clock, 0.015)
        sampler.loops.close_all()
        loop = sampler.loops.loop
        self.assertEqual(loop["blockedMs"], 30.0)
        self.assertEqual(loop["events"], [{"atMs": 15.0, "ms": 30.0, "onCpu": False, "file": APP, "line": 2, "call": "socket.recv"}])
        self.assertEqual(sampler.waits, {(APP, 2, "socket.recv", True, "network"): [30.0, 2]})

    def test_two_callbacks_one_after_another_are_two_intervals(self):
        sampler, clock, threads = make_sampler()
        first = run_once((stdlib("asyncio/events.py"), "_run", 80), (APP, "handler", 3))
        threads.add(MAIN, 11, first)
        tick(sampler, clock, 0.010, cpu={11: 0.010})
        tick(sampler, clock, 0.010, cpu={11: 0.010})
        second = run_once((stdlib("asyncio/events.py"), "_run", 80), (APP, "handler", 3))
        threads.add(MAIN, 11, second)
        tick(sampler, clock, 0.010, cpu={11: 0.010})
        tick(sampler, clock, 0.010, cpu={11: 0.010})
        sampler.loops.close_all()
        self.assertEqual([e["ms"] for e in sampler.loops.loop["events"]], [20.0, 20.0])
        del first, second


if __name__ == "__main__":
    unittest.main()
