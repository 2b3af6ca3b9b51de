import type { Component } from "solid-js";
import type { Role } from "../../api";
import LayoutDashboard from "lucide-solid/icons/layout-dashboard";
import ListChecks from "lucide-solid/icons/list-checks";
import AppWindow from "lucide-solid/icons/app-window";
import Globe from "lucide-solid/icons/globe";
import Database from "lucide-solid/icons/database";
import DatabaseBackup from "lucide-solid/icons/database-backup";
import LayoutTemplate from "lucide-solid/icons/layout-template";
import Container from "lucide-solid/icons/container";
import ScrollText from "lucide-solid/icons/scroll-text";
import Users from "lucide-solid/icons/users";
import Settings from "lucide-solid/icons/settings";
import Bell from "lucide-solid/icons/bell";
import Server from "lucide-solid/icons/server";
import FolderGit2 from "lucide-solid/icons/folder-git-2";

export interface NavItem {
  href: string;
  label: string;
  icon: Component<{ class?: string }>;
  minRole?: Role;
  end?: boolean;
}

/** Sidebar sections (more appear as features land: Apps, Domains, Databases, Backups...). */
export const NAV: NavItem[] = [
  { href: "/", label: "Dashboard", icon: LayoutDashboard, end: true },
  { href: "/apps", label: "Apps", icon: AppWindow },
  { href: "/projects", label: "Projects", icon: FolderGit2 },
  { href: "/templates", label: "Templates", icon: LayoutTemplate },
  { href: "/domains", label: "Domains", icon: Globe },
  { href: "/databases", label: "Databases", icon: Database },
  { href: "/backups", label: "Backups", icon: DatabaseBackup },
  { href: "/containers", label: "Containers", icon: Container },
  { href: "/servers", label: "Servers", icon: Server },
  { href: "/alerts", label: "Alerts", icon: Bell },
  { href: "/jobs", label: "Jobs", icon: ListChecks },
  { href: "/audit", label: "Audit log", icon: ScrollText, minRole: "admin" },
  { href: "/users", label: "Users", icon: Users, minRole: "admin" },
  { href: "/settings", label: "Settings", icon: Settings },
];
