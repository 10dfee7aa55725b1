"""Where the main thread's time on the CPU goes: to the stacks a timer of the process's CPU time
caught it computing at (Sampler.on_cpu_timer), not to where the sampler thread got the GIL (a
socket send, a read: the only moments it can look). Fake clock and frames; the real timer's effect
is measured against cProfile by bench/python-sampler-bias.mjs."""
import unittest

from fakes import MAIN, make_sampler, module_script, stack, tick


def setUpModule():
    global APP
    APP = module_script("def handler():", "    total = sum(i * i for i in range(10**6))", "    sock.sendall(data)", "def other():", "    x = 1")


def at(sampler):
    """(function, line, weight us, on-CPU) of each sample, in order."""
    out = []
    for node, weight, on in zip(sampler.samples, sampler.weights_us, sampler.on_cpu):
        frame = sampler.tree.nodes[node - 1]["callFrame"]
        out.append((frame["functionName"], frame["lineNumber"] + 1, weight, on))
    return out


def caught(sampler, clock, line, cpu_s):
    """The timer interrupts the main thread in handler() at `line` after it computed `cpu_s` more."""
    clock.own += cpu_s
    sampler.on_cpu_timer(27, stack((APP, "handler", line)))


class CpuTimer(unittest.TestCase):
    def setUp(self):
        self.sampler, self.clock, self.threads = make_sampler()
        # What the sampler thread sees at its tick: the main thread in the send (GIL released).
        self.threads.add(MAIN, 11, stack((APP, "handler", 3)))

    def test_an_on_cpu_sample_of_the_main_thread_goes_where_the_timer_caught_it_by_its_cpu(self):
        caught(self.sampler, self.clock, 2, 0.009)
        caught(self.sampler, self.clock, 3, 0.001)
        tick(self.sampler, self.clock, 0.010, cpu={11: 0.010})
        self.assertEqual(at(self.sampler), [("handler", 2, 9000, 1), ("handler", 3, 1000, 1)])
        self.assertEqual(sum(self.sampler.time_deltas), 10000, "the interval is shared, not counted twice")

    def test_without_the_timer_the_sample_is_where_the_tick_found_the_thread(self):
        tick(self.sampler, self.clock, 0.010, cpu={11: 0.010})
        self.assertEqual(at(self.sampler), [("handler", 3, 10000, 1)])

    def test_off_the_cpu_the_tick_stack_stands_and_what_the_timer_caught_is_dropped(self):
        caught(self.sampler, self.clock, 2, 0.002)
        tick(self.sampler, self.clock, 0.010, cpu={11: 0.001})
        tick(self.sampler, self.clock, 0.010, cpu={11: 0.010})
        self.assertEqual(at(self.sampler), [("handler", 3, 10000, 0), ("handler", 3, 10000, 1)])

    def test_a_tick_the_timer_missed_takes_the_last_stack_it_caught_once(self):
        # The timer counts CPU, the ticks wall time: some intervals see no signal.
        caught(self.sampler, self.clock, 2, 0.010)
        tick(self.sampler, self.clock, 0.010, cpu={11: 0.010})
        tick(self.sampler, self.clock, 0.010, cpu={11: 0.010})
        tick(self.sampler, self.clock, 0.010, cpu={11: 0.010})
        self.assertEqual([(f, line) for f, line, _, _ in at(self.sampler)], [("handler", 2), ("handler", 2), ("handler", 3)])

    def test_other_threads_keep_their_own_stacks(self):
        self.threads.add(2, 12, stack((APP, "other", 5)))
        caught(self.sampler, self.clock, 2, 0.010)
        tick(self.sampler, self.clock, 0.010, cpu={11: 0.010, 12: 0.010})
        self.assertEqual([(f, line) for f, line, _, _ in at(self.sampler)], [("handler", 2), ("other", 5)])


if __name__ == "__main__":
    unittest.main()
