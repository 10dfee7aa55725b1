// 0x's flame graph of a Node run, made offline from the run's own V8 CPU profile (the --cpu-prof
// file the report was made from, so it is the same run): 0x's converter (0x/lib/cpu-profile-to-tree)
// builds its tree, with the tiers set here from each frame's URL (0x guesses them from the frame's
// name, which for a CPU profile calls every `node:` module V8: there is no ".js:line" in it), and
// the note says what the graph leaves out. zeroXPage.ts draws it. No `vscode` import.
import { fileURLToPath } from 'node:url';
import type { CpuProfile } from './flameGraph';
import { PROFILER_NODE_FILE } from '../profile/assets';
import { formatMs } from './format';

/** 0x's tiers (its type filters); a CPU profile has no C++ frames, so `cpp` never appears. */
export type ZeroXTier = 'app' | 'deps' | 'core' | 'v8';

/** A node of 0x's tree: `value` samples on the stack, `top` samples at the top. */
export interface ZeroXNode {
  name: string;
  value: number;
  top: number;
  S: number;
  type?: ZeroXTier;
  children: ZeroXNode[];
}

// 0x's own converter; plain CommonJS without types.
const cpuProfileToTree = require('0x/lib/cpu-profile-to-tree') as (profile: unknown) => { merged: ZeroXNode; unmerged: ZeroXNode };

/** The 0x tier of a frame, from its URL (a path, a file:// URL, `node:x` or empty) and name. */
export function zeroXTierOf(url: string, functionName: string): ZeroXTier {
  if (!url) return 'v8'; // (program), (garbage collector), builtins such as JSON.parse or Atomics.wait
  if (url.startsWith('node:') || url.startsWith('internal/')) return 'core';
  const path = url.startsWith('file:') ? safePath(url) : url;
  if (/[\\/]node_modules[\\/]/.test(path) || PROFILER_NODE_FILE.test(path)) return 'deps';
  return functionName === '(root)' ? 'v8' : 'app';
}

function safePath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}

/**
 * 0x's trees (merged and unmerged; from a CPU profile they are the same) with the tiers set. The
 * profile is copied: hit counts are recounted from the samples (a profile rebuilt after a stop may
 * lack them), lines made 1-based like the editor's, and `<`/`>` in names replaced by look-alike
 * angle quotes, since 0x's tooltip is HTML.
 */
export function zeroXTrees(profile: CpuProfile): { merged: ZeroXNode; unmerged: ZeroXNode } {
  const hits = new Map<number, number>();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // 0x also reads the older nested shape (`head`), which starts from the root whatever its id.
  // An anonymous function keeps its empty name, as in 0x's --prof graphs: 0x drops every leaf whose
  // name starts with "(" (meant for V8's (idle) and (program)), which "(anonymous)" would be.
  interface Head { functionName: string; callFrame: { functionName: string }; url: string; lineNumber: number; hitCount: number; tier: ZeroXTier; children: Head[] }
  const headOf = (id: number): Head => {
    const node = byId.get(id)!;
    const cf = node.callFrame;
    const url = cf.url.startsWith('file:') ? safePath(cf.url) : cf.url;
    return {
      functionName: inert(cf.functionName),
      callFrame: { functionName: inert(cf.functionName) },
      url: inert(url),
      lineNumber: cf.lineNumber >= 0 ? cf.lineNumber + 1 : 0,
      hitCount: profile.samples ? hits.get(id) ?? 0 : node.hitCount ?? 0,
      tier: zeroXTierOf(cf.url, cf.functionName),
      children: (node.children ?? []).filter((c) => byId.has(c)).map(headOf),
    };
  };
  const head = headOf(rootOf(profile));
  const tree = cpuProfileToTree({ head }).unmerged;
  // 0x's tree mirrors the nested profile, children in the same order.
  const setTiers = (treeNode: ZeroXNode, h: Head) => {
    treeNode.type = h.tier;
    h.children.forEach((child, i) => setTiers(treeNode.children[i], child));
  };
  setTiers(tree, head);
  tree.name = 'all stacks';
  return { merged: tree, unmerged: tree };
}

function rootOf(profile: CpuProfile): number {
  const children = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  return profile.nodes.find((n) => !children.has(n.id))?.id ?? profile.nodes[0]?.id ?? 1;
}

function inert(text: string): string {
  return text.replace(/</g, '\u2039').replace(/>/g, '\u203a');
}

/** What 0x's graph of this run leaves out, in numbers: waiting time and samples without a JS stack. */
export function zeroXNote(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let total = 0;
  let idle = 0;
  let noStack = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const ms = Math.max(0, profile.timeDeltas?.[i] ?? 0) / 1000;
    total += ms;
    const name = byId.get(id)?.callFrame.functionName;
    if (name === '(idle)') idle += ms;
    else if (name === '(program)' || name === '(garbage collector)') noStack += ms;
  });
  const share = (ms: number) => (total > 0 ? `${Math.round((ms / total) * 100)}%` : '0%');
  const parts = ['0x\u2019s flame graph of this same run (its V8 CPU profile), main thread, on-CPU samples only.'];
  if (idle >= 1) parts.push(`It leaves out ${formatMs(idle)} (${share(idle)}) of waiting; the report\u2019s flame graph shows it.`);
  if (noStack >= 1) {
    parts.push(`${formatMs(noStack)} (${share(noStack)}) of (program) and garbage-collector samples carry no stack: a CPU profile records no C++ frames, so 0x\u2019s cpp and native tiers stay empty (0x\u2019s own --prof run would fill them).`);
  }
  return parts.join(' ');
}
