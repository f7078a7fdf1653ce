<?php
/**
 * Plugin Name: WooCommerce (Store Platform test placeholder)
 * Description: Not WooCommerce. An empty placeholder in the wordpress test image
 *   (scripts/test-cluster.d/images), where WooCommerce cannot be fetched: the bootstrap
 *   Job's "bundled plugin" check finds this file on the store's volume. No code.
 * Version: 0.0.0-test-placeholder
 */
