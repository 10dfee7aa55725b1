"""Boundwise sampler entry: runs a Python script as __main__ while a thread samples every thread's stack.

Standard library only; shipped with Boundwise and run by the user's interpreter:

    python sampler.py OUT_JSON HZ PROGRESS_FD (SCRIPT | -m MODULE) [ARGS...]

The sampler itself is the _boundwise_sampler package beside this file (see its __init__ for its
modules and main.py for what it writes). Python compiles a file it runs by path at every run: ~7 ms
for the sampler, on the script's wall time. This entry keeps the package's compiled code instead,
all modules in one file in Boundwise's folder of the user's cache directory (not beside the sampler:
that folder may be read-only, and the build copies it), checked against the magic number of this
interpreter's bytecode and every source's path, size and modification time. The package is
imported from that code only (never from sys.path, which is the script's), then the entry steps aside.
"""
import os
import sys

PACKAGE = "_boundwise_sampler"


def _cache_dir():
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "boundwise", "pycache") if os.path.isabs(base) else None


def _package_code(package_dir):
    """{module name: code object} for every module of the package, from the cache when it is current."""
    import marshal
    from importlib.util import MAGIC_NUMBER

    sources = sorted(f for f in os.listdir(package_dir) if f.endswith(".py"))
    stamps = []
    for f in sources:
        st = os.stat(os.path.join(package_dir, f))
        stamps.append((f, st.st_size, st.st_mtime_ns))
    header = MAGIC_NUMBER + repr((package_dir, stamps)).encode("utf-8", "surrogateescape") + b"\0"
    cache_dir = _cache_dir()
    cache = None
    if cache_dir:
        h = 0
        for ch in package_dir:
            h = (h * 31 + ord(ch)) & 0xFFFFFFFF
        cache = os.path.join(cache_dir, "%s.%s.%08x.bin" % (PACKAGE, sys.implementation.cache_tag, h))
        try:
            with open(cache, "rb") as fh:
                data = fh.read()
            if data.startswith(header):
                return marshal.loads(data[len(header):])
        except (OSError, ValueError, EOFError, TypeError):
            pass
    codes = {}
    for f in sources:
        path = os.path.join(package_dir, f)
        with open(path, "rb") as fh:
            codes[f[:-3]] = compile(fh.read(), path, "exec", dont_inherit=True)
    if cache:
        tmp = "%s.%d.tmp" % (cache, os.getpid())
        try:
            os.makedirs(cache_dir, mode=0o700, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(header + marshal.dumps(codes))
            os.replace(tmp, cache)
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return codes


class _CachedPackage:
    """A meta path finder and loader for the package's modules, from their compiled code."""

    def __init__(self, package_dir):
        self.dir = package_dir
        self.codes = _package_code(package_dir)

    def find_spec(self, name, path=None, target=None):
        from importlib.util import spec_from_file_location

        if name == PACKAGE:
            return spec_from_file_location(name, os.path.join(self.dir, "__init__.py"), loader=self, submodule_search_locations=[self.dir])
        if name.startswith(PACKAGE + ".") and name[len(PACKAGE) + 1:] in self.codes:
            return spec_from_file_location(name, os.path.join(self.dir, name[len(PACKAGE) + 1:] + ".py"), loader=self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        name = module.__name__
        exec(self.codes["__init__" if name == PACKAGE else name[len(PACKAGE) + 1:]], module.__dict__)


def _load_sampler():
    finder = _CachedPackage(os.path.join(os.path.dirname(os.path.abspath(__file__)), PACKAGE))
    sys.meta_path.insert(0, finder)
    try:
        from _boundwise_sampler import main
    finally:
        sys.meta_path.remove(finder)
        # Out of the script's sys.modules, as the single-file sampler was: its modules hold their
        # references to one another already, and the script sees the same modules with or without
        # the profiler.
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]
    return main


if __name__ == "__main__":
    sys.exit(_load_sampler().main())
