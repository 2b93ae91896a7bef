import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ids } from '../../../src/slack/ids.js';

const SRC = join(import.meta.dirname, '../../../src');
const sources = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: relative(SRC, join(SRC, f)), text: readFileSync(join(SRC, f), 'utf8') }));

/** A Slack id written as a literal where a view or listener names it. */
const LITERAL_ID =
  /\b(action_id|block_id|callback_id)\s*:\s*['"`]|\bapp\.(action|view|command|shortcut)(<[^>]*>)?\(\s*['"`]/g;

describe('Slack ids', () => {
  it('are all written in src/slack/ids.ts: no view or listener spells one out', () => {
    const found = sources
      .filter(({ file }) => file !== join('slack', 'ids.ts'))
      .flatMap(({ file, text }) => [...text.matchAll(LITERAL_ID)].map((m) => `${file}: ${m[0]}`));
    expect(found).toEqual([]);
  });

  it('have one module: no feature keeps an ids file of its own', () => {
    expect(sources.map((s) => s.file).filter((f) => /\.ids\.ts$/.test(f))).toEqual([]);
  });

  it('never give two surfaces the same callback or action id', () => {
    const values = Object.values(Ids).flatMap((group) =>
      typeof group === 'object' ? Object.values(group).filter((v): v is string => typeof v === 'string') : [],
    );
    expect(new Set(values).size).toBe(values.length);
  });
});
