// Metric rules, evaluated on each collection: every sample a rule watches is an observation,
// and a subject the rule was tracking that is missing from its server's batch (a container
// that stopped, so nothing was measured) is treated as back to normal.
import type { Observe } from "./container-events.ts";
import type { RuleRow } from "./repo.ts";
import { compare } from "./rules.ts";
import { sampleLabel, sampleSubject, serverOfSubject, watchesSample } from "./scope.ts";
import type { MetricBatch } from "./sources.ts";

export async function evaluateBatch(batch: MetricBatch, rules: RuleRow[], observe: Observe, tracked: (ruleId: number) => string[], appName: (rule: RuleRow) => string | null): Promise<void> {
  for (const rule of rules) {
    if (!rule.enabled || rule.kind !== "metric") continue;
    const seen = new Set<string>();
    for (const s of batch.samples) {
      if (!watchesSample(rule, s, appName(rule))) continue;
      const subject = sampleSubject(s);
      seen.add(subject);
      await observe(rule, { subject, label: sampleLabel(s), breached: compare(rule.operator, s.value, rule.threshold), value: s.value, at: batch.at });
    }
    for (const subject of tracked(rule.id)) {
      if (serverOfSubject(subject) === batch.server && !seen.has(subject)) await observe(rule, { subject, label: subject, breached: false, value: null, at: batch.at });
    }
  }
}
