"""Fakes for the sampler's unit tests: a clock whose every reading the test chooses (no sleeping),
frames and code objects built from (file, function, line), threads with native ids, and user
files with chosen lines (the sampler reads a line's text to tell a wait).

Only what cannot be driven deterministically for real is faked: real threads' stacks and CPU
clocks move on their own. The sampler's own code runs unchanged.
"""
import os
import shutil
import sys
import tempfile
import threading
import unittest

ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "profile", "assets")
ASSETS = os.path.normpath(ASSETS)
if ASSETS not in sys.path:
    sys.path.insert(0, ASSETS)

from _boundwise_sampler import files  # noqa: E402
from _boundwise_sampler.sampling import Sampler  # noqa: E402

MAIN = threading.main_thread().ident
STDLIB = files.STDLIB_DIR


def stdlib(rel):
    """A path in the interpreter's standard library (the sampler tells a wait by it)."""
    return os.path.join(STDLIB, *rel.split("/"))


class FakeCode:
    def __init__(self, filename, name, firstlineno=1, co_code=b"\x00\x00" * 64):
        self.co_filename = filename
        self.co_name = name
        self.co_qualname = name
        self.co_firstlineno = firstlineno
        self.co_code = co_code


class FakeFrame:
    def __init__(self, code, lineno, back=None, lasti=0, f_locals=None):
        self.f_code = code
        self.f_lineno = lineno
        self.f_back = back
        self.f_lasti = lasti
        self.f_locals = f_locals or {}


_codes = {}


def code(filename, name):
    """One code object per (file, function), as the interpreter has: the profile tree keys nodes by it."""
    key = (filename, name)
    if key not in _codes:
        _codes[key] = FakeCode(filename, name)
    return _codes[key]


def stack(*calls, lasti=0, f_locals=None):
    """The innermost frame of a stack given from the outermost call: (file, function, line) each."""
    frame = None
    for i, (filename, name, line) in enumerate(calls):
        leaf = i == len(calls) - 1
        frame = FakeFrame(code(filename, name), line, frame, lasti if leaf else 0, f_locals if leaf else None)
    return frame


class FakeThread:
    def __init__(self, native_id, name):
        self.native_id = native_id
        self.name = name


class FakeClock:
    """The sampler's clocks, driven by the test: `t` is the wall clock, `cpu[native id]` each
    thread's CPU seconds. A wait advances `t` by what was asked plus `late` (the GIL handed back late)."""

    def __init__(self, t=1000.0):
        self.t = t
        self.cpu = {}
        self.own = 0.0
        self.late = 0.0
        self.waits = []
        self.on_wait = None  # called after each wait: a test's "meanwhile"

    def now(self):
        return self.t

    def thread_cpu(self, ident, native_id):
        if native_id not in self.cpu:
            raise OSError("no such thread")
        return self.cpu[native_id]

    def own_cpu(self):
        return self.own

    def wall_us(self):
        return 1_700_000_000_000_000

    def wait(self, stop_event, seconds):
        self.waits.append(seconds)
        self.t += seconds + self.late
        if self.on_wait:
            self.on_wait()
        return stop_event.is_set()


class Threads:
    """Fake threads: frames and native ids by ident, CPU on the fake clock."""

    def __init__(self, clock):
        self.clock = clock
        self.frames = {}
        self.threads = {}

    def add(self, ident, native_id, frame, name=None):
        self.frames[ident] = frame
        self.threads[ident] = FakeThread(native_id, name or "thread-%d" % native_id)
        self.clock.cpu.setdefault(native_id, 0.0)

    def current_frames(self):
        return dict(self.frames)


def make_sampler(hz=100.0):
    """A Sampler on a fake clock and fake threads: (sampler, clock, threads)."""
    clock = FakeClock()
    threads = Threads(clock)
    sampler = Sampler(hz, -1, clock=clock, current_frames=threads.current_frames, threads=threads.threads)
    sampler.meters.pickling_watched = True  # never patch this process's multiprocessing
    return sampler, clock, threads


def tick(sampler, clock, seconds, cpu=None, lateness=0.0):
    """Advances the fake clock by `seconds`, adds each thread's CPU seconds (`cpu`: native id ->
    seconds used in the interval) and runs one tick as the sampling loop would."""
    clock.t += seconds
    for native_id, used in (cpu or {}).items():
        clock.cpu[native_id] = clock.cpu.get(native_id, 0.0) + used
    sampler.tick(-1, clock.t, seconds, lateness)


class UserFiles:
    """Script files with chosen lines, in a temporary folder (a user's file to the sampler)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="bw-sampler-test-")

    def write(self, name, *lines):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        return path

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def module_script(*lines):
    """A user's script `app.py` with `lines`, removed when the calling test module's tests end.
    Call it from setUpModule."""
    user = UserFiles()
    unittest.addModuleCleanup(user.remove)
    return user.write("app.py", *lines)
