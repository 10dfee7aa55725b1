// Walking typescript-estree trees without recursion. Generated or minified code nests thousands
// deep (a long `a + b + ...`, chained calls); a recursive walk would overflow the call stack on it,
// so every walk of the JS/TS front end goes through an explicit stack here, visiting nodes in the
// order a recursive walk would.
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { AnyNode } from './facts';

/** Nodes still to visit, each with its parent and a context (what the walk knows there), popped
 * in the order a recursive walk would reach them. No allocation per node: a walk makes one per
 * node visited, and the front end walks every tree several times. */
export class NodeStack<C> {
  private readonly nodes: AnyNode[] = [];
  private readonly parents: Array<AnyNode | undefined> = [];
  private readonly contexts: C[] = [];
  /** What the last `pop` took. */
  node!: AnyNode;
  parent: AnyNode | undefined;
  context!: C;

  push(node: AnyNode, parent: AnyNode | undefined, context: C): void {
    this.nodes.push(node);
    this.parents.push(parent);
    this.contexts.push(context);
  }

  /** Pushes the children of `node` so that they pop in source order (that of its visitor keys). */
  pushChildren(node: AnyNode, context: C): void {
    const keys = visitorKeys[node.type];
    if (!keys) return;
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[keys[k]];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i] as unknown;
          if (child && typeof child === 'object') this.push(child as AnyNode, node, context);
        }
      } else if (value && typeof value === 'object' && 'type' in value) this.push(value as AnyNode, node, context);
    }
  }

  /** Takes the next node into `node`, `parent` and `context`; false when there is none. */
  pop(): boolean {
    if (this.nodes.length === 0) return false;
    this.node = this.nodes.pop()!;
    this.parent = this.parents.pop();
    this.context = this.contexts.pop()!;
    return true;
  }
}

/** Calls `visit` on `root` and every node under it, each before its children, in source order,
 * with its parent. `visit` returns false to skip a node's children. */
export function forEachNode(root: AnyNode, visit: (node: AnyNode, parent: AnyNode | undefined) => boolean | void): void {
  const stack = new NodeStack<undefined>();
  stack.push(root, undefined, undefined);
  while (stack.pop()) {
    const node = stack.node;
    if (visit(node, stack.parent) !== false) stack.pushChildren(node, undefined);
  }
}
