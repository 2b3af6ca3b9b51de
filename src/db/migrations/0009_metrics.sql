CREATE TABLE `metric_scopes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`server_id` text NOT NULL,
	`kind` text NOT NULL,
	`ref` text NOT NULL,
	`app` text,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `metric_scopes_ref_idx` ON `metric_scopes` (`server_id`,`kind`,`ref`);--> statement-breakpoint
CREATE INDEX `metric_scopes_kind_idx` ON `metric_scopes` (`kind`,`ref`);--> statement-breakpoint
CREATE TABLE `metric_points_raw` (
	`scope_id` integer NOT NULL,
	`t` integer NOT NULL,
	`cpu` real,
	`mem` real,
	`mem_pct` real,
	`disk_pct` real,
	`rx` real,
	`tx` real,
	`load1` real,
	`blk_r` real,
	`blk_w` real,
	PRIMARY KEY(`scope_id`, `t`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `metric_points_5m` (
	`scope_id` integer NOT NULL,
	`t` integer NOT NULL,
	`cpu` real,
	`mem` real,
	`mem_pct` real,
	`disk_pct` real,
	`rx` real,
	`tx` real,
	`load1` real,
	`blk_r` real,
	`blk_w` real,
	PRIMARY KEY(`scope_id`, `t`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `metric_points_1h` (
	`scope_id` integer NOT NULL,
	`t` integer NOT NULL,
	`cpu` real,
	`mem` real,
	`mem_pct` real,
	`disk_pct` real,
	`rx` real,
	`tx` real,
	`load1` real,
	`blk_r` real,
	`blk_w` real,
	PRIMARY KEY(`scope_id`, `t`)
) WITHOUT ROWID;
