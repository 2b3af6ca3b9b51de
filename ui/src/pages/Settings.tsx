import { Show } from "solid-js";
import { can } from "../lib/session";
import { PageHeader } from "../components/ui/Page";
import { AccountCard } from "../components/settings/AccountCard";
import { PasswordCard } from "../components/settings/PasswordCard";
import { TwoFactorCard } from "../components/settings/TwoFactorCard";
import { TokensCard } from "../components/settings/TokensCard";
import { CertificatesCard } from "../components/settings/CertificatesCard";

export default function Settings() {
  return (
    <>
      <PageHeader title="Settings" description={can("admin") ? "Your profile, sign-in security, API tokens and certificate settings." : "Your profile, sign-in security and API tokens."} />
      <div class="space-y-4">
        <AccountCard />
        <PasswordCard />
        <TwoFactorCard />
        <TokensCard />
        <Show when={can("admin")}>
          <CertificatesCard />
        </Show>
      </div>
    </>
  );
}
