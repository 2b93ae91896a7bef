/**
 * A local stand-in for Slack's Web API (SLACK-FACTS §1–§5). End-to-end tests point the app's
 * WebClient at `sim.url` (`slackApiUrl`), drive the app with the signed client, and assert on what
 * the simulator recorded. Every message and view goes through the Block Kit checker; anything
 * Slack would reject is answered as Slack does and kept in `sim.violations` (tests expect it empty).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { checkMessage, checkView, formatViolation, type Violation } from './block-kit-checker.js';
import { FunctionCallError, SimFunctions } from './sim-functions.js';

export type Args = Record<string, unknown>;

export interface RecordedCall {
  method: string;
  /** Parsed body: form fields, with JSON-encoded values (`blocks`, `view`, `files` …) decoded. */
  args: Args;
  at: number;
  status: number;
  response: unknown;
  /** The token the call was made with (Authorization header or `token` field); '' when none. */
  token?: string;
}
export interface Injection {
  error?: string;
  /** HTTP status, e.g. 500 (WebClient throws WebAPIHTTPError). */
  status?: number;
  /** Seconds: HTTP 429 + Retry-After, body `{ok:false,error:'ratelimited'}`. */
  retryAfter?: number;
  /** How many calls the fault applies to; default 1. */
  times?: number;
  /** Only calls made with this token (one workspace's 429s); default every token. */
  token?: string;
}
export interface SimViolation extends Violation {
  method: string;
}
export interface SimMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  metadata?: unknown;
  edited?: { user: string; ts: string };
}
export interface SimEphemeral extends Omit<SimMessage, 'user'> {
  user: string;
  /** The bot user id of the poster. */
  posted_by: string;
}
export interface SimView extends Args {
  id: string;
  hash: string;
  type: string;
  team_id: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  root_view_id: string | null;
  previous_view_id: string | null;
  blocks: unknown[];
}
export interface SimUserInput {
  name?: string;
  realName?: string;
  tz?: string;
  isBot?: boolean;
  email?: string;
  presence?: 'active' | 'away';
  deleted?: boolean;
  isAdmin?: boolean;
}
export interface UploadedFile {
  id: string;
  filename: string;
  title?: string;
  bytes: Buffer;
  /** `bytes` decoded as UTF-8 (CSV / JSON exports). */
  text: string;
  channelId?: string;
  threadTs?: string;
  initialComment?: string;
  at: number;
}
export interface ResponseUrlContext {
  channelId?: string;
  messageTs?: string;
  userId?: string;
}
export interface RecordedResponse {
  id: string;
  url: string;
  body: Args;
  at: number;
  status: number;
  context: ResponseUrlContext;
}
/** A channel given to setChannel(); channels never given are public, with no members listed. */
export interface SimChannelInput {
  isPrivate?: boolean;
  members?: string[];
  name?: string;
}
export interface SimTeam {
  id: string;
  name: string;
  domain: string;
}
export interface RateLimitOptions {
  /** Multiplies every window: 0.01 turns "per minute" into "per 600 ms". Default 1. */
  scale?: number;
  /** chat.postMessage burst per channel before the ~1/s limit bites. Default 3. */
  postMessageBurst?: number;
}
export interface SimStats {
  calls: number;
  rateLimited: number;
  injected: number;
}

class SimError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Args = {},
  ) {
    super(code);
  }
}
const fail = (code: string, extra?: Args): never => {
  throw new SimError(code, extra);
};
const isObj = (v: unknown): v is Args => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const need = (a: Args, key: string, code = 'invalid_arguments'): string => str(a[key]) ?? fail(code);
const shortHash = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 10).toUpperCase();

/** Tiers of SLACK-FACTS §4 (per minute); methods not listed there are best guesses. */
const PER_MINUTE: Record<string, number> = {
  'chat.update': 50,
  'chat.postEphemeral': 100,
  'chat.delete': 50,
  'chat.getPermalink': 100,
  'chat.scheduleMessage': 50,
  'views.open': 100,
  'views.push': 100,
  'views.update': 100,
  'views.publish': 100,
  'conversations.open': 50,
  'conversations.info': 50,
  'conversations.members': 100,
  'users.info': 100,
  'users.lookupByEmail': 50,
  'users.getPresence': 50,
  'team.info': 50,
  'auth.test': 100,
  'files.getUploadURLExternal': 20,
  'files.completeUploadExternal': 20,
  'oauth.v2.access': 100,
  'apps.uninstall': 1,
  'functions.completeSuccess': 50,
  'functions.completeError': 50,
};
const NO_AUTH = new Set(['oauth.v2.access']);
/** Form fields WebClient sends as plain strings even when they look like JSON. */
const STRING_FIELDS = new Set(['text', 'initial_comment', 'title', 'alt_text', 'private_metadata', 'users', 'error']);

