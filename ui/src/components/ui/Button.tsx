import { splitProps, Show, type JSX } from "solid-js";
import LoaderCircle from "lucide-solid/icons/loader-circle";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-primary text-primary-fg hover:bg-primary-hover border border-transparent",
  secondary: "bg-surface text-fg border border-line-strong hover:bg-surface-2",
  ghost: "bg-transparent text-fg border border-transparent hover:bg-surface-2",
  danger: "bg-danger-solid text-white border border-transparent hover:opacity-90",
};

export const buttonClass = (variant: ButtonVariant = "secondary", size: "sm" | "md" = "md"): string =>
  [
    "inline-flex items-center justify-center gap-1.5 rounded-md font-medium whitespace-nowrap transition-colors",
    "disabled:cursor-not-allowed disabled:opacity-60",
    size === "sm" ? "h-7 px-2.5 text-[13px]" : "h-9 px-3.5",
    VARIANTS[variant],
  ].join(" ");

export interface ButtonProps extends JSX.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: "sm" | "md";
  loading?: boolean;
}

export function Button(props: ButtonProps) {
  const [local, rest] = splitProps(props, ["variant", "size", "loading", "class", "children", "disabled", "type"]);
  return (
    <button
      type={local.type ?? "button"}
      class={`${buttonClass(local.variant, local.size)} ${local.class ?? ""}`}
      disabled={local.disabled || local.loading}
      aria-busy={local.loading ? "true" : undefined}
      {...rest}
    >
      <Show when={local.loading}>
        <LoaderCircle class="size-4 animate-spin" aria-hidden="true" />
      </Show>
      {local.children}
    </button>
  );
}

/** Square icon-only button; `label` becomes its accessible name. */
export function IconButton(props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { label: string }) {
  const [local, rest] = splitProps(props, ["label", "class", "children"]);
  return (
    <button
      type="button"
      aria-label={local.label}
      title={local.label}
      class={`inline-flex size-8 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg disabled:opacity-50 ${local.class ?? ""}`}
      {...rest}
    >
      {local.children}
    </button>
  );
}
