CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`config_source` text DEFAULT 'ui' NOT NULL,
	`config_yaml` text,
	`config_app_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_name_unique` ON `projects` (`name`);
--> statement-breakpoint
CREATE TABLE `environments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`app_id` integer NOT NULL,
	`domain` text,
	`position` integer DEFAULT 0 NOT NULL,
	`sync_source` text,
	`sync_schedule` text,
	`search_replace` text DEFAULT '[]' NOT NULL,
	`anonymize_users` integer DEFAULT false NOT NULL,
	`keep_users` text DEFAULT '[]' NOT NULL,
	`truncate_tables` text DEFAULT '[]' NOT NULL,
	`exclude_tables` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `environments_project_name_unique` ON `environments` (`project_id`,`name`);
--> statement-breakpoint
CREATE INDEX `environments_app_idx` ON `environments` (`app_id`);
--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`source_env_id` integer NOT NULL,
	`target_env_id` integer NOT NULL,
	`job_id` text,
	`dry_run` integer DEFAULT false NOT NULL,
	`trigger` text DEFAULT 'manual' NOT NULL,
	`status` text NOT NULL,
	`report` text,
	`error` text,
	`database_server_id` integer,
	`live_database` text,
	`previous_database` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	`reverted_at` integer
);
--> statement-breakpoint
CREATE INDEX `sync_runs_project_idx` ON `sync_runs` (`project_id`,`id`);
--> statement-breakpoint
CREATE INDEX `sync_runs_target_idx` ON `sync_runs` (`target_env_id`,`id`);
