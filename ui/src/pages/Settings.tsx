import { PageHeader } from "../components/ui/Page";
import { AccountCard } from "../components/settings/AccountCard";
import { PasswordCard } from "../components/settings/PasswordCard";
import { TwoFactorCard } from "../components/settings/TwoFactorCard";
import { TokensCard } from "../components/settings/TokensCard";

export default function Settings() {
  return (
    <>
      <PageHeader title="Settings" description="Your profile, sign-in security and API tokens." />
      <div class="space-y-4">
        <AccountCard />
        <PasswordCard />
        <TwoFactorCard />
        <TokensCard />
      </div>
    </>
  );
}