type Handler = (a: Args, team: SimTeam, token: string) => Args;

export class SlackSimulator {
  readonly calls: RecordedCall[] = [];
  readonly violations: SimViolation[] = [];
  /** channel id → messages in post order; chat.update edits in place, chat.delete removes. */
  readonly messages = new Map<string, SimMessage[]>();
  readonly ephemerals: SimEphemeral[] = [];
  readonly scheduled: Array<Args & { scheduled_message_id: string }> = [];
  /** Every modal and home view by view id. */
  readonly views = new Map<string, SimView>();
  readonly homeViews = new Map<string, SimView>();
  readonly uploadedFiles: UploadedFile[] = [];
  readonly responses: RecordedResponse[] = [];
  /** Workflow Builder steps: the manifest's functions and the executions tests start (sim-functions.ts). */
  readonly functions = new SimFunctions();
  readonly stats: SimStats = { calls: 0, rateLimited: 0, injected: 0 };
  /** users.info fails with user_not_found for users not given to setUser(). */
  strictUsers = false;
  team: SimTeam = { id: 'T0SIM0001', name: 'Sim Workspace', domain: 'simteam' };
  readonly bot = { userId: 'U0SIMBOT', botId: 'B0SIMBOT', appId: 'A0SIMAPP' };
  oauthResponse: Args = {
    ok: true,
    app_id: 'A0SIMAPP',
    authed_user: { id: 'U0INSTALLER', scope: '', token_type: 'user' },
    scope: 'commands,chat:write,im:write,users:read,files:write',
    token_type: 'bot',
    access_token: 'xoxb-sim-installed-token',
    bot_user_id: 'U0SIMBOT',
    team: { id: 'T0SIM0001', name: 'Sim Workspace' },
    enterprise: null,
    is_enterprise_install: false,
  };
  /** Clock for trigger expiry and ts; override with a fake clock if needed. */
  now: () => number = () => Date.now();

  private server?: Server;
  private port = 0;
  private readonly handlers: Record<string, Handler>;
  private readonly injections = new Map<string, Array<Injection & { left: number }>>();
  private readonly users = new Map<string, SimUserInput & { id: string }>();
  private readonly tokenTeams = new Map<string, SimTeam>();
  private readonly revoked = new Set<string>();
  private readonly dmMembers = new Map<string, string[]>();
  private readonly channels = new Map<string, Required<SimChannelInput>>();
  private readonly triggers = new Map<string, { at: number; userId?: string; viewId?: string }>();
  private readonly usedTriggers = new Set<string>();
  private readonly stacks = new Map<string, string[]>();
  private lastRoot?: string;
  private readonly pendingFiles = new Map<string, { filename: string; bytes?: Buffer }>();
  private readonly responseUrls = new Map<string, { ctx: ResponseUrlContext; uses: number; at: number }>();
  private rate?: Required<RateLimitOptions>;
  private readonly buckets = new Map<string, { tokens: number; last: number }>();
  private seq = 0;
  private lastMicros = 0;

