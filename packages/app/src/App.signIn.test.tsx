import { render, screen } from '@testing-library/react';
import App from './App';

jest.setTimeout(30_000);

// Its own file: the app keeps the config it first loaded (App.test.tsx boots the default).
describe('App sign-in from config', () => {
  it('offers the providers of app.signIn.providers, without a rebuild', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: {
              title: 'Store Platform test',
              signIn: { providers: ['oidc'], oidc: { title: 'Acme SSO' } },
            },
            backend: { baseUrl: 'http://localhost:7007' },
            auth: { environment: 'production' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(<App />);

    // No backend answers, so automatic sign-in falls back to the sign-in page.
    expect(
      await screen.findByText('Acme SSO', undefined, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });
});
