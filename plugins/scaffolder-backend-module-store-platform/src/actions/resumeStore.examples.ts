import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Resume a suspended store (database, then storefront, until ready)',
    example: yaml.stringify({
      steps: [
        {
          id: 'resume',
          action: 'store:resume',
          name: 'Resume the store',
          input: { name: 'summer-sale' },
        },
      ],
    }),
  },
  {
    description: 'Resume the store named in the form',
    example: yaml.stringify({
      steps: [
        {
          id: 'resume',
          action: 'store:resume',
          name: 'Resume the store',
          input: { name: '${{ parameters.name }}' },
        },
      ],
    }),
  },
];
