/**
 * Workflow Builder steps in the simulator: the functions declared in slack-manifest.yml, the executions
 * a test starts (the `function_executed` event Slack would send) and `functions.completeSuccess` /
 * `functions.completeError` with Slack's checks: the execution must exist and still be running, the
 * call must carry the execution's own token, and the outputs must be exactly the declared names with
 * every required one present and each value of its declared type.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

type Args = Record<string, unknown>;

interface ParamDeclaration {
  type: string;
  title?: string;
  description?: string;
}
interface ParamSet {
  properties: Record<string, ParamDeclaration>;
  required?: string[];
}
interface FunctionDeclaration {
  title: string;
  description: string;
  input_parameters: ParamSet;
  output_parameters: ParamSet;
}

export interface SimExecution {
  id: string;
  callbackId: string;
  token: string;
  inputs: Args;
  state: 'running' | 'completed' | 'failed';
  outputs?: Args;
  error?: string;
}

/** Thrown as Slack's `{ ok: false, error }`; the simulator turns it into the response. */
export class FunctionCallError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Args = {},
  ) {
    super(code);
  }
}

const MANIFEST = resolve(import.meta.dirname, '../../slack-manifest.yml');

/** Slack's parameter types as JSON values: ids and dates travel as strings. */
function hasType(type: string, value: unknown): boolean {
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number') return typeof value === 'number';
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'slack#/types/date') return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  return typeof value === 'string';
}

/** Problems of `values` against a declared parameter set: unknown names, missing required ones, wrong types. */
function paramProblems(set: ParamSet, values: Args): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const declared = set.properties[name];
    if (!declared) problems.push(`${name}: not a declared parameter`);
    else if (!hasType(declared.type, value)) problems.push(`${name}: expected ${declared.type}`);
  }
  for (const name of set.required ?? []) if (values[name] === undefined) problems.push(`${name}: required`);
  return problems;
}

export class SimFunctions {
  readonly declared: Record<string, FunctionDeclaration>;
  readonly executions = new Map<string, SimExecution>();

  constructor() {
    this.declared =
      (parse(readFileSync(MANIFEST, 'utf8')) as { functions?: Record<string, FunctionDeclaration> }).functions ?? {};
  }

  /**
   * Starts an execution of a declared step with these inputs (as Workflow Builder would pass them) and
   * returns the `function_executed` event. Inputs the manifest does not declare throw: a test cannot
   * send what Slack never would. Required inputs may be left out only with `allowMissing` (Slack runs a
   * step whose earlier step produced nothing).
   */
  start(callbackId: string, inputs: Args, appId: string, opts: { allowMissing?: boolean } = {}) {
    const fn = this.declared[callbackId];
    if (!fn) throw new Error(`slack-manifest.yml declares no function ${callbackId}`);
    const problems = paramProblems(fn.input_parameters, inputs).filter(
      (p) => !(opts.allowMissing && p.endsWith(': required')),
    );
    if (problems.length) throw new Error(`inputs of ${callbackId} Slack would not send: ${problems.join('; ')}`);
    const id = `Fx${randomBytes(5).toString('hex').toUpperCase()}`;
    const token = `xwfp-${randomBytes(12).toString('hex')}`;
    this.executions.set(id, { id, callbackId, token, inputs: structuredClone(inputs), state: 'running' });
    const params = (set: ParamSet) =>
      Object.entries(set.properties).map(([name, p]) => ({
        name,
        type: p.type,
        title: p.title ?? name,
        description: p.description ?? '',
        is_required: (set.required ?? []).includes(name),
      }));
    return {
      type: 'function_executed',
      function: {
        id: `Fn${randomBytes(5).toString('hex').toUpperCase()}`,
        callback_id: callbackId,
        title: fn.title,
        description: fn.description,
        type: 'app',
        input_parameters: params(fn.input_parameters),
        output_parameters: params(fn.output_parameters),
        app_id: appId,
        date_created: 1_700_000_000,
        date_updated: 1_700_000_000,
        date_deleted: 0,
      },
      inputs,
      function_execution_id: id,
      workflow_execution_id: `Wx${randomBytes(5).toString('hex').toUpperCase()}`,
      bot_access_token: token,
    };
  }

  isExecutionToken(token: string): boolean {
    return [...this.executions.values()].some((e) => e.token === token);
  }

  completeSuccess(a: Args, token: string): Args {
    const execution = this.running(a, token);
    const outputs = a.outputs;
    if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) {
      throw new FunctionCallError('invalid_arguments');
    }
    const declared = this.declared[execution.callbackId]!.output_parameters;
    const problems = paramProblems(declared, outputs as Args);
    if (problems.length) throw new FunctionCallError('parameter_validation_failed', { errors: problems });
    execution.state = 'completed';
    execution.outputs = outputs as Args;
    return {};
  }

  completeError(a: Args, token: string): Args {
    const execution = this.running(a, token);
    if (typeof a.error !== 'string' || a.error === '') throw new FunctionCallError('invalid_arguments');
    execution.state = 'failed';
    execution.error = a.error;
    return {};
  }

  reset(): void {
    this.executions.clear();
  }

  private running(a: Args, token: string): SimExecution {
    const execution = this.executions.get(String(a.function_execution_id ?? ''));
    if (!execution) throw new FunctionCallError('function_execution_not_found');
    if (execution.token !== token) throw new FunctionCallError('access_denied');
    if (execution.state !== 'running') throw new FunctionCallError('execution_not_in_running_state');
    return execution;
  }
}
