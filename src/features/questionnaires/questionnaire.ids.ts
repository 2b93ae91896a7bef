/**
 * Block and action ids of the questionnaire modal, shared by the views and the state parser.
 * Each question is one input block `q:<questionId>` whose element has action id `v`.
 */
export const ANSWER_ACTION_ID = 'v';
const PREFIX = 'q:';

export const questionBlockId = (questionId: string): string => `${PREFIX}${questionId}`;

/** The question id of a questionnaire block id, or undefined for other blocks. */
export function questionIdOfBlock(blockId: string): string | undefined {
  return blockId.startsWith(PREFIX) ? blockId.slice(PREFIX.length) : undefined;
}

/** Yes/No radio values. */
export const YES = 'yes';
export const NO = 'no';
