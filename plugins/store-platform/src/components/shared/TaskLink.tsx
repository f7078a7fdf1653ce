import { Link } from '@backstage/core-components';
import { useScaffolderLinks } from './scaffolderLinks';

/** A link to a scaffolder task's log; `label` says whose task it is, for screen readers. */
export function TaskLink(props: { taskId: string; label: string }) {
  const links = useScaffolderLinks();
  return <Link to={links.task(props.taskId)}>{props.label}</Link>;
}
