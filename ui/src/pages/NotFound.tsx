import { A } from "@solidjs/router";
import { EmptyState } from "../components/ui/EmptyState";
import { buttonClass } from "../components/ui/Button";

export default function NotFound() {
  return (
    <EmptyState title="Page not found" action={<A href="/" class={buttonClass("primary")}>Go to the dashboard</A>}>
      There's nothing at this address. It may have moved, or the link is mistyped.
    </EmptyState>
  );
}
