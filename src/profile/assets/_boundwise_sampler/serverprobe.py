"""The requests an aiohttp server handles, per route, counted where the framework dispatches them
(Application._handle), in the same windows and with the same fields as Node's server probe
(server-probe.js): requests finished, server errors, time with requests in flight, the most in
flight at once, and per route a uniform sample of latencies. The route is the one the app's
router matched ("GET /users/{id}"); requests no route matched keep their path (at most
ROUTE_LIMIT paths, then "other paths").

aiohttp binds Application._handle when its server is made, so the method is wrapped as soon as
aiohttp.web_app is imported: a finder first on sys.meta_path wraps the module's loader for that one
import and leaves. Nothing here may raise into the program: every hook is guarded.
"""
import os
import sys
import time

ROUTE_LIMIT = 20  # distinct unrouted paths kept per run; the rest are "other paths"
SAMPLE_LIMIT = 500  # latencies kept per route and window (a uniform sample beyond that)
FRAMEWORK_MODULE = "aiohttp.web_app"


class ServerProbe:
    def __init__(self, origin_ms, window_ms, clock=time.time):
        """origin_ms: epoch ms the windows count from (the run's, as the report's windows); clock:
        epoch seconds (a test's fake)."""
        self.origin_ms = origin_ms
        self.window_ms = window_ms
        self.clock = clock
        self.windows = {}
        self.paths = set()
        self.framework_routes = set()
        self.inflight = 0
        self.last_change = None
        self.source = None

    def now_ms(self):
        return self.clock() * 1000.0

    def _index(self, at_ms):
        return int((at_ms - self.origin_ms) // self.window_ms)

    def _window(self, index):
        w = self.windows.get(index)
        if w is None:
            w = self.windows[index] = {
                "index": index, "started": 0, "requests": 0, "serverErrors": 0, "connections": 0,
                "busyMs": 0.0, "inflightMs": 0.0, "maxInflight": 0, "routes": {},
            }
        return w

    def _account(self, now):
        """Time with requests in flight, and requests in flight x time, split at window edges."""
        if self.inflight > 0 and self.last_change is not None:
            t = self.last_change
            while t < now:
                i = self._index(t)
                edge = min(now, self.origin_ms + (i + 1) * self.window_ms)
                w = self._window(i)
                w["busyMs"] += edge - t
                w["inflightMs"] += self.inflight * (edge - t)
                t = edge
        self.last_change = now

    def started(self):
        """A request entered the app: returns its start (epoch ms) for finished()."""
        now = self.now_ms()
        self._account(now)
        self.inflight += 1
        w = self._window(self._index(now))
        w["started"] += 1
        w["maxInflight"] = max(w["maxInflight"], self.inflight)
        return now

    def finished(self, began, method, route, path, status):
        """The app returned a response (or raised) for a request started at `began`; `route` is the
        matched route's pattern, None when no route matched."""
        now = self.now_ms()
        self._account(now)
        if self.inflight > 0:
            self.inflight -= 1
        w = self._window(self._index(now))
        w["requests"] += 1
        if status >= 500:
            w["serverErrors"] += 1
        name = self._name(method, route, path)
        r = w["routes"].get(name)
        if r is None:
            r = w["routes"][name] = {"count": 0, "latencies": []}
        r["count"] += 1
        ms = round(now - began, 2)
        if len(r["latencies"]) < SAMPLE_LIMIT:
            r["latencies"].append(ms)
        else:
            k = int.from_bytes(os.urandom(4), "little") % r["count"]  # (no `random` import at start-up)
            if k < SAMPLE_LIMIT:
                r["latencies"][k] = ms

    def _name(self, method, route, path):
        if route is not None:
            name = "%s %s" % (method, route)
            self.framework_routes.add(name)
            return name
        name = "%s %s" % (method, path)
        if name in self.paths or len(self.paths) < ROUTE_LIMIT:
            self.paths.add(name)
            return name
        return "%s (other paths)" % method

    def record(self):
        """The probe's record for the report (server/model.ts ProbeRecord), or None when the program
        handled no request through a framework seen here."""
        if self.source is None or not self.windows:
            return None
        windows = []
        for index in sorted(self.windows):
            w = dict(self.windows[index])
            w["busyMs"] = round(w["busyMs"], 2)
            w["inflightMs"] = round(w["inflightMs"], 2)
            windows.append(w)
        return {
            "source": self.source,
            "origin": self.origin_ms,
            "windowMs": self.window_ms,
            "listening": [],
            "inflightAtEnd": self.inflight,
            "frameworkRoutes": sorted(self.framework_routes),
            "windows": windows,
        }


def route_of(request):
    """(method, matched route pattern or None, path) of an aiohttp request."""
    method = getattr(request, "method", "?")
    path = getattr(request, "path", "/")
    try:
        resource = request.match_info.route.resource
        pattern = getattr(resource, "canonical", None) if resource is not None else None
    except Exception:
        pattern = None
    return method, pattern, path


def wrap_aiohttp(module, probe):
    """Counts every request aiohttp.web_app.Application dispatches (module: aiohttp.web_app)."""
    app_class = getattr(module, "Application", None)
    original = getattr(app_class, "_handle", None)
    if original is None or getattr(original, "_boundwise_probe", False):
        return
    probe.source = "aiohttp"

    async def _handle(self, request):
        try:
            began = probe.started()
        except Exception:
            began = None
        status = 500
        try:
            response = await original(self, request)
            status = getattr(response, "status", 200)
            return response
        except BaseException as e:  # web.HTTPException subclasses carry their status
            status = getattr(e, "status", 500) if isinstance(getattr(e, "status", None), int) else 500
            raise
        finally:
            if began is not None:
                try:
                    probe.finished(began, *route_of(request), status)
                except Exception:
                    pass

    _handle._boundwise_probe = True
    try:
        _handle.__wrapped__ = original
        app_class._handle = _handle
    except Exception:
        probe.source = None


class _WrapOnImport:
    """A finder, first on sys.meta_path, that lets the others find FRAMEWORK_MODULE and calls
    `then(module)` right after the module has run; it leaves sys.meta_path at that import."""

    def __init__(self, then):
        self.then = then

    def find_spec(self, fullname, path=None, target=None):
        if fullname != FRAMEWORK_MODULE:
            return None
        try:
            sys.meta_path.remove(self)
        except ValueError:
            pass
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if find else None
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        exec_module = getattr(loader, "exec_module", None)
        if exec_module is None:
            return spec
        then = self.then

        def exec_then(module):
            exec_module(module)
            try:
                then(module)
            except Exception:
                pass

        try:
            loader.exec_module = exec_then
        except Exception:
            pass
        return spec


def install(probe):
    """Counts requests of the frameworks the program imports from now on (or has imported)."""
    module = sys.modules.get(FRAMEWORK_MODULE)
    if module is not None:
        wrap_aiohttp(module, probe)
    else:
        sys.meta_path.insert(0, _WrapOnImport(lambda m: wrap_aiohttp(m, probe)))
