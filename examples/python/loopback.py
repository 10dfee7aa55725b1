"""A loopback HTTP server with a fixed delay per request, so the download examples need no internet.

The examples take the server's URL as their first argument; without one they start this server
in a child process (`python loopback.py` prints its URL and serves until stdin closes). Not a
thread of their own: a profile of the example would count the server's waits as the example's.
"""
import atexit
import http.server
import subprocess
import sys
import threading
import time

PAGE = b"<html><body>" + b"x" * 2000 + b"</body></html>"


def serve(delay=0.1):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self):
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256  # the listen backlog: 160 connections arrive at once

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return "http://127.0.0.1:%d/" % server.server_address[1]


def serve_in_child():
    """Starts the server in a child process; it ends when this process does."""
    child = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    atexit.register(child.kill)
    return child.stdout.readline().decode().strip()


def args(argv, pages=160):
    """(base URL, number of pages) from the command line: [URL|-] [PAGES]."""
    url = argv[1] if len(argv) > 1 and argv[1] != "-" else serve_in_child()
    n = int(argv[2]) if len(argv) > 2 else pages
    return url, n


if __name__ == "__main__":
    print(serve(), flush=True)
    sys.stdin.read()  # serve until the parent closes stdin (it ended)
