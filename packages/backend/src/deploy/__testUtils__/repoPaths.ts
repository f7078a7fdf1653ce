import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { resolve } from 'node:path';

/** The repository root: two levels above this package (packages/backend). */
export const REPO_ROOT = resolvePackagePath('backend', '../..');
export const CHART_DIR = resolve(REPO_ROOT, 'helm/store-platform');

export const repoPath = (...parts: string[]) => resolve(REPO_ROOT, ...parts);
