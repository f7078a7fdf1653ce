import { useRouteRef } from '@backstage/core-plugin-api';
import { taskPageRouteRef, templateFormRouteRef } from '../../routes';

/** Where the scaffolder is mounted when the app binds none of our external routes. */
const DEFAULT_SCAFFOLDER_PATH = '/create';

export interface ScaffolderLinks {
  /**
   * The form of template `default/<templateName>` with its fields filled in
   * from `values`: the scaffolder's wizard reads its initial form data from
   * the `formData` query parameter (JSON).
   */
  templateForm(templateName: string, values: Record<string, unknown>): string;
  /** The page of a scaffolder task: its log, live or finished. */
  task(taskId: string): string;
}

/** Links into the scaffolder, through the routes the app binds, else its usual paths. */
export function useScaffolderLinks(): ScaffolderLinks {
  const templateRoute = useRouteRef(templateFormRouteRef);
  const taskRoute = useRouteRef(taskPageRouteRef);
  return {
    templateForm(templateName, values) {
      const path = templateRoute
        ? templateRoute({ namespace: 'default', templateName })
        : `${DEFAULT_SCAFFOLDER_PATH}/templates/default/${encodeURIComponent(
            templateName,
          )}`;
      const formData = encodeURIComponent(JSON.stringify(values));
      return `${path}?formData=${formData}`;
    },
    task(taskId) {
      return taskRoute
        ? taskRoute({ taskId })
        : `${DEFAULT_SCAFFOLDER_PATH}/tasks/${encodeURIComponent(taskId)}`;
    },
  };
}
