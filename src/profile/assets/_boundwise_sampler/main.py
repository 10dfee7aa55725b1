"""The command line: runs a Python script (or `-m` module) as __main__ while the sampler samples,
and writes the profile however the script ends (a return, sys.exit, os._exit, an exception,
Ctrl-C, SIGTERM or SIGHUP). stdout and stderr stay the script's own.

    python sampler.py OUT_JSON HZ PROGRESS_FD (SCRIPT | -m MODULE) [ARGS...]
"""
import _signal
import os
import runpy
import sys
import threading
import time

from . import output, serverprobe
from .files import OWN_FILES, PACKAGE_DIR
from .procfs import ROOT_PID
from .sampling import Sampler

_finished = False
SERVER_WINDOWS_ENV = "BOUNDWISE_SERVER_WINDOWS"


def finish(sampler, out_path, exit_code, terminated, script):
    global _finished
    if _finished or os.getpid() != ROOT_PID:
        return
    _finished = True
    if sampler.stop_cpu_timer is not None:
        sampler.stop_cpu_timer()
    sampler.stop_event.set()
    if sampler.thread.is_alive() and threading.current_thread() is not sampler.thread:
        sampler.thread.join(timeout=2.0)
    output.write(out_path, output.result(sampler, exit_code, terminated, script))


def start_cpu_timer(sampler):
    """Interrupts the main thread every 1/hz s of the process's CPU time (ITIMER_PROF, SIGPROF),
    where sampler.on_cpu_timer notes where it computes. Returns the function that stops it, or None
    where there is no such timer. Interrupted system calls restart (siginterrupt False), and a
    program that sets its own SIGPROF handler only takes these stacks away (the sampler thread's
    remain). An exec keeps the timer but not the handler (the new program would be killed by the
    signal), so the timer stops at os.exec's audit event."""
    if not (hasattr(_signal, "setitimer") and hasattr(_signal, "SIGPROF")):
        return None
    try:
        _signal.signal(_signal.SIGPROF, sampler.on_cpu_timer)
        _signal.siginterrupt(_signal.SIGPROF, False)
        _signal.setitimer(_signal.ITIMER_PROF, sampler.interval, sampler.interval)
    except (OSError, ValueError, RuntimeError):
        return None

    def stop():
        try:
            _signal.setitimer(_signal.ITIMER_PROF, 0)
        except (OSError, ValueError):
            pass

    def before_exec(event, _args):
        if event == "os.exec":
            stop()

    sys.addaudithook(before_exec)
    return stop


def print_script_traceback(exc):
    import traceback
    tb = exc.__traceback__
    while tb is not None and (tb.tb_frame.f_code.co_filename in OWN_FILES or tb.tb_frame.f_code.co_filename.startswith(PACKAGE_DIR)):
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
    sys.addaudithook(sampler.audits.audit)
    # The windows of the server report ("ORIGIN_MS,WINDOW_MS"), for counting requests per route.
    windows = os.environ.pop(SERVER_WINDOWS_ENV, "").split(",")
    if len(windows) == 2:
        try:
            sampler.server_probe = serverprobe.ServerProbe(float(windows[0]), float(windows[1]))
            serverprobe.install(sampler.server_probe)
        except ValueError:
            pass

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
            sampler.audits.audit("time.sleep", (secs,))
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
    sampler.stop_cpu_timer = start_cpu_timer(sampler)
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

