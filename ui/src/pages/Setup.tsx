import { createSignal } from "solid-js";
import { useNavigate } from "@solidjs/router";
import { api, errorMessage, isApiError } from "../api";
import { setSession, setSetupNeeded } from "../lib/session";
import { toast } from "../lib/toast";
import { AuthFrame } from "../components/layout/FullPage";
import { Button } from "../components/ui/Button";
import { Field } from "../components/ui/Field";
import { ErrorAlert } from "../components/ui/Alert";

const USERNAME_RE = /^[a-z0-9_.-]{3,32}$/;

export default function Setup() {
  const navigate = useNavigate();
  const [username, setUsername] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [touched, setTouched] = createSignal(false);

  const usernameError = () =>
    touched() && !USERNAME_RE.test(username())
      ? "3–32 characters: lowercase letters, digits, dot, dash or underscore."
      : null;
  const passwordError = () => (touched() && password().length < 10 ? "At least 10 characters." : null);

  async function submit(e: Event) {
    e.preventDefault();
    setTouched(true);
    if (usernameError() || passwordError()) return;
    setBusy(true);
    setError(null);
    try {
      const s = await api.setup.create({ username: username(), password: password(), email: email().trim() || undefined });
      setSession(s);
      setSetupNeeded(false);
      toast.success("Owner account created", `Welcome to ServerKit, ${s.user.username}.`);
      navigate("/", { replace: true });
    } catch (err) {
      if (isApiError(err) && err.code === "setup_complete") {
        setSetupNeeded(false);
        navigate("/login", { replace: true });
        return;
      }
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame
      title="Welcome to ServerKit"
      subtitle="Create the owner account. The owner can manage everything, including other users."
    >
      <form onSubmit={submit} class="space-y-4" novalidate>
        <Field
          label="Username"
          name="username"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          required
          value={username()}
          onInput={(e) => setUsername(e.currentTarget.value.toLowerCase())}
          error={usernameError()}
          hint={usernameError() ? undefined : "Lowercase letters, digits, . _ -"}
          autofocus
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autocomplete="email"
          value={email()}
          onInput={(e) => setEmail(e.currentTarget.value)}
          hint="Optional. Used for notifications later."
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          minLength={10}
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
          error={passwordError()}
          hint={passwordError() ? undefined : "At least 10 characters. A passphrase works well."}
        />
        <ErrorAlert message={error()} />
        <Button type="submit" variant="primary" class="w-full" loading={busy()}>
          Create owner account
        </Button>
      </form>
    </AuthFrame>
  );
}
