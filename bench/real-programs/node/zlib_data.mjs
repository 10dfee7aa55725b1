// Compressible but not trivial data: text-like lines with counters, so gzip has work to do.
export function buffers(count, mb) {
  const line = (i) => `${i.toString(36)} lorem ipsum dolor sit amet ${(i * 2654435761 % 4294967296).toString(16)}\n`;
  const out = [];
  for (let c = 0; c < count; c++) {
    const parts = [];
    let size = 0;
    for (let i = c * 1e6; size < mb << 20; i++) {
      const l = line(i);
      parts.push(l);
      size += l.length;
    }
    out.push(Buffer.from(parts.join('')));
  }
  return out;
}
