import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ROLE_IDS, type RoleId, SIGNAL_IDS } from '../../../src/core/catalog.domain.js';
import { loadManifests, ManifestError } from '../../../src/core/manifest.loader.js';
import {
  defaultManifest,
  MANIFESTS_DIR,
  minimalManifests,
  type RawManifest,
  writeManifests,
} from './manifest.fixture.js';

/** Loads `dir` and returns the ManifestError's lines (fails the test if it loads). */
function problemsOf(dir: string): string[] {
  try {
    loadManifests(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    return (e as ManifestError).message.split('\n').slice(1);
  }
  throw new Error('expected the manifests to be rejected');
}

/** Minimal manifests with one role's manifest changed by `edit`. */
function broken(role: RoleId, edit: (m: RawManifest) => void): string {
  const all = minimalManifests();
  edit(all[role]);
  return writeManifests(all);
}

describe('default manifests', () => {
  it('load, validate and cover every role', () => {
    const m = defaultManifest();
    expect(Object.keys(m.questionnaires).sort()).toEqual([...ROLE_IDS].sort());
    expect(m.version).toMatch(/^[0-9a-f]{12}$/);
    for (const role of ROLE_IDS) expect(m.questionnaires[role].role).toBe(role);
  });

  it('give each role its default purview of the five signals', () => {
    const { purview } = defaultManifest();
    expect(purview).toEqual({
      kpi_validation: { primary: 'operational_lead', assessors: ['executive_sponsor', 'operational_lead'] },
      data_infrastructure: { primary: 'technology_lead', assessors: ['technology_lead'] },
      governance: { primary: 'governance_lead', assessors: ['technology_lead', 'governance_lead'] },
      user_adoption: { primary: 'change_lead', assessors: ['operational_lead', 'change_lead'] },
      operational_ownership: { primary: 'executive_sponsor', assessors: ['executive_sponsor', 'operational_lead'] },
    });
  });

  it('tag the four business-case answers for the sponsor and the operational lead', () => {
    const { questionnaires } = defaultManifest();
    for (const role of ['executive_sponsor', 'operational_lead'] as const) {
      const keys = questionnaires[role].questions.flatMap((q) => (q.businessCase ? [q.businessCase] : []));
      expect(keys.sort()).toEqual(['cost_of_pilot', 'investment', 'kpi_extrapolation', 'return_timeline']);
    }
  });

  it('version does not change with formatting, only with content', () => {
    const dir = writeManifests({});
    for (const role of ROLE_IDS) {
      const text = readFileSync(join(MANIFESTS_DIR, `${role}.yaml`), 'utf8');
      writeFileSync(join(dir, `${role}.yaml`), `# reformatted\n${text.replace(/\n\n/g, '\n')}`);
    }
    expect(loadManifests(dir).version).toBe(defaultManifest().version);
    const sponsor = readFileSync(join(dir, 'executive_sponsor.yaml'), 'utf8');
    writeFileSync(join(dir, 'executive_sponsor.yaml'), sponsor.replace('after launch?', 'after go-live?'));
    expect(loadManifests(dir).version).not.toBe(defaultManifest().version);
  });
});

describe('one file holding every role', () => {
  it('loads a questionnaires: list', () => {
    const all = minimalManifests();
    const dir = writeManifests({}, { 'all.yaml': stringify({ questionnaires: ROLE_IDS.map((r) => all[r]) }) });
    const set = loadManifests(dir);
    expect(set.purview.governance.assessors).toEqual(['technology_lead', 'governance_lead']);
    expect(loadManifests(join(dir, 'all.yaml')).version).toBe(set.version);
  });

  it('names the path inside the bundle', () => {
    const all = minimalManifests();
    (all.technology_lead.questions[0]!.options as { label: string }[])[2]!.label = 'Nope';
    const dir = writeManifests({}, { 'all.yaml': stringify({ questionnaires: ROLE_IDS.map((r) => all[r]) }) });
    const [line] = problemsOf(dir);
    expect(line).toContain('all.yaml: questionnaires[2].questions[0].options[2].label (line');
    expect(line).toContain('must be Confirmed, Conditional or Failed');
  });
});

describe('invalid manifests name file, path and problem', () => {
  const cases: { name: string; role: RoleId; edit: (m: RawManifest) => void; path: string; problem: string }[] = [
    {
      name: 'assessment option label',
      role: 'operational_lead',
      edit: (m) => {
        (m.questions[0]!.options as { label: string }[])[1]!.label = 'Maybe — later';
      },
      path: 'questions[0].options[1].label',
      problem: 'must be Confirmed, Conditional or Failed',
    },
    {
      name: 'a status missing among the options',
      role: 'change_lead',
      edit: (m) => {
        m.questions[0]!.options = [{ label: 'Confirmed' }, { label: 'Confirmed — again' }, { label: 'Failed' }];
      },
      path: 'questions[0].options',
      problem: 'conditional is missing',
    },
    {
      name: 'duplicate question id',
      role: 'governance_lead',
      edit: (m) => {
        m.questions[1]!.id = m.questions[0]!.id;
      },
      path: 'questions[1].id',
      problem: 'duplicate question id "governance_assessment"',
    },
    {
      name: 'role not among ROLE_IDS',
      role: 'change_lead',
      edit: (m) => {
        m.role = 'cfo';
      },
      path: 'role',
      problem: 'must be one of executive_sponsor',
    },
    {
      name: 'purview signal without assessment',
      role: 'change_lead',
      edit: (m) => {
        m.questions.shift();
      },
      path: 'purview.user_adoption',
      problem: 'has no assessment question',
    },
    {
      name: 'two assessments of one signal',
      role: 'governance_lead',
      edit: (m) => {
        m.questions.push({ ...m.questions[0]!, id: 'second' });
      },
      path: 'questions[2].signal',
      problem: 'already assessed by questions[0]',
    },
    {
      name: 'assessment outside the purview',
      role: 'change_lead',
      edit: (m) => {
        m.questions[0]!.signal = 'governance';
      },
      path: 'questions[0].signal',
      problem: "governance is not in this role's purview",
    },
    {
      name: 'unknown field',
      role: 'technology_lead',
      edit: (m) => {
        m.questions[2]!.requried = false;
      },
      path: 'questions[2]',
      problem: 'unknown field "requried"',
    },
    {
      name: 'unknown kind',
      role: 'technology_lead',
      edit: (m) => {
        m.questions[2]!.kind = 'essay';
      },
      path: 'questions[2].kind',
      problem: 'kind must be one of text, number',
    },
    {
      name: 'missing label',
      role: 'technology_lead',
      edit: (m) => {
        delete m.questions[2]!.label;
      },
      path: 'questions[2].label',
      problem: 'is required',
    },
    {
      name: 'title too long for a modal',
      role: 'executive_sponsor',
      edit: (m) => {
        m.title = 'Executive sponsor questionnaire';
      },
      path: 'title',
      problem: 'at most 24 characters',
    },
    {
      name: 'checklist with eleven items',
      role: 'governance_lead',
      edit: (m) => {
        const items = Array.from({ length: 11 }, (_, i) => ({ id: `item_${i}`, label: `Item ${i}` }));
        m.questions.push({ id: 'list', kind: 'checklist', label: 'Done?', items });
      },
      path: 'questions[2].items',
      problem: 'at most 10 checkboxes',
    },
    {
      name: 'unchecked_any on a yes/no question',
      role: 'governance_lead',
      edit: (m) => {
        const caps = [{ signal: 'governance', atMost: 'conditional', when: { unchecked_any: true }, reason: 'x' }];
        m.questions.push({ id: 'legal', kind: 'yes_no', label: 'Legal review done?', caps });
      },
      path: 'questions[2].caps[0].when',
      problem: 'unchecked_any works only on checklist questions',
    },
    {
      name: 'empty cap on a required question',
      role: 'executive_sponsor',
      edit: (m) => {
        const caps = [{ signal: 'operational_ownership', atMost: 'failed', when: { empty: true }, reason: 'no owner' }];
        m.questions.push({ id: 'owner', kind: 'user', label: 'Owner', caps });
      },
      path: 'questions[3].caps[0].when',
      problem: 'empty needs required: false',
    },
    {
      name: 'cap with two conditions',
      role: 'operational_lead',
      edit: (m) => {
        const when = { equals: false, empty: true };
        const caps = [{ signal: 'kpi_validation', atMost: 'conditional', when, reason: 'curated data' }];
        m.questions.push({ id: 'representative', kind: 'yes_no', label: 'Representative?', required: false, caps });
      },
      path: 'questions[4].caps[0].when',
      problem: 'needs exactly one condition',
    },
    {
      name: 'cap on a signal outside the purview',
      role: 'change_lead',
      edit: (m) => {
        const caps = [{ signal: 'governance', atMost: 'conditional', when: { equals: false }, reason: 'x' }];
        m.questions.push({ id: 'trained', kind: 'yes_no', label: 'Trained?', caps });
      },
      path: 'questions[2].caps[0].signal',
      problem: "caps governance, which is not in this role's purview",
    },
    {
      name: 'the operational lead assesses nothing',
      role: 'operational_lead',
      edit: (m) => {
        m.purview = {};
        m.questions = [{ id: 'notes', kind: 'text', label: 'Notes' }];
      },
      path: 'purview',
      problem: 'the operational lead must assess at least one signal',
    },
    {
      name: 'two primaries for one signal',
      role: 'technology_lead',
      edit: (m) => {
        m.purview = { data_infrastructure: 'primary', governance: 'primary' };
      },
      path: 'purview.governance',
      problem: 'governance already has a primary assessor: governance_lead',
    },
    {
      name: 'a framework PilotGate does not know',
      role: 'governance_lead',
      edit: (m) => {
        m.questions[0]!.controls = { gdpr: ['Art. 5'] };
      },
      path: 'questions[0].controls',
      problem: 'unknown field "gdpr"',
    },
    {
      name: 'an EU AI Act id not written as an article',
      role: 'governance_lead',
      edit: (m) => {
        m.questions[0]!.controls = { eu_ai_act: ['Article 9'] };
      },
      path: 'questions[0].controls.eu_ai_act[0]',
      problem: '"Article 9" is not a eu_ai_act id (write it like Art. 9 or Art. 26(5))',
    },
    {
      name: 'an EU AI Act article past the last one',
      role: 'governance_lead',
      edit: (m) => {
        m.questions[0]!.controls = { eu_ai_act: ['Art. 9', 'Art. 140'] };
      },
      path: 'questions[0].controls.eu_ai_act[1]',
      problem: 'the EU AI Act has 113 articles',
    },
    {
      name: 'a NIST AI RMF id outside its four functions',
      role: 'technology_lead',
      edit: (m) => {
        m.questions[0]!.controls = { nist_ai_rmf: ['MONITOR 1'] };
      },
      path: 'questions[0].controls.nist_ai_rmf[0]',
      problem: '"MONITOR 1" is not a nist_ai_rmf id',
    },
    {
      name: 'an evidence rule for a level that is not Confirmed or Conditional',
      role: 'technology_lead',
      edit: (m) => {
        m.questions[0]!.evidence = { requiredFor: 'failed' };
      },
      path: 'questions[0].evidence.requiredFor',
      problem: 'must be confirmed or conditional',
    },
    {
      name: 'an evidence rule on a question that is not an assessment',
      role: 'technology_lead',
      edit: (m) => {
        m.questions.at(-1)!.evidence = { requiredFor: 'confirmed' };
      },
      path: 'questions[2]',
      problem: 'evidence',
    },
    {
      name: 'an ISO/IEC 42001 id outside Annex A',
      role: 'technology_lead',
      edit: (m) => {
        m.questions[0]!.controls = { iso_42001: ['6.1.2'] };
      },
      path: 'questions[0].controls.iso_42001[0]',
      problem: '"6.1.2" is not a iso_42001 id (write it like A.7.4 or A.6.2.6)',
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const dir = broken(c.role, c.edit);
      const lines = problemsOf(dir);
      const line = lines.find((l) => l.includes(c.problem));
      expect(line, lines.join('\n')).toBeDefined();
      expect(line).toContain(join(dir, `${c.role}.yaml`));
      expect(line).toMatch(new RegExp(`: ${c.path.replace(/[[\].]/g, '\\$&')}( \\(line \\d+\\))?: `));
    });
  }

  it('a signal that no role assesses names the folder', () => {
    const all = minimalManifests();
    all.technology_lead.purview = { governance: 'also' };
    all.technology_lead.questions = all.technology_lead.questions.filter((q) => q.signal !== 'data_infrastructure');
    const dir = writeManifests(all);
    expect(problemsOf(dir)).toEqual([`${dir}: no role assesses data_infrastructure`]);
  });

  it('a missing role names the folder', () => {
    const { change_lead: _, ...rest } = minimalManifests();
    const dir = writeManifests(rest);
    expect(problemsOf(dir)).toContain(`${dir}: no questionnaire for role change_lead`);
  });

  it('a role defined twice names both files', () => {
    const all = minimalManifests();
    const dir = writeManifests(all, { 'zz-extra.yaml': stringify(all.change_lead) });
    expect(problemsOf(dir)).toContain(
      `${join(dir, 'zz-extra.yaml')}: role: change_lead is already defined in ${join(dir, 'change_lead.yaml')}`,
    );
  });

  it('a YAML syntax error names the file and line', () => {
    const dir = writeManifests(minimalManifests(), { 'broken.yaml': 'role: change_lead\nquestions: [\n  - id: x\n' });
    const [line] = problemsOf(dir);
    expect(line).toMatch(/broken\.yaml: line \d+, column \d+: YAML syntax: /);
  });

  it('reports one line per problem across files', () => {
    const all = minimalManifests();
    all.change_lead.title = 'x'.repeat(30);
    all.governance_lead.version = { major: 1 };
    const lines = problemsOf(writeManifests(all));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/change_lead\.yaml: title \(line \d+\): must be at most 24 characters$/);
    expect(lines[1]).toMatch(/governance_lead\.yaml: version \(line \d+\): must be a string or a number$/);
  });

  it('an empty folder or a missing folder stops start-up', () => {
    const empty = writeManifests({});
    expect(problemsOf(empty)).toEqual([`${empty}: no .yaml or .yml files found`]);
    expect(problemsOf(join(empty, 'nope'))[0]).toContain('cannot be read');
  });

  it('every signal in SIGNAL_IDS is covered by the minimal set used above', () => {
    const set = loadManifests(writeManifests(minimalManifests()));
    expect(Object.keys(set.purview)).toEqual([...SIGNAL_IDS]);
  });
});
