import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Register a WooCommerce store owned by a team',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'store:register',
          name: 'Register the store',
          input: {
            name: 'summer-sale',
            title: 'Summer Sale',
            engine: 'woocommerce',
            owner: 'group:default/shop-team',
            size: 'small',
          },
        },
      ],
    }),
  },
];
