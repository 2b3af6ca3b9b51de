CREATE TABLE `app_ports` (
	`server_id` text NOT NULL,
	`port` integer NOT NULL,
	`app_id` integer NOT NULL,
	`service` text,
	`container_port` text,
	PRIMARY KEY(`server_id`, `port`),
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `app_ports_app_idx` ON `app_ports` (`app_id`);--> statement-breakpoint
CREATE TABLE `apps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`server_id` text NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`template_id` text,
	`template_version` text,
	`compose` text NOT NULL,
	`env_enc` text NOT NULL,
	`secret_keys` text DEFAULT '[]' NOT NULL,
	`deployed_compose` text,
	`deployed_env_enc` text,
	`status` text NOT NULL,
	`warnings` text DEFAULT '[]' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `apps_server_name_unique` ON `apps` (`server_id`,`name`);