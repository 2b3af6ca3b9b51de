import type { AlertEvent, AlertRule, Severity } from "../../api/alerts";
import { Badge } from "../ui/Badge";
import { SEVERITY_TONE } from "./format";

export function SeverityBadge(props: { severity: Severity }) {
  return <Badge tone={SEVERITY_TONE[props.severity]}>{props.severity[0]!.toUpperCase() + props.severity.slice(1)}</Badge>;
}

export function RuleStateBadge(props: { rule: AlertRule }) {
  if (!props.rule.enabled) return <Badge>Disabled</Badge>;
  if (props.rule.muted) return <Badge tone="warning">{props.rule.mutedUntil ? `Muted until ${new Date(props.rule.mutedUntil).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}` : "Muted"}</Badge>;
  return <Badge tone="success" dot>Active</Badge>;
}

const NOTIFIED: Record<AlertEvent["notified"], string> = { sent: "Sent", cooldown: "Held (cooldown)", muted: "Muted", none: "No channel" };

/** How the firing was handled, and whether a delivery failed. */
export function NotifiedBadge(props: { event: AlertEvent }) {
  const failed = () => props.event.deliveries.some((d) => !d.ok && d.final);
  return (
    <span title={props.event.lastError ?? undefined}>
      <Badge tone={failed() ? "danger" : props.event.notified === "sent" ? "neutral" : "warning"}>{failed() ? "Delivery failed" : NOTIFIED[props.event.notified]}</Badge>
    </span>
  );
}
