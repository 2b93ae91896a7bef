import type { GateCommandService } from './gate-command.service.js';
import type { PilotLookupDeps } from './pilot-lookup.service.js';

/** What the list, status, remind and export subcommands use. */
export interface CommandListenerDeps {
  commands: GateCommandService;
  lookup: PilotLookupDeps;
}
