"""A loopback HTTP server with a fixed delay per request, so the download examples need no internet.

The examples take the server's URL as their first argument; without one they start this server
in a background thread of their own process.
"""
import http.server
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

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 256
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return "http://127.0.0.1:%d/" % server.server_address[1]


def args(argv, pages=160):
    """(base URL, number of pages) from the command line: [URL|-] [PAGES]."""
    url = argv[1] if len(argv) > 1 and argv[1] != "-" else serve()
    n = int(argv[2]) if len(argv) > 2 else pages
    return url, n
