// Python parsing with web-tree-sitter and the tree-sitter-python wasm grammar.
//
// Tree-sitter recovers from syntax errors, but an unclosed bracket can swallow every definition
// after it. When the whole-file parse has errors we parse each top-level block on its own (and
// blank the lines that still fail), so one broken statement costs only the lines around it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Node, Parser, Tree } from 'web-tree-sitter';
import { copyTree, type SyntaxNode } from './syntax';
import { useWasmModule } from './wasmCursor';

let parser: Parser | undefined;
let initializing: Promise<void> | undefined;

/** Finds a wasm file beside the bundle (dist/) or, when running unbundled, in node_modules. */
function wasmPath(fileName: string, resolveFromPackage: () => string): string {
  const besideBundle = path.join(__dirname, fileName);
  return fs.existsSync(besideBundle) ? besideBundle : resolveFromPackage();
}

/** Loads the wasm runtime and grammar once; every later call resolves immediately. */
export function initPythonParser(): Promise<void> {
  initializing ??= (async () => {
    const runtime = wasmPath('web-tree-sitter.wasm', () => require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
    // Emscripten fills this object in as the module: ./wasmCursor calls its exports directly.
    const wasmModule = { locateFile: () => runtime };
    await Parser.init(wasmModule);
    useWasmModule(wasmModule);
    const language = await Language.load(
      wasmPath('tree-sitter-python.wasm', () => path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm')),
    );
    parser = new Parser();
    parser.setLanguage(language);
  })();
  return initializing;
}

export interface DeferredDefinition {
  /** Qualified: `helper`, `Client`, or a method, `Client.fetch`. */
  name: string;
  isClass: boolean;
  /** Of a method: the attributes it may assign (`self.x = ...`), read from its text. */
  assigns?: string[];
}

/** A parsed region of the file: `root` (a JS copy of the tree) covers lines starting at `lineOffset`. */
export interface ParsedRegion {
  root: SyntaxNode;
  lineOffset: number;
}

export interface ParsedPython {
  regions: ParsedRegion[];
  /** Functions, classes and methods left out of the parse (./partial), by qualified name. */
  deferred?: DeferredDefinition[];
  /** Zero-based lines where the parser found a syntax error. */
  errorLines: number[];
  /** The whole-file tree, kept for incremental re-parsing (none for a partial parse). */
  tree?: Tree;
  dispose(): void;
}

export function requireParser(): Parser {
  if (!parser) throw new Error('The Python parser is not initialised: call initPythonParser() first.');
  return parser;
}

/** Parses `text`; pass the previous tree (already `edit`ed) to parse incrementally. */
export function parsePython(text: string, previous?: Tree): ParsedPython {
  const tree = requireParser().parse(text, previous ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return regionsOf(tree, text);
}

/** A top-level block parsed on its own: its copy and the lines (within it) blanked for errors. */
export interface ParsedBlock {
  root: SyntaxNode;
  errorLines: number[];
}

/** Blocks of the last error-tolerant parse of a file by their text, for the next one to reuse
 * (an editor re-parses the file at every keystroke while it has an error). */
export type BlockCopies = Map<string, ParsedBlock[]>;

/** The regions of a parsed text: the whole tree when it has no syntax error, else each top-level
 * block parsed on its own (see blockRegions). `tree` is kept. */
export function regionsOf(tree: Tree, text: string, root?: SyntaxNode, blocks?: BlockCopies): ParsedPython {
  if (!tree.rootNode.hasError) {
    return { regions: [{ root: root ?? copyTree(tree, text), lineOffset: 0 }], errorLines: [], tree, dispose: () => tree.delete() };
  }
  return { ...blockRegions(text, blocks), tree, dispose: () => tree.delete() };
}

/** Each top-level block of `text` parsed on its own, blanking the lines that fail. `blocks`: the
 * last parse's blocks by text, taken from when a block's text is the same (each copy used once);
 * it is left holding this parse's blocks. */
function blockRegions(text: string, blocks?: BlockCopies): Pick<ParsedPython, 'regions' | 'errorLines'> {
  const regions: ParsedRegion[] = [];
  const errorLines = new Set<number>();
  const lines = text.split(/\r?\n/);
  const parsedBlocks: BlockCopies = new Map();
  for (const { start, end } of topLevelBlocks(lines)) {
    const blockText = lines.slice(start, end).join('\n');
    const parsed = blocks?.get(blockText)?.pop() ?? parseBlock(lines.slice(start, end));
    if (!parsed) continue;
    regions.push({ root: parsed.root, lineOffset: start });
    for (const line of parsed.errorLines) errorLines.add(start + line);
    const same = parsedBlocks.get(blockText);
    if (same) same.push(parsed);
    else parsedBlocks.set(blockText, [parsed]);
  }
  if (blocks) {
    blocks.clear();
    for (const [blockText, copies] of parsedBlocks) blocks.set(blockText, copies);
  }
  return { regions, errorLines: [...errorLines].sort((a, b) => a - b) };
}

/** One top-level block parsed alone; a line with a syntax error is blanked and the block parsed
 * again (up to five times). */
function parseBlock(blockLines: string[]): ParsedBlock | undefined {
  const p = requireParser();
  const errorLines: number[] = [];
  for (let attempt = 0; ; attempt++) {
    const blockText = blockLines.join('\n');
    const blockTree = p.parse(blockText);
    if (!blockTree) return undefined;
    const errorLine = firstErrorLine(blockTree.rootNode);
    if (errorLine === undefined || attempt >= 5) {
      const root = copyTree(blockTree, blockText);
      blockTree.delete();
      if (errorLine !== undefined) errorLines.push(errorLine);
      return { root, errorLines };
    }
    errorLines.push(errorLine);
    blockLines[errorLine] = '';
    blockTree.delete();
  }
}

/** Whether `line` (its indentation removed) starts a new statement, judged from the text alone:
 * not a comment, a closing bracket or an `else`/`except`-style continuation. (A line inside a
 * multi-line string can look like one: callers check the parse.) */
export function startsStatement(line: string): boolean {
  return /^[^\s#)\]}]/.test(line) && !/^(else|elif|except|finally|case)\b/.test(line);
}

/** Splits lines into top-level statements: lines in column 0 that start one and do not follow a
 * decorator (see startsStatement). */
function topLevelBlocks(lines: string[]): Array<{ start: number; end: number }> {
  const blocks: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (let i = 1; i < lines.length; i++) {
    if (!startsStatement(lines[i]) || lines[i - 1].startsWith('@')) continue;
    blocks.push({ start, end: i });
    start = i;
  }
  blocks.push({ start, end: lines.length });
  return blocks;
}

/** The line to blank to get past the first syntax error: inside the innermost ERROR node, the
 * last opening bracket it swallowed (the usual culprit while typing), else its last token. */
function firstErrorLine(root: Node): number | undefined {
  if (!root.hasError) return undefined;
  let node: Node = root;
  for (;;) {
    if (node.isMissing) return node.startPosition.row;
    const child = node.children.find((c) => c !== null && (c.hasError || c.isMissing));
    if (!child) break;
    node = child;
  }
  const tokens = node.children.filter((c): c is Node => c !== null);
  const bracket = tokens.filter((c) => c.type === '(' || c.type === '[' || c.type === '{').pop();
  return (bracket ?? tokens[tokens.length - 1] ?? node).startPosition.row;
}
