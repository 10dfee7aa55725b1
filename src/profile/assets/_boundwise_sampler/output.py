"""The one JSON file the profiler reads (src/profile/python.ts, SamplerOutput): the profile in the
V8 .cpuprofile shape (nodes, samples, timeDeltas) plus per-sample weights, on-CPU flags and
threads, the process figures (rusage, child processes, the run queue), the waits by kind and call
site, what the asyncio event loop was doing, the calls counted per site, and the pickling."""
import os
import resource
import sys
import threading

from .files import LIB_DIRS
from .procfs import ROOT_PID, load_average, task_cpu_ms


def result(sampler, exit_code, terminated, script):
    end = sampler.clock.now()
    wall_ms = (end - sampler.t0) * 1000.0
    self_ru = resource.getrusage(resource.RUSAGE_SELF)
    child_ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped_ms = (child_ru.ru_utime + child_ru.ru_stime) * 1000.0
    children = sampler.children
    live_ms = 0.0
    try:
        live_ms = children.live_cpu_ms()
    except Exception:
        pass
    sampler.loops.close_all()
    try:
        children.scan_runqueue([ROOT_PID] + children.descendants())
    except Exception:
        pass
    runq_ms, child_runq_ms = children.run_queue_ms()
    audit, audit_totals = sampler.audits.result()
    end_us = sampler.wall_start_us + int(wall_ms * 1000)
    server = sampler.server_probe.record() if sampler.server_probe is not None else None
    return {
        "version": 1,
        "script": script,
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "hz": sampler.hz,
        "libDirs": LIB_DIRS,
        "profile": {
            "nodes": sampler.tree.nodes,
            "startTime": sampler.wall_start_us,
            "endTime": end_us,
            "samples": sampler.samples,
            "timeDeltas": sampler.time_deltas,
        },
        "sampleWeightsUs": sampler.weights_us,
        "sampleOnCpu": sampler.on_cpu,
        "sampleThread": sampler.sample_thread,
        "threads": threads_of(sampler),
        "process": {
            "wallMs": round(wall_ms, 2),
            "cpuUserMs": round(self_ru.ru_utime * 1000.0, 2),
            "cpuSysMs": round(self_ru.ru_stime * 1000.0, 2),
            "childCpuMs": round(reaped_ms + live_ms, 2),
            "childCpuReapedMs": round(reaped_ms, 2),
            "childCpuLiveMs": round(live_ms, 2),
            "maxChildren": children.max_children,
            "runQueueMs": round(runq_ms, 1),
            "childRunQueueMs": round(child_runq_ms, 1),
            "startupCpuMs": round(sampler.startup_cpu_ms, 1),
            "samplerCpuMs": round(sampler.own_cpu_ms, 1),
            "childPids": len(children.children),
            "pid": ROOT_PID,
            "startRssKb": sampler.startup_rss_kb,
            "loadAverage": max([x for x in (sampler.load_at_start, load_average()) if x is not None], default=None),
            "maxRssKb": self_ru.ru_maxrss,
            "exitCode": exit_code,
            "terminated": terminated,
        },
        "cpuTicksMs": round(sampler.cpu_ticks_ms, 1),
        "multiCpuMs": round(sampler.multi_cpu_ms, 1),
        "waits": waits_of(sampler.waits),
        "waitKinds": {k: round(v, 1) for k, v in sampler.wait_kinds.items()},
        "io": {"ms": round(sampler.io_ms, 1), "threadMs": round(sampler.io_thread_ms, 1), "max": sampler.max_io},
        "asyncio": sampler.loops.result(),
        "audit": audit,
        "auditTotals": audit_totals,
        "tasks": tasks_of(sampler),
        "childSpans": [[round(a, 1), round(b, 1), round(c, 1)] for a, b, c in children.child_spans.values()],
        "transfer": sampler.meters.result(),
        **({"server": server} if server else {}),
    }


def waits_of(waits):
    """The 200 longest waits by call site and kind, longest first."""
    return [
        {"file": k[0], "line": k[1], "call": k[2], "user": k[3], "kind": k[4], "ms": round(v[0], 1), "samples": v[1]}
        for k, v in sorted(waits.items(), key=lambda kv: -kv[1][0])[:200]
    ]


def threads_of(sampler):
    """Each Python thread's own CPU: measured by the thread itself when it ended (exact even when
    the sampler seldom got the GIL), else read from its clock now; with the CPU the sampler saw it
    use while the GIL was free or held."""
    main_ident = threading.main_thread().ident
    threads = []
    seen = set()
    for ident, (name, cpu) in list(sampler.ended_threads.items()):
        seen.add(ident)
        threads.append({"id": ident, "name": name, "main": False, "cpuMs": round(cpu * 1000.0, 1)})
    for t in threading.enumerate():
        if t.ident in seen or t is sampler.thread or t.native_id is None:
            continue
        try:
            cpu = sampler.clock.thread_cpu(t.ident, t.native_id) if sys.platform.startswith("linux") else sampler.thread_cpu_total.get(t.ident, 0.0)
        except (OSError, ValueError, OverflowError):
            cpu = sampler.thread_cpu_total.get(t.ident, 0.0)
        threads.append({"id": t.ident, "name": t.name, "main": t.ident == main_ident, "cpuMs": round(cpu * 1000.0, 1)})
    for t in threads:
        gil = sampler.gil_cpu.get(t["id"])
        if gil:
            t["gilFreeCpuMs"] = round(gil[0], 1)
            t["gilHeldCpuMs"] = round(gil[1], 1)
    return threads


def tasks_of(sampler):
    """Every thread of the process, native ones included, with whether it runs Python and is the sampler."""
    python_natives = {nid: ident for ident, nid in sampler.native_ids.items()}
    return [
        {"tid": tid, "name": comm, "cpuMs": round(ms, 1), "python": tid in python_natives or tid == ROOT_PID, "sampler": tid == sampler.children.sampler_native}
        for tid, comm, ms in task_cpu_ms()
    ]


def write(out_path, data):
    """Writes the JSON beside its final name, then renames: the profiler never reads half a file."""
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        import json

        json.dump(data, fh, separators=(",", ":"))
    os.replace(tmp, out_path)
