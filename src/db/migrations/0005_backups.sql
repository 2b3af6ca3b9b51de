CREATE TABLE `backup_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`server_id` text NOT NULL,
	`scope` text NOT NULL,
	`app_id` integer,
	`database_server_id` integer,
	`database_name` text,
	`storage_enc` text NOT NULL,
	`schedule` text,
	`retention` text NOT NULL,
	`stop_app` integer DEFAULT false NOT NULL,
	`drill_schedule` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `backups` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` integer,
	`app_id` integer,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`prefix` text NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`manifest` text,
	`job_id` text,
	`error` text,
	`verify_status` text,
	`verify_details` text,
	`verified_at` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `backup_plans`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `backups_plan_idx` ON `backups` (`plan_id`);--> statement-breakpoint
CREATE INDEX `backups_created_idx` ON `backups` (`created_at`);