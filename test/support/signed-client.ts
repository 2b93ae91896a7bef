/**
 * Sends requests to the app exactly as Slack does: signed with
 * `v0=hex(hmac_sha256(secret, 'v0:' + ts + ':' + rawBody))`, commands as form fields,
 * interactions as form-encoded `payload=<JSON>`, events as JSON. With a simulator attached,
 * trigger ids and response URLs come from it, and views/messages are filled in from its records.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Args, SimView, SlackSimulator } from './slack-simulator.js';

export interface SignedClientOptions {
  /** e.g. http://127.0.0.1:PORT/slack/events */
  appUrl: string;
  signingSecret: string;
  simulator?: SlackSimulator;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  /** Clock for X-Slack-Request-Timestamp (ms). */
  now?: () => number;
}

export interface AckResult {
  status: number;
  /** Raw ack body. */
  text: string;
  /** Ack body parsed as JSON when it is JSON (e.g. `{response_action:'errors', …}`). */
  json?: unknown;
  headers: Record<string, string>;
  /** The trigger_id / response_url sent with the request, when there was one. */
  triggerId?: string;
  responseUrl?: string;
}

export interface RawRequest {
  body: string;
  contentType: string;
  /** Seconds; default now. */
  timestamp?: number;
  /** Full header value; default the correct signature. */
  signature?: string;
  headers?: Record<string, string>;
}

export interface CommandInput {
  text: string;
  userId: string;
  teamId?: string;
  channelId?: string;
  command?: string;
  userName?: string;
  channelName?: string;
}

export interface SelectedOption {
  text: { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
  value: string;
}

export interface BlockActionInput {
  userId: string;
  teamId?: string;
  actionId: string;
  blockId?: string;
  value?: string;
  /** The view the action happened in (by id, looked up in the simulator, or a whole view). */
  view?: ViewRef;
  channelId?: string;
  messageTs?: string;
  selectedOption?: SelectedOption;
  /** Element type; default `button`, or `static_select` with selectedOption. */
  actionType?: string;
  /** Extra fields merged into the action (e.g. `selected_user`, `selected_date`). */
  action?: Args;
}

export type StateValues = Record<string, Record<string, Args>>;

/** A view as the caller knows it; the rest is filled in from the simulator. */
export type ViewRef = {
  id?: string;
  callback_id?: string;
  private_metadata?: string;
  hash?: string;
  state?: { values: StateValues };
} & Args;

export type ViewInput = {
  id?: string;
  callback_id: string;
  private_metadata?: string;
  state: { values: StateValues };
  hash?: string;
};

export interface ViewSubmissionInput {
  userId: string;
  teamId?: string;
  view: ViewInput;
}

export interface ViewClosedInput extends ViewSubmissionInput {
  isCleared?: boolean;
}

export interface EventInput {
  teamId?: string;
  event: Args & { type: string };
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
}

/** The Slack signature header value for a raw body. */
export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

// ------------------------------------------------------------ state.values builders

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
export const option = (value: string, text = value): SelectedOption => ({ text: plain(text), value });
export const plainTextValue = (value: string | null): Args => ({ type: 'plain_text_input', value });
export const numberValue = (value: string | null): Args => ({ type: 'number_input', value });
export const selectedUser = (user: string | null): Args => ({ type: 'users_select', selected_user: user });
export const selectedUsers = (users: string[]): Args => ({ type: 'multi_users_select', selected_users: users });
export const selectedConversation = (id: string | null): Args => ({
  type: 'conversations_select',
  selected_conversation: id,
});
export const selectedDate = (date: string | null): Args => ({ type: 'datepicker', selected_date: date });
export const selectedTime = (time: string | null): Args => ({ type: 'timepicker', selected_time: time });
export const selectedOption = (value: string | null, text?: string): Args => ({
  type: 'static_select',
  selected_option: value === null ? null : option(value, text),
});
export const selectedOptions = (values: string[]): Args => ({
  type: 'multi_static_select',
  selected_options: values.map((v) => option(v)),
});
export const radio = (value: string | null, text?: string): Args => ({
  type: 'radio_buttons',
  selected_option: value === null ? null : option(value, text),
});
export const checkboxes = (values: string[]): Args => ({
  type: 'checkboxes',
  selected_options: values.map((v) => option(v)),
});

// ------------------------------------------------------------ client

export class SignedSlackClient {
  private readonly teamId: string;
  private readonly teamDomain: string;
  private readonly apiAppId: string;
  private readonly now: () => number;
  private readonly sim?: SlackSimulator;

