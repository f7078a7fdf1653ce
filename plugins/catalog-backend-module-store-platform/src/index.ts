/**
 * The catalog backend module of Store Platform: an entity provider that puts
 * every store of the store-platform backend plugin in the catalog as a
 * `Resource` entity, following changes within seconds.
 *
 * @packageDocumentation
 */
export { catalogModuleStoreEntityProvider as default } from './module';
