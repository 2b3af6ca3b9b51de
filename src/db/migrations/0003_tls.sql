CREATE TABLE `acme_accounts` (
	`directory_url` text PRIMARY KEY NOT NULL,
	`email` text,
	`key_enc` text NOT NULL,
	`account_url` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`domain_id` integer NOT NULL,
	`source` text NOT NULL,
	`state` text NOT NULL,
	`challenge` text,
	`names` text DEFAULT '[]' NOT NULL,
	`issuer` text,
	`serial` text,
	`not_before` integer,
	`not_after` integer,
	`cert_pem` text,
	`key_enc` text,
	`last_renewal_at` integer,
	`last_error` text,
	`failures` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`job_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`domain_id`) REFERENCES `domains`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_domain_unique` ON `certificates` (`domain_id`);--> statement-breakpoint
CREATE INDEX `certificates_not_after_idx` ON `certificates` (`not_after`);--> statement-breakpoint
CREATE TABLE `private_urls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`server_id` text NOT NULL,
	`app_id` integer NOT NULL,
	`token` text NOT NULL,
	`port` integer NOT NULL,
	`basic_auth_user` text,
	`basic_auth_hash` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `private_urls_token_unique` ON `private_urls` (`token`);--> statement-breakpoint
CREATE INDEX `private_urls_app_idx` ON `private_urls` (`app_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
