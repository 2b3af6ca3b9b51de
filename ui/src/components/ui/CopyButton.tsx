import { createSignal } from "solid-js";
import Copy from "lucide-solid/icons/copy";
import Check from "lucide-solid/icons/check";
import { Button } from "./Button";
import { toast } from "../../lib/toast";

async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Insecure context (plain http on a LAN IP): fall back to a hidden textarea.
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}

/** "Copy" button; the label stays "Copy" for a stable accessible name, the icon confirms. */
export function CopyButton(props: { text: string; label?: string; size?: "sm" | "md"; what?: string; testId?: string }) {
  const [copied, setCopied] = createSignal(false);
  async function copy() {
    if (await writeClipboard(props.text)) {
      setCopied(true);
      toast.success(`${props.what ?? "Value"} copied to clipboard`);
      setTimeout(() => setCopied(false), 2000);
    } else {
      toast.error("Couldn't copy", "Select the text and copy it manually.");
    }
  }
  return (
    <Button size={props.size ?? "sm"} onClick={copy} data-testid={props.testId}>
      {copied() ? <Check class="size-3.5 text-success" aria-hidden="true" /> : <Copy class="size-3.5" aria-hidden="true" />}
      {props.label ?? "Copy"}
    </Button>
  );
}
