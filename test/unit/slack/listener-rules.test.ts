import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../../src');
const files = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: relative(SRC, join(SRC, f)).split('\\').join('/'), text: readFileSync(join(SRC, f), 'utf8') }));
const listeners = files.filter((f) => f.file.endsWith('.listeners.ts'));

/** `file: match` for every occurrence of `pattern` in `of`. */
const hits = (of: typeof files, pattern: RegExp) =>
  of.flatMap(({ file, text }) => [...text.matchAll(pattern)].map((m) => `${file}: ${m[0]}`));

describe('listeners go through the pipeline in src/slack', () => {
  it('there are listener files to check', () => {
    expect(listeners.length).toBeGreaterThan(10);
  });

  it('catch nothing themselves: errors are mapped by the pipeline (onAction, onViewSubmission, runCommand)', () => {
    expect(hits(listeners, /\btry \{|\.catch\(\(\) => undefined\)|\bexplainError\(/g)).toEqual([]);
  });

  it('receive the services they use, never Deps, and reach no repository, notifier or client through it', () => {
    expect(hits(listeners, /from '[./]*app\/[^']*'|\bdeps\.(repos|notifier|clients|services)\b/g)).toEqual([]);
  });

  it('src/slack imports neither src/app nor a feature', () => {
    const slack = files.filter((f) => f.file.startsWith('slack/'));
    expect(hits(slack, /from '\.\.\/(\.\.\/)?(app|features)\/[^']*'/g)).toEqual([]);
  });

  it('read private_metadata only through the codec (src/slack/private-metadata.ts)', () => {
    const outside = files.filter((f) => !f.file.startsWith('db/') && f.file !== 'slack/private-metadata.ts');
    expect(hits(outside, /JSON\.parse\(/g)).toEqual([]);
  });

  it('write the ObjectId pattern once (src/core/ids.ts)', () => {
    const outside = files.filter((f) => f.file !== 'core/ids.ts' && f.file !== 'db/to-entity.ts');
    expect(hits(outside, /a-fA-F0-9\]\{24\}|a-f0-9\]\{24\}|0-9a-f\]\{24\}/g)).toEqual([]);
  });
});
