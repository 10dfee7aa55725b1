// Compressible but not trivial data: text-like lines with counters, made once and copied with a
// different prefix per buffer, so gzip has work to do and making the data costs little.
export function buffers(count, mb) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < mb << 20; i++) {
    const line = `${i.toString(36)} lorem ipsum dolor sit amet ${((i * 2654435761) % 4294967296).toString(16)}\n`;
    parts.push(line);
    size += line.length;
  }
  const base = Buffer.from(parts.join(''));
  return Array.from({ length: count }, (_, c) => {
    const b = Buffer.from(base);
    b.write(`buffer ${c}\n`);
    return b;
  });
}
