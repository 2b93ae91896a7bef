// The import rules of the layout (README "Architecture"), checked by `npm run lint`.
// Layers, low to high: src/shared → src/core → src/config, src/db, src/metrics → src/slack, src/jobs →
// src/features/<name> → src/app (with src/main.ts and src/migrate.ts). Cycles between folders and the order
// of the features are checked by scripts/check-folder-cycles.mjs: these rules work file by file.

/** Files that hold rules, schemas or Block Kit only: they take data and return data. */
const PURE = '(\\.(domain|policy|views|schema)\\.ts$)|^src/core/';
/** The entry points are part of the composition root. */
const APP = '^src/(app/|main\\.ts$|migrate\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A file circle (type-only imports included) means two files are one unit: merge them or move the shared part down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-no-infrastructure',
      severity: 'error',
      comment:
        'Domain rules, policies, views, schemas and the kernel take data, not Slack, the database or the scheduler.',
      from: { path: PURE },
      to: { path: '(^|/)node_modules/(@slack/(?!types/)|@agendajs/|mongoose/|mongodb/|agenda/)' },
    },
    {
      name: 'pure-no-slack-types',
      severity: 'error',
      comment: 'Domain rules, policies, schemas and the kernel know nothing of Slack, not even its types.',
      from: { path: PURE, pathNot: '\\.views\\.ts$' },
      to: { path: '(^|/)node_modules/@slack/types/' },
    },
    {
      name: 'views-slack-types-type-only',
      severity: 'error',
      comment: 'A view builds Block Kit: it may name the shapes of @slack/types (import type), nothing more.',
      from: { path: '\\.views\\.ts$' },
      to: { path: '(^|/)node_modules/@slack/types/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-no-io-roles',
      severity: 'error',
      comment:
        'Domain rules, policies, views, schemas and the kernel call no model, repository or service: pass them the data.',
      from: { path: PURE },
      to: { path: '\\.(model|repo|service)\\.ts$' },
    },
    {
      name: 'feature-no-foreign-model-or-repo',
      severity: 'error',
      comment: "Each collection has one owner: use the other feature's service or its port (<name>.port.ts).",
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/[^/]+/.+\\.(model|repo)\\.ts$', pathNot: '^src/features/$1/' },
    },
    {
      name: 'src-no-test-or-scripts',
      severity: 'error',
      comment: 'The app never loads test helpers or build scripts.',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
    {
      name: 'shared-imports-nothing',
      severity: 'error',
      comment: 'src/shared holds generic utilities (layer 0): it imports nothing else in src.',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'core-imports-only-shared',
      severity: 'error',
      comment: 'src/core is the kernel vocabulary (layer 1): it imports only src/shared.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/(core|shared)/' },
    },
    {
      name: 'infrastructure-no-features-or-app',
      severity: 'error',
      comment:
        'Infrastructure (slack, jobs, db, config, metrics) serves the features: features and the app import it, never the reverse.',
      from: { path: '^src/(slack|jobs|db|config|metrics)/' },
      to: { path: `^src/features/|${APP}` },
    },
    {
      name: 'features-no-app',
      severity: 'error',
      comment: 'The composition root hands features what they use; a feature never reaches back into src/app.',
      from: { path: '^src/features/' },
      to: { path: APP },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
