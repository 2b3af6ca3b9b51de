import { Show, type JSX } from "solid-js";
import { Sparkline, type SparkSeries } from "./Sparkline";

/** One live metric: title, big value, secondary line and a sparkline. */
export function MetricCard(props: {
  title: string;
  icon: JSX.Element;
  value: string;
  sub?: JSX.Element;
  t: number[];
  series: SparkSeries[];
  max?: number;
  testId?: string;
}) {
  return (
    <section class="rounded-lg border border-line bg-surface p-4" aria-label={props.title}>
      <div class="flex items-center gap-2 text-[13px] text-muted">
        <span aria-hidden="true">{props.icon}</span>
        <h3 class="font-medium">{props.title}</h3>
      </div>
      <p class="mt-1 text-2xl font-semibold tabular-nums" data-testid={props.testId}>
        {props.value}
      </p>
      <Show when={props.sub}>
        <p class="text-[12px] text-muted tabular-nums">{props.sub}</p>
      </Show>
      <div class="mt-2">
        <Sparkline t={props.t} series={props.series} max={props.max} />
      </div>
    </section>
  );
}
