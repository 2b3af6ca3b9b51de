import { createSignal, Show } from "solid-js";
import { useNavigate, useSearchParams } from "@solidjs/router";
import { api, errorMessage, isApiError, type Session } from "../api";
import { safeNext, setSession } from "../lib/session";
import { AuthFrame } from "../components/layout/FullPage";
import { Button } from "../components/ui/Button";
import { Field } from "../components/ui/Field";
import { Alert, ErrorAlert } from "../components/ui/Alert";

function loginError(e: unknown): string {
  if (isApiError(e) && e.code === "too_many_attempts") {
    const d = e.details as { retryAfterSeconds?: number } | undefined;
    const s = d?.retryAfterSeconds;
    if (s) return `Too many attempts. Try again in ${s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`}.`;
  }
  return errorMessage(e);
}

export default function Login() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [code, setCode] = createSignal("");
  const [challenge, setChallenge] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const finish = (s: Session) => {
    setSession(s);
    navigate(safeNext(typeof params.next === "string" ? params.next : null), { replace: true });
  };

  async function submitPassword(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.auth.login({ username: username().trim(), password: password() });
      if ("twoFactorRequired" in res && res.twoFactorRequired) {
        setChallenge(res.challenge);
        setPassword("");
      } else finish(res as Session);
    } catch (err) {
      setError(loginError(err));
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(e: Event) {
    e.preventDefault();
    const c = challenge();
    if (!c) return;
    setBusy(true);
    setError(null);
    try {
      finish(await api.auth.loginTwoFactor({ challenge: c, code: code().trim().replace(/\s+/g, "") }));
    } catch (err) {
      setError(loginError(err));
      if (isApiError(err) && err.code !== "invalid_code" && err.status === 401) {
        // Challenge expired: start over.
        setChallenge(null);
        setCode("");
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show
      when={challenge()}
      fallback={
        <AuthFrame title="Sign in" subtitle="Sign in to manage your servers.">
          <form onSubmit={submitPassword} class="space-y-4">
            <Show when={params.next && !error()}>
              <Alert kind="info">Sign in to continue where you left off.</Alert>
            </Show>
            <Field
              label="Username"
              name="username"
              autocomplete="username"
              autocapitalize="none"
              spellcheck={false}
              required
              value={username()}
              onInput={(e) => setUsername(e.currentTarget.value)}
              autofocus
            />
            <Field
              label="Password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            <ErrorAlert message={error()} />
            <Button type="submit" variant="primary" class="w-full" loading={busy()}>
              Sign in
            </Button>
          </form>
        </AuthFrame>
      }
    >
      <AuthFrame
        title="Two-factor authentication"
        subtitle="Enter the 6-digit code from your authenticator app, or one of your recovery codes."
      >
        <form onSubmit={submitCode} class="space-y-4">
          <Field
            label="Authentication code"
            name="code"
            autocomplete="one-time-code"
            autocapitalize="none"
            spellcheck={false}
            required
            class="[&_input]:font-mono [&_input]:tracking-wider"
            placeholder="123456 or xxxxx-xxxxx"
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value)}
            autofocus
          />
          <ErrorAlert message={error()} />
          <Button type="submit" variant="primary" class="w-full" loading={busy()}>
            Verify
          </Button>
          <button
            type="button"
            class="w-full text-center text-[13px] text-accent underline-offset-2 hover:underline"
            onClick={() => {
              setChallenge(null);
              setCode("");
              setError(null);
            }}
          >
            Use a different account
          </button>
        </form>
      </AuthFrame>
    </Show>
  );
}
