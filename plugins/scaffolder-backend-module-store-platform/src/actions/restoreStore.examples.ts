import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Restore a backup into its own store: its database and wp-content become the backup’s',
    example: yaml.stringify({
      steps: [
        {
          id: 'restore',
          action: 'store:restore',
          name: 'Restore the store',
          input: { name: 'summer-sale', backup: 'summer-sale-20261130-180451' },
        },
      ],
    }),
  },
  {
    description:
      'Clone a backup into a new store with its own namespace and Secrets, owned by another team',
    example: yaml.stringify({
      steps: [
        {
          id: 'clone',
          action: 'store:restore',
          name: 'Clone the store',
          input: {
            name: 'summer-sale',
            backup: 'summer-sale-20261130-180451',
            targetName: 'summer-sale-staging',
            owner: 'group:default/qa-team',
          },
        },
      ],
      output: {
        links: [{ title: 'Clone', url: '${{ steps.clone.output.url }}' }],
      },
    }),
  },
];
