import { createEffect, createSignal } from "solid-js";
import { api, errorMessage, isApiError, type Domain } from "../../api";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Modal, ModalActions } from "../ui/Modal";
import { PemField } from "./PemField";

type Where = "certificate" | "key" | "form";

/** Which field a validation error is about (`key_mismatch` concerns both: shown under the form). */
const FIELD: Record<string, Where> = {
  invalid_certificate: "certificate",
  chain_incomplete: "certificate",
  names_not_covered: "certificate",
  certificate_expired: "certificate",
  invalid_key: "key",
};

/** Upload a certificate chain and its private key (PEM) for a domain. */
export function UploadCertificateDialog(props: {
  domain: Domain | null;
  open: boolean;
  onOpenChange: (v: boolean) => void;
  onUploaded: (d: Domain) => void;
}) {
  const [cert, setCert] = createSignal("");
  const [key, setKey] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<{ where: Where; message: string } | null>(null);

  createEffect(() => {
    if (props.open) {
      setCert("");
      setKey("");
      setError(null);
    }
  });

  const errorAt = (w: Where) => (error()?.where === w ? error()!.message : null);

  async function submit(e: Event) {
    e.preventDefault();
    const d = props.domain;
    if (!d) return;
    if (!cert().trim()) return setError({ where: "certificate", message: "Paste the certificate chain or choose its file." });
    if (!key().trim()) return setError({ where: "key", message: "Paste the private key or choose its file." });
    setBusy(true);
    setError(null);
    try {
      const res = await api.domains.uploadCertificate(d.id, { certificate: cert().trim() + "\n", key: key().trim() + "\n" });
      toast.success(`Certificate installed for ${d.hostname}`, "Nginx now serves it over HTTPS.");
      props.onUploaded(res.domain);
      props.onOpenChange(false);
    } catch (x) {
      setError({ where: isApiError(x) ? (FIELD[x.code] ?? "form") : "form", message: errorMessage(x) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      size="lg"
      title="Upload certificate"
      description={<>Install your own certificate for {props.domain?.hostname}. It must cover {props.domain?.names.join(", ")} and won't be renewed automatically.</>}
    >
      <form onSubmit={submit} class="space-y-4" novalidate>
        <PemField
          label="Certificate chain"
          placeholder={"-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"}
          hint="PEM: the domain's certificate first, then the intermediates."
          accept=".pem,.crt,.cer,.cert,.txt"
          testId="upload-certificate-chain"
          value={cert()}
          onInput={(v) => (setCert(v), error()?.where === "certificate" && setError(null))}
          error={errorAt("certificate")}
        />
        <PemField
          label="Private key"
          placeholder={"-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----"}
          hint="PEM, unencrypted. Stored on the server for nginx only; it is never shown again."
          accept=".pem,.key,.txt"
          testId="upload-certificate-key"
          value={key()}
          onInput={(v) => (setKey(v), error()?.where === "key" && setError(null))}
          error={errorAt("key")}
        />
        <ErrorAlert message={errorAt("form")} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="upload-certificate-submit">
            Install certificate
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
