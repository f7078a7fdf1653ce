/**
 * The store platform for Backstage's new frontend system: install the
 * default export as a feature of the app (or let `app.packages: all` find it).
 *
 * @packageDocumentation
 */
export { storePlatformPlugin as default } from './alpha/plugin';
