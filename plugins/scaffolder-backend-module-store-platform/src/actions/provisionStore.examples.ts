import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Provision a registered WooCommerce store',
    example: yaml.stringify({
      steps: [
        {
          id: 'provision',
          action: 'store:provision',
          name: 'Provision the store',
          input: {
            name: 'summer-sale',
            title: 'Summer Sale',
            engine: 'woocommerce',
            size: 'small',
            adminEmail: 'shop-team@example.com',
          },
        },
      ],
    }),
  },
];
