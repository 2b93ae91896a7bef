/**
 * What the questionnaire flow trusts from Slack, validated with zod: button values and the ids kept in
 * private_metadata (only ids, never answers, so it stays far below Slack's 3000 characters).
 */
import { z } from 'zod';
import { ROLE_IDS, SIGNAL_IDS } from '../../core/catalog.domain.js';
import { EVIDENCE_TITLE_MAX } from '../../core/evidence.domain.js';
import { ObjectIdText } from '../../core/ids.js';

/** A review id as it travels in button values and metadata. */
export const ReviewIdValue = ObjectIdText;
export type ReviewIdValue = z.infer<typeof ReviewIdValue>;

export const RoleValue = z.enum(ROLE_IDS);
export type RoleValue = z.infer<typeof RoleValue>;

/** A saved evidence item as a page carries it. */
const EvidenceItemValue = z.strictObject({
  kind: z.enum(['link', 'file']),
  title: z.string().max(EVIDENCE_TITLE_MAX),
  url: z.string().max(3000),
  fileId: z.string().max(64).optional(),
});

/** The signal of an *Add another link* button. */
export const SignalValue = z.enum(SIGNAL_IDS);

/** private_metadata of a questionnaire page. */
export const QuestionnaireMetadata = z.object({
  reviewId: ReviewIdValue,
  role: RoleValue,
  /** 0-based page index. */
  page: z.number().int().min(0).max(9),
  /** The review round the questionnaire was opened in; drafts are kept per round. */
  round: z.number().int().min(1),
  /** Opened from the role picker: after the last page, show the picker again for the other roles. */
  viaPicker: z.boolean().optional(),
  /**
   * The saved evidence the page shows ticked, per signal, when it fits: an edit's save keeps it without
   * reading the stored answers.
   */
  kept: z.partialRecord(z.enum(SIGNAL_IDS), z.array(EvidenceItemValue).max(10)).optional(),
});
export type QuestionnaireMetadata = z.infer<typeof QuestionnaireMetadata>;

/** private_metadata of the role picker. */
export const PickerMetadata = z.object({ reviewId: ReviewIdValue });
export type PickerMetadata = z.infer<typeof PickerMetadata>;
