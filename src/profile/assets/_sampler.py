"""Boundwise sampler: runs a Python script as __main__ while a thread samples every thread's stack.

Standard library only; shipped with Boundwise and loaded by sampler.py (the entry the user's
interpreter runs, see there) as a module, so its compiled bytecode is cached:

    python sampler.py OUT_JSON HZ PROGRESS_FD (SCRIPT | -m MODULE) [ARGS...]

It writes one JSON file: a profile in the V8 .cpuprofile shape (nodes, samples, timeDeltas)
plus per-sample weights and on-CPU flags, the process figures (rusage, child processes), the
waits by kind and call site, and what the asyncio event loop was doing. stdout and stderr stay
the script's own.

Start-up and exit are on the script's wall time, and so is every moment the sampler holds the GIL:
modules only some runs need (json, re, linecache) are imported when first needed, and a tick reads
no file (each read lets the script take the GIL and the sampler wait for it back).
"""
import _signal
import os
import resource
import runpy
import site
import sys
import sysconfig
import threading
import time

ROOT_PID = os.getpid()
SAMPLER_FILE = os.path.abspath(__file__)
ENTRY_FILE = os.path.join(os.path.dirname(SAMPLER_FILE), "sampler.py")
RUNPY_FILE = os.path.abspath(runpy.__file__)
OWN_FILES = (SAMPLER_FILE, ENTRY_FILE, RUNPY_FILE, "<frozen runpy>")
CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

_paths = sysconfig.get_paths()


def _package_dirs():
    """Every folder packages are installed in: site.getsitepackages() (Debian's dist-packages among
    them), the user's site-packages, and any such folder on sys.path (a virtualenv's)."""
    dirs = []
    site = sys.modules.get("site")
    for name in ("getsitepackages", "getusersitepackages"):
        try:
            got = getattr(site, name)()
            dirs.extend([got] if isinstance(got, str) else got)
        except Exception:
            pass
    dirs.extend(p for p in sys.path if os.path.basename(p.rstrip(os.sep)) in ("site-packages", "dist-packages"))
    return dirs


LIB_DIRS = sorted(
    {os.path.abspath(_paths[k]) + os.sep for k in ("stdlib", "platstdlib", "purelib", "platlib") if _paths.get(k)}
    | {os.path.abspath(d) + os.sep for d in _package_dirs() if d},
    key=len,
    reverse=True,
)
STDLIB_DIR = os.path.abspath(_paths["stdlib"]) + os.sep

# What a thread that is not on the CPU waits for, told by the library file it sits in (relative to
# the standard library) or, for C calls that leave no Python frame, by the text of the calling line.
WAIT_FILES = (
    ("socket.py", "network"),
    ("ssl.py", "network"),
    ("http/client.py", "network"),
    ("urllib/request.py", "network"),
    ("selectors.py", "network"),
    ("subprocess.py", "subprocess"),
    ("threading.py", "lock"),
    ("queue.py", "lock"),
    ("concurrent/futures/", "lock"),
    ("multiprocessing/", "lock"),
    ("shutil.py", "disk"),
    ("pathlib.py", "disk"),
)
WAIT_SITE_FILES = (
    ("urllib3/", "network"),
    ("requests/", "network"),
    ("httpx/", "network"),
    ("sqlite3/", "database"),
    ("psycopg2/", "database"),
)
# Compiled on first use (a thread off the CPU): a compute-bound run never pays for them.
WAIT_LINE_PATTERNS = (
    (r"\bsleep\s*\(", "sleep"),
    (r"\b(urlopen|recv|recv_into|sendall|connect|accept|getaddrinfo|gethostbyname|requests\.\w+)\s*\(", "network"),
    (r"\b(subprocess\.\w+|os\.system|os\.popen|communicate|os\.wait\w*)\s*\(", "subprocess"),
    (r"\b(execute|executemany|executescript|commit|fetchall|fetchone)\s*\(", "database"),
    (r"\b(open|read|readline|readlines|write|read_text|write_text|read_bytes|write_bytes|fsync|copyfile|copy2?)\s*\(", "disk"),
    (r"\b(acquire|join|wait|get|put|result)\s*\(", "lock"),
    (r"\binput\s*\(", "stdin"),
)
_wait_lines = None
_call_re = None


def wait_lines():
    global _wait_lines
    if _wait_lines is None:
        import re

        _wait_lines = tuple((re.compile(p), kind) for p, kind in WAIT_LINE_PATTERNS)
    return _wait_lines


def call_re():
    global _call_re
    if _call_re is None:
        import re

        _call_re = re.compile(r"([A-Za-z_][\w.]*)\s*\(")
    return _call_re


