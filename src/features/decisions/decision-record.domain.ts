/**
 * The decision record: what a board reads to know what was decided, on what evidence, by whom. It is plain
 * data with every text already resolved (names, labels, dates as ISO strings), so the same record always
 * renders to the same PDF bytes: its SHA-256 goes into the audit trail and `audit:verify` re-renders it.
 */
import { z } from 'zod';

const Line = z.string();
const Evidence = z.strictObject({ kind: z.enum(['link', 'file']), title: Line, url: Line });

export const DecisionRecordInput = z.strictObject({
  /** Bumped when the layout changes, so old records re-render with the layout they were made with. */
  layout: z.literal(1),
  pilot: z.strictObject({
    name: Line,
    businessUnit: Line,
    useCase: Line,
    regulated: z.boolean(),
    registeredAt: Line,
    killCriteria: Line,
    scaleCriteria: Line,
    kpis: z.array(z.strictObject({ name: Line, baseline: Line, target: Line })),
    /** A gate admin's exception to separation of duties; records of pilots without one (and older records) lack it. */
    separationException: z.strictObject({ by: Line, at: Line, reason: Line, rules: z.array(Line) }).optional(),
  }),
  review: z.strictObject({ id: Line, round: z.number().int().min(1), openedAt: Line }),
  signals: z.array(
    z.strictObject({
      label: Line,
      status: Line,
      reasons: z.array(Line),
      assessments: z.array(z.strictObject({ role: Line, person: Line, assessment: Line })),
      evidence: z.array(Evidence),
    }),
  ),
  disagreements: z.array(z.strictObject({ signal: Line, between: Line, reconciled: Line })),
  businessCase: z.array(z.strictObject({ role: Line, question: Line, answer: Line })),
  decision: z.strictObject({
    label: Line,
    reason: Line.optional(),
    by: Line,
    at: Line,
    stageNote: Line.optional(),
    conditions: z.array(z.strictObject({ signal: Line, action: Line, owner: Line, due: Line })),
    monitoring: z
      .strictObject({ metrics: z.array(z.strictObject({ metric: Line, threshold: Line })), incidentOwners: Line })
      .optional(),
  }),
  auditHead: z.strictObject({ seq: z.number().int(), hash: Line }).nullable(),
  /**
   * The appendix: per framework control, the questions that evidence it. Records made before it have none
   * and render as they did, so their stored hashes still match.
   */
  crosswalk: z
    .array(
      z.strictObject({
        framework: Line,
        control: Line,
        /** The control's heading, or '' when PilotGate does not carry it. */
        title: Line,
        questions: z.array(
          z.strictObject({
            role: Line,
            question: Line,
            answer: Line,
            /** The signal's label and status in words; both '' for a question outside the five signals. */
            signal: Line,
            status: Line,
            evidence: z.array(Evidence),
          }),
        ),
      }),
    )
    .optional(),
});
export type DecisionRecordInput = z.infer<typeof DecisionRecordInput>;

/** One block of the record: a heading and its lines, each line optionally indented one level. */
export interface RecordSection {
  heading: string;
  /** Starts on a page of its own (the appendix). */
  newPage?: boolean;
  lines: { text: string; indent?: 1; bold?: boolean }[];
}

