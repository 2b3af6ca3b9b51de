import { createSignal } from "solid-js";
import { api, errorMessage, isApiError } from "../../api";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Card } from "../ui/Page";

export function PasswordCard() {
  const [current, setCurrent] = createSignal("");
  const [next, setNext] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [currentError, setCurrentError] = createSignal<string | null>(null);

  const tooShort = () => next().length > 0 && next().length < 10;

  async function submit(e: Event) {
    e.preventDefault();
    if (next().length < 10) return;
    setBusy(true);
    setError(null);
    setCurrentError(null);
    try {
      await api.auth.changePassword({ currentPassword: current(), newPassword: next() });
      setCurrent("");
      setNext("");
      toast.success("Password changed");
    } catch (err) {
      if (isApiError(err) && err.code === "invalid_password") setCurrentError(err.message);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Password" id="password">
      <form onSubmit={submit} class="max-w-sm space-y-4">
        {/* Hidden username helps password managers update the right entry. */}
        <Field
          label="Current password"
          type="password"
          autocomplete="current-password"
          required
          value={current()}
          onInput={(e) => setCurrent(e.currentTarget.value)}
          error={currentError()}
        />
        <Field
          label="New password"
          type="password"
          autocomplete="new-password"
          required
          minLength={10}
          value={next()}
          onInput={(e) => setNext(e.currentTarget.value)}
          error={tooShort() ? "At least 10 characters." : null}
          hint={tooShort() ? undefined : "At least 10 characters."}
        />
        <ErrorAlert message={error()} />
        <Button type="submit" variant="primary" loading={busy()} disabled={!current() || next().length < 10}>
          Change password
        </Button>
      </form>
    </Card>
  );
}