IO_KINDS = ("network", "disk", "sleep", "subprocess", "database", "stdin")
AUDIT_EVENTS = {
    "socket.connect", "http.client.connect", "urllib.Request", "time.sleep", "subprocess.Popen", "sqlite3.connect", "os.system",
    "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
}
# Audit events that start measurement of their kind: http.client.send (one request per request
# line sent), socket.__new__ (the first socket: count request/response turns on sockets), os.fork
# (a worker process: count the bytes pickled to and from workers).
HOOK_EVENTS = {"http.client.send", "socket.__new__", "os.fork"}
# Instructions where the interpreter checks whether to hand the GIL over, in loops and at a
# function's start (3.8 to 3.13 names; those a version lacks are skipped).
LOOP_CHECKPOINTS = (
    "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP_ABSOLUTE", "RESUME", "FOR_ITER",
    "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE", "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE",
)
_loop_ops = None
HTTP_METHODS = (b"GET ", b"POST ", b"PUT ", b"DELETE ", b"HEAD ", b"PATCH ", b"OPTIONS ")


def is_user_file(filename):
    if not filename or filename.startswith("<"):
        return False
    if filename in OWN_FILES:
        return False
    return not any(filename.startswith(d) for d in LIB_DIRS)


def lib_relative(filename):
    for d in LIB_DIRS:
        if filename.startswith(d):
            return filename[len(d):].replace(os.sep, "/")
    return None


def module_of(filename):
    rel = lib_relative(filename)
    if rel is None:
        rel = os.path.basename(filename)
    if rel.startswith("site-packages/"):
        rel = rel[len("site-packages/"):]
    if rel.endswith(".py"):
        rel = rel[:-3]
    if rel.endswith("/__init__"):
        rel = rel[: -len("/__init__")]
    return rel.replace("/", ".")


def line_text(filename, lineno):
    try:
        import linecache

        return linecache.getline(filename, lineno).strip()
    except Exception:
        return ""


def read_proc(path):
    """A /proc file's text with os.open, os.read, os.close: each call lets the script take the GIL
    and the sampler then waits for it back, and open() makes nine such calls, not three."""
    fd = os.open(path, os.O_RDONLY)
    try:
        data = os.read(fd, 65536)
        if len(data) == 65536:
            chunks = [data]
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                chunks.append(chunk)
            data = b"".join(chunks)
    finally:
        os.close(fd)
    return data.decode("latin-1")


_WAIT_ANY = getattr(os, "WEXITED", 0) | getattr(os, "WNOHANG", 0) | getattr(os, "WNOWAIT", 0) | (0x40000000 if sys.platform.startswith("linux") else 0)  # __WALL


def has_children():
    """Whether any thread of this process has a child process, in one call that reaps nothing (the
    walk over every thread's /proc children file is needed only then)."""
    if not hasattr(os, "waitid"):
        return True
    try:
        os.waitid(os.P_ALL, 0, _WAIT_ANY)
    except ChildProcessError:
        return False
    except (OSError, ValueError):
        return True  # cannot tell: walk
    return True


def load_average():
    """The machine's 1-minute load average (runnable threads), or None off Linux."""
    try:
        return float(read_proc("/proc/loadavg").split()[0])
    except (OSError, ValueError, IndexError):
        return None


def task_cpu_ms():
    """CPU of every thread of this process, native ones included (BLAS, C libraries' pools):
    [(tid, name, ms)], from the scheduler's own account (/proc/self/task/TID/schedstat)."""
    tasks = []
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return tasks
    for tid in tids:
        try:
            ns = int(read_proc("/proc/self/task/%s/schedstat" % tid).split()[0])
            comm = read_proc("/proc/self/task/%s/comm" % tid).strip()
        except (OSError, ValueError, IndexError):
            continue
        tasks.append((int(tid), comm, ns / 1e6))
    return tasks


def thread_cpu_clock(native_id):
    """Per-thread CPU clock id on Linux, computed from the kernel's encoding (valid for any live tid)."""
    return ((~native_id) << 3) | 6


