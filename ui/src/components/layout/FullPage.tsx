import type { JSX } from "solid-js";
import RotateCcw from "lucide-solid/icons/rotate-ccw";
import { errorMessage } from "../../api";
import { Button } from "../ui/Button";
import { Loading } from "../ui/Loading";
import { Logo } from "./Logo";

export function FullPageLoading() {
  return (
    <div class="flex min-h-dvh items-center justify-center">
      <Loading label="Loading ServerKit…" />
    </div>
  );
}

export function FullPageError(props: { error: unknown; onRetry: () => void }) {
  return (
    <AuthFrame title="Can't reach ServerKit">
      <p role="alert" class="text-[13px] text-muted">
        {errorMessage(props.error)}
      </p>
      <Button class="mt-4 w-full" onClick={() => props.onRetry()}>
        <RotateCcw class="size-4" aria-hidden="true" /> Retry
      </Button>
    </AuthFrame>
  );
}

/** Centered card used by setup, login and fatal error screens. */
export function AuthFrame(props: { title: string; subtitle?: JSX.Element; children: JSX.Element }) {
  return (
    <main class="flex min-h-dvh items-center justify-center px-4 py-10">
      <div class="w-full max-w-sm">
        <div class="mb-6 flex justify-center">
          <Logo />
        </div>
        <div class="rounded-xl border border-line bg-surface p-6 shadow-pop">
          <h1 class="text-lg font-semibold">{props.title}</h1>
          {props.subtitle && <p class="mt-1 text-[13px] text-muted">{props.subtitle}</p>}
          <div class="mt-5">{props.children}</div>
        </div>
      </div>
    </main>
  );
}
