"""The JSON the sampler writes for the profiler (src/profile/python.ts reads it as SamplerOutput)."""
import json
import os
import tempfile
import unittest

from fakes import MAIN, module_script, make_sampler, stack, stdlib, tick  # first: puts the sampler's folder on sys.path
from _boundwise_sampler import output


def setUpModule():
    global APP
    APP = module_script("def main():", "    time.sleep(1)", "    crunch()", "    sock.recv(10)")


def profiled():
    """A sampler after three ticks of two threads: the main one computing then sleeping, another
    waiting on a socket."""
    sampler, clock, threads = make_sampler()
    threads.add(MAIN, 11, stack((APP, "main", 3)))
    threads.add(2, 12, stack((APP, "main", 4), (stdlib("socket.py"), "recv", 9)))
    tick(sampler, clock, 0.010, cpu={11: 0.010})
    threads.add(MAIN, 11, stack((APP, "main", 2)))
    tick(sampler, clock, 0.020)
    tick(sampler, clock, 0.030)
    sampler.ended_threads[2] = ("fetcher", 0.0125)
    return sampler, clock


class Output(unittest.TestCase):
    def test_the_profile_its_samples_and_their_weights_line_up(self):
        sampler, clock = profiled()
        data = output.result(sampler, 0, False, APP)
        profile = data["profile"]
        self.assertEqual(len(profile["samples"]), 6)
        self.assertEqual(profile["timeDeltas"], [5000, 5000, 10000, 10000, 15000, 15000])
        for key in ("sampleWeightsUs", "sampleOnCpu", "sampleThread"):
            self.assertEqual(len(data[key]), 6, key)
        self.assertEqual(data["sampleOnCpu"], [1, 0, 0, 0, 0, 0])
        self.assertEqual(data["sampleWeightsUs"], [10000, 10000, 20000, 20000, 30000, 30000])
        ids = {n["id"] for n in profile["nodes"]}
        self.assertTrue(set(profile["samples"]) <= ids)
        self.assertEqual(profile["startTime"], clock.wall_us())
        # 60 ms of ticks on the fake clock (to the microsecond: the sum of three decimal floats).
        self.assertAlmostEqual(profile["endTime"] - profile["startTime"], 60000, delta=1)
        self.assertEqual(data["process"]["wallMs"], 60.0)

    def test_waits_longest_first_with_their_site_and_kind(self):
        sampler, _ = profiled()
        data = output.result(sampler, 0, False, APP)
        self.assertEqual(data["waits"], [
            {"file": APP, "line": 4, "call": "socket.recv", "user": True, "kind": "network", "ms": 60.0, "samples": 3},
            {"file": APP, "line": 2, "call": "time.sleep", "user": True, "kind": "sleep", "ms": 50.0, "samples": 2},
        ])
        self.assertEqual(data["waitKinds"], {"network": 60.0, "sleep": 50.0})
        self.assertEqual(data["io"], {"ms": 60.0, "threadMs": 110.0, "max": 2})
        self.assertEqual(data["cpuTicksMs"], 10.0)

    def test_a_thread_that_ended_reports_the_cpu_it_measured_and_its_gil_split(self):
        sampler, _ = profiled()
        sampler.gil_cpu[2] = [1.25, 3.75]
        threads = {t["id"]: t for t in output.result(sampler, 0, False, APP)["threads"]}
        self.assertEqual(threads[2], {"id": 2, "name": "fetcher", "main": False, "cpuMs": 12.5, "gilFreeCpuMs": 1.2, "gilHeldCpuMs": 3.8})
        self.assertTrue(threads[MAIN]["main"])

    def test_how_the_run_ended(self):
        sampler, _ = profiled()
        data = output.result(sampler, 143, True, APP)
        self.assertEqual((data["process"]["exitCode"], data["process"]["terminated"], data["script"]), (143, True, APP))

    def test_written_as_one_json_file_by_a_rename(self):
        sampler, _ = profiled()
        data = output.result(sampler, 0, False, APP)
        folder = tempfile.mkdtemp(prefix="bw-sampler-out-")
        try:
            path = os.path.join(folder, "out.json")
            output.write(path, data)
            self.assertEqual(os.listdir(folder), ["out.json"])
            with open(path, encoding="utf-8") as fh:
                self.assertEqual(json.load(fh), json.loads(json.dumps(data)))
        finally:
            for f in os.listdir(folder):
                os.unlink(os.path.join(folder, f))
            os.rmdir(folder)


if __name__ == "__main__":
    unittest.main()
