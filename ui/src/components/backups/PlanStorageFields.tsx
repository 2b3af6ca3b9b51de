import { Show } from "solid-js";
import Cloud from "lucide-solid/icons/cloud";
import HardDrive from "lucide-solid/icons/hard-drive";
import type { StorageKind } from "../../api";
import { Alert } from "../ui/Alert";
import { Field } from "../ui/Field";
import { SecretInput } from "../ui/SecretInput";
import type { FormProps, PlanField } from "./planForm";
import { Segmented } from "./Segmented";

/** Where backups go: a folder on the server, or an S3-compatible bucket. Tested by the API before saving. */
export function PlanStorageFields(props: FormProps) {
  const f = () => props.form;
  // A field named by a storage error is marked invalid; the message itself shows once, under the fields.
  const err = (k: PlanField) => ({
    error: props.errors[k]?.trim() || null,
    "aria-invalid": props.errors[k] ? ("true" as const) : undefined,
  });
  const text = (k: PlanField) => ({
    value: f()[k] as string,
    onInput: (e: { currentTarget: HTMLInputElement }) => props.set(k, e.currentTarget.value),
    autocomplete: "off",
    autocapitalize: "none" as const,
    spellcheck: false,
    ...err(k),
  });

  return (
    <section class="space-y-3 rounded-md border border-line p-3" aria-label="Where">
      <Segmented<StorageKind>
        label="Where"
        testId="plan-storage-kind"
        value={f().storageKind}
        onChange={(v) => props.set("storageKind", v)}
        options={[
          { value: "local", label: "Folder on the server", icon: <HardDrive class="size-4" aria-hidden="true" /> },
          { value: "s3", label: "S3", icon: <Cloud class="size-4" aria-hidden="true" /> },
        ]}
      />
      <Show
        when={f().storageKind === "s3"}
        fallback={
          <Field label="Folder" placeholder="/var/backups/serverkit" hint="An absolute path on the server; created if missing. Better on another disk than the data." data-testid="plan-local-path" {...text("path")} />
        }
      >
        <div class="grid gap-3 sm:grid-cols-2">
          <Field label="Endpoint" placeholder="https://s3.eu-central-1.amazonaws.com" class="sm:col-span-2" data-testid="plan-s3-endpoint" {...text("endpoint")} />
          <Field label="Bucket" placeholder="my-backups" data-testid="plan-s3-bucket" {...text("bucket")} />
          <Field label="Prefix (optional)" placeholder="serverkit/" {...text("prefix")} />
          <Field label="Region (optional)" placeholder="us-east-1" {...text("region")} />
          <Field label="Access key ID" data-testid="plan-s3-access-key" {...text("accessKeyId")} />
          <SecretInput
            label="Secret access key"
            class="sm:col-span-2"
            hint="Stored encrypted; never shown again."
            value={f().secretAccessKey}
            onInput={(e) => props.set("secretAccessKey", e.currentTarget.value)}
            data-testid="plan-s3-secret-key"
            {...err("secretAccessKey")}
          />
        </div>
      </Show>
      <Show when={props.errors.storage}>
        <Alert kind="error" title="The storage test failed">
          <span data-testid="plan-storage-error">{props.errors.storage}</span>
        </Alert>
      </Show>
    </section>
  );
}
