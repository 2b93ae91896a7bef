/**
 * Every surface PilotGate shows, built from sample data by the real view functions: the messages (with
 * their notification texts), the modals and Home, and the texts Slack shows without blocks. The
 * notification-texts test checks and snapshots them; `npm run preview` writes them out for Slack's Block
 * Kit Builder (scripts/preview.ts). A new surface gets its sample here.
 */
import type { ModalView } from '@slack/types';
import { loadSettings } from '../../src/config/settings.js';
import type { Answers } from '../../src/core/answers.domain.js';
import { ROLE_IDS, type RoleId, SIGNAL_IDS, type SignalId } from '../../src/core/catalog.domain.js';
import {
  EVIDENCE_TITLE_MAX,
  type EvidenceItem,
  evidenceKey,
  MAX_EVIDENCE_FILES,
  MAX_EVIDENCE_LINKS,
} from '../../src/core/evidence.domain.js';
import { computeSignalStatuses } from '../../src/core/signal-status.domain.js';
import { listChartComment, pilotListMessage } from '../../src/features/commands/gate-list.views.js';
import { gateStatusReply } from '../../src/features/commands/gate-status.views.js';
import {
  decisionMessage,
  decisionModal,
  decisionRecordComment,
  monitoringTaskMessage,
} from '../../src/features/decisions/decision.views.js';
import { digestMessage } from '../../src/features/digests/digest.views.js';
import { ownerItemsMessage } from '../../src/features/gap-closure/gap-closure.views.js';
import { channelIntro, installerWelcome } from '../../src/features/home/first-run.views.js';
import { buildHomeModel } from '../../src/features/home/home.domain.js';
import { homeView } from '../../src/features/home/home.views.js';
import { deletedCardMessage } from '../../src/features/lifecycle/gate-delete.views.js';
import { missingOwnerMessage } from '../../src/features/nudges/missing-owner.views.js';
import { escalationMessage, nudgeMessage } from '../../src/features/nudges/nudge.views.js';
import { NAME_MAX } from '../../src/features/pilots/pilot.domain.js';
import { registrationModal } from '../../src/features/pilots/pilot.views.js';
import { roleChangeModal, rolesNoticeModal, rolesRefusalText } from '../../src/features/pilots/role-change.views.js';
import { planReminder } from '../../src/features/plan-reminders/plan-reminder.views.js';
import { purgatoryAlert, purgatorySponsorDm } from '../../src/features/purgatory/purgatory.views.js';
import {
  disagreementThread,
  noRoleMessage,
  notice,
  questionnairePageModal,
  rolePickerModal,
} from '../../src/features/questionnaires/answer-flow.views.js';
import { questionnairePages } from '../../src/features/questionnaires/questionnaire-pages.domain.js';
import { allowedDecisions } from '../../src/features/reviews/outcome.domain.js';
import { reconfirmDone, reconfirmNotNeeded, reconfirmRequest } from '../../src/features/reviews/reconfirm.views.js';
import type { PlanItem } from '../../src/features/reviews/review.types.js';
import { reviewCard } from '../../src/features/reviews/review-card.views.js';
import { businessCaseAnswers } from '../../src/features/reviews/review-details.domain.js';
import { reviewDetailsModal } from '../../src/features/reviews/review-details.views.js';
import { signalEvidence } from '../../src/features/reviews/signal-evidence.domain.js';
import { roleRemovedMessage, stakeholderInvite } from '../../src/features/reviews/stakeholder-dm.views.js';
import { review90Invite, review90Posted } from '../../src/features/reviews90/review90.views.js';
import { settingsModal } from '../../src/features/settings/settings.views.js';
import { draftFromCadence } from '../../src/features/settings/settings-form.domain.js';
import { gateStatusOutputs, inputErrorMessage } from '../../src/features/workflow-steps/workflow-step.domain.js';
import { allGood, defaultManifest, goodAnswers } from '../unit/core/manifest.fixture.js';
import { pilotFixture } from '../unit/features/pilots/pilot.fixture.js';
import { allInFixture, reviewFixture } from '../unit/features/reviews/review.fixture.js';

