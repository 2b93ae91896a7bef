/**
 * Reads what a Dockerfile and a compose file hand to PilotGate: environment variable names and the
 * commands they run. Pure parsing, so the deploy-files test can check them without Docker.
 */
import { parse } from 'yaml';

export interface DockerInstruction {
  stage: number;
  keyword: string;
  args: string;
}

/** Instructions of a Dockerfile, continuation lines joined, each with the index of its build stage. */
export function dockerInstructions(text: string): DockerInstruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const out: DockerInstruction[] = [];
  let stage = -1;
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)\s*(.*)$/.exec(line)!;
    const keyword = m[1]!.toUpperCase();
    if (keyword === 'FROM') stage += 1;
    out.push({ stage, keyword, args: m[2]!.trim() });
  }
  return out;
}

/** Names set by ENV (`A=1 B=2` or `A 1`) and declared by ARG. */
export function dockerfileEnvNames(text: string): string[] {
  const names: string[] = [];
  for (const { keyword, args } of dockerInstructions(text)) {
    if (keyword === 'ARG') names.push(args.split('=')[0]!.trim());
    if (keyword === 'ENV') {
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
        for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) names.push(m[1]!);
      } else {
        names.push(args.split(/\s+/)[0]!);
      }
    }
  }
  return names;
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  volumes?: (string | { source?: string; target?: string })[];
  depends_on?: unknown;
  healthcheck?: { test?: unknown; disable?: boolean };
  init?: boolean;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Parses compose.yaml with YAML merge keys (`<<: *shared`), as Compose does. */
export function parseCompose(text: string): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

/** `environment:` keys of a service, from the map or the `- KEY=value` list form. */
export function serviceEnvNames(service: ComposeService): string[] {
  const env = service.environment;
  if (!env) return [];
  if (Array.isArray(env)) return env.map((entry) => entry.split('=')[0]!.trim());
  return Object.keys(env);
}

/** Names interpolated from the host environment: `${NAME}`, `${NAME:-default}`, `${NAME:?error}`, `$NAME`. */
export function interpolatedNames(text: string): string[] {
  return [...text.matchAll(/(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/** A command as an argument list (compose's string form is split on spaces, as Compose does). */
export function commandArgs(command: string | string[] | undefined): string[] {
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.trim().split(/\s+/);
}
