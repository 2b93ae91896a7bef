/**
 * Every Slack id PilotGate uses, in one place: callback_ids, action_ids and the block_ids of forms
 * (which key `view.state.values` and `response_action: errors`). Feature-prefixed, so a listener,
 * the view that triggers it and the domain rule that names a field can never drift apart.
 */
import type { RoleId, SignalId } from '../core/catalog.domain.js';

/** The action id of every form input's element: each input block holds one element. */
const INPUT = 'v';
/** Questionnaire inputs are `q:<questionId>`; the question id is read back from the block id. */
const QUESTION_PREFIX = 'q:';
/** Evidence inputs of a questionnaire page are `ev:<signal>:<part>[:<row>]`. */
const EVIDENCE_PREFIX = 'ev:';
const EVIDENCE_BLOCK = /^ev:([a-z_]+):(keep|link|title|files|more)(?::(\d+))?$/;

export const Ids = {
  command: '/gate',
  /** The action id of every form input's element. */
  input: INPUT,
  pilot: {
    registerModal: 'pilot.register.submit',
    /** The registration modal's button that adds a KPI row (views.update). */
    addKpi: 'pilot.register.add_kpi',
    /** The roles modal (*Change roles* in Details, `/gate roles`); its fields are the registration's role fields. */
    rolesModal: 'pilot.roles.submit',
    /** What the roles modal's opener is told instead when they may not change the roles. */
    rolesNoticeModal: 'pilot.roles.notice',
  },
  review: {
    answerButton: 'review.answer.open',
    detailsButton: 'review.details.open',
    decideButton: 'review.decide.open',
    /** *Remind* the people who still owe answers (what `/gate remind` does). */
    remindButton: 'review.remind.now',
    viewDecisionButton: 'review.decision.view',
    /** *Still true* in the DM about a stale confirmation: re-stamps the same answers. */
    stillTrueButton: 'review.confirmation.still_true',
    decisionModal: 'review.decision.shown',
    rolePicker: 'review.answer.pick_role',
    rolePickerModal: 'review.answer.picker',
    questionnaireModal: 'review.questionnaire.submit',
    placeholderModal: 'review.questionnaire.placeholder',
    /** *Add another link* under a signal's evidence in the questionnaire (views.update with one more row). */
    addEvidenceLink: 'review.questionnaire.add_evidence_link',
    detailsModal: 'review.details.view',
    /** *Change roles* in the Details modal: pushes the roles modal on top of it. */
    changeRolesButton: 'review.details.change_roles',
    /** The section of one role in the role picker. */
    pickerRow: (role: RoleId) => `picker.${role}`,
  },
  decision: {
    modal: 'decision.record.submit',
    choice: 'decision.record.choice',
    planModal: 'decision.plan.submit',
    /** *Details* in the decision modal: pushes the rest of the review (every reason, KPIs, business case). */
    details: 'decision.record.details',
    detailsModal: 'decision.record.details.view',
  },
  plan: {
    markDone: 'plan.item.done',
    openButton: 'plan.view.open',
    modal: 'plan.view',
  },
  nudge: {
    snooze: 'nudge.snooze',
    snoozeUntilModal: 'nudge.snooze.until',
    snoozeDateBlock: 'nudge.snooze.date',
    /** The buttons under one nudge (one block per review, so two nudges in a DM never share ids). */
    actionsBlock: (reviewId: string) => `nudge.actions.${reviewId}`,
  },
  home: {
    refresh: 'home.refresh',
    tab: 'home.tab',
  },
  settings: {
    modal: 'settings.workspace.submit',
    savedModal: 'settings.workspace.submit.saved',
  },
  /** Workflow Builder steps: the function callback ids of slack-manifest.yml `functions`. */
  workflow: { openReview: 'open_gate_review', gateStatus: 'get_gate_status' },
  review90: {
    openButton: 'review90.open',
    modal: 'review90.submit',
  },
  lifecycle: {
    deletePilotModal: 'lifecycle.pilot_delete.submit',
  },
} as const;

