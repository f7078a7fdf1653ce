import { resolve } from 'node:path';

/** The repository root, from this folder (packages/backend/src/deploy). */
export const REPO_ROOT = resolve(__dirname, '../../../..');
export const CHART_DIR = resolve(REPO_ROOT, 'helm/store-platform');
export const IMAGES_DIR = resolve(REPO_ROOT, 'images');

export const repoPath = (...parts: string[]) => resolve(REPO_ROOT, ...parts);
