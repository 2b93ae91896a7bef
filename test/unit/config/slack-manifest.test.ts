import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

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
});
