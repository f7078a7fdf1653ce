import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Move a store to the images configured in storePlatform.provisioning.images (backup first)',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'store:upgrade',
          name: 'Upgrade the store',
          input: { name: 'summer-sale' },
        },
      ],
    }),
  },
  {
    description: 'Upgrade the store named in the form',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'store:upgrade',
          name: 'Upgrade the store',
          input: { name: '${{ parameters.name }}' },
        },
      ],
    }),
  },
];
