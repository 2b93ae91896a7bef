import type { PilotLookupDeps } from '../pilots/pilot-lookup.service.js';
import type { GateCommandService } from './gate-command.service.js';

/** What the list, status, remind and export subcommands use. */
export interface CommandListenerDeps {
  commands: GateCommandService;
  lookup: PilotLookupDeps;
}
