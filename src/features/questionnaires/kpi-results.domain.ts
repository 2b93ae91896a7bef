/**
 * A question asked once per registered KPI (manifest `perKpi: true`): one field per KPI on the page, stored
 * as one text answer, one line per KPI with its baseline and target. Every reader of answers (status,
 * details, decision, export) keeps reading one string; the page splits it back into its fields. Pure.
 */
import type { Kpi } from '../pilots/pilot.types.js';

/** Longest result for one KPI: a measured value and a few words, not an essay. */
export const KPI_RESULT_MAX = 200;

/** What a stored line starts with: "Handling time (baseline 14 min, target 9 min): ". */
export const kpiResultPrefix = (kpi: Kpi): string => `${kpi.name} (baseline ${kpi.baseline}, target ${kpi.target}): `;

/** The stored answer: one line per KPI, in registration order. */
export function composeKpiResults(kpis: readonly Kpi[], results: readonly string[]): string {
  return kpis.map((kpi, i) => `${kpiResultPrefix(kpi)}${results[i] ?? ''}`).join('\n');
}

/**
 * The result typed for each KPI in a stored answer ('' where none): the line starting with that KPI's
 * prefix. A free-text answer from before the KPIs were asked one by one matches no line.
 */
export function splitKpiResults(kpis: readonly Kpi[], answer: unknown): string[] {
  const lines = typeof answer === 'string' ? answer.split('\n') : [];
  return kpis.map((kpi) => {
    const prefix = kpiResultPrefix(kpi);
    return (
      lines
        .find((l) => l.startsWith(prefix))
        ?.slice(prefix.length)
        .trim() ?? ''
    );
  });
}
