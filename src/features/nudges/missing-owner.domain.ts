/**
 * Missing owners, told once a day to the sponsor (or the pilot's creator): a role with no person, or
 * answers that leave the system without a named operational owner. Found generically from the manifest:
 * a person question (kind `user`/`users`) whose answer fires a cap on `operational_ownership`. Pure.
 */
import type { Answers } from '../../core/answers.domain.js';
import { firedCaps } from '../../core/caps.domain.js';
import { ROLE_IDS, type RoleId } from '../../core/catalog.domain.js';
import type { Questionnaire } from '../../core/manifest.schema.js';

export type OwnerGap =
  | { kind: 'role_unassigned'; role: RoleId }
  | { kind: 'no_operational_owner'; role: RoleId; questionId: string; reason: string };

export function missingOwners(input: {
  stakeholders: Partial<Record<RoleId, string>>;
  questionnaires: Record<RoleId, Questionnaire>;
  answers: Partial<Record<RoleId, Answers>>;
  regulated: boolean;
}): OwnerGap[] {
  const unassigned: OwnerGap[] = ROLE_IDS.filter((role) => !input.stakeholders[role]?.trim()).map((role) => ({
    kind: 'role_unassigned',
    role,
  }));
  const noOwner = ROLE_IDS.flatMap((role): OwnerGap[] => {
    const answers = input.answers[role];
    if (!answers) return [];
    const questionnaire = input.questionnaires[role];
    const personQuestions = new Set(
      questionnaire.questions.filter((q) => q.kind === 'user' || q.kind === 'users').map((q) => q.id),
    );
    return firedCaps(questionnaire, role, answers, { regulated: input.regulated })
      .filter((cap) => cap.signal === 'operational_ownership' && personQuestions.has(cap.questionId))
      .map((cap) => ({ kind: 'no_operational_owner', role, questionId: cap.questionId, reason: cap.reason }));
  });
  return [...unassigned, ...noOwner];
}
