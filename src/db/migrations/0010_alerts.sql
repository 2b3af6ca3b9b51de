CREATE TABLE `notification_channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`config_enc` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`last_sent_at` integer,
	`last_error` text,
	`last_error_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`metric` text,
	`event` text,
	`scope` text NOT NULL,
	`scope_id` text,
	`operator` text DEFAULT '>' NOT NULL,
	`threshold` real DEFAULT 0 NOT NULL,
	`duration_sec` integer DEFAULT 0 NOT NULL,
	`severity` text NOT NULL,
	`channels` text DEFAULT '[]' NOT NULL,
	`cooldown_sec` integer DEFAULT 600 NOT NULL,
	`muted_until` integer,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alert_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_id` integer,
	`rule_name` text NOT NULL,
	`severity` text NOT NULL,
	`subject` text NOT NULL,
	`state` text NOT NULL,
	`message` text NOT NULL,
	`value` real,
	`started_at` integer NOT NULL,
	`resolved_at` integer,
	`notified` text NOT NULL,
	`deliveries` text DEFAULT '[]' NOT NULL,
	`last_error` text,
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `alert_events_rule_idx` ON `alert_events` (`rule_id`);--> statement-breakpoint
CREATE INDEX `alert_events_started_idx` ON `alert_events` (`started_at`);--> statement-breakpoint
CREATE INDEX `alert_events_state_idx` ON `alert_events` (`state`);
