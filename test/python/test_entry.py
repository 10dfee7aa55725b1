"""The entry (sampler.py) run for real: it loads the package from its bytecode cache, runs the
script as __main__ and writes the profile. A real interpreter in a subprocess, on a copy of the
assets (so a test can edit a module) and a cache folder of its own."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from fakes import ASSETS

PACKAGE = "_boundwise_sampler"


class Entry(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bw-sampler-entry-")
        self.assets = os.path.join(self.dir, "assets")
        os.mkdir(self.assets)
        shutil.copy(os.path.join(ASSETS, "sampler.py"), self.assets)
        shutil.copytree(os.path.join(ASSETS, PACKAGE), os.path.join(self.assets, PACKAGE), ignore=shutil.ignore_patterns("__pycache__"))
        self.cache = os.path.join(self.dir, "cache")
        self.script = os.path.join(self.dir, "script.py")
        with open(self.script, "w", encoding="utf-8") as fh:
            # Computes for 0.3 s of wall time: samples on a busy machine too.
            fh.write("import sys, time\ndef work():\n    return sum(i * i for i in range(20000))\n"
                     "start = time.perf_counter()\nwhile time.perf_counter() - start < 0.3:\n    work()\n"
                     "print('hello from the script', sorted(m for m in sys.modules if 'boundwise' in m))\nsys.exit(3)\n")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def run_entry(self, *interpreter_args):
        out = os.path.join(self.dir, "out.json")
        env = dict(os.environ, XDG_CACHE_HOME=self.cache, PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.run([sys.executable, *interpreter_args, os.path.join(self.assets, "sampler.py"), out, "500", "-1", self.script],
                              cwd=self.dir, env=env, capture_output=True, text=True, timeout=60)
        with open(out, encoding="utf-8") as fh:
            return proc, json.load(fh)

    def cached(self):
        folder = os.path.join(self.cache, "boundwise", "pycache")
        return sorted(os.listdir(folder)) if os.path.isdir(folder) else []

    def test_runs_the_script_and_writes_its_profile(self):
        proc, data = self.run_entry()
        self.assertEqual(proc.returncode, 3, proc.stderr)
        # The script's own output, and a sys.modules without the sampler's package in it.
        self.assertEqual(proc.stdout, "hello from the script []\n")
        self.assertEqual(data["process"]["exitCode"], 3)
        self.assertEqual(data["script"], self.script)
        self.assertGreater(len(data["profile"]["samples"]), 0)
        # The main thread's samples start at the script: no frame of the entry, the package or runpy.
        nodes = {n["id"]: n for n in data["profile"]["nodes"]}
        tops = [nodes[c]["callFrame"]["url"] for c in nodes[1]["children"]]
        self.assertIn(self.script, tops)
        self.assertFalse([u for u in tops if u.startswith(self.assets)], tops)

    def test_package_folders_are_libraries_under_python_dash_s_too(self):
        # -S skips the site module at start-up; the sampler still knows where packages live (the
        # user's site-packages is in no sysconfig path).
        import site

        _, data = self.run_entry("-S")
        for folder in site.getsitepackages() + [site.getusersitepackages()]:
            self.assertIn(os.path.abspath(folder) + os.sep, data["libDirs"])

    def test_the_package_is_compiled_once_into_one_cache_file(self):
        self.run_entry()
        first = self.cached()
        self.assertEqual(len(first), 1)
        self.assertTrue(first[0].startswith(PACKAGE + "."), first)
        path = os.path.join(self.cache, "boundwise", "pycache", first[0])
        stamp = os.stat(path).st_mtime_ns
        _, data = self.run_entry()
        self.assertEqual(os.stat(path).st_mtime_ns, stamp)  # read, not written again
        self.assertEqual(data["version"], 1)

    def test_an_edited_module_is_compiled_again(self):
        self.run_entry()
        output_py = os.path.join(self.assets, PACKAGE, "output.py")
        with open(output_py, encoding="utf-8") as fh:
            text = fh.read()
        with open(output_py, "w", encoding="utf-8") as fh:
            fh.write(text.replace('"version": 1,', '"version": 99,'))
        _, data = self.run_entry()
        self.assertEqual(data["version"], 99)


if __name__ == "__main__":
    unittest.main()
