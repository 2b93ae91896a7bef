#!/usr/bin/env node
// Checks the import graph of src/ folder by folder, which dependency-cruiser's rules cannot express: each
// src/features/<name>/ and each other top-level folder of src/ is one unit (src/main.ts and src/migrate.ts
// belong to src/app). It fails on a cycle between units (type-only imports count: they tie the folders as
// much as value imports do) and on a feature importing a feature higher in FEATURE_ORDER.
// Run by `npm run lint`; prints each cycle or upward import with the file arrows behind it and exits 1.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Features low to high: a feature may import only features before it in this list. */
export const FEATURE_ORDER = [
  'audit',
  'delivery',
  'settings',
  'install',
  'pilots',
  'reviews',
  'questionnaires',
  'gap-closure',
  'decisions',
  'home',
  'purgatory',
  'nudges',
  'plan-reminders',
  'digests',
  'reviews90',
  'commands',
  'workflow-steps',
  'lifecycle',
];

const ENTRY_POINTS = new Set(['src/main.ts', 'src/migrate.ts']);

/** The folder unit of a file path relative to the repository root, or undefined outside src/. */
export function unitOf(file) {
  if (!file.startsWith('src/')) return undefined;
  if (ENTRY_POINTS.has(file)) return 'src/app';
  const parts = file.split('/');
  if (parts.length === 2) return file;
  if (parts[1] === 'features' && parts.length > 3) return `src/features/${parts[2]}`;
  return `src/${parts[1]}`;
}

/**
 * The file arrows between different units of a `depcruise -T json` result, grouped by unit pair:
 * Map<fromUnit, Map<toUnit, Array<{ from, to, typeOnly }>>>.
 */
export function folderArrows(cruise) {
  const arrows = new Map();
  for (const mod of cruise.modules) {
    const fromUnit = unitOf(mod.source);
    if (!fromUnit) continue;
    for (const dep of mod.dependencies) {
      const toUnit = dep.resolved ? unitOf(dep.resolved) : undefined;
      if (!toUnit || toUnit === fromUnit) continue;
      if (!arrows.has(fromUnit)) arrows.set(fromUnit, new Map());
      const byTarget = arrows.get(fromUnit);
      if (!byTarget.has(toUnit)) byTarget.set(toUnit, []);
      byTarget
        .get(toUnit)
        .push({ from: mod.source, to: dep.resolved, typeOnly: dep.dependencyTypes?.includes('type-only') ?? false });
    }
  }
  return arrows;
}

/** Strongly connected components of more than one unit (Tarjan), each sorted, in a stable order. */
export function findCycles(arrows) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  let next = 0;
  const visit = (unit) => {
    index.set(unit, next);
    low.set(unit, next);
    next += 1;
    stack.push(unit);
    onStack.add(unit);
    for (const target of arrows.get(unit)?.keys() ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(unit, Math.min(low.get(unit), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(unit, Math.min(low.get(unit), index.get(target)));
      }
    }
    if (low.get(unit) === index.get(unit)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== unit);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const unit of [...arrows.keys()].sort()) if (!index.has(unit)) visit(unit);
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

const featureOf = (unit) => (unit.startsWith('src/features/') ? unit.slice('src/features/'.length) : undefined);

/**
 * Arrows from a feature to a feature higher in FEATURE_ORDER, and features missing from it (a new feature must
 * be given its place): { upward: Array<{ fromUnit, toUnit, files }>, unknown: string[] }.
 */
export function findUpwardFeatureImports(arrows) {
  const upward = [];
  const unknown = new Set();
  for (const [fromUnit, byTarget] of arrows) {
    const from = featureOf(fromUnit);
    if (!from) continue;
    for (const [toUnit, files] of byTarget) {
      const to = featureOf(toUnit);
      if (!to) continue;
      for (const name of [from, to]) if (!FEATURE_ORDER.includes(name)) unknown.add(name);
      if (FEATURE_ORDER.indexOf(to) > FEATURE_ORDER.indexOf(from)) upward.push({ fromUnit, toUnit, files });
    }
  }
  upward.sort((a, b) => `${a.fromUnit} ${a.toUnit}`.localeCompare(`${b.fromUnit} ${b.toUnit}`));
  return { upward, unknown: [...unknown].sort() };
}

/** Every finding of a `depcruise -T json` result, and the report to print (empty when clean). */
export function checkFolders(cruise) {
  const arrows = folderArrows(cruise);
  const cycles = findCycles(arrows);
  const { upward, unknown } = findUpwardFeatureImports(arrows);
  const lines = [];
  const fileArrows = (files) => files.map((f) => `      ${f.from} → ${f.to}${f.typeOnly ? ' (type only)' : ''}`);
  for (const cycle of cycles) {
    lines.push(`folder cycle: ${cycle.join(', ')}`);
    const members = new Set(cycle);
    for (const fromUnit of cycle) {
      for (const [toUnit, files] of arrows.get(fromUnit) ?? []) {
        if (!members.has(toUnit)) continue;
        lines.push(`    ${fromUnit} → ${toUnit}`, ...fileArrows(files));
      }
    }
  }
  for (const { fromUnit, toUnit, files } of upward) {
    lines.push(`upward feature import: ${fromUnit} → ${toUnit} (${featureOf(toUnit)} is above ${featureOf(fromUnit)})`);
    lines.push(...fileArrows(files));
  }
  for (const name of unknown) {
    lines.push(`unknown feature: src/features/${name} is not in FEATURE_ORDER of scripts/check-folder-cycles.mjs`);
  }
  return { cycles, upward, unknown, report: lines.join('\n') };
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const bin = path.join(root, 'node_modules', '.bin', 'depcruise');
  // The options of .dependency-cruiser.cjs without its rules: its violations are lint's previous step, and
  // with them depcruise would exit non-zero before this check had its graph.
  const args = ['src', '--no-config', '--ts-config', 'tsconfig.json', '--ts-pre-compilation-deps'];
  const res = spawnSync(bin, [...args, '--do-not-follow', 'node_modules', '-T', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (res.error || res.status !== 0) {
    process.stderr.write(`check-folder-cycles: depcruise failed: ${res.error?.message ?? res.stderr}\n`);
    process.exit(2);
  }
  const result = checkFolders(JSON.parse(res.stdout));
  const count = result.cycles.length + result.upward.length + result.unknown.length;
  if (count === 0) {
    process.stdout.write('check-folder-cycles: no folder cycle, no upward feature import\n');
    return;
  }
  process.stderr.write(`${result.report}\n\ncheck-folder-cycles: ${count} problem(s) between folders\n`);
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
