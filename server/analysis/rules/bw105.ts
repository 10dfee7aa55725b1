import { BLOCKING_NOT_REPORTED, findBlockingCalls } from './blocking';
import type { Rule } from './rule';

export const bw105: Rule = {
  code: 'BW105',
  family: 'BLOCKING',
  name: 'blocking-socket',
  title: 'Blocking socket, DNS or TLS call inside async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags blocking socket calls inside an `async` function: `connect`, `accept`, `recv*` and `send*` on sockets made by `socket.socket()` or `socket.create_connection()`, DNS lookups (`socket.gethostbyname`, `getaddrinfo`, ...), reads, writes and handshakes on `ssl` sockets, and TLS set-up: `ssl.create_default_context()` and `SSLContext.load_verify_locations/load_cert_chain/load_default_certs` read and parse certificate stores (tens of milliseconds for a default context, measured by `node bench/blocking-costs.mjs`).',
    notReported: `${BLOCKING_NOT_REPORTED} \`ssl.SSLContext(...)\` alone (no certificates loaded), \`getaddrinfo(..., flags=AI_NUMERICHOST)\` and \`getnameinfo(..., NI_NUMERICHOST | NI_NUMERICSERV)\` (numeric addresses, no DNS) are not reported, nor is a socket call in a \`try\` that catches \`BlockingIOError\` or ssl's want-read/want-write errors (a non-blocking descriptor).`,
    whyIsThisBad:
      'A blocking socket call waits for the network (and a DNS lookup for a resolver that may take seconds to time out). While it waits, the event loop cannot run any other task.',
    example: {
      python: 'import socket\n\nasync def ping(host):\n    addr = socket.gethostbyname(host)\n    with socket.create_connection((addr, 7)) as s:\n        s.sendall(b"ping")\n        return s.recv(4)',
    },
    useInstead: {
      python: 'import asyncio\n\nasync def ping(host):\n    reader, writer = await asyncio.open_connection(host, 7)\n    writer.write(b"ping")\n    await writer.drain()\n    reply = await reader.read(4)\n    writer.close()\n    await writer.wait_closed()\n    return reply',
    },
  },
  check: (facts, context) => findBlockingCalls(facts, 'BW105', context),
};
