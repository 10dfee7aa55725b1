// Maps positions in a transpiled .ts bundle back to the TypeScript source, so hotspots of a .ts
// script point at its own lines. Reads the standard source map v3 "mappings" (base64 VLQ).
import * as path from 'node:path';

export interface LineMap {
  /** Original file and 0-based line for a 0-based generated line and column, if mapped. */
  lookup(line: number, column: number): { source: string; line: number } | undefined;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64_INDEX.get(ch);
    if (digit === undefined) break;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

export function parseSourceMap(json: { sources: string[]; sourceRoot?: string; mappings: string }, mapFile: string): LineMap {
  const dir = path.dirname(mapFile);
  const sources = json.sources.map((s) => path.resolve(dir, json.sourceRoot ?? '', s));
  // Per generated line: segments [generatedColumn, sourceIndex, originalLine].
  const lines: Array<Array<[number, number, number]>> = [];
  let src = 0;
  let origLine = 0;
  let origCol = 0;
  for (const lineText of json.mappings.split(';')) {
    const segs: Array<[number, number, number]> = [];
    let genCol = 0;
    for (const seg of lineText.split(',')) {
      if (!seg) continue;
      const v = decodeVlq(seg);
      genCol += v[0];
      if (v.length >= 4) {
        src += v[1];
        origLine += v[2];
        origCol += v[3];
        segs.push([genCol, src, origLine]);
      }
    }
    lines.push(segs);
  }
  return {
    lookup(line, column) {
      const segs = lines[line];
      if (!segs?.length) return undefined;
      let best = segs[0];
      for (const s of segs) {
        if (s[0] <= column) best = s;
        else break;
      }
      return { source: sources[best[1]], line: best[2] };
    },
  };
}
