// The blocking-API catalogue: data, one table per language. Each entry names a call by its
// canonical dotted name (after import and alias resolution), the rule code it raises, and what
// to use instead inside async code.
import { JAVASCRIPT_BLOCKING } from './js/catalogue';
import { lookupPythonBlocking, PYTHON_BLOCKING } from './python/catalogue';
import type { Language } from './types';

export interface BlockingApi {
  /** Canonical name, e.g. `time.sleep`, `fs.readFileSync`. */
  name: string;
  code: string;
  /** What to write instead, shown in the message and the hover. */
  instead: string;
}


function index(entries: BlockingApi[]): Map<string, BlockingApi> {
  return new Map(entries.map((e) => [e.name, e]));
}

const TABLES: Record<'python' | 'javascript', Map<string, BlockingApi>> = {
  python: index(PYTHON_BLOCKING),
  javascript: index(JAVASCRIPT_BLOCKING),
};

export function blockingApis(language: Language): Map<string, BlockingApi> {
  return TABLES[language === 'python' ? 'python' : 'javascript'];
}

/** The entry for a canonical call name; Python also finds methods through supertypes and types
 * whose every method blocks. */
export function lookupBlockingApi(language: Language, target: string): BlockingApi | undefined {
  return blockingApis(language).get(target) ?? (language === 'python' ? lookupPythonBlocking(target) : undefined);
}
