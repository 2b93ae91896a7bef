/** What deleting a pilot removes, by collection (shown in the confirmation, logged and audited after). */
export interface PilotDataCounts {
  reviews: number;
  answers: number;
  auditEvents: number;
  planItems: number;
  drafts: number;
  nudges: number;
  reviews90: number;
  portfolioLog: number;
}
