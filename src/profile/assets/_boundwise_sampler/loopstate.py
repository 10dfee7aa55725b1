"""What an asyncio event loop was doing at each sample: idle in its selector (with requests in
flight), or running a callback, whose long runs (20 ms or more) are the loop's blocking events."""
import os
import sys


def loop_state(stack):
    """(None | 'idle' | 'busy', loop object, index of the first frame inside the running callback)."""
    if "asyncio.base_events" not in sys.modules:
        return None, None, -1  # no asyncio loop can be running: skip the walk over the stack
    run_once = None
    for i, f in enumerate(stack):
        code = f.f_code
        if code.co_name == "_run_once" and code.co_filename.endswith(os.sep + "base_events.py"):
            run_once = i
    if run_once is None:
        return None, None, -1
    for j in range(run_once + 1, len(stack)):
        code = stack[j].f_code
        if code.co_name == "_run" and code.co_filename.endswith(os.sep + "events.py"):
            return "busy", None, j
    loop = None
    try:
        loop = stack[run_once].f_locals.get("self")
    except Exception:
        loop = None
    return "idle", loop, -1


def loop_inflight(loop):
    """Sockets the loop waits on and timers it has scheduled: the work it has in flight."""
    try:
        fds = len(loop._selector.get_map()) - 1  # minus the loop's self-pipe
        return max(0, fds) + len(loop._scheduled)
    except Exception:
        return 0


class LoopTracker:
    def __init__(self):
        self.loop = {"seen": False, "busyCpuMs": 0.0, "blockedMs": 0.0, "idleMs": 0.0, "inflightMs": 0.0, "events": []}
        self.loop_run = {}  # thread ident -> current busy interval

    def close_loop_interval(self, ident):
        cur = self.loop_run.pop(ident, None)
        if cur and cur["ticks"] >= 2:
            # Two ticks or more: one alone only shows a callback running at that instant.
            ms = cur["ms"]
            if ms >= 20 and len(self.loop["events"]) < 500:
                site = max(cur["sites"].items(), key=lambda kv: kv[1])[0] if cur["sites"] else None
                ev = {"atMs": round(cur["at"], 1), "ms": round(ms, 1), "onCpu": cur["cpu"] >= cur["ms"] / 2}
                if site:
                    ev.update({"file": site[0], "line": site[1], "call": site[2]})
                self.loop["events"].append(ev)

    def busy(self, ident, callback_frame, at_ms, weight_ms, on, site):
        """One sample of a loop running a callback (callback_frame: its outermost frame, which
        tells one callback from the next); site: the call_site of the sample."""
        cur = self.loop_run.get(ident)
        run_frame_id = id(callback_frame)
        if cur is None or cur["frame"] != run_frame_id:
            self.close_loop_interval(ident)
            cur = self.loop_run[ident] = {"frame": run_frame_id, "at": at_ms, "ms": 0.0, "cpu": 0.0, "ticks": 0, "sites": {}}
        cur["ms"] += weight_ms
        cur["ticks"] += 1
        if on:
            cur["cpu"] += weight_ms
            self.loop["busyCpuMs"] += weight_ms
        else:
            self.loop["blockedMs"] += weight_ms
        if site[3]:
            k = site[:3]
            cur["sites"][k] = cur["sites"].get(k, 0) + 1

    def idle(self, ident, loop, weight_ms):
        """One sample of a loop waiting in its selector: returns the work it had in flight."""
        self.close_loop_interval(ident)
        inflight = loop_inflight(loop) if loop is not None else 0
        self.loop["idleMs"] += weight_ms
        self.loop["inflightMs"] += inflight * weight_ms
        return inflight

    def close_all(self):
        for ident in list(self.loop_run):
            self.close_loop_interval(ident)

    def result(self):
        return {
            "seen": self.loop["seen"],
            "busyCpuMs": round(self.loop["busyCpuMs"], 1),
            "blockedMs": round(self.loop["blockedMs"], 1),
            "idleMs": round(self.loop["idleMs"], 1),
            "inflightMs": round(self.loop["inflightMs"], 1),
            "events": self.loop["events"],
        }
