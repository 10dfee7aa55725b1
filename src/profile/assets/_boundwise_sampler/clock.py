"""The clocks the sampler reads, in one object so that a test can give it a fake one (no sleeping,
every reading chosen): the sampling loop's wall clock and its waits, and the threads' CPU clocks."""
import sys
import time

from .procfs import thread_cpu_clock


def _thread_cpu_reader():
    if hasattr(time, "clock_gettime") and sys.platform.startswith("linux"):
        clock_gettime = time.clock_gettime

        def thread_cpu(ident, native_id):
            # clock_gettime keeps the GIL (a file read would release it and cost the script a
            # second hand-over every tick).
            return clock_gettime(thread_cpu_clock(native_id))
    else:
        def thread_cpu(ident, native_id):
            return time.clock_gettime(time.pthread_getcpuclockid(ident))
    return thread_cpu


class Clock:
    def __init__(self):
        self.now = time.perf_counter  # seconds, for intervals
        self.thread_cpu = _thread_cpu_reader()  # (ident, native id) -> that thread's CPU seconds
        self.own_cpu = time.thread_time  # the calling thread's CPU seconds

    def wall_us(self):
        """Microseconds since the epoch: the profile's start time."""
        return int(time.time() * 1e6)

    def wait(self, stop_event, seconds):
        """Waits up to `seconds` for the stop event; whether it was set."""
        return stop_event.wait(seconds)
