import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Hand a store to another team',
    example: yaml.stringify({
      steps: [
        {
          id: 'transfer',
          action: 'store:transfer',
          name: 'Hand over the store',
          input: { name: 'summer-sale', owner: 'group:default/team-b' },
        },
      ],
    }),
  },
  {
    description: 'Hand a store to the owner picked in the form',
    example: yaml.stringify({
      steps: [
        {
          id: 'transfer',
          action: 'store:transfer',
          name: 'Hand over the store',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
          },
        },
      ],
    }),
  },
];
