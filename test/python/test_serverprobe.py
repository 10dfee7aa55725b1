"""Requests counted per route where aiohttp dispatches them (serverprobe), on a fake clock, and the
import hook that wraps the dispatch, on a stand-in aiohttp.web_app module written to a temp folder
(the real aiohttp is exercised by the server-verdict tests under load: test/profile/serverVerdicts)."""
import asyncio
import os
import shutil
import sys
import tempfile
import unittest

import fakes  # noqa: F401  (first: puts the sampler's folder on sys.path)
from _boundwise_sampler import serverprobe
from _boundwise_sampler.output import result
from fakes import make_sampler


class Clock:
    def __init__(self, seconds):
        self.seconds = seconds

    def __call__(self):
        return self.seconds


class Windows(unittest.TestCase):
    def test_counts_requests_per_route_in_the_window_they_finish_with_their_latency(self):
        clock = Clock(100.0)
        probe = serverprobe.ServerProbe(origin_ms=100_000.0, window_ms=1000.0, clock=clock)
        probe.source = "aiohttp"
        a = probe.started()
        clock.seconds = 100.25
        b = probe.started()
        clock.seconds = 100.5
        probe.finished(a, "GET", "/users/{id}", "/users/7", 200)
        clock.seconds = 101.5  # b finishes in the next window
        probe.finished(b, "POST", None, "/upload", 503)
        record = probe.record()
        first, second = record["windows"]
        self.assertEqual((first["index"], first["requests"], first["started"], first["maxInflight"]), (0, 1, 2, 2))
        self.assertEqual(first["routes"], {"GET /users/{id}": {"count": 1, "latencies": [500.0]}})
        self.assertEqual((second["index"], second["requests"], second["serverErrors"]), (1, 1, 1))
        self.assertEqual(second["routes"], {"POST /upload": {"count": 1, "latencies": [1250.0]}})
        # In flight: 0-250 ms one request, 250-500 two, 500-1500 one (split at the window edge).
        self.assertAlmostEqual(first["busyMs"], 1000.0)
        self.assertAlmostEqual(first["inflightMs"], 250 + 2 * 250 + 500)
        self.assertAlmostEqual(second["busyMs"], 500.0)
        self.assertEqual(record["frameworkRoutes"], ["GET /users/{id}"])
        self.assertEqual((record["source"], record["origin"], record["windowMs"], record["inflightAtEnd"]), ("aiohttp", 100_000.0, 1000.0, 0))

    def test_keeps_twenty_unrouted_paths_then_groups_the_rest(self):
        probe = serverprobe.ServerProbe(0.0, 1000.0, clock=Clock(0.0))
        probe.source = "aiohttp"
        for i in range(25):
            probe.finished(probe.started(), "GET", None, "/static/%d" % i, 404)
        routes = probe.record()["windows"][0]["routes"]
        self.assertEqual(len(routes), serverprobe.ROUTE_LIMIT + 1)
        self.assertEqual(routes["GET (other paths)"]["count"], 5)

    def test_keeps_a_uniform_sample_of_latencies_beyond_the_limit(self):
        clock = Clock(0.0)
        probe = serverprobe.ServerProbe(0.0, 10_000_000.0, clock=clock)
        probe.source = "aiohttp"
        for i in range(serverprobe.SAMPLE_LIMIT * 2):
            began = probe.started()
            clock.seconds += 0.001
            probe.finished(began, "GET", "/", "/", 200)
        route = probe.record()["windows"][0]["routes"]["GET /"]
        self.assertEqual(route["count"], serverprobe.SAMPLE_LIMIT * 2)
        self.assertEqual(len(route["latencies"]), serverprobe.SAMPLE_LIMIT)

    def test_no_record_without_a_framework_or_a_request(self):
        probe = serverprobe.ServerProbe(0.0, 1000.0, clock=Clock(0.0))
        self.assertIsNone(probe.record())
        probe.source = "aiohttp"
        self.assertIsNone(probe.record())

    def test_the_record_is_in_the_samplers_output_only_when_requests_were_counted(self):
        sampler, _clock, _threads = make_sampler()
        self.assertNotIn("server", result(sampler, 0, False, "app.py"))
        sampler.server_probe = serverprobe.ServerProbe(0.0, 1000.0, clock=Clock(0.0))
        self.assertNotIn("server", result(sampler, 0, False, "app.py"))
        sampler.server_probe.source = "aiohttp"
        sampler.server_probe.finished(sampler.server_probe.started(), "GET", "/", "/", 200)
        self.assertEqual(result(sampler, 0, False, "app.py")["server"]["windows"][0]["requests"], 1)


