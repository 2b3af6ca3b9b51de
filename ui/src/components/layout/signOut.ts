import { useNavigate } from "@solidjs/router";
import { api } from "../../api";
import { clearSession } from "../../lib/session";
import { toast } from "../../lib/toast";

/** Sign out: end the server session (best effort), forget local state, go to /login. */
export function useSignOut(): () => Promise<void> {
  const navigate = useNavigate();
  return async () => {
    try {
      await api.auth.logout();
    } catch {
      // Session may already be gone; signing out locally is what matters.
    }
    clearSession();
    toast.clear();
    navigate("/login", { replace: true });
  };
}
