import type { Role } from "../../api";
import { Badge } from "../ui/Badge";
import { ROLE_LABEL } from "./permissions";

export function RoleBadge(props: { role: Role }) {
  return (
    <Badge tone={props.role === "owner" || props.role === "admin" ? "accent" : "neutral"}>{ROLE_LABEL[props.role]}</Badge>
  );
}
