"""Boundwise sampler entry: runs a Python script as __main__ while a thread samples every thread's stack.

Standard library only; shipped with Boundwise and run by the user's interpreter:

    python sampler.py OUT_JSON HZ PROGRESS_FD (SCRIPT | -m MODULE) [ARGS...]

The sampler itself is _sampler.py beside this file (see there for what it writes). Python compiles
a file it runs by path at every run: ~7 ms for the sampler, on the script's wall time. This entry
keeps the compiled code instead, in Boundwise's folder of the user's cache directory (not beside
the sampler: that folder may be read-only, and the build copies it), checked against the magic
number of this interpreter's bytecode and the source's path, size and modification time.
"""
import os
import sys


def _cache_dir():
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "boundwise", "pycache") if os.path.isabs(base) else None


def _sampler_code(path):
    import marshal
    from importlib.util import MAGIC_NUMBER

    st = os.stat(path)
    header = MAGIC_NUMBER + repr((path, st.st_size, st.st_mtime_ns)).encode("utf-8", "surrogateescape") + b"\0"
    cache_dir = _cache_dir()
    cache = None
    if cache_dir:
        h = 0
        for ch in path:
            h = (h * 31 + ord(ch)) & 0xFFFFFFFF
        cache = os.path.join(cache_dir, "_sampler.%s.%08x.bin" % (sys.implementation.cache_tag, h))
        try:
            with open(cache, "rb") as fh:
                data = fh.read()
            if data.startswith(header):
                return marshal.loads(data[len(header):])
        except (OSError, ValueError, EOFError, TypeError):
            pass
    with open(path, "rb") as fh:
        code = compile(fh.read(), path, "exec", dont_inherit=True)
    if cache:
        tmp = "%s.%d.tmp" % (cache, os.getpid())
        try:
            os.makedirs(cache_dir, mode=0o700, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(header + marshal.dumps(code))
            os.replace(tmp, cache)
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return code


def _load_sampler():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_sampler.py")
    module = type(sys)("_boundwise_sampler")
    module.__file__ = path
    exec(_sampler_code(path), module.__dict__)
    return module


if __name__ == "__main__":
    sys.exit(_load_sampler().main())
