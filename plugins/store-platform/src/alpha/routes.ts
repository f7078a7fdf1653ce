import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  rootRouteRef,
  taskPageRouteRef,
  templateFormRouteRef,
} from '../routes';

// The conversion adapts the legacy refs in place: both frontend systems
// resolve the very same objects, so links made by shared components work in both.

/** The stores page. */
export const storesPageRouteRef = convertLegacyRouteRef(rootRouteRef);
/** A software template's form (optional; the card falls back to `/create/templates/...`). */
export const templateFormExternalRouteRef =
  convertLegacyRouteRef(templateFormRouteRef);
/** A scaffolder task's page (optional; the card falls back to `/create/tasks/:taskId`). */
export const taskPageExternalRouteRef = convertLegacyRouteRef(taskPageRouteRef);
