CREATE TABLE `domains` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`server_id` text NOT NULL,
	`app_id` integer NOT NULL,
	`hostname` text NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`port` integer NOT NULL,
	`options` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `domains_server_hostname_unique` ON `domains` (`server_id`,`hostname`);--> statement-breakpoint
CREATE INDEX `domains_app_idx` ON `domains` (`app_id`);