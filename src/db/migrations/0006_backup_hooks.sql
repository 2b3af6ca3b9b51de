ALTER TABLE `backup_plans` ADD `hooks` text;
