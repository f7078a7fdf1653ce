import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Provision a store registered by store:register in the same template; its engine, size and title are the registered ones',
    example: yaml.stringify({
      steps: [
        {
          id: 'provision',
          action: 'store:provision',
          name: 'Provision the store',
          input: {
            name: 'summer-sale',
            adminEmail: 'shop-team@example.com',
          },
        },
      ],
    }),
  },
];
