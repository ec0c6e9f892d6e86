import { readFileSync } from 'node:fs';

// The TypeScript code blocks of a Markdown page, for the tests that type-check them. A block whose
// info string says `fragment` (```ts fragment) is a piece of a larger program and is skipped.

/** One fenced ```ts block. */
export interface CodeBlock {
  /** The page, as given. */
  readonly file: string;
  /** 1-based line of the block's first code line. */
  readonly line: number;
  readonly info: string;
  readonly code: string;
}

const FENCE = /^(`{3,}|~{3,})\s*(.*)$/;

/** Every fenced block whose language is `ts` or `typescript`, fragments included. */
export function typeScriptBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const info = open[2]!.trim();
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith(fence)) end++;
    const language = info.split(/\s+/)[0];
    if (language === 'ts' || language === 'typescript') blocks.push({ file, line: start + 1, info, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** The blocks that are whole programs: everything but `fragment`s. */
export function checkedBlocks(file: string): CodeBlock[] {
  return typeScriptBlocks(file).filter((block) => !block.info.split(/\s+/).includes('fragment'));
}