class Meters:
    """Counters the samples cannot give, installed when the program first needs them:
    - request/response turns on sockets (a send after a receive starts a new exchange: a request
      on a pooled connection, a query to a database), counted at the user's line;
    - bytes and time spent pickling to and from worker processes (multiprocessing's
      ForkingPickler, which process pools and their queues use), measured in this process."""

    def __init__(self):
        self.sockets_watched = False
        self.pickling_watched = False
        self.turn = {}  # id(socket) -> "s" after a send, "r" after a receive
        self.dumps = [0, 0, 0.0]  # calls, bytes, seconds
        self.loads = [0, 0, 0.0]

    def watch_sockets(self, sampler):
        if self.sockets_watched or os.getpid() != ROOT_PID:
            return
        self.sockets_watched = True
        import socket

        turn = self.turn
        cls = socket.socket

        def sending(real):
            def send(sock, *args, **kwargs):
                key = id(sock)
                if turn.get(key) != "s":
                    turn[key] = "s"
                    if len(turn) > 4096:
                        turn.clear()
                    sampler.count_at_site("socket.exchange")
                return real(sock, *args, **kwargs)
            return send

        def receiving(real):
            def recv(sock, *args, **kwargs):
                turn[id(sock)] = "r"
                return real(sock, *args, **kwargs)
            return recv

        for name in ("send", "sendall", "sendmsg"):
            if hasattr(cls, name):
                setattr(cls, name, sending(getattr(cls, name)))
        for name in ("recv", "recv_into", "recvmsg"):
            if hasattr(cls, name):
                setattr(cls, name, receiving(getattr(cls, name)))

    def watch_pickling(self):
        if self.pickling_watched:
            return
        # The module can be in sys.modules while it is still being imported (another thread).
        pickler = getattr(sys.modules.get("multiprocessing.reduction"), "ForkingPickler", None)
        if pickler is None or not hasattr(pickler, "dumps"):
            return
        self.pickling_watched = True
        real_dumps = pickler.dumps
        real_loads = pickler.loads
        dumps_acc = self.dumps
        loads_acc = self.loads
        # The pickling thread's own CPU time: wall time would count its waits for the GIL and a core.
        clock = time.thread_time

        def dumps(obj, protocol=None):
            t = clock()
            buf = real_dumps(obj, protocol)
            dumps_acc[2] += clock() - t
            dumps_acc[0] += 1
            dumps_acc[1] += len(buf)
            return buf

        def loads(data, *args, **kwargs):
            t = clock()
            obj = real_loads(data, *args, **kwargs)
            loads_acc[2] += clock() - t
            loads_acc[0] += 1
            loads_acc[1] += len(data)
            return obj

        # dumps is a classmethod (taken above already bound) and loads is pickle.loads: callers use
        # both through the class, so plain functions do.
        pickler.dumps = staticmethod(dumps)
        pickler.loads = staticmethod(loads)

    def result(self):
        return {
            "toWorkers": {"calls": self.dumps[0], "bytes": self.dumps[1], "ms": round(self.dumps[2] * 1000.0, 1)},
            "fromWorkers": {"calls": self.loads[0], "bytes": self.loads[1], "ms": round(self.loads[2] * 1000.0, 1)},
        }


