// The owner's custom snippet goes into the app's server block as written, so it must not be
// able to end that block early and start a server of its own: braces must balance and never
// close more than they opened. Anything nginx itself dislikes is caught by `nginx -t` and the
// change is refused with nginx's text.
import { invalid } from "../lib/errors.ts";

export function checkSnippet(text: string): string {
  if (text.includes("\u0000")) throw invalid("invalid_snippet", "The snippet contains a NUL character.");
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === "#") {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth < 0) throw invalid("invalid_snippet", "The snippet closes a block it did not open (an extra `}`).");
  }
  if (quote) throw invalid("invalid_snippet", "The snippet has an unterminated quote.");
  if (depth !== 0) throw invalid("invalid_snippet", "The snippet opens a block it does not close (a missing `}`).");
  return text;
}
