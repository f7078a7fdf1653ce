import { Link } from '@backstage/core-components';
import { useScaffolderLinks } from './scaffolderLinks';

/** A link to a scaffolder task's log; `label` says whose task it is, for screen readers. */
export function TaskLink(props: { taskId: string; label: string }) {
  const links = useScaffolderLinks();
  // Underlined: inside a sentence, colour alone does not tell a link apart (axe link-in-text-block).
  return (
    <Link to={links.task(props.taskId)} underline="always">
      {props.label}
    </Link>
  );
}