  constructor(private readonly opts: SignedClientOptions) {
    this.sim = opts.simulator;
    this.teamId = opts.teamId ?? this.sim?.team.id ?? 'T0SIM0001';
    this.teamDomain = opts.teamDomain ?? this.sim?.team.domain ?? 'simteam';
    this.apiAppId = opts.apiAppId ?? this.sim?.bot.appId ?? 'A0SIMAPP';
    this.now = opts.now ?? (() => Date.now());
  }

  async command(input: CommandInput): Promise<AckResult> {
    const teamId = input.teamId ?? this.teamId;
    const channelId = input.channelId ?? 'C0SIMGATE';
    const triggerId = this.triggerId(input.userId);
    const responseUrl = this.responseUrl({ channelId, userId: input.userId });
    const fields: Record<string, string> = {
      token: 'sim-verification-token',
      team_id: teamId,
      team_domain: this.teamDomain,
      channel_id: channelId,
      channel_name: input.channelName ?? 'pilot-gate',
      user_id: input.userId,
      user_name: input.userName ?? input.userId.toLowerCase(),
      command: input.command ?? '/gate',
      text: input.text,
      api_app_id: this.apiAppId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    };
    const body = new URLSearchParams(fields).toString();
    return { ...(await this.raw({ body, contentType: 'application/x-www-form-urlencoded' })), triggerId, responseUrl };
  }

  async blockAction(input: BlockActionInput): Promise<AckResult> {
    const teamId = input.teamId ?? this.teamId;
    const view = input.view ? this.fullView(input.view) : undefined;
    const triggerId = this.triggerId(input.userId, view?.id);
    const channelId = input.channelId ?? (view ? undefined : 'C0SIMGATE');
    const messageTs = input.messageTs;
    // Slack sends response_url only for actions in messages.
    const responseUrl = view ? undefined : this.responseUrl({ channelId, messageTs, userId: input.userId });
    const stored = channelId && messageTs ? this.sim?.findMessage(channelId, messageTs) : undefined;
    const type = input.actionType ?? (input.selectedOption ? 'static_select' : 'button');
    const action: Args = {
      type,
      action_id: input.actionId,
      block_id: input.blockId ?? this.blockIdFor(input.actionId, view?.blocks ?? stored?.blocks),
      action_ts: this.tsNow(),
      ...(type === 'button' ? { text: plain('Button') } : {}),
      ...(input.value !== undefined ? { value: input.value } : {}),
      ...(input.selectedOption ? { selected_option: input.selectedOption } : {}),
      ...input.action,
    };
    const container = view
      ? { type: 'view', view_id: view.id }
      : { type: 'message', message_ts: messageTs ?? this.tsNow(), channel_id: channelId, is_ephemeral: false };
    const payload: Args = {
      type: 'block_actions',
      ...this.envelope(teamId, input.userId),
      container,
      trigger_id: triggerId,
      ...(channelId ? { channel: { id: channelId, name: 'pilot-gate' } } : {}),
      ...(view ? { view, state: view.state } : {}),
      ...(!view && messageTs
        ? { message: stored ? { ...stored, channel: undefined } : { type: 'message', ts: messageTs, text: '' } }
        : {}),
      ...(responseUrl ? { response_url: responseUrl } : {}),
      actions: [action],
    };
    return { ...(await this.sendPayload(payload)), triggerId, ...(responseUrl ? { responseUrl } : {}) };
  }

  async viewSubmission(input: ViewSubmissionInput): Promise<AckResult> {
    const view = this.fullView(input.view);
    const triggerId = this.triggerId(input.userId, view.id);
    const payload: Args = {
      type: 'view_submission',
      ...this.envelope(input.teamId ?? this.teamId, input.userId),
      trigger_id: triggerId,
      view,
      response_urls: [],
    };
    return { ...(await this.sendPayload(payload)), triggerId };
  }

  async viewClosed(input: ViewClosedInput): Promise<AckResult> {
    const payload: Args = {
      type: 'view_closed',
      ...this.envelope(input.teamId ?? this.teamId, input.userId),
      view: this.fullView(input.view),
      is_cleared: input.isCleared ?? false,
    };
    return this.sendPayload(payload);
  }

