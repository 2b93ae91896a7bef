/**
 * Every Slack callback_id, action_id and block_id prefix in one place, feature-prefixed,
 * so a listener and the view that triggers it can never drift apart.
 */
export const Ids = {
  command: '/gate',
  pilot: {
    registerModal: 'pilot.register.submit',
  },
  review: {
    answerButton: 'review.answer.open',
    detailsButton: 'review.details.open',
    decideButton: 'review.decide.open',
    rolePicker: 'review.answer.pick_role',
    rolePickerModal: 'review.answer.picker',
    questionnaireModal: 'review.questionnaire.submit',
    placeholderModal: 'review.questionnaire.placeholder',
    detailsModal: 'review.details.view',
  },
  decision: {
    modal: 'decision.record.submit',
    choice: 'decision.record.choice',
    planModal: 'decision.plan.submit',
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
  },
  home: {
    refresh: 'home.refresh',
  },
  settings: {
    modal: 'settings.workspace.submit',
  },
  review90: {
    openButton: 'review90.open',
    modal: 'review90.submit',
  },
  lifecycle: {
    deletePilotModal: 'lifecycle.pilot_delete.submit',
  },
} as const;
