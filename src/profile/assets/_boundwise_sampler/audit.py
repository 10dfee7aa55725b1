"""How many calls each blocking call site made: audit events (sys.addaudithook), the sleeps of
interpreters that raise no event for them, and socket turns (transfer.Meters), per user line."""
import os
import sys

from .files import is_user_file
from .procfs import ROOT_PID

AUDIT_EVENTS = {
    "socket.connect", "http.client.connect", "urllib.Request", "time.sleep", "subprocess.Popen", "sqlite3.connect", "os.system",
    "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
}
# Audit events that start measurement of their kind: http.client.send (one request per request
# line sent), socket.__new__ (the first socket: count request/response turns on sockets), os.fork
# (a worker process: count the bytes pickled to and from workers).
HOOK_EVENTS = {"http.client.send", "socket.__new__", "os.fork"}
HTTP_METHODS = (b"GET ", b"POST ", b"PUT ", b"DELETE ", b"HEAD ", b"PATCH ", b"OPTIONS ")


class AuditCounts:
    def __init__(self, meters):
        self.meters = meters
        self.audit_sites = {}  # (file, line, event) -> count
        self.audit_totals = {}  # event -> count

    def audit(self, event, args):
        """The audit hook (and the sleep wrapper): counts a blocking event at its call site, or
        starts the meter a first socket or fork calls for."""
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
        """One more `event` at the user's line that led to it (counted in the profiled process only).
        Called from audit or a wrapper: the frame two up is the caller of what raised the event."""
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

    def result(self):
        audit = [
            {"file": k[0], "line": k[1], "event": k[2], "count": v}
            for k, v in sorted(self.audit_sites.items(), key=lambda kv: -kv[1])[:200]
        ]
        return audit, self.audit_totals
