// The per-language hook of the workspace index: which file (and which name in it) a
// WorkspaceRef made in a given file points at. Each language provides one (its LanguageSupport).
import { languageSupport } from '../languages';
import type { Language, WorkspaceRef } from '../types';

export interface ResolverHost {
  /** True when the workspace index holds this file (absolute path). */
  hasFile(file: string): boolean;
  /** Workspace roots (absolute folders). */
  roots: readonly string[];
}

export type RefResolver = (fromFile: string, ref: WorkspaceRef, host: ResolverHost) => Array<{ file: string; name: string }>;

export function resolverFor(language: Language): RefResolver {
  return languageSupport(language).resolveRef;
}