class Sampler:
    def __init__(self, hz, progress_fd):
        self.interval = 1.0 / max(1.0, min(hz, 10000.0))
        self.hz = hz
        self.progress_fd = progress_fd
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self.run, name="boundwise-sampler", daemon=True)
        self.t0 = time.perf_counter()
        ru = resource.getrusage(resource.RUSAGE_SELF)
        self.startup_cpu_ms = (ru.ru_utime + ru.ru_stime) * 1000.0  # interpreter start-up, before the script
        self.startup_rss_kb = ru.ru_maxrss  # memory before the script: what it builds comes on top
        self.load_at_start = load_average()  # how busy the machine was: the cores others left free
        self.wall_start_us = int(time.time() * 1e6)
        # Profile tree: node 1 is the root; children keyed by (parent, code, line).
        self.nodes = [{"id": 1, "callFrame": {"functionName": "(root)", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1}, "hitCount": 0, "children": []}]
        self.node_index = {}
        self.node_codes = []
        # Per thread, the last sample's path from the root: [(code, line, node id)]. A stack keeps
        # most of its frames from one tick to the next; those are matched by identity, not hashed.
        self.last_paths = {}
        self.samples = []
        self.time_deltas = []
        self.weights_us = []
        self.on_cpu = []
        self.sample_thread = []
        self.thread_names = {}
        self.thread_cpu = {}  # ident -> last cpu seconds
        self.thread_cpu_total = {}
        self.native_ids = {}
        self.waits = {}  # (file, line, call, kind, user) -> [ms, samples]
        self.wait_kinds = {}
        self.io_ms = 0.0
        self.io_thread_ms = 0.0
        self.max_io = 0
        self.cpu_ticks_ms = 0.0
        self.multi_cpu_ms = 0.0
        self.loop = {"seen": False, "busyCpuMs": 0.0, "blockedMs": 0.0, "idleMs": 0.0, "inflightMs": 0.0, "events": []}
        self.loop_run = {}  # thread ident -> current busy interval
        self.children = {}  # pid -> last cpu seconds
        self.child_spans = {}  # pid -> [first seen ms, last seen ms, cpu ms]
        self.runq = {}  # "pid/tid" -> ns spent runnable but waiting for a CPU (busy machine)
        self.sampler_native = None
        self.own_cpu_ms = 0.0
        self.ended_threads = {}  # ident -> (name, cpu seconds), recorded by each thread as it ends
        self.runq_rate = {}  # native thread id -> share of the last scan window spent waiting for a core
        self.last_runq_scan = time.perf_counter()
        self.max_children = 0
        self.child_cpu_parallel_ms = 0.0
        self.last_child_scan = 0.0
        self.last_child_total = 0.0
        self.last_progress = 0.0
        self.audit_sites = {}
        self.audit_totals = {}
        self.meters = Meters()
        self.gil_cpu = {}  # thread ident -> [CPU ms in ticks the GIL was free, CPU ms in ticks it was held]
        self.last_pos = {}  # thread ident -> (id of its innermost frame, instruction) at the last tick
        self.code_bytes = {}  # id(code) -> (code, its bytecode): the instruction a frame stands at
        self.count = 0
        # Held while a tick reads stacks and /proc: a fork waits for it (see guard_forks), so the
        # sampler thread holds no lock of Python's (an import's, linecache's) when a child is made.
        self.busy = threading.Lock()

    # -- stack handling -------------------------------------------------------------------------
    def node_for(self, parent, code, line):
        # Keyed by the code object's id, not the object: hashing a code object hashes its bytecode
        # and constants, at every frame of every sample. node_codes keeps each one alive, so its
        # id is not reused.
        key = (parent, id(code), line)
        nid = self.node_index.get(key)
        if nid is None:
            nid = len(self.nodes) + 1
            self.node_index[key] = nid
            self.node_codes.append(code)
            name = getattr(code, "co_qualname", code.co_name)
            self.nodes.append({
                "id": nid,
                "callFrame": {"functionName": name, "scriptId": "0", "url": code.co_filename, "lineNumber": line - 1, "columnNumber": 0},
                "hitCount": 0,
                "children": [],
            })
            self.nodes[parent - 1]["children"].append(nid)
        return nid

    def leaf_node(self, ident, stack):
        """The profile node of the stack's leaf, reusing the part of the thread's last path it shares."""
        last = self.last_paths.get(ident) or ()
        path = []
        parent = 1
        same = True
        for depth, f in enumerate(stack):
            code = f.f_code
            line = f.f_lineno or code.co_firstlineno
            if same and depth < len(last):
                step = last[depth]
                if step[0] is code and step[1] == line:
                    parent = step[2]
                    path.append(step)
                    continue
                same = False
            parent = self.node_for(parent, code, line)
            path.append((code, line, parent))
        self.last_paths[ident] = path
        return parent

    def stack_of(self, frame, main):
        stack = []
        f = frame
        while f is not None:
            stack.append(f)
            f = f.f_back
        stack.reverse()
        if main:
            # Drop the sampler's and runpy's own frames below the script's module frame.
            i = 0
            while i < len(stack) and stack[i].f_code.co_filename in OWN_FILES:
                i += 1
            # Only the sampler's own frames (its start-up or its final join): not the script.
            stack = stack[i:]
        # The counting wrapper around time.sleep is ours too: the script's frame is the leaf.
        while stack and stack[-1].f_code.co_filename == SAMPLER_FILE:
            stack.pop()
        return stack

    def wait_kind(self, stack, others_on_cpu):
        leaf = stack[-1]
        rel = lib_relative(leaf.f_code.co_filename)
        if rel is not None:
            for suffix, kind in WAIT_FILES:
                if rel.endswith(suffix) or suffix in rel:
                    return kind
        for f in reversed(stack):
            path = f.f_code.co_filename.replace(os.sep, "/")
            for part, kind in WAIT_SITE_FILES:
                if part in path:
                    return kind
        text = line_text(leaf.f_code.co_filename, leaf.f_lineno or 0)
        for pattern, kind in wait_lines():
            if pattern.search(text):
                return kind
        return "gil" if others_on_cpu else "other"

    def in_known_wait(self, frame, main):
        stack = self.stack_of(frame, main)
        return bool(stack) and self.wait_kind(stack, False) != "other"

    def call_site(self, stack):
        """The deepest frame in the user's own code and the call it makes there."""
        for i in range(len(stack) - 1, -1, -1):
            f = stack[i]
            if is_user_file(f.f_code.co_filename):
                line = f.f_lineno or f.f_code.co_firstlineno
                if i + 1 < len(stack):
                    callee = stack[i + 1].f_code
                    call = module_of(callee.co_filename) + "." + getattr(callee, "co_qualname", callee.co_name)
                else:
                    text = line_text(f.f_code.co_filename, line)
                    names = call_re().findall(text)
                    call = names[0] if names else (text[:60] or f.f_code.co_name)
                    for pattern, _ in wait_lines():
                        m = pattern.search(text)
                        if m:
                            # widen to the dotted name that ends at the match
                            start = m.start()
                            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
                                start -= 1
                            call = text[start:m.end()].rstrip("( ")
                            break
                return f.f_code.co_filename, line, call, True
        f = stack[-1]
        return f.f_code.co_filename, f.f_lineno or 0, module_of(f.f_code.co_filename) + "." + f.f_code.co_name, False

    def at_loop_checkpoint(self, frame):
        """Whether the frame stands at a loop's backward jump (or a function's start), where the
        interpreter hands the GIL over between bytecodes, rather than inside one instruction."""
        global _loop_ops
        if _loop_ops is None:
            import opcode

            _loop_ops = frozenset(opcode.opmap[n] for n in LOOP_CHECKPOINTS if n in opcode.opmap)
        code = frame.f_code
        cached = self.code_bytes.get(id(code))
        if cached is None or cached[0] is not code:
            cached = self.code_bytes[id(code)] = (code, code.co_code)
        i = frame.f_lasti
        return 0 <= i < len(cached[1]) and cached[1][i] in _loop_ops

    # -- asyncio --------------------------------------------------------------------------------
    def loop_state(self, stack):
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

    def loop_inflight(self, loop):
        try:
            fds = len(loop._selector.get_map()) - 1  # minus the loop's self-pipe
            return max(0, fds) + len(loop._scheduled)
        except Exception:
            return 0

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

    # -- children ---------------------------------------------------------------------------------
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
        now = time.perf_counter()
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
                data = read_proc("/proc/%d/stat" % pid)
                fields = data[data.rindex(")") + 2:].split()
                if fields[0] == "Z":
                    continue
                cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
            except (OSError, ValueError, IndexError):
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

    # -- the sampling loop ------------------------------------------------------------------------
    def run(self):
        me = threading.get_ident()
        self.sampler_native = threading.get_native_id()
        last = time.perf_counter()
        next_t = last + self.interval
        use_clock = hasattr(time, "clock_gettime") and sys.platform.startswith("linux")
        while not self.stop_event.is_set():
            delay = next_t - time.perf_counter()
            if delay > 0 and self.stop_event.wait(delay):
                break  # stopped: the script is done, no need to finish the interval
            with self.busy:
                now = time.perf_counter()
                # How late this thread got the GIL back after its wait (see tick: was the GIL free?).
                lateness = now - next_t if delay > 0 else None
                weight = now - last
                last = now
                next_t += self.interval
                if next_t < now:
                    next_t = now + self.interval
                try:
                    self.tick(me, now, weight, use_clock, lateness)
                    if not self.meters.pickling_watched:
                        self.meters.watch_pickling()
                except Exception:
                    pass
                if now - self.last_child_scan >= 0.2:
                    self.last_child_scan = now
                    try:
                        total = self.scan_children(now - self.t0)
                        self.last_child_total = total
                    except Exception:
                        pass
                if self.progress_fd >= 0 and now - self.last_progress >= 0.25:
                    self.last_progress = now
                    try:
                        os.write(self.progress_fd, ("%d\n" % self.count).encode())
                    except OSError:
                        self.progress_fd = -1
        self.own_cpu_ms = time.thread_time() * 1000.0

    def tick(self, me, now, weight, use_clock, lateness=None):
        frames = sys._current_frames()
        active = threading._active  # ident -> Thread; read-only use
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
                    # clock_gettime keeps the GIL (a file read would release it and cost the
                    # script a second hand-over every tick).
                    if use_clock:
                        cpu = time.clock_gettime(thread_cpu_clock(native))
                    else:
                        cpu = time.clock_gettime(time.pthread_getcpuclockid(ident))
                    prev = self.thread_cpu.get(ident, 0.0)
                    self.thread_cpu[ident] = cpu
                    self.thread_cpu_total[ident] = cpu
                    cpu_frac = (cpu - prev) / weight if weight > 0 else 0.0
                    # A thread runnable but waiting for a core (a busy machine) wants the CPU as
                    # much as one running: add its recent run-queue rate (from the 5 Hz scan).
                    want_frac = cpu_frac + self.runq_rate.get(native, 0.0)
                    # That rate is up to 0.2 s old: a thread that has not run since and sits in
                    # a known wait (a sleep, a socket, a lock) has stopped wanting the CPU.
                    if cpu_frac < 0.05 and want_frac >= 0.5 and self.in_known_wait(frame, ident == main_ident):
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
        io_now = 0
        at_ms = (now - self.t0) * 1000.0
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
            same_call = self.last_pos.get(ident) == pos and not self.at_loop_checkpoint(frame)
            self.last_pos[ident] = pos
            if cpu_frac:
                acc = self.gil_cpu.get(ident)
                if acc is None:
                    acc = self.gil_cpu[ident] = [0.0, 0.0]
                free = same_call and not_held_long and cpu_frac >= 0.1
                acc[0 if free else 1] += min(1.0, cpu_frac) * weight_ms
            stack = self.stack_of(frame, ident == main_ident)
            if not stack:
                continue
            parent = self.leaf_node(ident, stack)
            self.nodes[parent - 1]["hitCount"] += 1
            self.samples.append(parent)
            self.time_deltas.append(share_us)
            self.weights_us.append(int(weight * 1e6))
            self.on_cpu.append(1 if on else 0)
            self.sample_thread.append(ident)
            self.count += 1

            state, loop, cb_index = self.loop_state(stack)
            if state is not None:
                self.loop["seen"] = True
            if state == "idle":
                self.close_loop_interval(ident)
                inflight = self.loop_inflight(loop) if loop is not None else 0
                self.loop["idleMs"] += weight_ms
                self.loop["inflightMs"] += inflight * weight_ms
                io_now += inflight
                self.wait_kinds["loop-idle"] = self.wait_kinds.get("loop-idle", 0.0) + weight_ms
                continue
            kind = None
            if not on:
                kind = self.wait_kind(stack, n_on > 0 or n_ran >= 2)
                self.wait_kinds[kind] = self.wait_kinds.get(kind, 0.0) + weight_ms
                if kind in IO_KINDS:
                    io_now += 1
                if kind not in ("gil", "other"):
                    site = self.call_site(stack)
                    key = site + (kind,)
                    rec = self.waits.get(key)
                    if rec is None:
                        rec = self.waits[key] = [0.0, 0]
                    rec[0] += weight_ms
                    rec[1] += 1
            if state == "busy":
                cur = self.loop_run.get(ident)
                run_frame_id = id(stack[cb_index])
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
                site = self.call_site(stack)
                if site[3]:
                    k = site[:3]
                    cur["sites"][k] = cur["sites"].get(k, 0) + 1
        if io_now:
            self.io_ms += weight_ms
            self.io_thread_ms += io_now * weight_ms
            self.max_io = max(self.max_io, io_now)

    # -- audit events: how many calls each blocking site made -------------------------------------
    def audit(self, event, args):
        if event in HOOK_EVENTS:
            if event == "http.client.send":
                # One request per request line: a body sent in a second call is not another request.
                data = args[1] if len(args) > 1 else None
                if isinstance(data, (bytes, bytearray)) and data.startswith(HTTP_METHODS):
                    self.count_at_site("http.request")
            elif event == "socket.__new__":
                self.meters.watch_sockets(self)
            else:
                self.meters.watch_pickling()
            return
        if event not in AUDIT_EVENTS:
            return
        self.count_at_site(event)

    def count_at_site(self, event):
        """One more `event` at the user's line that led to it (counted in the profiled process only)."""
        if os.getpid() != ROOT_PID:
            return
        self.audit_totals[event] = self.audit_totals.get(event, 0) + 1
        f = sys._getframe(2)
        while f is not None and not is_user_file(f.f_code.co_filename):
            f = f.f_back
        if f is None:
            return
        key = (f.f_code.co_filename, f.f_lineno, event)
        self.audit_sites[key] = self.audit_sites.get(key, 0) + 1

    # -- result ---------------------------------------------------------------------------------
    def result(self, exit_code, terminated, script):
        end = time.perf_counter()
        wall_ms = (end - self.t0) * 1000.0
        self_ru = resource.getrusage(resource.RUSAGE_SELF)
        child_ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        reaped_ms = (child_ru.ru_utime + child_ru.ru_stime) * 1000.0
        live_ms = 0.0
        try:
            for pid in self.descendants():
                try:
                    data = read_proc("/proc/%d/stat" % pid)
                    fields = data[data.rindex(")") + 2:].split()
                    live_ms += (int(fields[11]) + int(fields[12])) * 1000.0 / CLK_TCK
                except (OSError, ValueError, IndexError):
                    pass
        except Exception:
            pass
        for ident in list(self.loop_run):
            self.close_loop_interval(ident)
        try:
            self.scan_runqueue([ROOT_PID] + self.descendants())
        except Exception:
            pass
        # The longest any one thread or process waited for a core. Parallel lanes wait at the same
        # time, and threads taking turns on the GIL wake every few ms to ask for it, so a sum would
        # count the same lost wall time several times.
        runq_ms = max(self.runq.values()) / 1e6 if self.runq else 0.0
        # Child processes' own waits for a core, each child's longest thread: added up, the time
        # children that ran one after another lost to other work on the machine.
        child_runq = {}
        for key, ns in self.runq.items():
            pid = int(key.split("/")[0])
            if pid != ROOT_PID:
                child_runq[pid] = max(child_runq.get(pid, 0), ns)
        child_runq_ms = sum(child_runq.values()) / 1e6
        main_ident = threading.main_thread().ident
        # Each thread's own CPU: measured by the thread itself when it ended (exact even when the
        # sampler seldom got the GIL), else read from its clock now.
        threads = []
        seen = set()
        for ident, (name, cpu) in list(self.ended_threads.items()):
            seen.add(ident)
            threads.append({"id": ident, "name": name, "main": False, "cpuMs": round(cpu * 1000.0, 1)})
        for t in threading.enumerate():
            if t.ident in seen or t is self.thread or t.native_id is None:
                continue
            try:
                cpu = time.clock_gettime(thread_cpu_clock(t.native_id)) if sys.platform.startswith("linux") else self.thread_cpu_total.get(t.ident, 0.0)
            except (OSError, ValueError, OverflowError):
                cpu = self.thread_cpu_total.get(t.ident, 0.0)
            threads.append({"id": t.ident, "name": t.name, "main": t.ident == main_ident, "cpuMs": round(cpu * 1000.0, 1)})
        for t in threads:
            gil = self.gil_cpu.get(t["id"])
            if gil:
                t["gilFreeCpuMs"] = round(gil[0], 1)
                t["gilHeldCpuMs"] = round(gil[1], 1)
        python_natives = {nid: ident for ident, nid in self.native_ids.items()}
        tasks = [
            {"tid": tid, "name": comm, "cpuMs": round(ms, 1), "python": tid in python_natives or tid == ROOT_PID, "sampler": tid == self.sampler_native}
            for tid, comm, ms in task_cpu_ms()
        ]
        waits = [
            {"file": k[0], "line": k[1], "call": k[2], "user": k[3], "kind": k[4], "ms": round(v[0], 1), "samples": v[1]}
            for k, v in sorted(self.waits.items(), key=lambda kv: -kv[1][0])[:200]
        ]
        audit = [
            {"file": k[0], "line": k[1], "event": k[2], "count": v}
            for k, v in sorted(self.audit_sites.items(), key=lambda kv: -kv[1])[:200]
        ]
        end_us = self.wall_start_us + int(wall_ms * 1000)
        return {
            "version": 1,
            "script": script,
            "python": sys.version.split()[0],
            "executable": sys.executable,
            "hz": self.hz,
            "libDirs": LIB_DIRS,
            "profile": {
                "nodes": self.nodes,
                "startTime": self.wall_start_us,
                "endTime": end_us,
                "samples": self.samples,
                "timeDeltas": self.time_deltas,
            },
            "sampleWeightsUs": self.weights_us,
            "sampleOnCpu": self.on_cpu,
            "sampleThread": self.sample_thread,
            "threads": threads,
            "process": {
                "wallMs": round(wall_ms, 2),
                "cpuUserMs": round(self_ru.ru_utime * 1000.0, 2),
                "cpuSysMs": round(self_ru.ru_stime * 1000.0, 2),
                "childCpuMs": round(reaped_ms + live_ms, 2),
                "childCpuReapedMs": round(reaped_ms, 2),
                "childCpuLiveMs": round(live_ms, 2),
                "maxChildren": self.max_children,
                "runQueueMs": round(runq_ms, 1),
                "childRunQueueMs": round(child_runq_ms, 1),
                "startupCpuMs": round(self.startup_cpu_ms, 1),
                "samplerCpuMs": round(self.own_cpu_ms, 1),
                "childPids": len(self.children),
                "pid": ROOT_PID,
                "startRssKb": self.startup_rss_kb,
                "loadAverage": max([x for x in (self.load_at_start, load_average()) if x is not None], default=None),
                "maxRssKb": self_ru.ru_maxrss,
                "exitCode": exit_code,
                "terminated": terminated,
            },
            "cpuTicksMs": round(self.cpu_ticks_ms, 1),
            "multiCpuMs": round(self.multi_cpu_ms, 1),
            "waits": waits,
            "waitKinds": {k: round(v, 1) for k, v in self.wait_kinds.items()},
            "io": {"ms": round(self.io_ms, 1), "threadMs": round(self.io_thread_ms, 1), "max": self.max_io},
            "asyncio": {
                "seen": self.loop["seen"],
                "busyCpuMs": round(self.loop["busyCpuMs"], 1),
                "blockedMs": round(self.loop["blockedMs"], 1),
                "idleMs": round(self.loop["idleMs"], 1),
                "inflightMs": round(self.loop["inflightMs"], 1),
                "events": self.loop["events"],
            },
            "audit": audit,
            "auditTotals": self.audit_totals,
            "tasks": tasks,
            "childSpans": [[round(a, 1), round(b, 1), round(c, 1)] for a, b, c in self.child_spans.values()],
            "transfer": self.meters.result(),
        }


