// Whether a loop's body awaits on every path to its next iteration, in terms both front ends
// share (python/loops.ts and js/loops.ts walk their own trees with these): where control can go
// after a statement, and how the branches of an `if`, a `switch` or a `try` join.

/** After a statement: whether control can fall through to the next one, whether every way it
 * does has awaited, and whether some `continue` was reached before any await (`spins`). */
export interface Flow {
  reachable: boolean;
  awaited: boolean;
  spins: boolean;
}

/** The start of an iteration: nothing awaited yet. */
export const ITERATION_START: Flow = { reachable: true, awaited: false, spins: false };

/** A `return`, `raise`/`throw` or `break`: the loop is left, not continued. */
export function leaves(flow: Flow): Flow {
  return { ...flow, reachable: false };
}

/** A `continue`: the next iteration starts, without an await when none came before. */
export function continues(flow: Flow): Flow {
  return { reachable: false, awaited: flow.awaited, spins: flow.spins || !flow.awaited };
}

/** A statement that awaits (or contains a construct taken to await). */
export function awaits(flow: Flow): Flow {
  return { ...flow, awaited: true };
}

/** Alternative branches joined: reachable if any is, awaited if every reachable one is. */
export function joinFlows(branches: Flow[]): Flow {
  const live = branches.filter((b) => b.reachable);
  return { reachable: live.length > 0, awaited: live.every((b) => b.awaited), spins: branches.some((b) => b.spins) };
}

/** At the end of the body: did some path reach the next iteration without awaiting? */
export function spinsAtEnd(flow: Flow): boolean {
  return flow.spins || (flow.reachable && !flow.awaited);
}

/** Statements nested deeper than this in a loop's body are not followed: each is taken to await
 * (unsure: no finding). The flow is followed by recursion over the statements (a few hundred
 * bytes of stack each), and generated or hostile code can nest thousands deep; hand-written code
 * nests a few levels, or a few hundred with a JS `else if` chain (CPython refuses 100 levels of
 * indentation). */
export const MAX_FLOW_NESTING = 500;
