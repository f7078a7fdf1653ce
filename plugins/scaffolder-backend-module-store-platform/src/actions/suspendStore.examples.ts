import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Suspend a store (storefront and database stopped, data kept)',
    example: yaml.stringify({
      steps: [
        {
          id: 'suspend',
          action: 'store:suspend',
          name: 'Suspend the store',
          input: { name: 'summer-sale' },
        },
      ],
    }),
  },
  {
    description: 'Suspend the store named in the form',
    example: yaml.stringify({
      steps: [
        {
          id: 'suspend',
          action: 'store:suspend',
          name: 'Suspend the store',
          input: { name: '${{ parameters.name }}' },
        },
      ],
    }),
  },
];
