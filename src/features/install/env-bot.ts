/** How long a failed look-up of the env token's workspace is trusted before asking Slack again. */
const RETRY_AFTER_MS = 30_000;

/**
 * SLACK_BOT_TOKEN and the one workspace it belongs to (its auth.test team id). Start-up usually knows
 * the team already; when Slack was unreachable then, it is looked up on first use (at most every 30 s),
 * and until it is known the token serves no workspace in multi-workspace mode and GATE_ADMINS no one.
 */
export class EnvBot {
  private known: string | null;
  private pending?: Promise<string | null>;
  private failedAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly token: string,
    teamId: string | null,
    private readonly identify: () => Promise<string | null>,
    private readonly now: () => number = Date.now,
  ) {
    this.known = teamId;
  }

  /** The env token's workspace, or null while Slack has not told us. */
  async teamId(): Promise<string | null> {
    if (this.known) return this.known;
    if (this.now() - this.failedAt < RETRY_AFTER_MS) return null;
    this.pending ??= this.identify()
      .catch(() => null)
      .then((id) => {
        this.pending = undefined;
        if (id) this.known = id;
        else this.failedAt = this.now();
        return id;
      });
    return this.pending;
  }

  async belongsTo(teamId: string | undefined): Promise<boolean> {
    return !!teamId && (await this.teamId()) === teamId;
  }
}
