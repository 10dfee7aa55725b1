"""SHA3-256 of BLOCKS buffers of MB megabytes, one after another (hashlib releases the GIL while it hashes)."""
import hashlib
import sys


def main(blocks, mb):
    buffers = [bytes([i]) * (mb << 20) for i in range(blocks)]
    digests = [hashlib.sha3_256(b).hexdigest() for b in buffers]
    print("hashlib serial: %d digests, first %s" % (len(digests), digests[0][:12]))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