const pilot = pilotFixture({ name: 'Invoice triage assistant' });
/** A name as long as registration allows (NAME_MAX). */
const long = pilotFixture({
  name: `Invoice triage assistant for accounts payable ${'x'.repeat(80)}`.slice(0, NAME_MAX),
});
const reviewId = 'a'.repeat(24);
const at = new Date('2026-11-25T12:00:00Z');
const item: PlanItem = {
  id: 'c'.repeat(24),
  teamId: 'T1',
  reviewId,
  pilotId: pilot.id,
  round: 1,
  signal: 'governance',
  action: 'Run the bias audit on the production sample and file the report with the risk office',
  ownerId: 'U0GOV',
  dueDate: '2026-12-10',
};
const longFlag = {
  kind: 'purgatory' as const,
  since: at,
  detail:
    'In pilot purgatory: KPIs validated since 2026-09-01 and no scale decision after 60 days. Decision due by 2026-12-01. To get out: the sponsor records a decision to proceed, close the gaps, pause or stop the pilot now.',
};
const stageCounts = {
  registered: 0,
  in_review: 3,
  pre_production: 1,
  production: 1,
  reviewed_90d: 0,
  paused: 0,
  terminated: 0,
};

/** Each message builder with sample data; long names where a name is shown. */
export const MESSAGE_SAMPLES: Record<string, () => { text: string; blocks: unknown[] }> = {
  pilotListMessage: () =>
    pilotListMessage([{ name: pilot.name, channelId: 'C1', stage: 'in_review', flags: [], statuses: [] }], 0),
  decisionMessage: () =>
    decisionMessage({
      pilot: long,
      decision: { decision: 'gap_closure', by: 'U0SPONSOR', at, round: 1 },
      planItems: [item],
    }),
  digestMessage: () =>
    digestMessage(
      {
        sponsorId: 'U0SPONSOR',
        pilots: [
          {
            id: pilot.id,
            name: long.name,
            stage: 'in_review',
            statuses: SIGNAL_IDS.map((signal) => ({ signal, status: 'confirmed' as const })),
            late: [],
            awaitingCount: 0,
            staleConfirmations: [],
            overdueItems: [],
            flags: [longFlag],
            decision: { kind: 'ready', outcome: 'proceed' },
            changes: [],
            isNew: false,
          },
        ],
        closedSince: [],
        firstDigest: false,
        portfolio: { total: 5, stageCounts, inProduction: 1, purgatory: [long.name], atRisk: 1 },
        snapshot: [],
      },
      'Mon 30 Nov 2026, 09:00 (UTC)',
    ),
  ownerItemsMessage: () => ownerItemsMessage(long, [item, { ...item, id: 'd'.repeat(24) }]),
  channelIntro,
  installerWelcome,
  deletedCardMessage: () => deletedCardMessage(long.name, 'U0ADMIN', at),
  missingOwnerMessage: () =>
    missingOwnerMessage({ pilot: long, reviewId, gaps: [{ kind: 'role_unassigned', role: 'change_lead' }] }),
  nudgeMessage: () =>
    nudgeMessage({
      pilot: long,
      reviewId,
      round: 1,
      roles: ['technology_lead', 'governance_lead'],
      signals: ['data_infrastructure', 'governance'],
      standingInFor: {},
      owedSinceText: 'Nov 20',
      n: 2,
    }),
  escalationMessage: () =>
    escalationMessage({
      pilot: long,
      late: [{ userId: 'U0TECH', roles: ['technology_lead'], nudges: 3 }],
      owedSinceText: 'Nov 20',
    }),
  planReminder: () => planReminder(long.name, item, { kind: 'overdue', daysLate: 3 }),
  purgatoryAlert: () =>
    purgatoryAlert({ name: long.name, channelId: 'C0PILOT' }, longFlag, reviewId, { remind: true, decide: false }),
  purgatorySponsorDm: () =>
    purgatorySponsorDm({ name: long.name, channelId: 'C0PILOT' }, longFlag, reviewId, { remind: false, decide: true }),
  monitoringTaskMessage: () => monitoringTaskMessage(long, item),
  noRoleMessage: () => noRoleMessage(long),
  notice: () => notice('Your answers are saved.'),
  disagreementThread: () =>
    disagreementThread({
      pilot: long,
      signal: 'kpi_validation',
      sides: [
        { role: 'operational_lead', userId: 'U0OPS', value: 'confirmed' },
        { role: 'executive_sponsor', userId: 'U0SPONSOR', value: 'failed' },
      ],
    }),
  reviewCard: () => reviewCard(long, reviewFixture({ answeredRoles: ['executive_sponsor'] })),
  'reviewCard (all in)': () => reviewCard(long, allInFixture()),
  stakeholderInvite: () =>
    stakeholderInvite({ pilot: long, reviewId, roles: [...ROLE_IDS], signals: [...SIGNAL_IDS], dueDate: '2026-12-02' }),
  'stakeholderInvite (re-review)': () =>
    stakeholderInvite({
      pilot: long,
      reviewId,
      roles: ['governance_lead'],
      signals: ['governance'],
      dueDate: '2026-12-02',
      reReviewOf: ['governance'],
    }),
  roleRemovedMessage: () =>
    roleRemovedMessage({
      pilot: { ...long, stakeholders: { ...long.stakeholders, operational_lead: 'U0NEWOPS', change_lead: 'U0NEWOPS' } },
      roles: ['operational_lead', 'change_lead'],
      by: 'U0SPONSOR',
    }),
  reconfirmRequest: () =>
    reconfirmRequest({
      pilot: long,
      reviewId,
      role: 'operational_lead',
      confirmedAt: new Date('2026-08-20T10:00:00Z'),
      signals: ['kpi_validation', 'user_adoption', 'operational_ownership'],
      validForMs: 90 * 86_400_000,
    }),
  'reviewCard (stale confirmations)': () =>
    reviewCard(long, allInFixture({ outcome: 'collecting' }), [], {
      stale: [
        { role: 'executive_sponsor', confirmedAt: at },
        { role: 'operational_lead', confirmedAt: at },
        { role: 'governance_lead', confirmedAt: at },
        { role: 'change_lead', confirmedAt: at },
        { role: 'technology_lead', confirmedAt: at },
      ],
    }),
  reconfirmDone: () => reconfirmDone({ pilot: long, role: 'operational_lead', at }),
  reconfirmNotNeeded: () => reconfirmNotNeeded({ pilot: long, role: 'operational_lead' }),
  review90Invite: () => review90Invite(long, ['executive_sponsor'], '2026-08-25'),
  review90Posted: () =>
    review90Posted(
      long,
      'U0SPONSOR',
      {
        kpis: [{ name: 'Cycle time', target: '1 day', actual: '1.2 days', realised: 'partly' }],
        signals: Object.fromEntries(SIGNAL_IDS.map((s) => [s, 'held'])) as never,
        incidents: 'None',
        lessons: 'Train the second shift earlier',
      },
      true,
    ),
  'reviewCard (decided)': () =>
    reviewCard(
      { ...long, stage: 'pre_production' },
      allInFixture({
        outcome: 'continue_pre_production',
        decisions: [{ decision: 'gap_closure', by: 'U0SPONSOR', at, round: 1 }],
        decidedRound: 1,
        decisionCount: 1,
      }),
      [item],
    ),
  'reviewCard (in production, 90-day review due)': () =>
    reviewCard(
      { ...long, stage: 'production', productionAt: new Date('2026-08-25T09:00:00Z') },
      allInFixture({ decisions: [{ decision: 'proceed', by: 'U0SPONSOR', at, round: 1 }], decidedRound: 1 }),
      [],
      { review90Due: true },
    ),
  gateStatusReply: () => gateStatusReply(long, reviewFixture({ answeredRoles: ['executive_sponsor'] }), []),
};

