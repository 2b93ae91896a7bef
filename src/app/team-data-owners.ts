import type { TeamDataOwner } from '../db/team-data.port.js';
import { AuditRepo } from '../features/audit/audit.repo.js';
import { DeliveryRepo } from '../features/delivery/delivery.repo.js';
import { DigestRepo } from '../features/digests/digest.repo.js';
import { HomeRepo } from '../features/home/home.repo.js';
import { InstallationRepo } from '../features/install/installation.repo.js';
import { PilotDeleteRepo } from '../features/lifecycle/pilot-delete.repo.js';
import type { TeamDataOwners } from '../features/lifecycle/team-purge.repo.js';
import { WorkspaceLifecycleRepo } from '../features/lifecycle/workspace-lifecycle.repo.js';
import { NudgeRepo } from '../features/nudges/nudge.repo.js';
import { PilotRepo } from '../features/pilots/pilot.repo.js';
import { PurgatoryRepo } from '../features/purgatory/purgatory.repo.js';
import { QuestionnaireDraftRepo } from '../features/questionnaires/questionnaire-draft.repo.js';
import { PlanItemRepo } from '../features/reviews/plan-item.repo.js';
import { ReviewRepo } from '../features/reviews/review.repo.js';
import { Review90Repo } from '../features/reviews90/review90.repo.js';
import { WorkspaceSettingsRepo } from '../features/settings/workspace-settings.repo.js';

/**
 * The owner of every collection holding one workspace's documents, for the workspace purge (see
 * TEAM_COLLECTIONS). Deleting needs none of their caches, so fresh instances serve.
 */
export function teamDataOwners(): TeamDataOwners {
  const pilots = new PilotRepo();
  const planItems = new PlanItemRepo();
  const reviews = new ReviewRepo(planItems);
  const owners = { pilots, reviews, planItems };
  const teamData: TeamDataOwner[] = [
    pilots,
    reviews,
    planItems,
    new QuestionnaireDraftRepo(),
    new AuditRepo(),
    new NudgeRepo(),
    new DeliveryRepo(),
    new DigestRepo(owners),
    new HomeRepo(planItems),
    new PurgatoryRepo(owners),
    new Review90Repo(),
    new WorkspaceSettingsRepo(),
  ];
  return { teamData, lifecycle: new WorkspaceLifecycleRepo(new InstallationRepo(null)) };
}

/** Deleting one pilot through the owners of its documents (the pilot itself last). */
export function pilotDeletion(): PilotDeleteRepo {
  const planItems = new PlanItemRepo();
  return new PilotDeleteRepo({
    reviews: new ReviewRepo(planItems),
    others: [new AuditRepo(), planItems, new QuestionnaireDraftRepo(), new NudgeRepo(), new Review90Repo()],
    pilots: new PilotRepo(),
    settings: new WorkspaceSettingsRepo(),
  });
}
