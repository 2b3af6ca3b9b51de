import { Field } from "../ui/Field";

/** The app name input (a DNS label; also the Compose project name). */
export function AppNameField(props: { value: string; onInput: (v: string) => void; error?: string | null; server: string }) {
  return (
    <Field
      label="App name"
      value={props.value}
      onInput={(e) => props.onInput(e.currentTarget.value.toLowerCase())}
      error={props.error}
      hint={`Lower-case letters, digits and -; unique on ${props.server}. Names its containers and volumes.`}
      autocomplete="off"
      autocapitalize="none"
      spellcheck={false}
      maxLength={63}
      aria-required="true"
      class="max-w-sm"
    />
  );
}

/** A free name based on `base` ("ghost", "ghost-2"...). */
export function suggestName(base: string, taken: Set<string>): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 55) || "app";
  if (!taken.has(clean)) return clean;
  for (let i = 2; i < 100; i++) if (!taken.has(`${clean}-${i}`)) return `${clean}-${i}`;
  return clean;
}
