// The per-language hook of the workspace index: which file (and which name in it) a
// WorkspaceRef made in a given file points at. Each language front end provides one.
import { resolveJsRef } from '../js/resolve';
import { resolvePythonRef } from '../python/resolve';
import type { Language, WorkspaceRef } from '../types';

export interface ResolverHost {
  /** True when the workspace index holds this file (absolute path). */
  hasFile(file: string): boolean;
  /** Workspace roots (absolute folders). */
  roots: readonly string[];
}

export type RefResolver = (fromFile: string, ref: WorkspaceRef, host: ResolverHost) => Array<{ file: string; name: string }>;

const RESOLVERS: Record<Language, RefResolver> = {
  python: resolvePythonRef,
  javascript: resolveJsRef,
  typescript: resolveJsRef,
};

export function resolverFor(language: Language): RefResolver {
  return RESOLVERS[language];
}
