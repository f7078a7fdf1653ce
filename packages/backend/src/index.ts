/*
 * The reference Store Platform backend: only the plugins the product uses.
 */
import { createBackend } from '@backstage/backend-defaults';
import { appBackendWhenServingTheApp } from './appBackend';

const backend = createBackend();

// The built app, only when configured to serve it (app.servedByBackend): in production the
// dashboard image serves it, and the api image has no app bundle.
backend.add(appBackendWhenServingTheApp);

// Sign-in. The guest provider is for local use (refused outside the development auth
// environment); production signs in through an OpenID Connect provider, configured under
// auth.providers.oidc, whose users resolve to catalog Users (app-config.production.yaml).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

// Events bus: the catalog publishes entity changes on it, the store-platform plugin its
// store changes. On PostgreSQL it is the database-backed bus, so an event published on one
// replica reaches the subscribers of every replica (events.useEventBus, default auto).
backend.add(import('@backstage/plugin-events-backend'));

// Signals: pushes store changes to browsers over a websocket at /api/signals. It rides the
// events bus above, so a browser connected to any replica hears changes made on any other.
backend.add(import('@backstage/plugin-signals-backend'));

// Catalog, with the Template kind the scaffolder reads.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// Scaffolder: runs the store template's steps, with the store:* actions.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@store-platform/plugin-scaffolder-backend-module-store-platform'),
);

// Permission framework, with the Store Platform policy (see ./permissions).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissions'));

// Store Platform: the store registry, its API and reconciler, and its catalog entities.
backend.add(import('@store-platform/plugin-store-platform-backend'));
backend.add(
  import('@store-platform/plugin-catalog-backend-module-store-platform'),
);

// Stock Kubernetes plugin: the Kubernetes tab on store entities.
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.start();
