// The blocking-API catalogue: data, one table per language. Each entry names a call by its
// canonical dotted name (after import and alias resolution), the rule code it raises, and what
// to use instead inside async code.
import type { Language } from './types';

export interface BlockingApi {
  /** Canonical name, e.g. `time.sleep`, `fs.readFileSync`. */
  name: string;
  code: string;
  /** What to write instead, shown in the message and the hover. */
  instead: string;
}

const PYTHON: BlockingApi[] = [
  { name: 'time.sleep', code: 'BW101', instead: 'await asyncio.sleep(...)' },
];

const JAVASCRIPT: BlockingApi[] = [
  { name: 'Atomics.wait', code: 'BW101', instead: 'await Atomics.waitAsync(...).value' },
];

function index(entries: BlockingApi[]): Map<string, BlockingApi> {
  return new Map(entries.map((e) => [e.name, e]));
}

const TABLES: Record<'python' | 'javascript', Map<string, BlockingApi>> = {
  python: index(PYTHON),
  javascript: index(JAVASCRIPT),
};

export function blockingApis(language: Language): Map<string, BlockingApi> {
  return TABLES[language === 'python' ? 'python' : 'javascript'];
}
