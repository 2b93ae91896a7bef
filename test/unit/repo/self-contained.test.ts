import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outsideReferences, projectOutsideReferences } from '../../support/outside-root.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('the repository stands alone', () => {
  it('no file reads, imports or links a path outside the project root', () => {
    expect(projectOutsideReferences(root)).toEqual([]);
  });

  it('the check catches references that leave the root (so the test above can fail)', () => {
    // Built at run time so this file itself names nothing outside the root.
    const up = '../'.repeat(4);
    const top = `/${root.split(path.sep).filter(Boolean)[0]}`;
    const text = [
      `const schemaDir = resolve(import.meta.dirname, '${up}elsewhere/schema');`,
      "import { x } from '../../../src/ok.js';",
      `See [the notes](${up}elsewhere/NOTES.md) and ${top}/elsewhere/NOTES.md; https://example.com${top}/x is a URL.`,
    ].join('\n');
    const found = outsideReferences(root, 'test/unit/config/a.test.ts', text);
    expect(found.map((f) => [f.line, f.text])).toEqual([
      [1, `${up}elsewhere/schema`],
      [3, `${up}elsewhere/NOTES.md`],
      [3, `${top}/elsewhere`],
    ]);
  });
});
