import { For } from "solid-js";
import Download from "lucide-solid/icons/download";
import { Alert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { CopyButton } from "../ui/CopyButton";

function download(codes: string[], username: string) {
  const text = `ServerKit recovery codes for ${username}\nEach code works once.\n\n${codes.join("\n")}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `serverkit-recovery-codes-${username}.txt`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The 10 recovery codes, shown once right after enabling 2FA. */
export function RecoveryCodes(props: { codes: string[]; username: string; onDone: () => void }) {
  return (
    <div class="space-y-4">
      <Alert kind="warning" title="Save your recovery codes now">
        Each code signs you in once if you lose your authenticator. They won't be shown again.
      </Alert>
      <ol
        data-testid="recovery-codes"
        aria-label="Recovery codes"
        class="grid max-w-md grid-cols-2 gap-x-6 gap-y-1 rounded-md border border-line bg-surface-2 p-4 font-mono text-[13px]"
      >
        <For each={props.codes}>{(c) => <li>{c}</li>}</For>
      </ol>
      <div class="flex flex-wrap gap-2">
        <CopyButton text={props.codes.join("\n")} what="Recovery codes" size="md" />
        <Button onClick={() => download(props.codes, props.username)}>
          <Download class="size-4" aria-hidden="true" /> Download
        </Button>
        <Button variant="primary" onClick={() => props.onDone()}>
          I've saved them
        </Button>
      </div>
    </div>
  );
}
