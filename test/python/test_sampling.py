"""One tick of the sampler on a fake clock and fake threads: how samples are weighted and which
count as on the CPU."""
import unittest

from fakes import MAIN, FakeCode, module_script, make_sampler, stack, tick


def setUpModule():
    global APP
    APP = module_script("def crunch():", "    total = sum(range(10**6))", "    time.sleep(1)", "    value = 1")


class SampleWeighting(unittest.TestCase):
    def test_each_thread_gets_one_sample_weighted_by_the_whole_interval(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "<module>", 1), (APP, "crunch", 2)))
        threads.add(2, 12, stack((APP, "crunch", 2)))
        tick(sampler, clock, 0.010, cpu={11: 0.010})
        tick(sampler, clock, 0.030, cpu={11: 0.030})
        self.assertEqual(sampler.weights_us, [10000, 10000, 30000, 30000])
        # timeDeltas share the interval between the threads sampled in it (the .cpuprofile's clock).
        self.assertEqual(sampler.time_deltas, [5000, 5000, 15000, 15000])
        self.assertEqual(sampler.sample_thread, [MAIN, 2, MAIN, 2])
        self.assertEqual(sampler.count, 4)

    def test_the_sampler_thread_itself_is_not_sampled(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "crunch", 2)))
        threads.add(99, 19, stack((APP, "crunch", 2)))
        clock.t += 0.01
        sampler.tick(99, clock.t, 0.01)
        self.assertEqual(sampler.sample_thread, [MAIN])


class OnOrOffCpu(unittest.TestCase):
    def test_a_thread_is_on_the_cpu_when_it_used_half_the_interval_or_more(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "crunch", 2)))
        threads.add(2, 12, stack((APP, "crunch", 2)))
        tick(sampler, clock, 0.010, cpu={11: 0.005, 12: 0.0049})
        self.assertEqual(sampler.on_cpu, [1, 0])
        self.assertEqual(sampler.cpu_ticks_ms, 10.0)
        self.assertEqual(sampler.multi_cpu_ms, 0.0)

    def test_two_threads_on_the_cpu_count_as_multi_cpu_time(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "crunch", 2)))
        threads.add(2, 12, stack((APP, "crunch", 2)))
        tick(sampler, clock, 0.020, cpu={11: 0.020, 12: 0.015})
        tick(sampler, clock, 0.020, cpu={11: 0.020})
        self.assertEqual(sampler.on_cpu, [1, 1, 1, 0])
        self.assertAlmostEqual(sampler.cpu_ticks_ms, 40.0)
        self.assertAlmostEqual(sampler.multi_cpu_ms, 20.0)

    def test_waiting_for_a_core_counts_as_wanting_the_cpu(self):
        # A busy machine: the thread ran 30% of the interval and waited runnable for 30% more.
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "crunch", 2)))
        sampler.children.runq_rate[11] = 0.3
        tick(sampler, clock, 0.010, cpu={11: 0.003})
        self.assertEqual(sampler.on_cpu, [1])

    def test_an_old_run_queue_rate_does_not_hold_a_thread_now_in_a_known_wait_on_the_cpu(self):
        # The rate is from the last 5 Hz scan; the thread has not run since and sits in time.sleep.
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "crunch", 3)))
        sampler.children.runq_rate[11] = 0.9
        tick(sampler, clock, 0.010, cpu={11: 0.0})
        self.assertEqual(sampler.on_cpu, [0])
        self.assertEqual(sampler.wait_kinds, {"sleep": 10.0})

    def test_an_old_run_queue_rate_still_counts_for_a_thread_in_no_known_wait(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "crunch", 4)))
        sampler.children.runq_rate[11] = 0.9
        tick(sampler, clock, 0.010, cpu={11: 0.0})
        self.assertEqual(sampler.on_cpu, [1])

    def test_a_thread_whose_cpu_clock_cannot_be_read_is_off_the_cpu(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "crunch", 2)))
        del clock.cpu[11]  # the thread ended between the frames and the clock read
        tick(sampler, clock, 0.010)
        self.assertEqual(sampler.on_cpu, [0])
        self.assertEqual(sampler.cpu_ticks_ms, 0.0)


class GilFreeOrHeld(unittest.TestCase):
    def test_cpu_in_the_same_call_at_two_prompt_ticks_ran_with_the_gil_released(self):
        sampler, clock, threads = make_sampler()
        frame = stack((APP, "crunch", 2), lasti=6)
        threads.add(MAIN, 11, frame)
        tick(sampler, clock, 0.010, cpu={11: 0.010}, lateness=0.001)
        tick(sampler, clock, 0.010, cpu={11: 0.010}, lateness=0.001)
        # The first tick cannot tell (no earlier position): held; the second saw the same call.
        self.assertEqual(sampler.gil_cpu[MAIN], [10.0, 10.0])

    def test_a_late_wake_up_means_the_call_held_the_gil(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "crunch", 2), lasti=6))
        tick(sampler, clock, 0.010, cpu={11: 0.010}, lateness=0.001)
        tick(sampler, clock, 0.050, cpu={11: 0.050}, lateness=0.040)
        self.assertEqual(sampler.gil_cpu[MAIN], [0.0, 60.0])

    def test_a_loop_jump_at_both_ticks_is_python_code_holding_the_gil(self):
        # A loop's backward jump is the same instruction at every tick, yet no long C call.
        import opcode

        sampler, clock, threads = make_sampler()
        frame = stack((APP, "crunch", 2), lasti=6)
        loop_op = next(opcode.opmap[n] for n in ("JUMP_BACKWARD", "JUMP_ABSOLUTE") if n in opcode.opmap)
        frame.f_code = FakeCode(APP, "crunch_loop", co_code=bytes([0] * 6 + [loop_op] + [0] * 9))
        threads.add(MAIN, 11, frame)
        tick(sampler, clock, 0.010, cpu={11: 0.010}, lateness=0.001)
        tick(sampler, clock, 0.010, cpu={11: 0.010}, lateness=0.001)
        self.assertEqual(sampler.gil_cpu[MAIN], [0.0, 20.0])

    def test_a_new_position_each_tick_is_python_code_holding_the_gil(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "crunch", 2), lasti=6))
        tick(sampler, clock, 0.010, cpu={11: 0.010}, lateness=0.001)
        threads.add(MAIN, 11, stack((APP, "crunch", 2), lasti=8))
        tick(sampler, clock, 0.010, cpu={11: 0.010}, lateness=0.001)
        self.assertEqual(sampler.gil_cpu[MAIN], [0.0, 20.0])


if __name__ == "__main__":
    unittest.main()
