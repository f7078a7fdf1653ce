import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Delete a store and everything in its namespace',
    example: yaml.stringify({
      steps: [
        {
          id: 'delete',
          action: 'store:delete',
          name: 'Delete the store',
          input: { name: 'summer-sale' },
        },
      ],
    }),
  },
];
