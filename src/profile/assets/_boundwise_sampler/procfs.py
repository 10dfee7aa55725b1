"""The process and the machine, read from /proc (Linux) without leaving the GIL more than needed."""
import os
import sys

# The profiled process: a forked child runs this code too, but never samples or writes.
ROOT_PID = os.getpid()
CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


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


def process_cpu_seconds(pid):
    """A process's user + system CPU seconds from /proc/PID/stat, and whether it is a zombie."""
    data = read_proc("/proc/%d/stat" % pid)
    fields = data[data.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK, fields[0] == "Z"


def thread_cpu_clock(native_id):
    """Per-thread CPU clock id on Linux, computed from the kernel's encoding (valid for any live tid)."""
    return ((~native_id) << 3) | 6
