"""Child processes (their CPU, when each was alive) and every thread's wait for a core (the run
queue, on a busy machine), scanned from /proc about five times a second."""
import os

from .procfs import ROOT_PID, has_children, process_cpu_seconds, read_proc


class ChildProcesses:
    def __init__(self, now):
        self.now = now  # the clock the scans are timed by
        self.children = {}  # pid -> last cpu seconds
        self.child_spans = {}  # pid -> [first seen ms, last seen ms, cpu ms]
        self.runq = {}  # "pid/tid" -> ns spent runnable but waiting for a CPU (busy machine)
        self.runq_rate = {}  # native thread id -> share of the last scan window spent waiting for a core
        self.last_runq_scan = now()
        self.max_children = 0
        self.sampler_native = None  # the sampler thread's own id: its waits are not the script's

    def descendants(self):
        pids = []
        if not has_children():
            return pids
        todo = [ROOT_PID]
        seen = set()
        while todo:
            pid = todo.pop()
            try:
                tasks = os.listdir("/proc/%d/task" % pid)
            except OSError:
                continue
            for tid in tasks:
                try:
                    for c in read_proc("/proc/%d/task/%s/children" % (pid, tid)).split():
                        c = int(c)
                        if c not in seen:
                            seen.add(c)
                            pids.append(c)
                            todo.append(c)
                except OSError:
                    pass
        return pids

    def scan_runqueue(self, pids):
        now = self.now()
        span = now - self.last_runq_scan
        self.last_runq_scan = now
        for pid in pids:
            try:
                tids = os.listdir("/proc/%d/task" % pid)
            except OSError:
                continue
            for tid in tids:
                if pid == ROOT_PID and int(tid) == self.sampler_native:
                    continue
                key = "%d/%s" % (pid, tid)
                try:
                    waited = int(read_proc("/proc/%d/task/%s/schedstat" % (pid, tid)).split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                if pid == ROOT_PID and span > 0:
                    self.runq_rate[int(tid)] = (waited - self.runq.get(key, waited)) / 1e9 / span
                self.runq[key] = waited

    def scan_children(self, elapsed):
        total = 0.0
        live = 0
        kids = self.descendants()
        self.scan_runqueue([ROOT_PID] + kids)
        for pid in kids:
            try:
                cpu, zombie = process_cpu_seconds(pid)
            except (OSError, ValueError, IndexError):
                continue
            if zombie:
                continue
            live += 1
            self.children[pid] = cpu
            total += cpu
            # When each child was seen alive (to the scan's 0.2 s): one after another or side by side.
            span = self.child_spans.get(pid)
            if span is None:
                if len(self.child_spans) < 2000:
                    self.child_spans[pid] = [elapsed * 1000.0, elapsed * 1000.0, cpu * 1000.0]
            else:
                span[1] = elapsed * 1000.0
                span[2] = cpu * 1000.0
        self.max_children = max(self.max_children, live)
        return total

    def live_cpu_ms(self):
        """CPU used so far by the children still alive (not yet reaped: rusage does not count them)."""
        live_ms = 0.0
        for pid in self.descendants():
            try:
                live_ms += process_cpu_seconds(pid)[0] * 1000.0
            except (OSError, ValueError, IndexError):
                pass
        return live_ms

    def run_queue_ms(self):
        """(the longest any one thread of this process or a child waited for a core, the sum over
        children of each child's longest thread's wait), in ms.

        Parallel lanes wait at the same time, and threads taking turns on the GIL wake every few ms
        to ask for it, so a sum over this process's threads would count the same lost wall time
        several times; children that ran one after another each lost their own."""
        runq_ms = max(self.runq.values()) / 1e6 if self.runq else 0.0
        child_runq = {}
        for key, ns in self.runq.items():
            pid = int(key.split("/")[0])
            if pid != ROOT_PID:
                child_runq[pid] = max(child_runq.get(pid, 0), ns)
        return runq_ms, sum(child_runq.values()) / 1e6
