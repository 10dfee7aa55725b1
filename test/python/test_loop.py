"""The sampling loop on a fake clock: when it ticks, what each tick weighs, and its progress."""
import os
import unittest

from fakes import make_sampler, stack

APP = "/home/user/project/app.py"
# The loop runs in this test's thread, which it never samples: the fake thread is another one.
WORKER = 2
# 128 Hz: every interval (1/128 s) and every reading of the fake clock is exact in binary.
HZ = 128


def run_ticks(sampler, clock, n, between=None):
    """Runs the loop until it has ticked n times; `between(i)` runs in each wait."""
    waits = [0]

    def meanwhile():
        waits[0] += 1
        if between:
            between(waits[0])
        if waits[0] > n:
            sampler.stop_event.set()

    clock.on_wait = meanwhile
    sampler.run()


class SamplingLoop(unittest.TestCase):
    def test_ticks_every_interval_and_weighs_each_sample_by_the_time_since_the_last(self):
        sampler, clock, threads = make_sampler(hz=HZ)
        threads.add(WORKER, 11, stack((APP, "worker", 1)))
        clock.late = 1 / 512  # each wake-up about 2 ms late
        run_ticks(sampler, clock, 3)
        self.assertEqual(sampler.count, 3)
        # The first interval is 7.8125 ms + 1.953125 ms late; the next waits aim at the schedule.
        self.assertEqual(sampler.weights_us, [9765, 7812, 7812])
        self.assertEqual(clock.waits[:3], [1 / 128, 1 / 128 - 1 / 512, 1 / 128 - 1 / 512])

    def test_a_tick_after_a_long_stall_is_weighted_by_the_whole_stall_and_the_schedule_restarts(self):
        sampler, clock, threads = make_sampler(hz=HZ)
        threads.add(WORKER, 11, stack((APP, "worker", 1)))

        def stall(i):
            if i == 2:
                clock.t += 0.125  # the sampler did not get the GIL back for 125 ms

        run_ticks(sampler, clock, 3, stall)
        self.assertEqual(sampler.weights_us, [7812, 132812, 7812])
        # After the stall the next tick is one interval on, not a burst to catch up.
        self.assertEqual(clock.waits[2], 1 / 128)

    def test_the_cpu_used_between_ticks_decides_on_or_off_the_cpu(self):
        sampler, clock, threads = make_sampler(hz=HZ)
        threads.add(WORKER, 11, stack((APP, "worker", 1)))

        def compute_every_other(i):
            if i % 2 == 0:
                clock.cpu[11] += 1 / 128

        run_ticks(sampler, clock, 4, compute_every_other)
        self.assertEqual(sampler.on_cpu, [0, 1, 0, 1])

    def test_progress_is_the_sample_count_every_quarter_second(self):
        sampler, clock, threads = make_sampler(hz=HZ)
        threads.add(WORKER, 11, stack((APP, "worker", 1)))
        read_fd, write_fd = os.pipe()
        sampler.progress_fd = write_fd
        sampler.last_progress = clock.t
        try:
            run_ticks(sampler, clock, 70)
            os.close(write_fd)
            with os.fdopen(read_fd) as fh:
                lines = fh.read().split()
        finally:
            sampler.progress_fd = -1
        # 0.25 s is 32 ticks: the count after the 32nd and the 64th.
        self.assertEqual(lines, ["32", "64"])

    def test_stopping_ends_the_loop_without_another_tick(self):
        sampler, clock, threads = make_sampler(hz=HZ)
        threads.add(WORKER, 11, stack((APP, "worker", 1)))
        sampler.stop_event.set()
        clock.own = 0.0042
        sampler.run()
        self.assertEqual(sampler.count, 0)
        self.assertEqual(sampler.own_cpu_ms, 4.2)


if __name__ == "__main__":
    unittest.main()
