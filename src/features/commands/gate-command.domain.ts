/** Subcommands of `/gate`, PilotGate's one slash command; anything else gets the usage help. */
export const SUBCOMMANDS = [
  'start',
  'status',
  'list',
  'decide',
  'roles',
  'remind',
  'export',
  'settings',
  'delete',
  'help',
] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export type ParsedCommand = { sub: Subcommand; arg: string } | { sub: 'unknown'; word: string };

/** Splits `/gate <sub> [rest]`; empty text is help, anything else unknown. */
export function parseGateCommand(text: string): ParsedCommand {
  const trimmed = text.trim();
  if (!trimmed) return { sub: 'help', arg: '' };
  const word = trimmed.split(/\s+/)[0] ?? '';
  const sub = word.toLowerCase();
  const arg = trimmed.slice(word.length).trim();
  return (SUBCOMMANDS as readonly string[]).includes(sub) ? { sub: sub as Subcommand, arg } : { sub: 'unknown', word };
}

export const HELP_LINES = [
  '*PilotGate* runs AI pilot-to-production gate reviews: five stakeholders assess five scale-readiness signals, and the executive sponsor records a documented decision.',
  '',
  '• `/gate start [pilot name]` — register a pilot and open its gate review in this channel',
  '• `/gate status [pilot]` — the review card for a pilot, or this channel’s pilots',
  '• `/gate list` — pilots in this workspace with stage and signal grid',
  '• `/gate decide [pilot]` — record the decision (executive sponsor or gate admin)',
  '• `/gate roles [pilot]` — change who holds which role (executive sponsor or gate admin)',
  '• `/gate remind [pilot]` — remind everyone who still owes answers',
  '• `/gate export [pilot]` — the audit trail as CSV and JSON',
  '• `/gate settings` — workspace thresholds, digest time, quiet hours (gate admins)',
  '• `/gate delete [pilot name]` — delete a pilot and all its data, after a confirmation (gate admins)',
  '',
  'Examples: `/gate start Invoice triage assistant` · `/gate status invoice triage` (any case; near misses get a “did you mean”) · `/gate list 2` (page 2) · `/gate remind Invoice triage assistant` · `/gate export Invoice triage assistant` (CSV + JSON to your DM)',
  'Without a pilot name, `status`, `decide`, `roles`, `remind` and `export` use the pilot of the channel you are in.',
];
