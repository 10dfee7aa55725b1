"""Whose file a frame is in: the script's own, the interpreter's libraries and packages, or the sampler's."""
import os
import runpy
import site  # noqa: F401  (imported even under `python -S`: its package folders are libraries too)
import sys
import sysconfig

# The sampler's own code: this package, the entry beside it, and runpy (which starts the script).
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
ENTRY_FILE = os.path.join(os.path.dirname(PACKAGE_DIR.rstrip(os.sep)), "sampler.py")
RUNPY_FILE = os.path.abspath(runpy.__file__)
OWN_FILES = (ENTRY_FILE, RUNPY_FILE, "<frozen runpy>")

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


def _in_user_folder(filename):
    if not filename or filename.startswith("<"):
        return False
    if filename in OWN_FILES or filename.startswith(PACKAGE_DIR):
        return False
    return not any(filename.startswith(d) for d in LIB_DIRS)


# filename -> is_user_file: a tick asks for every frame of every sampled stack, and a program has
# a few hundred files at most (prefix tests against every library folder cost a server's tick
# more than the rest of it).
_user_files = {}


def is_user_file(filename):
    """Neither the sampler's (this package, the entry, runpy) nor a library's or a package's."""
    known = _user_files.get(filename)
    if known is None:
        known = _user_files[filename] = _in_user_folder(filename)
    return known


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
