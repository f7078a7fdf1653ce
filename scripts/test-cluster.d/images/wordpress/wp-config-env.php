<?php
/**
 * wp-config.php of the wordpress test image (scripts/test-cluster.d/images): the
 * database settings come from the environment (WORDPRESS_DB_HOST, WORDPRESS_DB_NAME,
 * WORDPRESS_DB_USER, WORDPRESS_DB_PASSWORD), as with the official image, so a new
 * password in the store's Secret needs no change on the volume. The entrypoint copies
 * this file to wp-config.php on first start, with fresh keys and salts.
 */
function store_platform_test_env(string $name, string $default): string
{
    $value = getenv($name);
    return $value === false ? $default : $value;
}

define('DB_NAME', store_platform_test_env('WORDPRESS_DB_NAME', 'wordpress'));
define('DB_USER', store_platform_test_env('WORDPRESS_DB_USER', 'wordpress'));
define('DB_PASSWORD', store_platform_test_env('WORDPRESS_DB_PASSWORD', ''));
define('DB_HOST', store_platform_test_env('WORDPRESS_DB_HOST', 'mysql'));
define('DB_CHARSET', store_platform_test_env('WORDPRESS_DB_CHARSET', 'utf8mb4'));
define('DB_COLLATE', store_platform_test_env('WORDPRESS_DB_COLLATE', ''));

define('AUTH_KEY', 'put your unique phrase here');
define('SECURE_AUTH_KEY', 'put your unique phrase here');
define('LOGGED_IN_KEY', 'put your unique phrase here');
define('NONCE_KEY', 'put your unique phrase here');
define('AUTH_SALT', 'put your unique phrase here');
define('SECURE_AUTH_SALT', 'put your unique phrase here');
define('LOGGED_IN_SALT', 'put your unique phrase here');
define('NONCE_SALT', 'put your unique phrase here');

$table_prefix = store_platform_test_env('WORDPRESS_TABLE_PREFIX', 'wp_');
define('WP_DEBUG', store_platform_test_env('WORDPRESS_DEBUG', '') !== '');

// Behind the ingress controller: the scheme the client used.
if (isset($_SERVER['HTTP_X_FORWARDED_PROTO']) && strpos($_SERVER['HTTP_X_FORWARDED_PROTO'], 'https') !== false) {
    $_SERVER['HTTPS'] = 'on';
}

if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