  constructor() {
    this.handlers = {
      'auth.test': (_a, team, token) => ({
        url: `https://${team.domain}.slack.com/`,
        team: team.name,
        user: 'pilotgate',
        team_id: team.id,
        user_id: token.startsWith('xoxb-') ? this.bot.userId : 'U0INSTALLER',
        ...(token.startsWith('xoxb-') ? { bot_id: this.bot.botId } : {}),
        is_enterprise_install: false,
      }),
      'chat.postMessage': (a, team) => this.postMessage(a, team),
      'chat.update': (a) => this.updateMessage(a),
      'chat.postEphemeral': (a, team) => this.postEphemeral(a, team),
      'chat.delete': (a) => this.deleteMessage(a),
      'chat.getPermalink': (a, team) => this.permalink(a, team),
      'chat.scheduleMessage': (a) => this.scheduleMessage(a),
      'views.open': (a, team) => ({ view: this.openView(a, team, false) }),
      'views.push': (a, team) => ({ view: this.openView(a, team, true) }),
      'views.update': (a) => ({ view: this.updateView(a) }),
      'views.publish': (a, team) => ({ view: this.publishView(a, team) }),
      'conversations.open': (a) => this.openConversation(a),
      'conversations.info': (a) => ({ channel: this.channelJson(need(a, 'channel', 'channel_not_found')) }),
      'conversations.members': (a) => this.channelMembers(a),
      'users.info': (a, team) => ({ user: this.userJson(need(a, 'user', 'user_not_found'), team) }),
      'users.lookupByEmail': (a, team) => {
        const u = [...this.users.values()].find((x) => x.email === a.email) ?? fail('users_not_found');
        return { user: this.userJson(u.id, team) };
      },
      'users.getPresence': (a) => ({ presence: this.users.get(str(a.user) ?? '')?.presence ?? 'active' }),
      'team.info': (_a, team) => ({ team: { ...team, email_domain: '', icon: { image_default: true } } }),
      'files.getUploadURLExternal': (a) => this.uploadUrl(a),
      'files.completeUploadExternal': (a, team) => this.completeUpload(a, team),
      'oauth.v2.access': (a) => {
        need(a, 'code', 'invalid_code');
        return structuredClone(this.oauthResponse);
      },
      'functions.completeSuccess': (a, _t, token) => this.functions.completeSuccess(a, token),
      'functions.completeError': (a, _t, token) => this.functions.completeError(a, token),
      // Slack revokes the app's tokens on uninstall.
      'apps.uninstall': (_a, _t, token) => {
        this.revoked.add(token);
        return {};
      },
    };
  }

