"""Boundwise's Python sampler, as a package the entry (../sampler.py) loads with its bytecode cached.

Standard library only; run by the user's interpreter. One module per concern:

- main: the command line, running the script as __main__, signals, forks, the final write
- sampling: the sampling loop and one tick (sample weights, on/off-CPU, waits, the GIL)
- clock: the clocks a tick reads (a test passes fakes)
- frames: stack walking and the profile tree (V8 .cpuprofile nodes)
- files: whose file a frame is in (the script's, a library's, the sampler's)
- waits: what a thread off the CPU waits for, and the user's line that waits
- loopstate: what the asyncio event loop was doing
- children: child processes and the run queue, from /proc
- procfs: /proc reads and the machine's figures
- audit: calls counted per call site (audit events, socket turns)
- transfer: bytes and time pickled to and from worker processes
- serverprobe: requests a web framework (aiohttp) handles, per route, in the server report's windows
- output: the JSON the profiler reads
"""
