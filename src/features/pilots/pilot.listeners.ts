import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { localDay } from '../../shared/time.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { onAction } from '../../slack/pipeline/action.js';
import { onViewSubmission, submitterOf, type ViewArgs } from '../../slack/pipeline/view-submission.js';
import { decodeMetadata, encodeMetadata } from '../../slack/private-metadata.js';
import type { Replies } from '../../slack/replies.js';
import { DEFAULT_SEPARATION, type SeparationOfDuties } from '../settings/workspace-settings.domain.js';
import { type RegistrationDraft, RegistrationField } from './pilot.domain.js';
import { RegisterMetadata } from './pilot.schema.js';
import type { PilotService } from './pilot.service.js';
import { readRegistrationState, ViewStateValues } from './pilot.state.js';
import type { Pilot } from './pilot.types.js';
import { registrationModal, type SeparationForm } from './pilot.views.js';
import type { PilotAudience } from './pilot-audience.service.js';

/** What registering a pilot uses: the registration, its first review, and who may see it. */
export interface PilotListenerDeps {
  pilots: PilotService;
  /** Opens the pilot's first gate review (the reviews feature, above this one, is wired in by src/app). */
  reviews: { open(pilot: Pilot, openedBy: string): Promise<unknown> };
  audience: Pick<PilotAudience, 'session'>;
  replies: Replies;
  clock: Clock;
  logger: Logger;
}

/** What `/gate start` reads before opening the form: the workspace's separation-of-duties choice, and gate admins. */
export interface StartCommandDeps {
  separationFor(teamId: string): Promise<SeparationOfDuties>;
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
}

/**
 * `/gate start [name]`: the registration modal, with the name from the command text; it says where separation
 * of duties applies, and offers a gate admin the field for an exception.
 */
export const startCommand =
  (deps: StartCommandDeps): GateCommandHandler =>
  async ({ arg, ack, client, triggerId, channelId, teamId, userId }) => {
    await ack();
    const [separation, admin] = await Promise.all([deps.separationFor(teamId), deps.isGateAdmin(teamId, userId)]);
    const metadata = encodeMetadata(RegisterMetadata, { channelId, admin, separation });
    await client.views.open({
      trigger_id: triggerId,
      view: registrationModal({ name: arg.slice(0, 80) }, metadata, { separation, admin }),
    });
  };

/** The separation-of-duties part of the form, as the metadata recorded it (forms opened before it: the default). */
const separationForm = (meta: RegisterMetadata): SeparationForm => ({
  separation: meta.separation ?? DEFAULT_SEPARATION,
  admin: meta.admin ?? false,
});

interface Registration {
  teamId: string;
  userId: string;
  enterpriseId: string | undefined;
  channelId: string;
  draft: RegistrationDraft;
}

/**
 * *Add KPI*: the same modal with one more KPI row, everything typed so far pre-filled from
 * view.state; the view's hash makes Slack refuse the update if the modal changed meanwhile.
 */
function addKpiRow(deps: Pick<PilotListenerDeps, 'logger'>) {
  return onAction<BlockAction<ButtonAction>>(deps.logger, {
    flow: 'register-add-kpi',
    async handle({ body, client }) {
      const view = body.view;
      const meta = decodeMetadata(RegisterMetadata, view?.private_metadata);
      const values = ViewStateValues.safeParse(view?.state.values ?? {});
      if (!view || !meta || !values.success) throw new Error('the registration form to add a KPI row to is unreadable');
      const draft = readRegistrationState(values.data);
      const rows = [...(draft.kpiRows ?? []), { name: '', baseline: '', target: '', unit: '' }];
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: registrationModal(
          { ...draft, kpiRows: rows },
          encodeMetadata(RegisterMetadata, meta),
          separationForm(meta),
        ),
      });
    },
  });
}

export function registerPilotListeners(app: App, deps: PilotListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(Ids.pilot.addKpi, addKpiRow(deps));
  app.view(
    Ids.pilot.registerModal,
    onViewSubmission(deps.logger, {
      flow: 'register',
      parse({ body, view }: ViewArgs) {
        const meta = decodeMetadata(RegisterMetadata, view.private_metadata);
        const values = ViewStateValues.safeParse(view.state.values);
        if (!meta || !values.success) {
          const errors = { [RegistrationField.name]: 'This form is out of date; close it and run /gate start again' };
          return { ok: false as const, ack: { response_action: 'errors' as const, errors } };
        }
        const draft = readRegistrationState(values.data);
        const input = { ...submitterOf(body), enterpriseId: body.enterprise?.id, channelId: meta.channelId, draft };
        return { ok: true as const, input };
      },
      async run({ teamId, userId, enterpriseId, channelId, draft }: Registration) {
        const tz = await deps.replies.timeZoneOf(teamId, userId);
        return deps.pilots.register({
          teamId,
          ...(enterpriseId ? { enterpriseId } : {}),
          channelId,
          userId,
          draft,
          today: localDay(deps.clock.now(), tz),
        });
      },
      render: () => undefined,
      // Keep the modal open with everything typed; say what to fix on the field, or why saving failed.
      errors: { block: RegistrationField.name, shorten: (text: string) => text.slice(0, 150) },
      followUps: (pilot: Pilot, { teamId, userId }: Registration) => [
        {
          step: 'open-review',
          run: async () => {
            await deps.reviews.open(pilot, userId);
          },
          tell: async (text: string) => {
            await deps.replies.dm(teamId, userId, {
              text: `*${escapeMrkdwn(pilot.name)}* is registered, but I could not post its review card in <#${pilot.channelId}>: ${text} If the channel is private, invite me with \`/invite @PilotGate\`, then run \`/gate status ${escapeMrkdwn(pilot.name)}\`.`,
            });
          },
        },
        // Private channels keep their pilots private (pilot-visibility.policy.ts); a failed look-up is retried on use.
        {
          step: 'pilot-privacy',
          run: async () => {
            await deps.audience.session(teamId).isPrivate(pilot);
          },
        },
      ],
    }),
  );
}
