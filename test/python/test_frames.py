"""Stack walking (the sampler's own frames left out) and the profile tree the samples build."""
import os
import unittest

from fakes import MAIN, make_sampler, stack, stdlib, tick  # first: puts the sampler's folder on sys.path
from _boundwise_sampler import files
from _boundwise_sampler.frames import stack_of

APP = "/home/user/project/app.py"
LIB = "/home/user/project/lib.py"
OWN_MAIN = os.path.join(files.PACKAGE_DIR, "main.py")
OWN_TRANSFER = os.path.join(files.PACKAGE_DIR, "transfer.py")


def names(frames):
    return [f.f_code.co_name for f in frames]


class StackOf(unittest.TestCase):
    def test_the_main_thread_starts_at_the_script_not_the_entry_the_sampler_or_runpy(self):
        leaf = stack((files.ENTRY_FILE, "<module>", 110), (OWN_MAIN, "main", 200), (files.RUNPY_FILE, "run_path", 290),
                     (APP, "<module>", 3), (LIB, "work", 9))
        self.assertEqual(names(stack_of(leaf, True)), ["<module>", "work"])
        self.assertEqual(stack_of(leaf, True)[0].f_code.co_filename, APP)

    def test_other_threads_keep_their_whole_stack(self):
        leaf = stack((stdlib("threading.py"), "_bootstrap", 990), (OWN_MAIN, "_bootstrap_inner", 150), (APP, "worker", 7))
        self.assertEqual(names(stack_of(leaf, False)), ["_bootstrap", "_bootstrap_inner", "worker"])

    def test_a_wrapper_of_the_sampler_at_the_leaf_is_left_out(self):
        # The socket counting wrapper around a send: the script's call is the leaf.
        leaf = stack((APP, "<module>", 3), (OWN_TRANSFER, "send", 40))
        self.assertEqual(names(stack_of(leaf, True)), ["<module>"])

    def test_only_the_samplers_frames_is_no_stack(self):
        leaf = stack((files.ENTRY_FILE, "<module>", 110), (OWN_MAIN, "main", 240))
        self.assertEqual(stack_of(leaf, True), [])


class ProfileTree(unittest.TestCase):
    def test_samples_share_the_nodes_of_their_common_callers(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "<module>", 3), (LIB, "work", 9)))
        tick(sampler, clock, 0.01)
        threads.add(MAIN, 11, stack((APP, "<module>", 3), (LIB, "work", 12)))
        tick(sampler, clock, 0.01)
        threads.add(MAIN, 11, stack((APP, "<module>", 3), (LIB, "work", 9)))
        tick(sampler, clock, 0.01)
        nodes = sampler.tree.nodes
        self.assertEqual([(n["id"], n["callFrame"]["functionName"], n["callFrame"]["lineNumber"], n["children"], n["hitCount"]) for n in nodes], [
            (1, "(root)", -1, [2], 0),
            (2, "<module>", 2, [3, 4], 0),
            (3, "work", 8, [], 2),
            (4, "work", 11, [], 1),
        ])
        self.assertEqual(sampler.samples, [3, 4, 3])
        self.assertEqual(nodes[2]["callFrame"]["url"], LIB)

    def test_the_same_function_called_from_two_places_is_two_nodes(self):
        sampler, clock, threads = make_sampler()
        threads.add(MAIN, 11, stack((APP, "<module>", 3), (LIB, "work", 9)))
        threads.add(2, 12, stack((APP, "worker", 20), (LIB, "work", 9)))
        tick(sampler, clock, 0.01)
        self.assertEqual(sampler.samples, [3, 5])
        self.assertEqual(sampler.tree.nodes[0]["children"], [2, 4])


if __name__ == "__main__":
    unittest.main()