/** The record's sections in reading order; the PDF renderer only lays these out. */
export function recordSections(r: DecisionRecordInput): RecordSection[] {
  const d = r.decision;
  const sections: RecordSection[] = [
    {
      heading: 'Decision',
      lines: [
        { text: d.label, bold: true },
        { text: `Decided by ${d.by} on ${d.at}, review round ${r.review.round}.` },
        ...(d.reason ? [{ text: `Rationale: ${d.reason}` }] : []),
        ...(d.stageNote ? [{ text: d.stageNote }] : []),
      ],
    },
    {
      heading: 'The pilot',
      lines: [
        { text: `Business unit: ${r.pilot.businessUnit}` },
        { text: `Use case: ${r.pilot.useCase}` },
        { text: `Registered ${r.pilot.registeredAt}; review opened ${r.review.openedAt}.` },
        { text: r.pilot.regulated ? 'Regulated use case.' : 'Not a regulated use case.' },
        ...(r.pilot.separationException ? [{ text: separationText(r.pilot.separationException) }] : []),
      ],
    },
    {
      heading: 'Criteria as written at registration',
      lines: [
        { text: `Kill criteria: ${r.pilot.killCriteria}` },
        { text: `Scale criteria: ${r.pilot.scaleCriteria}` },
        ...r.pilot.kpis.map((k) => ({
          text: `KPI: ${k.name}: baseline ${k.baseline}, target ${k.target}`,
          indent: 1 as const,
        })),
      ],
    },
    {
      heading: 'The five scale-readiness signals',
      lines: r.signals.flatMap((s) => [
        { text: `${s.label}: ${s.status}`, bold: true },
        ...s.reasons.map((text) => ({ text: `Reason: ${text}`, indent: 1 as const })),
        ...s.assessments.map((a) => ({ text: `${a.role} (${a.person}): ${a.assessment}`, indent: 1 as const })),
        ...(s.evidence.length === 0
          ? [{ text: 'Evidence: none attached', indent: 1 as const }]
          : s.evidence.map((e) => ({
              text: `Evidence (${e.kind}): ${e.title}: ${e.url}`,
              indent: 1 as const,
            }))),
      ]),
    },
    {
      heading: 'Disagreements',
      lines:
        r.disagreements.length === 0
          ? [{ text: 'None: no two assessors were two levels apart.' }]
          : r.disagreements.map((x) => ({ text: `${x.signal}: ${x.between}. Reconciled: ${x.reconciled}` })),
    },
    {
      heading: 'Business case',
      lines:
        r.businessCase.length === 0
          ? [{ text: 'Not answered.' }]
          : r.businessCase.map((b) => ({ text: `${b.question} (${b.role}): ${b.answer}` })),
    },
    {
      heading: 'Conditions',
      lines: [
        ...(d.conditions.length === 0 && !d.monitoring ? [{ text: 'None.' }] : []),
        ...d.conditions.map((c) => ({
          text: `${c.signal}: ${c.action} (owner ${c.owner}, due ${c.due})`,
        })),
        ...(d.monitoring
          ? [
              { text: 'Monitoring plan', bold: true },
              ...d.monitoring.metrics.map((m) => ({ text: `${m.metric}: ${m.threshold}`, indent: 1 as const })),
              { text: `Incident owners: ${d.monitoring.incidentOwners}`, indent: 1 as const },
            ]
          : []),
      ],
    },
    {
      heading: 'Audit trail',
      lines: [
        {
          text: r.auditHead
            ? `Chain head when the record was made: event #${r.auditHead.seq}, ${r.auditHead.hash}`
            : 'Chain head when the record was made: none recorded.',
        },
        {
          text: `Review ${r.review.id}. Check this file with npm run audit:verify: its SHA-256 is in the audit trail.`,
        },
      ],
    },
  ];
  if (r.crosswalk) sections.push(crosswalkAppendix(r.crosswalk));
  return sections;
}

const separationText = (e: NonNullable<DecisionRecordInput['pilot']['separationException']>): string =>
  `Separation-of-duties exception recorded by ${e.by} on ${e.at} (${e.rules.join('; ')}): ${e.reason}`;

type Crosswalk = NonNullable<DecisionRecordInput['crosswalk']>;

const evidenceText = (evidence: Crosswalk[number]['questions'][number]['evidence']): string =>
  evidence.length === 0
    ? 'Evidence: none attached'
    : evidence.map((e) => `Evidence (${e.kind}): ${e.title}: ${e.url}`).join('; ');

/** The appendix: each control as a bold line, then each question that evidences it with its answer and signal. */
function crosswalkAppendix(crosswalk: Crosswalk): RecordSection {
  return {
    heading: 'Appendix: crosswalk to the AI frameworks',
    newPage: true,
    lines: [
      {
        text: 'Per framework control, the questions that evidence it, their answers, the status of their signal and its evidence. An aid to prepare an audit, not a legal opinion on compliance.',
      },
      ...(crosswalk.length === 0 ? [{ text: 'No question of this review cites a framework control.' }] : []),
      ...crosswalk.flatMap((c) => [
        { text: `${c.framework} ${c.control}${c.title ? ` — ${c.title}` : ''}`, bold: true },
        ...c.questions.flatMap((q) =>
          q.signal
            ? [
                { text: `${q.question} (${q.role}): ${q.answer}`, indent: 1 as const },
                { text: `Signal: ${q.signal}, ${q.status}. ${evidenceText(q.evidence)}`, indent: 1 as const },
              ]
            : [{ text: `${q.question} (${q.role}): ${q.answer} (not part of the five signals)`, indent: 1 as const }],
        ),
      ]),
    ],
  };
}
