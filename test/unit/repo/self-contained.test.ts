import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outsideReferences, projectOutsideReferences } from '../../support/outside-root.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('the repository stands alone', () => {
  it('no file reads, imports or links a path outside the project root', () => {
    expect(projectOutsideReferences(root)).toEqual([]);
  });

  it('the check catches references that leave the root (so the test above can fail)', () => {
    // Paths are built at run time so this file itself names nothing outside any root it is cloned into.
    const up = '../'.repeat(4);
    const fakeRoot = ['', 'home', 'dev', 'pilotgate'].join('/');
    const top = ['', 'home'].join('/');
    const text = [
      `const schemaDir = resolve(import.meta.dirname, '${up}elsewhere/schema');`,
      "import { x } from '../../../src/ok.js';",
      `See [the notes](${up}elsewhere/NOTES.md) and ${top}/elsewhere/NOTES.md; https://example.com${top}/x is a URL.`,
    ].join('\n');
    const found = outsideReferences(fakeRoot, 'test/unit/config/a.test.ts', text);
    expect(found.map((f) => [f.line, f.text])).toEqual([
      [1, `${up}elsewhere/schema`],
      [3, `${up}elsewhere/NOTES.md`],
      [3, `${top}/elsewhere`],
    ]);
  });

  it('a clone under a system folder may still name system paths such as the Go install folder', () => {
    const usr = ['', 'usr'].join('/');
    const text = `const go = '${usr}/local/go/bin/go'; const notes = '${usr}/src/notes/NOTES.md';`;
    const found = outsideReferences(`${usr}/src/pilotgate`, 'scripts/a.mjs', text);
    expect(found.map((f) => f.text)).toEqual([`${usr}/src/notes`]);
  });
});