/** Block ids of the questionnaire modal: one input block `q:<questionId>` per question, element `v`. */
export const QuestionnaireField = {
  answerAction: INPUT,
  question: (questionId: string) => `${QUESTION_PREFIX}${questionId}`,
  /** One KPI's field of a question asked per registered KPI; questionOf gives `<questionId>.kpi<index>`. */
  kpiResult: (questionId: string, index: number) => `${QUESTION_PREFIX}${questionId}.kpi${index}`,
  /** The question id of a questionnaire block id, or undefined for other blocks. */
  questionOf: (blockId: string): string | undefined =>
    blockId.startsWith(QUESTION_PREFIX) ? blockId.slice(QUESTION_PREFIX.length) : undefined,
  /** The attached evidence of `signal` already saved, as checkboxes (unticked = removed). */
  evidenceKeep: (signal: SignalId) => `${EVIDENCE_PREFIX}${signal}:keep`,
  /** Row `row` (0-based) of the new links of `signal`: its web address and its title. */
  evidenceLink: (signal: SignalId, row: number) => `${EVIDENCE_PREFIX}${signal}:link:${row}`,
  evidenceTitle: (signal: SignalId, row: number) => `${EVIDENCE_PREFIX}${signal}:title:${row}`,
  /** The file input of `signal`'s evidence. */
  evidenceFiles: (signal: SignalId) => `${EVIDENCE_PREFIX}${signal}:files`,
  /** The actions block holding *Add another link* for `signal`. */
  evidenceActions: (signal: SignalId) => `${EVIDENCE_PREFIX}${signal}:more`,
  /** What an evidence block id names (its signal is checked by the caller), or undefined for other blocks. */
  evidenceOf: (blockId: string): { signal: string; part: string; row?: number } | undefined => {
    const m = EVIDENCE_BLOCK.exec(blockId);
    if (!m) return undefined;
    return { signal: m[1] as string, part: m[2] as string, ...(m[3] !== undefined ? { row: Number(m[3]) } : {}) };
  },
  /** Yes/No radio values. */
  yes: 'yes',
  no: 'no',
} as const;

/** Block ids of the registration modal (`/gate start`). */
export const RegistrationField = {
  name: 'pilot.name',
  useCase: 'pilot.use_case',
  businessUnit: 'pilot.business_unit',
  kpiDate: 'pilot.kpi_date',
  /** The KPIs as one text, `Name | baseline | target` per line (forms opened before KPI rows). */
  kpis: 'pilot.kpis',
  /** Row `i` (0-based) of the KPI rows: name, baseline, target, unit. */
  kpi: (i: number, part: 'name' | 'baseline' | 'target' | 'unit') => `pilot.kpi.${i}.${part}`,
  kpiActions: 'pilot.kpi.actions',
  kill: 'pilot.kill',
  scale: 'pilot.scale',
  regulated: 'pilot.regulated',
  role: (role: RoleId) => `pilot.role.${role}`,
  /** A gate admin's reason for an exception to separation of duties (shown to gate admins only). */
  separationException: 'pilot.separation_exception',
} as const;

/** Block ids of the decision modal; the choice radio has its own action id (`Ids.decision.choice`). */
export const DecisionField = {
  choice: 'decision.choice',
  reason: 'decision.reason',
  planAction: (s: SignalId) => `plan.${s}.action`,
  planOwner: (s: SignalId) => `plan.${s}.owner`,
  planDue: (s: SignalId) => `plan.${s}.due`,
  planInvestment: (s: SignalId) => `plan.${s}.investment`,
  threshold: (metric: string) => `monitor.${metric}`,
  incidentDeciders: 'monitor.incident_deciders',
  incidentNotes: 'monitor.incident_notes',
} as const;

/** Block ids of the 90-day review modal. */
export const Review90Field = {
  kpiActual: (i: number) => `r90.kpi.${i}.actual`,
  kpiRealised: (i: number) => `r90.kpi.${i}.realised`,
  signal: (s: SignalId) => `r90.signal.${s}`,
  incidents: 'r90.incidents',
  lessons: 'r90.lessons',
} as const;

/** Block ids of the workspace settings modal (`/gate settings`). */
export const SettingsField = {
  nudgeFirstAfterMs: 'settings.nudge_first_after',
  nudgeEveryMs: 'settings.nudge_every',
  escalateAfterNudges: 'settings.escalate_after',
  staleAfterMs: 'settings.stale_after',
  purgatoryWarnAfterMs: 'settings.purgatory_warn_after',
  purgatoryAfterMs: 'settings.purgatory_after',
  review90dAfterMs: 'settings.review_90d_after',
  confirmationValidForMs: 'settings.confirmation_valid_for',
  digestDay: 'settings.digest_day',
  digestTime: 'settings.digest_time',
  quietStart: 'settings.quiet_hours',
  quietEnd: 'settings.quiet_hours_end',
  gateAdmins: 'settings.gate_admins',
  separationOfDuties: 'settings.separation_of_duties',
} as const;

/** The unit select paired with a duration's number input in the settings modal. */
export const settingsUnitBlock = (durationBlockId: string): string => `${durationBlockId}.unit`;
