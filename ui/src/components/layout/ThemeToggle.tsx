import { Show } from "solid-js";
import { Tooltip } from "@kobalte/core/tooltip";
import Sun from "lucide-solid/icons/sun";
import Moon from "lucide-solid/icons/moon";
import { theme, toggleTheme } from "../../lib/theme";

export function ThemeToggle() {
  const label = () => (theme() === "dark" ? "Switch to light theme" : "Switch to dark theme");
  return (
    <Tooltip openDelay={400}>
      <Tooltip.Trigger
        aria-label={label()}
        onClick={toggleTheme}
        class="inline-flex size-9 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg"
      >
        <Show when={theme() === "dark"} fallback={<Moon class="size-4" aria-hidden="true" />}>
          <Sun class="size-4" aria-hidden="true" />
        </Show>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content class="anim-fade z-[70] rounded bg-fg px-2 py-1 text-[12px] text-canvas shadow-pop">
          {label()}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip>
  );
}
