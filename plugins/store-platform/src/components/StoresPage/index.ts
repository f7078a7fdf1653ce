export { StoresPage } from './StoresPage';
export type { StoresPageProps } from './StoresPage';
