import { useSearchParams } from "@solidjs/router";

/** Opens the container drawer (on pages that mount <ContainerDrawer />) via ?container=<id>. */
export function useOpenContainer(): (id: string) => void {
  const [, setParams] = useSearchParams();
  return (id: string) => setParams({ container: id });
}
