/**
 * Counts the database commands the app sends, with the MongoDB driver's command monitoring: a round
 * trip is one `commandStarted` event. The client must be connected with `monitorCommands=true`
 * (withCommandMonitoring on the URI), since the driver fixes the flag when it opens a connection.
 * Commands are grouped in windows (one operation each, e.g. a submission before its ack) so a test can
 * count, print and assert each operation on its own.
 */
import type { CommandStartedEvent, MongoClient } from 'mongodb';

export interface DbCommand {
  commandName: string;
  /** The collection the command names ('' for database-level commands such as ping). */
  collection: string;
  at: number;
}

/** Commands that are no round trip of an operation: handshakes, sessions and the driver's own chatter. */
const NOT_OPERATIONS = new Set(['hello', 'ismaster', 'isMaster', 'endSessions', 'saslStart', 'saslContinue', 'ping']);

/** Agenda's own collection: its polling runs on a timer, not for any operation measured here. */
const AGENDA_COLLECTIONS = new Set(['agendaJobs']);

/** The URI with `monitorCommands=true`, so every connection of the client emits command events. */
export function withCommandMonitoring(uri: string): string {
  return `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;
}

const collectionOf = (event: CommandStartedEvent): string => {
  const target = event.command[event.commandName];
  if (typeof target === 'string') return target;
  // getMore names its collection in a field of its own; its first value is the cursor id.
  const named = (event.command as { collection?: unknown }).collection;
  return typeof named === 'string' ? named : '';
};

export class DbCommandLog {
  private readonly all: DbCommand[] = [];
  private readonly marks = new Map<string, number>();

  /** Starts recording `client`'s commands; throws when the client does not monitor commands. */
  static attach(client: MongoClient): DbCommandLog {
    if (!client.options.monitorCommands) {
      throw new Error('DbCommandLog: connect with withCommandMonitoring(uri) so the driver emits command events');
    }
    const log = new DbCommandLog();
    client.on('commandStarted', (event) => {
      if (NOT_OPERATIONS.has(event.commandName)) return;
      const collection = collectionOf(event);
      if (AGENDA_COLLECTIONS.has(collection)) return;
      log.all.push({ commandName: event.commandName, collection, at: Date.now() });
    });
    return log;
  }

  /** Marks the current point of the log under `name` (for example the moment of an ack). */
  mark(name: string): void {
    this.marks.set(name, this.all.length);
  }

  /** Commands recorded between two marks (`to` omitted: up to now). */
  between(from: string, to?: string): DbCommand[] {
    const start = this.marks.get(from);
    if (start === undefined) throw new Error(`DbCommandLog: no mark named ${from}`);
    const end = to === undefined ? this.all.length : this.marks.get(to);
    if (end === undefined) throw new Error(`DbCommandLog: no mark named ${to}`);
    return this.all.slice(start, end);
  }

  /** Resolves once no command was sent for `idleMs` (the tail of earlier work is over). */
  async quiet(idleMs = 250, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const last = this.all.at(-1)?.at ?? 0;
      if (Date.now() - last >= idleMs) return;
      if (Date.now() - started > timeoutMs) throw new Error(`DbCommandLog: still busy after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** `commandName collection` → count, in the order first seen. */
export function countByCommand(commands: DbCommand[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of commands) {
    const key = `${c.commandName} ${c.collection}`.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** A table of operations × (command, collection) counts, with each operation's total. */
export function commandTable(operations: Record<string, DbCommand[]>): string {
  const keys = [...new Set(Object.values(operations).flatMap((cmds) => [...countByCommand(cmds).keys()]))].sort();
  const names = Object.keys(operations);
  const width = Math.max(12, ...keys.map((k) => k.length));
  const cols = names.map((n) => Math.max(n.length, 5));
  const row = (label: string, cells: string[]) =>
    [label.padEnd(width), ...cells.map((c, i) => c.padStart(cols[i] ?? 5))].join(' | ');
  const lines = [
    row('command', names),
    row(
      '-'.repeat(width),
      cols.map((w) => '-'.repeat(w)),
    ),
  ];
  for (const key of keys) {
    lines.push(
      row(
        key,
        names.map((n) => String(countByCommand(operations[n] ?? []).get(key) ?? 0)),
      ),
    );
  }
  lines.push(
    row(
      'total',
      names.map((n) => String(operations[n]?.length ?? 0)),
    ),
  );
  return lines.join('\n');
}
