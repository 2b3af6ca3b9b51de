ALTER TABLE `servers` ADD `public_key` text;
--> statement-breakpoint
ALTER TABLE `servers` ADD `revoked_at` integer;
--> statement-breakpoint
ALTER TABLE `servers` ADD `last_seen_at` integer;
--> statement-breakpoint
CREATE TABLE `agent_tokens` (
	`hash` text PRIMARY KEY NOT NULL,
	`server_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`server_id`) REFERENCES `servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_tokens_server_idx` ON `agent_tokens` (`server_id`);
