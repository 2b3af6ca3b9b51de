import type { JSX } from "solid-js";
import { Tooltip } from "@kobalte/core/tooltip";

/**
 * Hover/focus tooltip around inline content (a badge...). The trigger is focusable so keyboard
 * users can read it too; don't put the only copy of important text here (touch has no hover).
 */
export function Tip(props: { content: JSX.Element; children: JSX.Element; class?: string }) {
  return (
    <Tooltip openDelay={250} placement="top">
      <Tooltip.Trigger as="span" tabindex="0" class={`inline-flex rounded-full outline-offset-2 ${props.class ?? ""}`}>
        {props.children}
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content class="anim-fade z-[70] max-w-xs rounded bg-fg px-2 py-1 text-[12px] text-canvas shadow-pop [overflow-wrap:anywhere]">
          {props.content}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip>
  );
}
