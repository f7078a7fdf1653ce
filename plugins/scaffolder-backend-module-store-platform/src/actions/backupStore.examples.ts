import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Back up a ready store: its database and wp-content go into a backup volume in the store's namespace",
    example: yaml.stringify({
      steps: [
        {
          id: 'backup',
          action: 'store:backup',
          name: 'Back up the store',
          input: { name: 'summer-sale' },
        },
      ],
      output: {
        text: [
          { title: 'Backup', content: '${{ steps.backup.output.backupId }}' },
        ],
      },
    }),
  },
];
