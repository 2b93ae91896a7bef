/**
 * Public AI frameworks a manifest question can point to (`controls:`), so an export can show, per
 * control, which answers evidence it. The ids follow each framework's own numbering; the titles below
 * are the frameworks' own headings, kept for the ids PilotGate's default manifests cite. This is an aid
 * for the governance lead, not a legal opinion on compliance.
 */
export const FRAMEWORKS = ['eu_ai_act', 'nist_ai_rmf', 'iso_42001'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const FRAMEWORK_NAMES: Record<Framework, string> = {
  eu_ai_act: 'EU AI Act (Regulation (EU) 2024/1689)',
  nist_ai_rmf: 'NIST AI RMF 1.0 (NIST AI 100-1)',
  iso_42001: 'ISO/IEC 42001:2023 Annex A',
};

/** How each framework writes its ids: an EU AI Act article (and paragraph), a NIST category or subcategory, an ISO Annex A control. */
export const CONTROL_ID_FORMATS: Record<Framework, { pattern: RegExp; example: string }> = {
  eu_ai_act: { pattern: /^Art\. ([1-9]\d{0,2})(\(\d{1,2}\))?(\([a-z]\))?$/, example: 'Art. 9 or Art. 26(5)' },
  nist_ai_rmf: { pattern: /^(GOVERN|MAP|MEASURE|MANAGE) [1-9](\.[1-9]\d?)?$/, example: 'GOVERN 1 or MEASURE 2.3' },
  iso_42001: { pattern: /^A\.(2|3|4|5|6|7|8|9|10)(\.[1-9]){1,2}$/, example: 'A.7.4 or A.6.2.6' },
};

/** The EU AI Act has 113 articles. */
const EU_AI_ACT_ARTICLES = 113;

/** Why an id is not in its framework's format, or null when it is. */
export function controlIdProblem(framework: Framework, id: string): string | null {
  const { pattern, example } = CONTROL_ID_FORMATS[framework];
  const match = pattern.exec(id);
  if (!match) return `"${id}" is not a ${framework} id (write it like ${example})`;
  if (framework === 'eu_ai_act' && Number(match[1]) > EU_AI_ACT_ARTICLES) {
    return `"${id}": the EU AI Act has ${EU_AI_ACT_ARTICLES} articles`;
  }
  return null;
}

/** Headings as the frameworks publish them. */
const TITLES: Record<Framework, Record<string, string>> = {
  eu_ai_act: {
    'Art. 4': 'AI literacy',
    'Art. 9': 'Risk management system',
    'Art. 10': 'Data and data governance',
    'Art. 11': 'Technical documentation',
    'Art. 12': 'Record-keeping',
    'Art. 13': 'Transparency and provision of information to deployers',
    'Art. 14': 'Human oversight',
    'Art. 15': 'Accuracy, robustness and cybersecurity',
    'Art. 17': 'Quality management system',
    'Art. 26': 'Obligations of deployers of high-risk AI systems',
  },
  nist_ai_rmf: {
    'GOVERN 1':
      'Policies, processes, procedures and practices for mapping, measuring and managing AI risks are in place',
    'GOVERN 2': 'Accountability structures are in place; teams are empowered, responsible and trained',
    'GOVERN 4': 'Organizational teams are committed to a culture that considers and communicates AI risk',
    'MAP 1': 'Context is established and understood',
    'MAP 3': 'AI capabilities, targeted usage, goals, and expected benefits and costs are understood',
    'MEASURE 1': 'Appropriate methods and metrics are identified and applied',
    'MEASURE 2': 'AI systems are evaluated for trustworthy characteristics',
    'MEASURE 3': 'Mechanisms for tracking identified AI risks over time are in place',
    'MANAGE 1': 'AI risks are prioritized, responded to and managed',
    'MANAGE 2': 'Strategies to maximize AI benefits and minimize negative impacts are planned and documented',
    'MANAGE 4': 'Risk treatments, response and recovery, and communication plans are documented and monitored',
  },
  iso_42001: {
    'A.3.2': 'AI roles and responsibilities',
    'A.4.3': 'Data resources',
    'A.4.5': 'System and computing resources',
    'A.4.6': 'Human resources',
    'A.5.2': 'AI system impact assessment process',
    'A.6.2.4': 'AI system verification and validation',
    'A.6.2.5': 'AI system deployment',
    'A.6.2.6': 'AI system operation and monitoring',
    'A.6.2.8': 'AI system recording of event logs',
    'A.7.4': 'Quality of data for AI systems',
    'A.8.4': 'Communication of incidents',
    'A.9.2': 'Processes for responsible use of AI systems',
    'A.9.3': 'Objectives for responsible use of AI system',
  },
};

/** The heading of a control, or of its article / category when the id names a paragraph or subcategory. */
export function controlTitle(framework: Framework, id: string): string | undefined {
  const titles = TITLES[framework];
  if (titles[id]) return titles[id];
  const parent =
    framework === 'eu_ai_act' ? id.replace(/\(.*$/, '') : framework === 'nist_ai_rmf' ? id.replace(/\.\d+$/, '') : id;
  return titles[parent];
}

const NIST_FUNCTION_ORDER: Record<string, string> = { GOVERN: '1', MAP: '2', MEASURE: '3', MANAGE: '4' };

/** Sort key: framework order, then the id's numbers (Art. 9 before Art. 10; A.6.2.4 before A.7.4). */
export function compareControls(
  a: { framework: Framework; id: string },
  b: { framework: Framework; id: string },
): number {
  const byFramework = FRAMEWORKS.indexOf(a.framework) - FRAMEWORKS.indexOf(b.framework);
  if (byFramework !== 0) return byFramework;
  const key = (id: string) => (id.match(/[A-Z]+|\d+/g) ?? []).map((part) => NIST_FUNCTION_ORDER[part] ?? part);
  const ka = key(a.id);
  const kb = key(b.id);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const x = ka[i] ?? '';
    const y = kb[i] ?? '';
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}
