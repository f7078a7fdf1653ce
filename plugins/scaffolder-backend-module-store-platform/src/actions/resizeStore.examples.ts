import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Give a store the large size',
    example: yaml.stringify({
      steps: [
        {
          id: 'resize',
          action: 'store:resize',
          name: 'Resize the store',
          input: { name: 'summer-sale', size: 'large' },
        },
      ],
    }),
  },
  {
    description: 'Resize the store named in the form to the size picked there',
    example: yaml.stringify({
      steps: [
        {
          id: 'resize',
          action: 'store:resize',
          name: 'Resize the store',
          input: {
            name: '${{ parameters.name }}',
            size: '${{ parameters.size }}',
          },
        },
      ],
    }),
  },
];
