import { describe, expect, it } from 'vitest';
import { commandTable, countByCommand, withCommandMonitoring } from '../../support/db-commands.js';

const at = 0;

describe('db-commands (the round-trip counter of the tests)', () => {
  it('turns command monitoring on in a URI with or without options', () => {
    expect(withCommandMonitoring('mongodb://127.0.0.1:27017')).toBe('mongodb://127.0.0.1:27017?monitorCommands=true');
    expect(withCommandMonitoring('mongodb://h/db?retryWrites=false')).toBe(
      'mongodb://h/db?retryWrites=false&monitorCommands=true',
    );
  });

  it('counts commands by name and collection, and tabulates operations with their totals', () => {
    const open = [
      { commandName: 'find', collection: 'reviews', at },
      { commandName: 'find', collection: 'pilots', at },
      { commandName: 'find', collection: 'reviews', at },
    ];
    expect([...countByCommand(open)]).toEqual([
      ['find reviews', 2],
      ['find pilots', 1],
    ]);
    const table = commandTable({ open, status: [{ commandName: 'find', collection: 'plan_items', at }] });
    const rows = table.split('\n').map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows[0]).toEqual(['command', 'open', 'status']);
    expect(rows).toContainEqual(['find reviews', '2', '0']);
    expect(rows).toContainEqual(['find plan_items', '0', '1']);
    expect(rows.at(-1)).toEqual(['total', '3', '1']);
  });
});