  async event(input: EventInput): Promise<AckResult> {
    const teamId = input.teamId ?? this.teamId;
    const eventTime = Math.floor(this.now() / 1000);
    const body = JSON.stringify({
      token: 'sim-verification-token',
      team_id: teamId,
      api_app_id: this.apiAppId,
      event: { event_ts: this.tsNow(), ...input.event },
      type: 'event_callback',
      event_id: input.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: eventTime,
      authorizations: [
        {
          enterprise_id: null,
          team_id: teamId,
          user_id: this.sim?.bot.userId ?? 'U0SIMBOT',
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    });
    const headers: Record<string, string> = {};
    if (input.retryNum !== undefined) headers['x-slack-retry-num'] = String(input.retryNum);
    if (input.retryReason !== undefined) headers['x-slack-retry-reason'] = input.retryReason;
    return this.raw({ body, contentType: 'application/json', headers });
  }

  /**
   * Runs a Workflow Builder step: the simulator starts an execution of the manifest's function (its
   * inputs checked against the declaration) and the signed `function_executed` event goes to the app.
   */
  async functionExecuted(input: {
    callbackId: string;
    inputs: Args;
    teamId?: string;
    allowMissing?: boolean;
  }): Promise<AckResult & { executionId: string }> {
    if (!this.sim) throw new Error('functionExecuted needs the simulator');
    const event = this.sim.functions.start(input.callbackId, input.inputs, this.apiAppId, {
      allowMissing: input.allowMissing ?? false,
    });
    const ack = await this.event({ ...(input.teamId ? { teamId: input.teamId } : {}), event });
    return { ...ack, executionId: event.function_execution_id };
  }

  async urlVerification(challenge: string): Promise<AckResult> {
    const body = JSON.stringify({ token: 'sim-verification-token', challenge, type: 'url_verification' });
    return this.raw({ body, contentType: 'application/json' });
  }

  /** Sends a body as-is; override timestamp/signature/headers to test tampering, staleness and replay. */
  async raw(req: RawRequest): Promise<AckResult> {
    const timestamp = req.timestamp ?? Math.floor(this.now() / 1000);
    const signature = req.signature ?? signSlackRequest(this.opts.signingSecret, timestamp, req.body);
    const res = await fetch(this.opts.appUrl, {
      method: 'POST',
      headers: {
        'content-type': req.contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...req.headers,
      },
      body: req.body,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return {
      status: res.status,
      text,
      ...(json !== undefined ? { json } : {}),
      headers: Object.fromEntries(res.headers),
    };
  }

  // ------------------------------------------------------------ helpers

  private sendPayload(payload: Args): Promise<AckResult> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.raw({ body, contentType: 'application/x-www-form-urlencoded' });
  }

  private envelope(teamId: string, userId: string): Args {
    return {
      team: { id: teamId, domain: this.teamDomain },
      user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: teamId },
      api_app_id: this.apiAppId,
      token: 'sim-verification-token',
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  private triggerId(userId: string, viewId?: string): string {
    if (this.sim) return this.sim.issueTriggerId({ userId, ...(viewId ? { viewId } : {}) });
    return `${Math.floor(this.now() / 1000)}.${Date.now() % 1e9}.${randomBytes(16).toString('hex')}`;
  }

  private responseUrl(ctx: { channelId?: string; messageTs?: string; userId?: string }): string {
    if (this.sim) return this.sim.newResponseUrl(ctx);
    return `https://hooks.slack.com/commands/${this.teamId}/${Date.now()}/${randomBytes(12).toString('hex')}`;
  }

  private tsNow(): string {
    const ms = this.now();
    return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
  }

  private blockIdFor(actionId: string, blocks: unknown): string {
    const needle = `"action_id":${JSON.stringify(actionId)}`;
    const found: unknown = (Array.isArray(blocks) ? blocks : []).find((b) => JSON.stringify(b).includes(needle));
    const blockId = typeof found === 'object' && found !== null ? (found as Args).block_id : undefined;
    return typeof blockId === 'string' ? blockId : `sim-block-${actionId}`;
  }

  /**
   * Completes a partial view the way Slack would send it: from the simulator's record when the id
   * (or, failing that, the callback_id) is known, overlaid with the caller's fields.
   */
  private fullView(v: ViewRef): SimView {
    const views = this.sim ? [...this.sim.views.values()] : [];
    const stored =
      (v.id ? this.sim?.views.get(v.id) : undefined) ??
      (v.callback_id ? views.reverse().find((x) => x.callback_id === v.callback_id) : undefined);
    const id = v.id ?? stored?.id ?? `V${randomBytes(5).toString('hex').toUpperCase()}`;
    return {
      type: 'modal',
      team_id: this.teamId,
      blocks: [],
      callback_id: '',
      private_metadata: '',
      external_id: '',
      root_view_id: id,
      previous_view_id: null,
      hash: `${Math.floor(this.now() / 1000)}.sim`,
      app_id: this.apiAppId,
      bot_id: this.sim?.bot.botId ?? 'B0SIMBOT',
      ...stored,
      ...v,
      id,
      state: v.state ?? { values: {} },
    } as SimView;
  }
}
