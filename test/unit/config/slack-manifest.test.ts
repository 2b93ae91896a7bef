import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Ids } from '../../../src/slack/ids.js';

const schemaDir = resolve(import.meta.dirname, '../../fixtures/slack-manifest-schema');
const manifest = parse(readFileSync(resolve(import.meta.dirname, '../../../slack-manifest.yml'), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const schema = JSON.parse(readFileSync(resolve(schemaDir, 'manifest.schema.2.0.0.json'), 'utf8'));
  return ajv.compile(schema);
}

describe('slack-manifest.yml', () => {
  it("validates against Slack's published manifest schema (v2)", () => {
    const validate = validator();
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check rejects a broken manifest (so the test above can fail)', () => {
    const validate = validator();
    const broken = structuredClone(manifest);
    broken.features.slash_commands[0].command = 'gate';
    delete broken.display_information.name;
    expect(validate(broken)).toBe(false);
  });

  it('declares /gate, interactivity, App Home and the events the product handles', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/gate']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_home_opened', 'app_uninstalled', 'tokens_revoked']),
    );
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read']),
    );
  });

  it('declares the Workflow Builder steps with typed inputs and outputs, and the settings Slack requires', () => {
    expect(manifest.settings.org_deploy_enabled).toBe(true);
    expect(manifest.settings.function_runtime).toBe('remote');
    expect(manifest.settings.event_subscriptions.bot_events).toContain('function_executed');
    expect(Object.keys(manifest.functions).sort()).toEqual(Object.values(Ids.workflow).sort());
    for (const fn of Object.values(manifest.functions) as FunctionDeclaration[]) {
      for (const side of [fn.input_parameters, fn.output_parameters]) {
        for (const name of side.required ?? []) expect(Object.keys(side.properties)).toContain(name);
      }
    }
    const open = manifest.functions[Ids.workflow.openReview] as FunctionDeclaration;
    expect(open.input_parameters.properties.channel?.type).toBe('slack#/types/channel_id');
    expect(open.input_parameters.properties.executive_sponsor?.type).toBe('slack#/types/user_id');
    expect(open.input_parameters.properties.kpi_validation_date?.type).toBe('slack#/types/date');
    expect(open.output_parameters.required).toEqual(['review_link']);
  });

  it('the schema check rejects a step parameter of an unknown type', () => {
    const validate = validator();
    const broken = structuredClone(manifest);
    broken.functions[Ids.workflow.gateStatus].input_parameters.properties.pilot_name.type = 'slack#/types/pilot';
    expect(validate(broken)).toBe(false);
  });
});

interface FunctionDeclaration {
  input_parameters: { properties: Record<string, { type: string }>; required?: string[] };
  output_parameters: { properties: Record<string, { type: string }>; required?: string[] };
}
