import { Show } from "solid-js";
import { Checkbox } from "../ui/Checkbox";
import { Field } from "../ui/Field";
import { SelectField } from "../ui/SelectField";
import type { FormProps, PlanField } from "./planForm";
import { cronInWords, DRILL_PRESETS, looksLikeCron, SCHEDULE_PRESETS, type DrillPreset, type SchedulePreset } from "./schedule";

/** When (schedule presets or a cron), how many to keep, stopping the app, and restore drills. */
export function PlanWhenFields(props: FormProps) {
  const f = () => props.form;
  const num = (k: PlanField, label: string, extra: Record<string, string> = {}) => (
    <Field
      label={label}
      inputmode="numeric"
      value={f()[k] as string}
      onInput={(e) => props.set(k, e.currentTarget.value)}
      error={props.errors[k] ?? null}
      {...extra}
    />
  );
  const words = () => (looksLikeCron(f().cron) ? cronInWords(f().cron) : null);
  const advancedOpen = () => !!(props.errors.daily || props.errors.weekly || props.errors.monthly || props.errors.drill);

  return (
    <section class="space-y-3" aria-label="When and how many">
      <div class="grid gap-3 sm:grid-cols-2">
        <SelectField<SchedulePreset>
          label="Schedule"
          testId="plan-schedule"
          options={SCHEDULE_PRESETS.map((p) => ({ value: p.value, label: p.label }))}
          value={f().preset}
          onChange={(v) => props.set("preset", v)}
        />
        {num("keepLast", "Keep the last", { "data-testid": "plan-keep-last", hint: "Older backups are deleted from storage after each run." } as Record<string, string>)}
      </div>
      <Show when={f().preset === "custom"}>
        <Field
          label="Cron expression"
          placeholder="30 2 * * 1-5"
          autocomplete="off"
          spellcheck={false}
          value={f().cron}
          onInput={(e) => props.set("cron", e.currentTarget.value)}
          error={props.errors.cron ?? null}
          hint={words() ? `Runs ${words()} (server time).` : "minute hour day-of-month month day-of-week, in the server's time zone."}
          data-testid="plan-cron"
        />
      </Show>
      <Show when={f().scope === "app"}>
        <Checkbox
          label="Stop the app while backing up"
          checked={f().stopApp}
          onChange={(v) => props.set("stopApp", v)}
          description="Its files are copied while nothing writes to them, so they are consistent (needed by apps keeping a database in a volume, e.g. SQLite). The app is down for the length of the backup; linked databases are dumped live either way."
        />
      </Show>
      <details class="rounded-md border border-line px-3 py-2" open={advancedOpen()}>
        <summary class="cursor-pointer text-[13px] font-medium">Advanced: longer retention and restore drills</summary>
        <p class="mt-2 text-[12px] text-muted">
          Besides the last ones, also keep the newest backup of each of the last N days, weeks and months (0 = none).
        </p>
        <div class="mt-2 grid grid-cols-3 gap-3">
          {num("daily", "Daily")}
          {num("weekly", "Weekly")}
          {num("monthly", "Monthly")}
        </div>
        <div class="mt-3 pb-1">
          <SelectField<DrillPreset>
            label="Restore drill"
            options={DRILL_PRESETS.map((p) => ({ value: p.value, label: p.label }))}
            value={f().drill}
            onChange={(v) => props.set("drill", v)}
          />
          <p class="mt-1 text-[12px] text-muted">
            A drill restores the latest backup into a scratch copy and checks it, without touching the app; backups it checked show “Verified”.
          </p>
          <Show when={props.errors.drill}><p class="mt-1 text-[12px] text-danger">{props.errors.drill}</p></Show>
        </div>
      </details>
    </section>
  );
}
