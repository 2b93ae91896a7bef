import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/settings.js';
import { SETTING_NAMES } from '../../../src/config/settings.schema.js';
import {
  type ComposeService,
  commandArgs,
  dockerfileEnvNames,
  dockerInstructions,
  interpolatedNames,
  parseCompose,
  serviceEnvNames,
} from '../../support/deploy-files.js';

// This machine cannot pull images: these checks cover what can go wrong without running Docker.
const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const dockerfile = existsSync(path.join(root, 'Dockerfile')) ? read('Dockerfile') : '';
const composeText = existsSync(path.join(root, 'compose.yaml')) ? read('compose.yaml') : '';

/** The script's command as arguments, e.g. `node dist/main.js --worker`. */
const scriptArgs = (name: string) => commandArgs(scripts[name]);
/** A service's `environment:` as a map (compose.yaml uses the map form). */
const envOf = (service: ComposeService | undefined) => (service?.environment ?? {}) as Record<string, unknown>;
const unknownSettings = (names: string[]) => [...new Set(names)].filter((n) => !SETTING_NAMES.includes(n));

describe('Dockerfile', () => {
  const steps = dockerInstructions(dockerfile);
  const finalStage = Math.max(...steps.map((s) => s.stage));
  const final = steps.filter((s) => s.stage === finalStage);
  const last = (keyword: string) => final.filter((s) => s.keyword === keyword).at(-1)?.args;

  it('builds in one stage and runs from a slim Node 20 stage with production dependencies only', () => {
    const froms = steps.filter((s) => s.keyword === 'FROM').map((s) => s.args);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^node:20(\.\d+)*-slim\b/);
    const runs = final.filter((s) => s.keyword === 'RUN').map((s) => s.args);
    expect(runs.some((r) => /\bnpm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(final.some((s) => s.keyword === 'COPY' && s.args.includes('--from=') && s.args.includes('dist'))).toBe(true);
  });

  it('runs as a non-root user', () => {
    const user = last('USER');
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('checks health on /readyz', () => {
    expect(last('HEALTHCHECK')).toMatch(/\/readyz/);
  });

  it("starts node itself (exec form, no shell or npm in between) with npm start's command, so SIGTERM reaches it", () => {
    const cmd = last('CMD');
    expect(last('ENTRYPOINT')).toBeUndefined();
    expect(cmd?.startsWith('[')).toBe(true);
    expect(JSON.parse(cmd ?? '[]')).toEqual(scriptArgs('start'));
    expect(scriptArgs('start')[0]).toBe('node');
  });

  it('sets only variables that are settings of the settings schema', () => {
    expect(dockerfileEnvNames(dockerfile).length).toBeGreaterThan(0);
    expect(unknownSettings(dockerfileEnvNames(dockerfile))).toEqual([]);
  });

  it('has a .dockerignore that keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.tools', '.data', '.git', '.env']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  const compose = parseCompose(composeText || 'services: {}');
  const { app, worker, mongo } = compose.services;

  it('parses, with app, worker and mongo services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'mongo', 'worker']);
  });

  it('runs mongo:7 as a single-node replica set on a named volume', () => {
    expect(mongo?.image).toMatch(/^mongo:7(\.|$)/);
    expect(commandArgs(mongo?.command)).toEqual(expect.arrayContaining(['--replSet']));
    expect(JSON.stringify(mongo?.healthcheck?.test)).toContain('rs.initiate');
    const dataVolume = (mongo?.volumes ?? []).map(String).find((v) => v.endsWith(':/data/db'));
    expect(dataVolume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(dataVolume!.split(':')[0]);
  });

  it('app serves HTTP with JOBS=off; worker runs the jobs with the command of npm run worker', () => {
    expect(app?.build).toBeDefined();
    expect(app?.command).toBeUndefined(); // the image's CMD: npm start's command
    expect(envOf(app).JOBS).toBe('off');
    expect(commandArgs(worker?.command)).toEqual(scriptArgs('worker'));
    expect(scriptArgs('worker')).toContain('--worker');
    for (const service of [app, worker]) {
      const uri = String(envOf(service).MONGODB_URI);
      expect(uri).toMatch(/^mongodb:\/\/mongo:27017\/.*replicaSet=/);
      expect(JSON.stringify(service?.depends_on)).toContain('service_healthy');
    }
  });

  it('names only variables that are settings of the settings schema', () => {
    const names = [app, worker].flatMap((s) => (s ? serviceEnvNames(s) : []));
    expect(names).toEqual(expect.arrayContaining(['MONGODB_URI', 'JOBS', 'SLACK_BOT_TOKEN']));
    expect(unknownSettings(names)).toEqual([]);
    expect(unknownSettings(interpolatedNames(composeText))).toEqual([]);
  });
});

describe('compose.yaml with Slack credentials filled in', () => {
  it('gives app and worker settings that start-up accepts (compose defaults filled in)', () => {
    const compose = parseCompose(composeText || 'services: {}');
    const host: Record<string, string> = {
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: 'secret',
      AUDIT_HMAC_KEY: 'a'.repeat(44),
    };
    const resolveValue = (value: unknown) =>
      String(value).replace(
        /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
        (_m, name: string, fallback?: string) => host[name] ?? fallback ?? '',
      );
    for (const name of ['app', 'worker']) {
      const env = Object.fromEntries(
        Object.entries(envOf(compose.services[name])).map(([k, v]) => [k, resolveValue(v)]),
      );
      const settings = loadSettings(env);
      expect(settings.nodeEnv).toBe('production');
      expect(settings.mongodbUri).toBe('mongodb://mongo:27017/?replicaSet=rs0');
      expect(settings.jobsEnabled).toBe(name === 'worker');
    }
  });
});

describe('the deploy-file checks can fail', () => {
  it('find names in every ENV, ARG and environment form, and a name that is no setting', () => {
    const df = 'FROM node:20-slim\nARG BUILD_ONLY=1\nENV NODE_ENV=production \\\n  PORTT=3000\nENV LOG_LEVEL info\n';
    expect(dockerfileEnvNames(df)).toEqual(['BUILD_ONLY', 'NODE_ENV', 'PORTT', 'LOG_LEVEL']);
    expect(unknownSettings(dockerfileEnvNames(df))).toEqual(['BUILD_ONLY', 'PORTT']);
    const c = parseCompose(
      'x-env: &env\n  MONGO_URL: x\nservices:\n  a:\n    environment:\n      <<: *env\n      JOBS: "off"\n' +
        `  b:\n    environment: ["SLACK_TOKEN=\${SLACK_TOKEN:-}"]\n`,
    );
    expect(serviceEnvNames(c.services.a!)).toEqual(['MONGO_URL', 'JOBS']);
    expect(serviceEnvNames(c.services.b!)).toEqual(['SLACK_TOKEN']);
    expect(interpolatedNames(`a: \${SLACK_TOKEN:-} $$NOT_ME \${PORT}`)).toEqual(['SLACK_TOKEN', 'PORT']);
  });
});
