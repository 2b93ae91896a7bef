/**
 * Reads the questionnaire manifests (one YAML file per role, or one file holding `questionnaires:`),
 * validates them and returns the ManifestSet. Any problem stops start-up with a ManifestError whose
 * message has one line per problem: file, path inside it (with the YAML line) and what is wrong.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ROLE_IDS, type RoleId } from './catalog.domain.js';
import {
  checkManifestSet,
  derivePurview,
  type LocatedQuestionnaire,
  type ManifestProblem,
  type ManifestSet,
} from './manifest.domain.js';
import { Questionnaire, QuestionnaireBundle } from './manifest.schema.js';

export type { ManifestSet } from './manifest.domain.js';

/** Thrown when manifests are missing or invalid; `problems` holds each one, the message one line each. */
export class ManifestError extends Error {
  constructor(readonly problems: ManifestProblem[]) {
    super(['Invalid questionnaire manifests:', ...problems.map(formatProblem)].join('\n'));
    this.name = 'ManifestError';
  }
}

export function formatProblem(p: ManifestProblem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}

/**
 * Loads and validates every `.yaml`/`.yml` file in `dir` (or the single file `dir` names).
 * @throws ManifestError listing every problem found.
 */
export function loadManifests(dir: string): ManifestSet {
  const files = manifestFiles(dir);
  const problems: ManifestProblem[] = [];
  const entries: LocatedQuestionnaire[] = [];
  for (const file of files) {
    const result = loadFile(file);
    problems.push(...result.problems);
    entries.push(...result.entries);
  }
  // Rules across files only make sense once every file parsed; otherwise they add noise.
  if (problems.length === 0) problems.push(...checkManifestSet(dir, entries));
  if (problems.length > 0) throw new ManifestError(problems);
  const questionnaires = Object.fromEntries(entries.map((e) => [e.questionnaire.role, e.questionnaire])) as Record<
    RoleId,
    Questionnaire
  >;
  return { version: manifestVersion(questionnaires), questionnaires, purview: derivePurview(questionnaires) };
}

/** sha256 of the canonical JSON of the parsed questionnaires in role order, first 12 hex digits. */
export function manifestVersion(questionnaires: Record<RoleId, Questionnaire>): string {
  const content = canonicalJson(ROLE_IDS.map((r) => questionnaires[r]));
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

/** JSON with object keys sorted, so formatting, comments and key order do not change the version. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const body = keys
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${body.join(',')}}`;
  }
  return JSON.stringify(value);
}

function manifestFiles(dir: string): string[] {
  let files: string[];
  try {
    files = statSync(dir).isFile()
      ? [dir]
      : readdirSync(dir)
          .filter((name) => /\.ya?ml$/i.test(name))
          .sort()
          .map((name) => join(dir, name));
  } catch (e) {
    throw new ManifestError([{ file: dir, path: '', message: `cannot be read (${(e as Error).message})` }]);
  }
  if (files.length === 0) throw new ManifestError([{ file: dir, path: '', message: 'no .yaml or .yml files found' }]);
  return files;
}

interface FileResult {
  problems: ManifestProblem[];
  entries: LocatedQuestionnaire[];
}

function loadFile(file: string): FileResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const at = lineCounter.linePos(e.pos[0]);
      return { file, path: `line ${at.line}, column ${at.col}`, message: `YAML syntax: ${e.message.split('\n')[0]}` };
    });
    return { problems, entries: [] };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const message = 'must be a mapping with role, version, title, intro, purview and questions (or questionnaires:)';
    return { problems: [{ file, path: '', message }], entries: [] };
  }
  const toProblems = (issues: z.core.$ZodIssue[]) => issues.map((i) => issueProblem(file, doc, lineCounter, i));
  if ('questionnaires' in raw) {
    const parsed = QuestionnaireBundle.safeParse(raw);
    if (!parsed.success) return { problems: toProblems(parsed.error.issues), entries: [] };
    const entries = parsed.data.questionnaires.map((questionnaire, i) => ({
      file,
      at: `questionnaires[${i}]`,
      questionnaire,
    }));
    return { problems: [], entries };
  }
  const parsed = Questionnaire.safeParse(raw);
  if (!parsed.success) return { problems: toProblems(parsed.error.issues), entries: [] };
  return { problems: [], entries: [{ file, at: '', questionnaire: parsed.data }] };
}

/** `questions[3].options[1].label` from zod's path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i === 0 ? '' : '.'}${String(seg)}`)).join('');
}

function issueProblem(file: string, doc: Document, lines: LineCounter, issue: z.core.$ZodIssue): ManifestProblem {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const line = lineOf(doc, lines, path);
  const where = formatPath(path) || '(top level)';
  return { file, path: line ? `${where} (line ${line})` : where, message: issueMessage(doc, path, issue) };
}

function issueMessage(doc: Document, path: (string | number)[], issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  const missing = path.length > 0 && doc.getIn(path) === undefined;
  if (missing && issue.code === 'invalid_type') return 'is required';
  if (missing && (issue.code === 'invalid_value' || issue.code === 'invalid_union')) {
    return `is required: ${issue.message}`;
  }
  return issue.message;
}

/** The YAML line of the nearest node that exists on `path`. */
function lineOf(doc: Document, lines: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
