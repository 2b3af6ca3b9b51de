import Download from "lucide-solid/icons/download";
import { api, type Backup } from "../../api";
import { formatBytes } from "../../lib/format";
import { downloadUrl } from "../../lib/download";
import { ActionMenu } from "../ui/ActionMenu";

const WHAT = { volume: "Volume", files: "App files", database: "Database" } as const;

/** Download a backup's parts, decrypted, each in its own tool's format (admins; the server audits it). */
export function DownloadPartsMenu(props: { backup: Backup }) {
  return (
    <ActionMenu
      label="Download parts of this backup"
      testId="download-backup"
      actions={props.backup.parts.map((p, i) => ({
        label: `${WHAT[p.kind] ?? p.kind} ${p.kind === "files" ? "" : p.name} (${formatBytes(p.plainBytes)})`,
        icon: <Download class="size-3.5" aria-hidden="true" />,
        onSelect: () => downloadUrl(api.backups.partUrl(props.backup.id, i)),
        testId: `download-part-${i}`,
      }))}
    />
  );
}
