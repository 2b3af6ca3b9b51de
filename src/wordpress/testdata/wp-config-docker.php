<?php
if (!function_exists('getenv_docker')) {
	// https://github.com/docker-library/wordpress/issues/588 (WP-CLI will load this file 2x)
	function getenv_docker($env, $default) {
		if ($fileEnv = getenv($env . '_FILE')) {
			return rtrim(file_get_contents($fileEnv), "\r\n");
		}
		else if (($val = getenv($env)) !== false) {
			return $val;
		}
		else {
			return $default;
		}
	}
}

define( 'DB_NAME', getenv_docker('WORDPRESS_DB_NAME', 'wordpress') );
define( 'DB_USER', getenv_docker('WORDPRESS_DB_USER', 'example username') );
define( 'DB_PASSWORD', getenv_docker('WORDPRESS_DB_PASSWORD', 'example password') );
define( 'DB_HOST', getenv_docker('WORDPRESS_DB_HOST', 'mysql') );

define( 'AUTH_KEY',         getenv_docker('WORDPRESS_AUTH_KEY',         '1c4f5e0a2e1b;)x(y' ) );
define( 'SECURE_AUTH_KEY',  getenv_docker('WORDPRESS_SECURE_AUTH_KEY',  'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678') );
define( 'LOGGED_IN_KEY',    getenv_docker('WORDPRESS_LOGGED_IN_KEY',    'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678') );
define( 'NONCE_KEY',        getenv_docker('WORDPRESS_NONCE_KEY',        'c1b2c3d4e5f60718293a4b5c6d7e8f9012345678') );
define( 'AUTH_SALT',        getenv_docker('WORDPRESS_AUTH_SALT',        'd1b2c3d4e5f60718293a4b5c6d7e8f9012345678') );
define( 'SECURE_AUTH_SALT', getenv_docker('WORDPRESS_SECURE_AUTH_SALT', 'e1b2c3d4e5f60718293a4b5c6d7e8f9012345678') );
define( 'LOGGED_IN_SALT',   getenv_docker('WORDPRESS_LOGGED_IN_SALT',   'f1b2c3d4e5f60718293a4b5c6d7e8f9012345678') );
define( 'NONCE_SALT',       getenv_docker('WORDPRESS_NONCE_SALT',       '01b2c3d4e5f60718293a4b5c6d7e8f9012345678') );

$table_prefix = getenv_docker('WORDPRESS_TABLE_PREFIX', 'wp_');

define( 'WP_DEBUG', !!getenv_docker('WORDPRESS_DEBUG', '') );

if ($configExtra = getenv_docker('WORDPRESS_CONFIG_EXTRA', '')) {
	eval($configExtra);
}

/* That's all, stop editing! Happy publishing. */

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