_finished = False


def finish(sampler, out_path, exit_code, terminated, script):
    global _finished
    if _finished or os.getpid() != ROOT_PID:
        return
    _finished = True
    sampler.stop_event.set()
    if sampler.thread.is_alive() and threading.current_thread() is not sampler.thread:
        sampler.thread.join(timeout=2.0)
    data = sampler.result(exit_code, terminated, script)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        import json

        json.dump(data, fh, separators=(",", ":"))
    os.replace(tmp, out_path)


def print_script_traceback(exc):
    import traceback
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename in OWN_FILES:
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb)


# Signals that end the run (a stop, a timeout, a closed terminal): the profile is written first.
STOP_SIGNALS = tuple(getattr(_signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(_signal, name))


def guard_forks(sampler, on_stop):
    """Makes os.fork() safe under the sampler (multiprocessing's fork start method, daemons).

    A forked child has one thread: the sampler thread is gone, but a lock it held stays held, so a
    fork waits for the tick in progress (sampler.busy). The child is not the profiled process: it
    never samples or writes the profile (finish checks the pid), closes the progress pipe (a daemon
    holding it kept the run open) and gets the default action back for the signals caught here.

    Those signals are blocked across the fork. CPython drops a signal that reaches a child before
    its after-fork reset, so a pool worker sent SIGTERM just after it was forked (Pool.terminate
    does that, then joins its workers while holding the pool's inqueue read lock) lived on with the
    sampler's handler and waited for that lock forever. Blocked, the signal stays pending and is
    delivered with its default action once the child has restored it.
    """
    if not hasattr(os, "register_at_fork"):
        return
    saved = {"mask": None, "held": False}

    def unblock():
        mask, saved["mask"] = saved["mask"], None
        if mask is not None:
            _signal.pthread_sigmask(_signal.SIG_SETMASK, mask)

    def before():
        if os.getpid() != ROOT_PID:
            return
        saved["mask"] = _signal.pthread_sigmask(_signal.SIG_BLOCK, STOP_SIGNALS)
        # Bounded: a fork must never wait on the sampler for long.
        saved["held"] = sampler.busy.acquire(timeout=1.0)

    def after_in_parent():
        if saved["held"]:
            saved["held"] = False
            sampler.busy.release()
        unblock()

    def after_in_child():
        saved["held"] = False
        sampler.busy = threading.Lock()
        if sampler.progress_fd >= 0:
            try:
                os.close(sampler.progress_fd)
            except OSError:
                pass
            sampler.progress_fd = -1
        for signum in STOP_SIGNALS:
            if _signal.getsignal(signum) is on_stop:
                _signal.signal(signum, _signal.SIG_DFL)
        unblock()

    os.register_at_fork(before=before, after_in_parent=after_in_parent, after_in_child=after_in_child)


def module_file(name):
    """The file `python -m name` runs (a package's __main__), or None when there is no such module."""
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
        if spec is not None and spec.submodule_search_locations is not None:
            spec = find_spec(name + ".__main__")
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    return os.path.abspath(spec.origin) if spec.origin and spec.has_location else name


def main():
    if len(sys.argv) < 5 or (sys.argv[4] == "-m" and len(sys.argv) < 6):
        sys.stderr.write("usage: sampler.py OUT_JSON HZ PROGRESS_FD (SCRIPT | -m MODULE) [ARGS...]\n")
        return 2
    out_path, hz, progress_fd = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    module = sys.argv[5] if sys.argv[4] == "-m" else None
    script = module if module else sys.argv[4]
    script_args = sys.argv[6:] if module else sys.argv[5:]
    if progress_fd >= 0:
        try:
            os.set_inheritable(progress_fd, False)
        except OSError:
            progress_fd = -1
    if module:
        # Like `python -m`: the current directory first on the path, the module's file as argv[0].
        sys.path[0] = os.getcwd()
        script_path = module_file(module)
        if script_path is None:
            sys.stderr.write("%s: No module named %s\n" % (sys.executable, module))
            return 1
        sys.argv = [script_path] + script_args
    else:
        script_path = os.path.abspath(script)
        sys.argv = [script] + script_args
        sys.path[0] = os.path.dirname(script_path)

    sampler = Sampler(hz, progress_fd)
    sys.addaudithook(sampler.audit)

    # Every thread notes its own CPU time as it ends (the sampler may seldom get the GIL while
    # threads compete for it, and a thread gone between two ticks would be missed).
    original_bootstrap = threading.Thread._bootstrap_inner

    def _bootstrap_inner(self):
        try:
            original_bootstrap(self)
        finally:
            if self is not sampler.thread:
                sampler.ended_threads[self.ident] = (self.name, time.thread_time())

    threading.Thread._bootstrap_inner = _bootstrap_inner
    if sys.version_info < (3, 12):
        # time.sleep raises no audit event before 3.12: count the calls per call site here, so
        # "N sleeps one after another" is measured, not guessed.
        real_sleep = time.sleep

        def sleep(secs):
            sampler.audit("time.sleep", (secs,))
            return real_sleep(secs)

        time.sleep = sleep

    def on_term(signum, _frame):
        if os.getpid() != ROOT_PID:
            _signal.signal(signum, _signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        try:
            finish(sampler, out_path, 128 + signum, True, script_path)
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except Exception:
                pass
            os._exit(128 + signum)

    # _signal: the signal module's enums cost ~0.5 ms to build at import.
    for signum in STOP_SIGNALS:
        _signal.signal(signum, on_term)
    guard_forks(sampler, on_term)

    # os._exit skips every finally block: keep the profile of a script that ends that way.
    real_exit = os._exit

    def _exit(status):
        if os.getpid() == ROOT_PID:
            try:
                finish(sampler, out_path, status, False, script_path)
            except Exception:
                pass
        real_exit(status)

    os._exit = _exit
    sampler.thread.start()
    code = 0
    try:
        if module:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
        else:
            runpy.run_path(script_path, run_name="__main__")
        # Like interpreter shutdown: wait for the script's non-daemon threads before stopping.
        for t in threading.enumerate():
            if t is not threading.main_thread() and not t.daemon and t is not sampler.thread:
                t.join()
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:
            code = 1
        finish(sampler, out_path, code, False, script_path)
        raise
    except KeyboardInterrupt as e:  # Ctrl-C, or the first signal of a stop: keep the profile
        finish(sampler, out_path, 130, False, script_path)
        print_script_traceback(e)
        sys.stderr.flush()
        return 130
    except BaseException as e:  # the script crashed: keep the profile, show the script's traceback
        finish(sampler, out_path, 1, False, script_path)
        print_script_traceback(e)
        sys.stderr.flush()
        return 1
    finish(sampler, out_path, code, False, script_path)
    return code

