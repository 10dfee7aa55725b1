"""hashlib_serial.py on a thread pool: hashlib releases the GIL, so the threads hash in parallel."""
import hashlib
import os
import sys
from concurrent.futures import ThreadPoolExecutor


def digest(b):
    return hashlib.sha3_256(b).hexdigest()


def main(blocks, mb):
    buffers = [bytes([i]) * (mb << 20) for i in range(blocks)]
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        digests = list(pool.map(digest, buffers))
    print("hashlib threads: %d digests, first %s" % (len(digests), digests[0][:12]))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