STAND_IN = '''
class HTTPNotFound(Exception):
    status = 404

class Application:
    async def _handle(self, request):
        if request.path == "/missing":
            raise HTTPNotFound()
        return request.respond
'''


class Request:
    def __init__(self, path, pattern):
        self.method = "GET"
        self.path = path
        self.respond = type("Response", (), {"status": 201})()

        class Resource:
            canonical = pattern

        class Route:
            resource = Resource() if pattern else None

        self.match_info = type("MatchInfo", (), {"route": Route()})()


class ImportHook(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.dir, "aiohttp"))
        with open(os.path.join(self.dir, "aiohttp", "__init__.py"), "w") as f:
            f.write("")
        with open(os.path.join(self.dir, "aiohttp", "web_app.py"), "w") as f:
            f.write(STAND_IN)
        self.saved = {k: v for k, v in sys.modules.items() if k == "aiohttp" or k.startswith("aiohttp.")}
        for k in self.saved:
            del sys.modules[k]
        sys.path.insert(0, self.dir)
        self.meta_path = list(sys.meta_path)

    def tearDown(self):
        sys.path.remove(self.dir)
        sys.meta_path[:] = self.meta_path
        for k in [k for k in sys.modules if k == "aiohttp" or k.startswith("aiohttp.")]:
            del sys.modules[k]
        sys.modules.update(self.saved)
        shutil.rmtree(self.dir)

    def test_wraps_the_dispatch_when_the_program_imports_it_and_counts_what_it_serves(self):
        probe = serverprobe.ServerProbe(0.0, 60_000.0, clock=Clock(0.0))
        serverprobe.install(probe)
        self.assertIsInstance(sys.meta_path[0], serverprobe._WrapOnImport)
        from aiohttp import web_app  # the program's import

        self.assertNotIn(serverprobe._WrapOnImport, [type(f) for f in sys.meta_path], "the finder leaves at that import")
        app = web_app.Application()
        response = asyncio.run(app._handle(Request("/users/7", "/users/{id}")))
        self.assertEqual(response.status, 201, "the app's own response, unchanged")
        with self.assertRaises(web_app.HTTPNotFound):
            asyncio.run(app._handle(Request("/missing", None)))
        routes = probe.record()["windows"][0]["routes"]
        self.assertEqual(sorted(routes), ["GET /missing", "GET /users/{id}"])
        self.assertEqual(probe.record()["windows"][0]["serverErrors"], 0, "a 404 is not a server error")
        self.assertEqual(probe.record()["source"], "aiohttp")

    def test_wraps_a_dispatch_already_imported_once(self):
        from aiohttp import web_app

        probe = serverprobe.ServerProbe(0.0, 60_000.0, clock=Clock(0.0))
        serverprobe.install(probe)
        serverprobe.install(probe)
        self.assertTrue(web_app.Application._handle._boundwise_probe)
        self.assertFalse(getattr(web_app.Application._handle.__wrapped__, "_boundwise_probe", False), "wrapped once")
        asyncio.run(web_app.Application()._handle(Request("/", "/")))
        self.assertEqual(probe.record()["windows"][0]["requests"], 1)


if __name__ == "__main__":
    unittest.main()