  // ------------------------------------------------------------ lifecycle and configuration

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err instanceof Error ? err.stack : err));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get origin(): string {
    if (!this.server) throw new Error('SlackSimulator is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  /** Base for WebClient's `slackApiUrl`. */
  get url(): string {
    return `${this.origin}/api/`;
  }

  /** Clears everything recorded and all injections; keeps users, tokens, team and rate-limit mode. */
  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.ephemerals.length = 0;
    this.scheduled.length = 0;
    this.uploadedFiles.length = 0;
    this.responses.length = 0;
    for (const m of [this.messages, this.views, this.homeViews, this.injections, this.triggers, this.stacks]) m.clear();
    for (const m of [this.pendingFiles, this.responseUrls, this.buckets, this.dmMembers]) m.clear();
    this.usedTriggers.clear();
    this.functions.reset();
    this.lastRoot = undefined;
    Object.assign(this.stats, { calls: 0, rateLimited: 0, injected: 0 });
  }

  setUser(id: string, user: SimUserInput = {}): void {
    this.users.set(id, { ...user, id });
  }

  /** Calls made with `token` act in `team` (auth.test, rate-limit buckets); other tokens use `sim.team`. */
  bindToken(token: string, team: SimTeam): void {
    this.tokenTeams.set(token, team);
  }

  /** A channel's privacy and members, for conversations.info and conversations.members. */
  setChannel(id: string, channel: SimChannelInput = {}): void {
    this.channels.set(id, {
      isPrivate: channel.isPrivate ?? false,
      members: [...(channel.members ?? [])],
      name: channel.name ?? id.toLowerCase(),
    });
  }

  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  inject(method: string, fault: Injection): void {
    const list = this.injections.get(method) ?? [];
    list.push({ ...fault, left: fault.times ?? 1 });
    this.injections.set(method, list);
  }

  clearInjections(): void {
    this.injections.clear();
  }

  enforceRateLimits(opts: RateLimitOptions = {}): void {
    this.rate = { scale: opts.scale ?? 1, postMessageBurst: opts.postMessageBurst ?? 3 };
    this.buckets.clear();
  }

  disableRateLimits(): void {
    this.rate = undefined;
  }

  /** Registers a trigger id as issued now (or at `issuedAt`); it expires 3 s later. */
  issueTriggerId(opts: { userId?: string; viewId?: string; issuedAt?: number } = {}): string {
    const id = `${Math.floor(this.now() / 1000)}.${100000000 + ++this.seq}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { at: opts.issuedAt ?? this.now(), userId: opts.userId, viewId: opts.viewId });
    return id;
  }

  newResponseUrl(ctx: ResponseUrlContext = {}): string {
    const id = randomUUID();
    this.responseUrls.set(id, { ctx, uses: 0, at: this.now() });
    return `${this.origin}/_response/${id}`;
  }

  // ------------------------------------------------------------ query helpers

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The DM channel id conversations.open returns for these users (`D…` for one, `G…` for several). */
  dmChannelId(users: string[]): string {
    const sorted = [...users].sort();
    return (sorted.length === 1 ? 'D' : 'G') + shortHash(sorted.join(','));
  }

  dmsTo(userId: string): SimMessage[] {
    return this.messages.get(this.dmChannelId([userId])) ?? [];
  }

  lastMessageIn(channel: string): SimMessage | undefined {
    return this.messages.get(this.resolveChannel(channel))?.at(-1);
  }

  findMessage(channel: string, ts: string): SimMessage | undefined {
    return this.messages.get(this.resolveChannel(channel))?.find((m) => m.ts === ts);
  }

  // ------------------------------------------------------------ HTTP

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const raw = await readBody(req);
    const [, kind, name] = url.pathname.split('/');
    if (kind === 'api' && name) return this.handleApi(name, req, raw, url, res);
    if (kind === '_upload' && name) return this.handleUpload(name, req, raw, res);
    if (kind === '_response' && name) return this.handleResponseUrl(name, raw, res);
    send(res, 404, { ok: false, error: 'not_found' });
  }

  private async handleApi(method: string, req: IncomingMessage, raw: Buffer, url: URL, res: ServerResponse) {
    const args = await parseArgs(raw, req.headers['content-type'] ?? '');
    for (const [k, v] of url.searchParams) args[k] ??= v;
    const at = this.now();
    this.stats.calls++;
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? str(args.token) ?? '';
    const reply = (status: number, body: Args, headers: Record<string, string> = {}) => {
      this.calls.push({ method, args, at, status, response: body, token });
      send(res, status, body, headers);
    };
    const fault = this.takeInjection(method, token);
    if (fault) {
      this.stats.injected++;
      if (fault.retryAfter !== undefined) {
        this.stats.rateLimited++;
        return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
      }
      return reply(fault.status ?? 200, { ok: false, error: fault.error ?? 'internal_error' });
    }
    const handler = this.handlers[method];
    if (!handler) return reply(200, { ok: false, error: 'unknown_method' });
    if (!NO_AUTH.has(method)) {
      if (!token) return reply(200, { ok: false, error: 'not_authed' });
      // A step's execution token (xwfp-) works only while Slack knows its execution.
      const executionToken = token.startsWith('xwfp-') && this.functions.isExecutionToken(token);
      if (!/^xox[bp]-/.test(token) && !executionToken) return reply(200, { ok: false, error: 'invalid_auth' });
      if (this.revoked.has(token)) return reply(200, { ok: false, error: 'token_revoked' });
    }
    const team = this.tokenTeams.get(token) ?? this.team;
    // Slack counts tiers per workspace: a token bound to a team shares its buckets, any other token has its own.
    const wait = this.rateLimitWait(method, this.tokenTeams.has(token) ? team.id : `token:${token}`, args);
    if (wait > 0) {
      this.stats.rateLimited++;
      return reply(
        429,
        { ok: false, error: 'ratelimited' },
        { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) },
      );
    }
    try {
      reply(200, { ok: true, ...handler(args, team, token) });
    } catch (err) {
      if (!(err instanceof SimError) && !(err instanceof FunctionCallError)) throw err;
      reply(200, { ok: false, error: err.code, ...err.extra });
    }
  }

  private takeInjection(method: string, token: string): Injection | undefined {
    for (const key of [method, '*']) {
      const list = this.injections.get(key);
      const index = list?.findIndex((f) => f.token === undefined || f.token === token) ?? -1;
      const fault = list?.[index];
      if (!list || !fault) continue;
      if (--fault.left <= 0) list.splice(index, 1);
      return fault;
    }
    return undefined;
  }

  /** Token buckets: per workspace+method for tiers, per workspace+channel (~1/s, small burst) for chat.postMessage. */
  private rateLimitWait(method: string, workspace: string, a: Args): number {
    if (!this.rate) return 0;
    const { scale, postMessageBurst } = this.rate;
    if (method === 'chat.postMessage') {
      const channel = this.resolveChannel(str(a.channel) ?? '');
      return this.take(`${workspace}:${method}:${channel}`, postMessageBurst, 1 / (1000 * scale));
    }
    const perMinute = PER_MINUTE[method] ?? 50;
    return this.take(`${workspace}:${method}`, perMinute, perMinute / (60_000 * scale));
  }

  private take(key: string, capacity: number, perMs: number): number {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: capacity, last: now };
    b.tokens = Math.min(capacity, b.tokens + (now - b.last) * perMs);
    b.last = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / perMs;
  }

  private validate(method: string, found: Violation[]): void {
    if (found.length === 0) return;
    this.violations.push(...found.map((v) => ({ ...v, method })));
    const codes = new Set(found.map((v) => v.code ?? 'invalid_blocks'));
    const code = codes.size === 1 ? [...codes][0]! : 'invalid_blocks';
    fail(code, { errors: found.map(formatViolation) });
  }

  // ------------------------------------------------------------ chat.*

  private resolveChannel(channel: string): string {
    if (!/^[UW][A-Z0-9]+$/.test(channel)) return channel;
    const id = this.dmChannelId([channel]);
    this.dmMembers.set(id, [channel]);
    return id;
  }

  private nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  private newMessage(a: Args, channel: string, team: SimTeam): SimMessage {
    return {
      type: 'message',
      channel,
      ts: this.nextTs(),
      text: str(a.text) ?? '',
      ...(Array.isArray(a.blocks) ? { blocks: a.blocks } : {}),
      ...(str(a.thread_ts) ? { thread_ts: str(a.thread_ts) } : {}),
      ...(a.metadata !== undefined ? { metadata: a.metadata } : {}),
      user: this.bot.userId,
      bot_id: this.bot.botId,
      app_id: this.bot.appId,
      team: team.id,
    };
  }

  private postMessage(a: Args, team: SimTeam): Args {
    const channel = this.resolveChannel(need(a, 'channel', 'channel_not_found'));
    this.validate('chat.postMessage', checkMessage(a));
    const msg = this.newMessage(a, channel, team);
    this.messages.set(channel, [...(this.messages.get(channel) ?? []), msg]);
    const { channel: _c, ...message } = msg;
    return { channel, ts: msg.ts, message };
  }

  private existing(a: Args, tsKey: string): { list: SimMessage[]; index: number; channel: string } {
    const channel = this.resolveChannel(need(a, 'channel', 'channel_not_found'));
    const ts = need(a, tsKey, 'message_not_found');
    const list = this.messages.get(channel) ?? [];
    const index = list.findIndex((m) => m.ts === ts);
    if (index < 0) fail('message_not_found');
    return { list, index, channel };
  }

  private updateMessage(a: Args): Args {
    const { list, index, channel } = this.existing(a, 'ts');
    this.validate('chat.update', checkMessage(a));
    const msg = list[index]!;
    if (typeof a.text === 'string') msg.text = a.text;
    if (Array.isArray(a.blocks)) msg.blocks = a.blocks;
    msg.edited = { user: this.bot.userId, ts: this.nextTs() };
    const { channel: _c, ...message } = msg;
    return { channel, ts: msg.ts, text: msg.text, message };
  }

  private postEphemeral(a: Args, team: SimTeam): Args {
    const channel = this.resolveChannel(need(a, 'channel', 'channel_not_found'));
    const user = need(a, 'user', 'user_not_in_channel');
    this.validate('chat.postEphemeral', checkMessage(a));
    const msg = this.newMessage(a, channel, team);
    this.ephemerals.push({ ...msg, user, posted_by: msg.user });
    return { message_ts: msg.ts };
  }

  private deleteMessage(a: Args): Args {
    const { list, index, channel } = this.existing(a, 'ts');
    const [msg] = list.splice(index, 1);
    return { channel, ts: msg!.ts };
  }

  private permalink(a: Args, team: SimTeam): Args {
    const { list, index, channel } = this.existing(a, 'message_ts');
    const ts = list[index]!.ts;
    return { channel, permalink: `https://${team.domain}.slack.com/archives/${channel}/p${ts.replace('.', '')}` };
  }

  private scheduleMessage(a: Args): Args {
    const channel = this.resolveChannel(need(a, 'channel', 'channel_not_found'));
    const postAt = Number(a.post_at);
    if (!Number.isFinite(postAt)) fail('invalid_time');
    const nowSec = this.now() / 1000;
    if (postAt < nowSec) fail('time_in_past');
    if (postAt > nowSec + 120 * 86_400) fail('time_too_far');
    this.validate('chat.scheduleMessage', checkMessage(a));
    const id = `Q${String(++this.seq).padStart(9, '0')}`;
    this.scheduled.push({ ...a, channel, scheduled_message_id: id });
    return { channel, scheduled_message_id: id, post_at: postAt, message: { text: a.text, blocks: a.blocks } };
  }

  // ------------------------------------------------------------ views.*

  private consumeTrigger(a: Args): { userId?: string; viewId?: string } {
    const id = need(a, 'trigger_id', 'invalid_trigger_id');
    if (this.usedTriggers.has(id)) fail('exchanged_trigger_id');
    const issued = this.triggers.get(id);
    if (issued && this.now() - issued.at > 3000) fail('expired_trigger_id');
    this.usedTriggers.add(id);
    return issued ?? {};
  }

  private viewArg(a: Args, method: string): Args {
    const view = isObj(a.view) ? a.view : fail('invalid_arguments', { errors: ['view must be a JSON object'] });
    this.validate(method, checkView(view));
    return view;
  }

  private makeView(v: Args, teamId: string, id: string, root: string | null, previous: string | null): SimView {
    return {
      ...v,
      id,
      team_id: teamId,
      type: String(v.type),
      blocks: v.blocks as unknown[],
      private_metadata: str(v.private_metadata) ?? '',
      callback_id: str(v.callback_id) ?? '',
      external_id: str(v.external_id) ?? '',
      state: { values: {} },
      hash: `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      clear_on_close: v.clear_on_close === true,
      notify_on_close: v.notify_on_close === true,
      close: v.close ?? null,
      submit: v.submit ?? null,
      previous_view_id: previous,
      root_view_id: root,
      app_id: this.bot.appId,
      app_installed_team_id: teamId,
      bot_id: this.bot.botId,
    };
  }

  private nextViewId(): string {
    return `V${String(++this.seq).padStart(10, '0')}`;
  }

  private openView(a: Args, team: SimTeam, push: boolean): SimView {
    const trigger = this.consumeTrigger(a);
    const method = push ? 'views.push' : 'views.open';
    const v = this.viewArg(a, method);
    if (v.type !== 'modal') fail('invalid_arguments', { errors: [`${method} needs a modal view`] });
    const ext = str(v.external_id);
    if (ext && [...this.views.values()].some((x) => x.external_id === ext)) fail('duplicate_external_id');
    const id = this.nextViewId();
    const fromView = trigger.viewId ? this.views.get(trigger.viewId) : undefined;
    // A push lands on the stack the interaction came from; without that, on the newest stack.
    const root = push ? (fromView?.root_view_id ?? (trigger.viewId ? undefined : this.lastRoot)) : undefined;
    const stack = root ? this.stacks.get(root) : undefined;
    if (stack && stack.length >= 3) fail('push_limit_reached');
    const view = this.makeView(v, team.id, id, root ?? id, stack?.at(-1) ?? null);
    if (stack) stack.push(id);
    else this.stacks.set(id, [id]);
    this.lastRoot = root ?? id;
    this.views.set(id, view);
    return view;
  }

  private updateView(a: Args): SimView {
    const byId = str(a.view_id);
    const byExt = str(a.external_id);
    if (!byId && !byExt) fail('invalid_arguments', { errors: ['view_id or external_id is required'] });
    const old = byId ? this.views.get(byId) : [...this.views.values()].find((x) => x.external_id === byExt);
    if (!old) return fail('not_found');
    if (str(a.hash) && a.hash !== old.hash) fail('hash_conflict');
    const v = this.viewArg(a, 'views.update');
    const view = this.makeView(
      { external_id: old.external_id, ...v },
      old.team_id,
      old.id,
      old.root_view_id,
      old.previous_view_id,
    );
    this.views.set(old.id, view);
    for (const [user, home] of this.homeViews) if (home.id === old.id) this.homeViews.set(user, view);
    return view;
  }

  private publishView(a: Args, team: SimTeam): SimView {
    const user = need(a, 'user_id', 'invalid_arguments');
    const v = this.viewArg(a, 'views.publish');
    if (v.type !== 'home') fail('invalid_arguments', { errors: ['views.publish needs a home view'] });
    const old = this.homeViews.get(user);
    if (old && str(a.hash) && a.hash !== old.hash) fail('hash_conflict');
    const view = this.makeView(v, team.id, old?.id ?? this.nextViewId(), null, null);
    this.homeViews.set(user, view);
    this.views.set(view.id, view);
    return view;
  }

  // ------------------------------------------------------------ conversations, users

  private openConversation(a: Args): Args {
    const users = (str(a.users) ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    if (users.length === 0) fail(str(a.channel) ? 'method_not_supported_for_channel_type' : 'users_list_not_supplied');
    if (users.length > 8) fail('too_many_users');
    const id = this.dmChannelId(users);
    const already = this.dmMembers.has(id);
    this.dmMembers.set(id, users);
    return { no_op: already, already_open: already, channel: { id } };
  }

  private channelJson(id: string): Args {
    const c = this.channels.get(id) ?? { isPrivate: false, members: [], name: id.toLowerCase() };
    return {
      id,
      name: c.name,
      is_channel: !c.isPrivate,
      is_group: false,
      is_im: false,
      is_private: c.isPrivate,
      is_archived: false,
      is_member: true,
      num_members: c.members.length,
    };
  }

  /** Pages like Slack: `limit` (default 100) per page, `response_metadata.next_cursor` until the last. */
  private channelMembers(a: Args): Args {
    const id = need(a, 'channel', 'channel_not_found');
    const all = this.channels.get(id)?.members ?? [];
    const limit = Math.max(1, Math.min(1000, Number(a.limit) || 100));
    const start = str(a.cursor) ? Number(Buffer.from(String(a.cursor), 'base64').toString('utf8').slice(5)) : 0;
    if (!Number.isInteger(start) || start < 0) fail('invalid_cursor');
    const next = start + limit < all.length ? Buffer.from(`user:${start + limit}`).toString('base64') : '';
    return { members: all.slice(start, start + limit), response_metadata: { next_cursor: next } };
  }

  private userJson(id: string, team: SimTeam): Args {
    const known = this.users.get(id);
    if (!known && this.strictUsers) fail('user_not_found');
    const u = known ?? { id };
    const tz = u.tz ?? 'America/New_York';
    const zoned = DateTime.fromMillis(this.now()).setZone(tz);
    const name = u.name ?? id.toLowerCase();
    const realName = u.realName ?? `User ${id}`;
    return {
      id,
      team_id: team.id,
      name,
      deleted: u.deleted ?? false,
      real_name: realName,
      tz,
      tz_label: zoned.offsetNameLong ?? tz,
      tz_offset: zoned.offset * 60,
      is_admin: u.isAdmin ?? false,
      is_owner: false,
      is_bot: u.isBot ?? false,
      is_app_user: false,
      updated: Math.floor(this.now() / 1000),
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: name,
        display_name_normalized: name,
        ...(u.email ? { email: u.email } : {}),
        team: team.id,
      },
    };
  }

  // ------------------------------------------------------------ files

  private uploadUrl(a: Args): Args {
    const filename = need(a, 'filename', 'invalid_arguments');
    if (!Number.isInteger(Number(a.length)) || Number(a.length) < 0) fail('invalid_arguments');
    const fileId = `F${String(++this.seq).padStart(10, '0')}`;
    this.pendingFiles.set(fileId, { filename });
    return { upload_url: `${this.origin}/_upload/${fileId}`, file_id: fileId };
  }

  private async handleUpload(fileId: string, req: IncomingMessage, raw: Buffer, res: ServerResponse) {
    const pending = this.pendingFiles.get(fileId);
    if (!pending) return send(res, 404, { ok: false, error: 'file_not_found' });
    const ct = req.headers['content-type'] ?? '';
    if (ct.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': ct } }).formData();
      const part = [...form.values()].find((v) => typeof v !== 'string');
      pending.bytes = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    } else pending.bytes = raw;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${pending.bytes.length}`);
  }

  private completeUpload(a: Args, team: SimTeam): Args {
    const list = Array.isArray(a.files) ? a.files : fail('invalid_arguments');
    const channelId = str(a.channel_id);
    const done = list.map((f) => {
      const id = isObj(f) ? str(f.id) : undefined;
      const pending = id ? this.pendingFiles.get(id) : undefined;
      if (!id || !pending?.bytes) return fail('file_not_found');
      this.pendingFiles.delete(id);
      const title = isObj(f) ? str(f.title) : undefined;
      const file: UploadedFile = {
        id,
        filename: pending.filename,
        ...(title ? { title } : {}),
        bytes: pending.bytes,
        text: pending.bytes.toString('utf8'),
        ...(channelId ? { channelId } : {}),
        ...(str(a.thread_ts) ? { threadTs: str(a.thread_ts) } : {}),
        ...(str(a.initial_comment) ? { initialComment: str(a.initial_comment) } : {}),
        at: this.now(),
      };
      this.uploadedFiles.push(file);
      return file;
    });
    return {
      files: done.map((f) => ({
        id: f.id,
        created: Math.floor(f.at / 1000),
        name: f.filename,
        title: f.title ?? f.filename,
        mimetype: mimeType(f.filename),
        size: f.bytes.length,
        user: this.bot.userId,
        url_private: `https://files.slack.com/files-pri/${team.id}-${f.id}/${f.filename}`,
        permalink: `https://${team.domain}.slack.com/files/${this.bot.userId}/${f.id}/${f.filename}`,
        channels: f.channelId ? [f.channelId] : [],
      })),
    };
  }

  // ------------------------------------------------------------ response_url

  private handleResponseUrl(id: string, raw: Buffer, res: ServerResponse): void {
    const entry = this.responseUrls.get(id) ?? { ctx: {}, uses: 0, at: this.now() };
    this.responseUrls.set(id, entry);
    let body: Args = {};
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (isObj(parsed)) body = parsed;
    } catch {
      // An unparsable body is answered below like any invalid message.
    }
    const record = (status: number, reply: Args) => {
      this.responses.push({
        id,
        url: `${this.origin}/_response/${id}`,
        body,
        at: this.now(),
        status,
        context: entry.ctx,
      });
      send(res, status, reply);
    };
    if (++entry.uses > 5) {
      record(404, { ok: false, error: 'used_url' });
      return;
    }
    if (this.now() - entry.at > 30 * 60_000) {
      record(404, { ok: false, error: 'expired_url' });
      return;
    }
    const { channelId, messageTs, userId } = entry.ctx;
    const list = channelId ? this.messages.get(channelId) : undefined;
    const index = list && messageTs ? list.findIndex((m) => m.ts === messageTs) : -1;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (list && index >= 0) list.splice(index, 1);
      record(200, { ok: true });
      return;
    }
    const found = checkMessage(body);
    if (found.length > 0) {
      this.violations.push(...found.map((v) => ({ ...v, method: 'response_url' })));
      record(400, { ok: false, error: 'invalid_blocks', errors: found.map(formatViolation) });
      return;
    }
    const replace = body.replace_original === true || body.replace_original === 'true';
    if (replace && list && index >= 0) {
      const msg = list[index]!;
      msg.text = str(body.text) ?? '';
      if (Array.isArray(body.blocks)) msg.blocks = body.blocks;
      else delete msg.blocks;
    } else if (channelId) {
      const msg = this.newMessage(body, channelId, this.team);
      if (body.response_type === 'in_channel') this.messages.set(channelId, [...(list ?? []), msg]);
      else this.ephemerals.push({ ...msg, user: userId ?? '', posted_by: msg.user });
    }
    record(200, { ok: true });
  }
}

// ------------------------------------------------------------ plumbing

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeField(key: string, value: string): unknown {
  if (STRING_FIELDS.has(key) || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Parses a body the way @slack/web-api sends it (form fields, JSON-encoded objects) or as JSON. */
async function parseArgs(raw: Buffer, contentType: string): Promise<Args> {
  const ct = contentType.split(';')[0]!.trim().toLowerCase();
  const out: Args = {};
  if (ct === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      return isObj(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  if (ct === 'multipart/form-data') {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    for (const [k, v] of form) {
      out[k] = typeof v === 'string' ? decodeField(k, v) : Buffer.from(await v.arrayBuffer());
    }
    return out;
  }
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) out[k] = decodeField(k, v);
  return out;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function mimeType(filename: string): string {
  const ext = filename.split('.').pop()?.toLowerCase();
  const types: Record<string, string> = { csv: 'text/csv', json: 'application/json', txt: 'text/plain' };
  return (ext && types[ext]) ?? 'application/octet-stream';
}
