import type { Certificate } from "../../api";
import { formatDateTime } from "../../lib/format";
import { ProgressBar } from "../ui/ProgressBar";
import { expiryLabel, expiryTone } from "./cert";

/** How far through its validity a certificate is, coloured by the days left. */
export function ValidityBar(props: { certificate: Certificate; now: number }) {
  const span = () => {
    const from = Date.parse(props.certificate.notBefore ?? "");
    const to = Date.parse(props.certificate.notAfter ?? "");
    return Number.isFinite(from) && Number.isFinite(to) && to > from ? { from, to } : null;
  };
  const used = () => {
    const s = span();
    return s ? ((props.now - s.from) / (s.to - s.from)) * 100 : null;
  };
  const tone = () => {
    const t = expiryTone(props.certificate.daysLeft);
    return t === "neutral" ? "accent" : t;
  };
  const days = () => props.certificate.daysLeft;
  return (
    <div>
      <div class="mb-1 flex items-baseline justify-between gap-2 text-[13px]">
        <span class="font-medium">Validity</span>
        <span
          data-testid="certificate-days-left"
          class={{ danger: "text-danger", warning: "text-warning", success: "text-success", accent: "text-muted" }[tone()]}
        >
          {days() !== null && days()! >= 0 ? `${days()} day${days() === 1 ? "" : "s"} left` : expiryLabel(days())}
        </span>
      </div>
      <ProgressBar value={used()} label={`Certificate validity used, ${expiryLabel(days())}`} tone={tone()} size="md" />
      <div class="mt-1 flex justify-between gap-2 text-[12px] text-muted">
        <span>{formatDateTime(props.certificate.notBefore)}</span>
        <span>{formatDateTime(props.certificate.notAfter)}</span>
      </div>
    </div>
  );
}
