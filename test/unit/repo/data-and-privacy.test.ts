import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** README's "Data and privacy" section, up to the next top-level heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Every collection a mongoose model names, plus agenda's. */
function storedCollections(): string[] {
  const names = new Set(['agendaJobs']);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.model.ts')) {
        for (const m of readFileSync(full, 'utf8').matchAll(/collection:\s*'([^']+)'/g)) names.add(m[1]!);
      }
    }
  };
  walk(path.join(root, 'src'));
  return [...names].sort();
}

describe('README "Data and privacy"', () => {
  const privacy = section('Data and privacy');

  it('lists every stored collection in its table', () => {
    const tableRows = privacy.split('\n').filter((line) => line.startsWith('| `'));
    const missing = storedCollections().filter((name) => !tableRows.some((row) => row.includes(`\`${name}\``)));
    expect(storedCollections().length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('says who sees what, how to export and delete, which scopes and why, and that no data leaves', () => {
    const prose = privacy.replace(/\s+/g, ' ');
    for (const words of ['Who sees what', 'Export', 'Delete', 'Slack scopes and why', 'no telemetry']) {
      expect(prose).toContain(words);
    }
    const manifest = readFileSync(path.join(root, 'slack-manifest.yml'), 'utf8');
    // Each scope line: "- name", maybe followed by a "# why" comment.
    const scopes = [.../bot:\n((?:\s+- .+\n)+)/.exec(manifest)![1]!.matchAll(/- ([a-z.:_]+)/g)].map((m) => m[1]!);
    expect(scopes).toContain('files:write');
    for (const scope of scopes) expect(privacy).toContain(`\`${scope}\``);
  });

  it('SECURITY.md says how to report, which versions, and how tokens and the audit chain are protected', () => {
    const security = existsSync(path.join(root, 'SECURITY.md'))
      ? readFileSync(path.join(root, 'SECURITY.md'), 'utf8')
      : '';
    for (const heading of ['Reporting a vulnerability', 'Supported versions', 'tokens', 'audit trail']) {
      expect(security).toMatch(new RegExp(`^## .*${heading}`, 'm'));
    }
  });
});