/** A view as views.open / views.publish take it: a modal, or the Home tab. */
export type SampleView = ModalView | { type: 'home'; blocks: unknown[] };

const manifest = defaultManifest();
const cadence = loadSettings({ SLACK_BOT_TOKEN: 'xoxb-sample', SLACK_SIGNING_SECRET: 'sample' }).cadence;
const metadata = JSON.stringify({ reviewId, round: 1 });
const answeredAll = allGood(manifest);
const allIn = allInFixture();

/** The most evidence a signal holds (5 links, 5 files), with titles and addresses at their longest. */
const fullEvidence = (role: RoleId, signal: SignalId): EvidenceItem[] => [
  ...Array.from({ length: MAX_EVIDENCE_LINKS }, (_, i) => ({
    kind: 'link' as const,
    title: `KPI validation report <${i}> & March data ${'with a long title '.repeat(8)}`.slice(0, EVIDENCE_TITLE_MAX),
    url: `https://wiki.example.com/${role}/${signal}/${i}?${'q=x&'.repeat(300)}`,
  })),
  ...Array.from({ length: MAX_EVIDENCE_FILES }, (_, i) => ({
    kind: 'file' as const,
    title: `results-${i}-${'long-name-'.repeat(20)}.xlsx`.slice(0, EVIDENCE_TITLE_MAX),
    url: `https://simteam.slack.com/files/U0OPS/F0${i}FILE/results-${i}.xlsx`,
    fileId: `F0${i}FILE`,
  })),
];

/** Every signal of the role's purview with the most evidence it can hold. */
const withFullEvidence = (role: RoleId, answers: Answers): Answers => ({
  ...answers,
  ...Object.fromEntries(
    (Object.keys(manifest.questionnaires[role].purview) as SignalId[]).map((s) => [
      evidenceKey(s),
      fullEvidence(role, s),
    ]),
  ),
});

