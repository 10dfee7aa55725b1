"""What a thread that is not on the CPU waits for, and the user's line that waits.

A wait is told by the library file the thread sits in (relative to the standard library), by a
package on its stack, or, for C calls that leave no Python frame, by the text of the calling line.
"""
import os

from .files import is_user_file, lib_relative, line_text, module_of

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
# Waits on something outside the process: a thread in one of them is doing I/O.
IO_KINDS = ("network", "disk", "sleep", "subprocess", "database", "stdin")

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


def wait_kind(stack, others_on_cpu):
    """The kind of wait of a thread off the CPU, from its stack (root first); "gil" when other
    threads ran meanwhile and nothing else explains it, else "other"."""
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


def call_site(stack):
    """The deepest frame in the user's own code and the call it makes there:
    (file, line, call, True), or the leaf's (file, line, module.function, False) without one."""
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
