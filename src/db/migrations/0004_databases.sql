CREATE TABLE `app_databases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`app_id` integer NOT NULL,
	`database_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`env_prefix` text DEFAULT 'DB' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`database_id`) REFERENCES `databases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `database_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `app_databases_prefix_unique` ON `app_databases` (`app_id`,`env_prefix`);--> statement-breakpoint
CREATE UNIQUE INDEX `app_databases_unique` ON `app_databases` (`app_id`,`database_id`);--> statement-breakpoint
CREATE INDEX `app_databases_app_idx` ON `app_databases` (`app_id`);--> statement-breakpoint
CREATE TABLE `database_servers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`server_id` text NOT NULL,
	`engine` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`host` text NOT NULL,
	`port` integer NOT NULL,
	`admin_user` text NOT NULL,
	`admin_password_enc` text NOT NULL,
	`app_host` text NOT NULL,
	`app_port` integer NOT NULL,
	`app_id` integer,
	`version` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `database_servers_name_unique` ON `database_servers` (`server_id`,`name`);--> statement-breakpoint
CREATE TABLE `database_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`database_server_id` integer NOT NULL,
	`username` text NOT NULL,
	`password_enc` text NOT NULL,
	`grants` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`database_server_id`) REFERENCES `database_servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `database_users_server_name_unique` ON `database_users` (`database_server_id`,`username`);--> statement-breakpoint
CREATE TABLE `databases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`database_server_id` integer NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`database_server_id`) REFERENCES `database_servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `databases_server_name_unique` ON `databases` (`database_server_id`,`name`);