/** The answers that count, with evidence: the KPIs fully evidenced, the data one link, the rest none. */
const answeredWithEvidence: Record<RoleId, Answers> = {
  ...answeredAll,
  operational_lead: {
    ...answeredAll.operational_lead,
    [evidenceKey('kpi_validation')]: fullEvidence('operational_lead', 'kpi_validation'),
  },
  technology_lead: {
    ...answeredAll.technology_lead,
    [evidenceKey('data_infrastructure')]: [
      { kind: 'link', title: 'Load test at 3× peak volume', url: 'https://grafana.example.com/d/load-test' },
    ],
  },
};
const sampleEvidence = signalEvidence(answeredWithEvidence);

/** Each questionnaire page of each role, prefilled as a stakeholder editing their answers sees it. */
const questionnairePagesSamples: Record<string, () => SampleView> = Object.fromEntries(
  ROLE_IDS.flatMap((role) => {
    const q = manifest.questionnaires[role];
    return questionnairePages(q).map((page) => [
      `questionnaire ${role} page ${page.index + 1}`,
      () =>
        questionnairePageModal({
          questionnaire: q,
          pilotName: long.name,
          reviewId,
          role,
          round: 1,
          page: page.index,
          prefill: withFullEvidence(role, goodAnswers(q)),
          kpis: long.kpis,
          kpiValidationDate: long.plannedKpiValidationDate,
        }),
    ]);
  }),
);

/** Each modal and Home with sample data. */
export const VIEW_SAMPLES: Record<string, () => SampleView> = {
  decisionModal: () =>
    decisionModal({
      pilot: long,
      review: allIn,
      allowed: allowedDecisions({ outcome: allIn.outcome, opsLeadAnswered: true }),
      chosen: 'proceed',
      businessCase: businessCaseAnswers(manifest, answeredAll).map((r) => ({
        role: r.role,
        label: r.question.label,
        value: String(r.value ?? '—'),
      })),
      evidence: sampleEvidence,
      metadata,
    }),
  reviewDetailsModal: () =>
    reviewDetailsModal({
      pilot: long,
      review: allIn,
      signals: computeSignalStatuses({ manifest, answers: answeredAll, pilot: { regulated: long.regulated } }),
      businessCase: businessCaseAnswers(manifest, answeredAll),
      evidence: sampleEvidence,
    }),
  rolePickerModal: () =>
    rolePickerModal({ pilot: long, reviewId, roles: ['executive_sponsor', 'operational_lead'], answeredRoles: [] }),
  ...questionnairePagesSamples,
  'questionnaire operational_lead page 1 (answers missing)': () =>
    questionnairePageModal({
      questionnaire: manifest.questionnaires.operational_lead,
      pilotName: long.name,
      reviewId,
      role: 'operational_lead',
      round: 1,
      page: 0,
      prefill: {},
      missing: ['kpi_assessment', 'kpi_results', 'kpi_representative_data'],
      kpis: long.kpis,
      kpiValidationDate: long.plannedKpiValidationDate,
    }),
  settingsModal: () => settingsModal(draftFromCadence(cadence, ['U0ADMIN']), cadence, []),
  registrationModal: () => registrationModal({}, JSON.stringify({ channelId: 'C0PILOT' })),
  'roleChangeModal (gate admin, regulated pilot)': () =>
    roleChangeModal({
      pilot: long,
      metadata: JSON.stringify({ reviewId, shown: long.stakeholders }),
      separation: true,
      offerException: true,
    }),
  'rolesNoticeModal (refused)': () => rolesNoticeModal(rolesRefusalText(long.name)),
  homeView: () =>
    homeView(
      buildHomeModel({
        userId: 'U0SPONSOR',
        pilots: [
          { ...long, flags: [longFlag] },
          { ...pilot, id: 'e'.repeat(24) },
        ],
        reviews: [
          { ...allIn, pilotId: long.id },
          { ...reviewFixture({ answeredRoles: ['executive_sponsor'] }), id: 'e'.repeat(24), pilotId: 'e'.repeat(24) },
        ],
        planItems: [],
        today: '2026-11-25',
      }),
      { now: at, tz: 'Europe/Berlin', firstVisit: false },
    ),
};

/** Texts Slack shows without blocks: the decision record's post and the workflow steps' outputs. */
export const TEXT_SAMPLES: Record<string, () => string> = {
  decisionRecordComment: () => decisionRecordComment(long.name, 'f'.repeat(64)),
  listChartComment: () => listChartComment(3),
  'workflow step: gate status outputs': () => JSON.stringify(gateStatusOutputs(long, allIn), null, 2),
  'workflow step: registration errors': () =>
    inputErrorMessage({ 'pilot.name': 'Give the pilot a name.', 'pilot.kpis': 'Name at least one KPI.' }),
};
