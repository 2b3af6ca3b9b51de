import { createSignal, Show } from "solid-js";
import ArrowRight from "lucide-solid/icons/arrow-right";
import ShieldCheck from "lucide-solid/icons/shield-check";
import ShieldOff from "lucide-solid/icons/shield-off";
import Upload from "lucide-solid/icons/upload";
import Stethoscope from "lucide-solid/icons/stethoscope";
import SearchCheck from "lucide-solid/icons/search-check";
import Trash2 from "lucide-solid/icons/trash";
import { api, type Domain, type Job } from "../../api";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import type { MenuAction } from "../ui/ActionMenu";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ObtainCertificateDialog } from "./ObtainCertificateDialog";
import { UploadCertificateDialog } from "./UploadCertificateDialog";

/**
 * Certificate and domain actions shared by the Domains list (row menu) and the domain page
 * (buttons): obtain/renew, upload, remove the certificate, remove the domain. Render `dialogs` once.
 */
export function createDomainActions(opts: {
  onChanged: (d: Domain) => void;
  onRemoved: (d: Domain) => void;
  /** A certificate job started (the list opens the job drawer; the domain page shows it inline). */
  onJob: (job: Job, d: Domain) => void;
  onOpen?: (d: Domain) => void;
  onDiagnose?: (d: Domain) => void;
  onCheckDns?: (d: Domain) => void;
}) {
  const [obtaining, setObtaining] = createSignal<Domain | null>(null);
  const [uploading, setUploading] = createSignal<Domain | null>(null);
  const [removingCert, setRemovingCert] = createSignal<Domain | null>(null);
  const [removing, setRemoving] = createSignal<Domain | null>(null);

  const renewable = (d: Domain) => d.certificate?.state === "active" && d.certificate.source === "acme";
  const obtainLabel = (d: Domain) => (renewable(d) ? "Renew certificate now" : d.certificate?.state === "failed" ? "Retry certificate" : "Get certificate");

  const menu = (d: Domain): MenuAction[] => {
    const items: MenuAction[] = [];
    if (opts.onOpen) items.push({ label: "Open", icon: <ArrowRight class="size-4" />, onSelect: () => opts.onOpen?.(d), testId: "domain-open" });
    if (opts.onCheckDns) items.push({ label: "Check DNS", icon: <SearchCheck class="size-4" />, onSelect: () => opts.onCheckDns?.(d) });
    if (opts.onDiagnose) items.push({ label: "Diagnose", icon: <Stethoscope class="size-4" />, onSelect: () => opts.onDiagnose?.(d), testId: "domain-diagnose" });
    if (!can("operator")) return items;
    const issuing = d.certificate?.state === "issuing";
    items.push(
      { label: obtainLabel(d), icon: <ShieldCheck class="size-4" />, onSelect: () => setObtaining(d), disabled: issuing, separated: items.length > 0, testId: "obtain-certificate" },
      { label: "Upload certificate…", icon: <Upload class="size-4" />, onSelect: () => setUploading(d), disabled: issuing, testId: "upload-certificate" },
      { label: "Remove certificate…", icon: <ShieldOff class="size-4" />, onSelect: () => setRemovingCert(d), disabled: !d.certificate && !d.tls, danger: true, separated: true, testId: "remove-certificate" },
      { label: "Remove domain…", icon: <Trash2 class="size-4" />, onSelect: () => setRemoving(d), danger: true, testId: "remove-domain" },
    );
    return items;
  };

  const dialogs = (
    <>
      <ObtainCertificateDialog
        domain={obtaining()}
        open={!!obtaining()}
        onOpenChange={(o) => !o && setObtaining(null)}
        onStarted={(job, d) => {
          // The returned domain names its job; make sure of it so the job can be followed at once.
          const withJob = d.certificate && !d.certificate.jobId ? { ...d, certificate: { ...d.certificate, jobId: job.id } } : d;
          opts.onChanged(withJob);
          opts.onJob(job, withJob);
        }}
      />
      <UploadCertificateDialog domain={uploading()} open={!!uploading()} onOpenChange={(o) => !o && setUploading(null)} onUploaded={opts.onChanged} />
      <ConfirmDialog
        open={!!removingCert()}
        onOpenChange={(o) => !o && setRemovingCert(null)}
        title={`Remove the certificate of ${removingCert()?.hostname ?? "this domain"}`}
        confirmLabel="Remove certificate"
        onConfirm={async () => {
          const d = removingCert();
          if (!d) return;
          const res = await api.domains.removeCertificate(d.id);
          opts.onChanged(res.domain);
          toast.success(`${d.hostname} is back on plain HTTP`);
        }}
      >
        <div class="space-y-2">
          <p>
            Nginx serves <strong>{removingCert()?.hostname}</strong> over plain HTTP again and stops answering HTTPS. The certificate and its key
            are deleted from the server{removingCert()?.certificate?.source === "acme" ? " and no longer renewed" : ""}.
          </p>
          <Show when={removingCert()?.options.hsts}>
            <p class="font-medium text-warning">
              HSTS is on: browsers that visited the site will refuse plain HTTP until their HSTS memory expires.
            </p>
          </Show>
        </div>
      </ConfirmDialog>
      <ConfirmDialog
        open={!!removing()}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing()?.hostname ?? "domain"}`}
        confirmLabel="Remove domain"
        typeToConfirm={removing()?.hostname}
        onConfirm={async () => {
          const d = removing();
          if (!d) return;
          await api.domains.remove(d.id);
          opts.onRemoved(d);
          toast.success(`${d.hostname} removed`);
        }}
      >
        <p>
          Nginx stops answering <strong>{removing()?.hostname}</strong>
          {removing()?.aliases.length ? <> and {removing()!.aliases.join(", ")}</> : null}
          {removing()?.certificate ? <>, and its certificate is deleted</> : null}. The app {removing()?.appName} keeps running on its ports.
        </p>
      </ConfirmDialog>
    </>
  );

  return {
    menu,
    dialogs,
    obtainLabel,
    askObtain: setObtaining,
    askUpload: setUploading,
    askRemoveCertificate: setRemovingCert,
    askRemove: setRemoving,
  };
}
