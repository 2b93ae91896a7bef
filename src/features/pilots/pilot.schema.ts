import { z } from 'zod';
import { PILOT_STAGES, type RoleId } from '../../core/catalog.domain.js';
import { storedObject, storedObjects } from '../../db/entity-fields.js';
import { SEPARATION_CHOICES } from '../settings/workspace-settings.domain.js';
import type { Kpi, MonitoringPlan, Pilot, PilotFlag, RoleChangeFollowUp } from './pilot.types.js';
import type { SeparationException } from './separation-of-duties.domain.js';

/**
 * A pilot as read from the database: what every PilotRepo read passes through, so a document of the
 * wrong shape fails at the repository, naming the field. Unknown fields (the scan's bookkeeping) pass on.
 */
export const pilotEntity: z.ZodType<Pilot> = z.looseObject({
  id: z.string(),
  teamId: z.string(),
  enterpriseId: z.string().optional(),
  channelId: z.string(),
  channelPrivate: z.boolean().optional(),
  name: z.string(),
  nameKey: z.string(),
  useCase: z.string(),
  businessUnit: z.string(),
  plannedKpiValidationDate: z.string(),
  kpis: storedObjects<Kpi>(),
  killCriteria: z.string(),
  scaleCriteria: z.string(),
  regulated: z.boolean(),
  stakeholders: storedObject<Record<RoleId, string>>(),
  rolesVersion: z.number().optional(),
  rolesFollowUp: storedObject<RoleChangeFollowUp>().optional(),
  deputies: storedObject<Partial<Record<RoleId, string>>>(),
  createdBy: z.string(),
  stage: z.enum(PILOT_STAGES),
  flags: storedObjects<PilotFlag>(),
  promisingAt: z.date().optional(),
  decisionDueAt: z.date().optional(),
  productionAt: z.date().optional(),
  stageSince: z.date().optional(),
  monitoringPlan: storedObject<MonitoringPlan>().optional(),
  separationException: storedObject<SeparationException>().optional(),
  scanDueOn: z.string().optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/**
 * The registration modal's private_metadata: the channel `/gate start` was run in, and what the form showed
 * (whether it offered the gate admin's exception field, where separation of duties applies), so *Add KPI*
 * redraws the same form. The submission is checked again on the server, whatever this says.
 */
export const RegisterMetadata = z.object({
  channelId: z.string().min(1),
  admin: z.boolean().optional(),
  separation: z.enum(SEPARATION_CHOICES).optional(),
});
export type RegisterMetadata = z.infer<typeof RegisterMetadata>;
