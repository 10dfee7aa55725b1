"""The sampling loop: every interval, one tick reads every thread's stack and CPU clock and records
a sample per thread, weighted by the time since the last tick, on or off the CPU; a thread off the
CPU counts as a wait of its kind at its call site.

Every moment the sampler holds the GIL is on the script's wall time: a tick reads no file, and
modules only some runs need are imported when first needed.
"""
import os
import resource
import sys
import threading

from .audit import AuditCounts
from .children import ChildProcesses
from .clock import Clock
from .frames import FrameAt, ProfileTree, at_loop_checkpoint, stack_of
from .loopstate import LoopTracker, loop_state
from .procfs import load_average
from .transfer import Meters
from .waits import IO_KINDS, call_site, wait_kind


def in_known_wait(frame, main):
    """Whether the thread sits in a wait its stack explains (a sleep, a socket, a lock)."""
    stack = stack_of(frame, main)
    return bool(stack) and wait_kind(stack, False) != "other"


class Sampler:
    def __init__(self, hz, progress_fd, clock=None, current_frames=None, threads=None):
        """clock: a clock.Clock; current_frames: () -> {thread ident: innermost frame}; threads:
        {thread ident: threading.Thread} (native id and name). The real ones unless a test fakes them."""
        self.interval = 1.0 / max(1.0, min(hz, 10000.0))
        self.hz = hz
        self.progress_fd = progress_fd
        self.clock = clock or Clock()
        self.current_frames = current_frames or sys._current_frames
        self.threads = threads if threads is not None else threading._active  # read-only use
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self.run, name="boundwise-sampler", daemon=True)
        self.t0 = self.clock.now()
        ru = resource.getrusage(resource.RUSAGE_SELF)
        self.startup_cpu_ms = (ru.ru_utime + ru.ru_stime) * 1000.0  # interpreter start-up, before the script
        self.startup_rss_kb = ru.ru_maxrss  # memory before the script: what it builds comes on top
        self.load_at_start = load_average()  # how busy the machine was: the cores others left free
        self.wall_start_us = self.clock.wall_us()
        self.tree = ProfileTree()
        self.samples = []
        self.time_deltas = []
        self.weights_us = []
        self.on_cpu = []
        self.sample_thread = []
        self.thread_names = {}
        self.thread_cpu = {}  # ident -> last cpu seconds
        self.thread_cpu_total = {}
        self.native_ids = {}
        self.waits = {}  # (file, line, call, user, kind) -> [ms, samples]
        self.wait_kinds = {}
        self.io_ms = 0.0
        self.io_thread_ms = 0.0
        self.max_io = 0
        self.cpu_ticks_ms = 0.0
        self.multi_cpu_ms = 0.0
        self.loops = LoopTracker()
        self.children = ChildProcesses(self.clock.now)
        self.own_cpu_ms = 0.0
        self.ended_threads = {}  # ident -> (name, cpu seconds), recorded by each thread as it ends
        self.last_child_scan = 0.0
        self.last_child_total = 0.0
        self.last_progress = 0.0
        self.meters = Meters()
        self.audits = AuditCounts(self.meters)
        self.server_probe = None  # a serverprobe.ServerProbe when the run is watched as a server
        # The main thread's stacks where a CPU-time timer interrupted it (on_cpu_timer), not yet
        # placed by a tick: see main_stacks.
        self.cpu_timer_stacks = []
        self.stop_cpu_timer = None  # set by main.start_cpu_timer
        self.last_cpu_stack = None
        self.timer_cpu = 0.0  # the main thread's CPU seconds when the timer last caught it
        self.gil_cpu = {}  # thread ident -> [CPU ms in ticks the GIL was free, CPU ms in ticks it was held]
        self.last_pos = {}  # thread ident -> (id of its innermost frame, instruction) at the last tick
        self.code_bytes = {}  # id(code) -> (code, its bytecode): the instruction a frame stands at
        self.count = 0
        # Held while a tick reads stacks and /proc: a fork waits for it (see main.guard_forks), so the
        # sampler thread holds no lock of Python's (an import's, linecache's) when a child is made.
        self.busy = threading.Lock()

    def run(self):
        me = threading.get_ident()
        self.children.sampler_native = threading.get_native_id()
        clock = self.clock
        now_of = clock.now
        last = now_of()
        next_t = last + self.interval
        while not self.stop_event.is_set():
            delay = next_t - now_of()
            if delay > 0 and clock.wait(self.stop_event, delay):
                break  # stopped: the script is done, no need to finish the interval
            with self.busy:
                now = now_of()
                # How late this thread got the GIL back after its wait (see tick: was the GIL free?).
                lateness = now - next_t if delay > 0 else None
                weight = now - last
                last = now
                next_t += self.interval
                if next_t < now:
                    next_t = now + self.interval
                try:
                    self.tick(me, now, weight, lateness)
                    if not self.meters.pickling_watched:
                        self.meters.watch_pickling()
                except Exception:
                    pass
                if now - self.last_child_scan >= 0.2:
                    self.last_child_scan = now
                    try:
                        total = self.children.scan_children(now - self.t0)
                        self.last_child_total = total
                    except Exception:
                        pass
                if self.progress_fd >= 0 and now - self.last_progress >= 0.25:
                    self.last_progress = now
                    try:
                        os.write(self.progress_fd, ("%d\n" % self.count).encode())
                    except OSError:
                        self.progress_fd = -1
        self.own_cpu_ms = clock.own_cpu() * 1000.0

    def on_cpu_timer(self, _signum, frame):
        """SIGPROF handler (main.start_cpu_timer): the main thread was interrupted by a timer of
        the process's CPU time; note its stack as it is now. Python runs the handler in the main
        thread at its next instruction, so the stack is where that thread was computing, not
        where it last let the GIL go (the only moments the sampler thread can look: a send, a
        read). The tick places it, so this never touches what a tick is building."""
        try:
            # The main thread's own CPU since the last stack noted: what this stack stands for (the
            # timer counts every thread's CPU; the main thread may have computed little of it).
            cpu = self.clock.own_cpu()
            used, self.timer_cpu = cpu - self.timer_cpu, cpu
            self.cpu_timer_stacks.append(([FrameAt(f.f_code, f.f_lineno) for f in stack_of(frame, True)], used))
        except Exception:
            pass

    def main_stacks(self, stack, on):
        """The stacks a sample of the main thread stands for, with the share of its weight each
        gets. On the CPU: those the CPU-time timer caught since the last tick, each by the main
        thread's CPU before it was caught; when it caught none this time (its clock is the
        process's CPU, not the wall clock the ticks follow), the last one it caught if that was at
        the tick before; else (no timer, or off the CPU) the stack the tick read."""
        caught, self.cpu_timer_stacks = self.cpu_timer_stacks, []
        caught = [(s, used) for s, used in caught if s]
        if not on:
            self.last_cpu_stack = None
            return [(stack, 1.0)]
        if caught:
            self.last_cpu_stack = caught[-1][0]
            total = sum(used for _, used in caught)
            if total <= 0:
                return [(s, 1.0 / len(caught)) for s, _ in caught]
            return [(s, used / total) for s, used in caught if used > 0]
        last, self.last_cpu_stack = self.last_cpu_stack, None
        return [(last or stack, 1.0)]

    def tick(self, me, now, weight, lateness=None):
        """One sample of every thread but `me` (the sampler): `weight` seconds since the last tick,
        `lateness` how late the sampler woke for it (None: it did not wait)."""
        frames = self.current_frames()
        active = self.threads
        thread_cpu_of = self.clock.thread_cpu
        runq_rate = self.children.runq_rate
        main_ident = threading.main_thread().ident
        entries = []
        for ident, frame in frames.items():
            if ident == me:
                continue
            native = self.native_ids.get(ident)
            if native is None:
                t = active.get(ident)
                native = getattr(t, "native_id", None) if t is not None else None
                if native is not None:
                    self.native_ids[ident] = native
                    self.thread_names[ident] = t.name
            cpu_frac = None
            want_frac = None
            if native is not None:
                try:
                    cpu = thread_cpu_of(ident, native)
                    prev = self.thread_cpu.get(ident, 0.0)
                    self.thread_cpu[ident] = cpu
                    self.thread_cpu_total[ident] = cpu
                    cpu_frac = (cpu - prev) / weight if weight > 0 else 0.0
                    # A thread runnable but waiting for a core (a busy machine) wants the CPU as
                    # much as one running: add its recent run-queue rate (from the 5 Hz scan).
                    want_frac = cpu_frac + runq_rate.get(native, 0.0)
                    # That rate is up to 0.2 s old: a thread that has not run since and sits in
                    # a known wait (a sleep, a socket, a lock) has stopped wanting the CPU.
                    if cpu_frac < 0.05 and want_frac >= 0.5 and in_known_wait(frame, ident == main_ident):
                        want_frac = cpu_frac
                except (OSError, ValueError, OverflowError, IndexError):
                    cpu_frac = None
                    want_frac = None
            entries.append((ident, frame, cpu_frac, want_frac))
        n = len(entries)
        if n == 0:
            return
        on_flags = [w is not None and w >= 0.5 for (_, _, _, w) in entries]
        n_on = sum(on_flags)
        # Threads that ran at all in this interval: several of them in plain Python code share the GIL.
        n_ran = sum(1 for (_, _, c, _) in entries if c is not None and c >= 0.05)
        weight_ms = weight * 1000.0
        if n_on:
            self.cpu_ticks_ms += weight_ms
        if n_on >= 2:
            self.multi_cpu_ms += weight_ms
        share_us = int(weight * 1e6 / n)
        weight_us = int(weight * 1e6)
        io_now = 0
        at_ms = (now - self.t0) * 1000.0
        loops = self.loops
        # Did the threads compute with the GIL released, in stretches long enough for other threads
        # to use (a C call of tens of ms: hashing, compressing, a BLAS product)? A thread sat in
        # the same call (same frame, same instruction) at this tick and the last while it used the
        # CPU: one long C call, and this thread ran during it, so the call had released the GIL (a
        # call that holds it keeps this thread out until it returns, which shows as a wake-up as late
        # as the call was long). A loop's backward jump, where the interpreter lets the GIL go, is
        # the same instruction at every tick too: not a call. (A prompt wake-up alone is no sign:
        # a loop of short calls that each release the GIL for microseconds leaves it free at most
        # instants, yet threads would spend their time handing it to one another.)
        not_held_long = lateness is not None and lateness < 3 * self.interval
        for idx, (ident, frame, cpu_frac, _want) in enumerate(entries):
            on = on_flags[idx]
            pos = (id(frame), frame.f_lasti)
            same_call = self.last_pos.get(ident) == pos and not at_loop_checkpoint(frame, self.code_bytes)
            self.last_pos[ident] = pos
            if cpu_frac:
                acc = self.gil_cpu.get(ident)
                if acc is None:
                    acc = self.gil_cpu[ident] = [0.0, 0.0]
                free = same_call and not_held_long and cpu_frac >= 0.1
                acc[0 if free else 1] += min(1.0, cpu_frac) * weight_ms
            stack = stack_of(frame, ident == main_ident)
            if not stack:
                continue
            # The main thread's time on the CPU goes to where the CPU-time timer found it computing.
            placed = self.main_stacks(stack, on) if ident == main_ident else ((stack, 1.0),)
            for where, part in placed:
                parent = self.tree.leaf_node(ident, where)
                self.tree.nodes[parent - 1]["hitCount"] += 1
                self.samples.append(parent)
                self.time_deltas.append(round(share_us * part))
                self.weights_us.append(round(weight_us * part))
                self.on_cpu.append(1 if on else 0)
                self.sample_thread.append(ident)
            self.count += 1

            state, loop, cb_index = loop_state(stack)
            if state is not None:
                loops.loop["seen"] = True
            if state == "idle":
                io_now += loops.idle(ident, loop, weight_ms)
                self.wait_kinds["loop-idle"] = self.wait_kinds.get("loop-idle", 0.0) + weight_ms
                continue
            if not on:
                kind = wait_kind(stack, n_on > 0 or n_ran >= 2)
                self.wait_kinds[kind] = self.wait_kinds.get(kind, 0.0) + weight_ms
                if kind in IO_KINDS:
                    io_now += 1
                if kind not in ("gil", "other"):
                    key = call_site(stack) + (kind,)
                    rec = self.waits.get(key)
                    if rec is None:
                        rec = self.waits[key] = [0.0, 0]
                    rec[0] += weight_ms
                    rec[1] += 1
            if state == "busy":
                loops.busy(ident, stack[cb_index], at_ms, weight_ms, on, call_site(stack))
        if io_now:
            self.io_ms += weight_ms
            self.io_thread_ms += io_now * weight_ms
            self.max_io = max(self.max_io, io_now)
