import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Provision a failed store again; its Secret, engine, size and administrator email are kept',
    example: yaml.stringify({
      steps: [
        {
          id: 'retry',
          action: 'store:retry',
          name: 'Retry the store',
          input: { name: 'summer-sale' },
        },
      ],
    }),
  },
];
