import { render, screen } from '@testing-library/react';
import App from './App';

jest.setTimeout(30_000);

describe('App', () => {
  it('boots and offers guest sign-in when no session exists', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Store Platform test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(<App />);

    // No backend answers in this test, so automatic sign-in falls back to the
    // sign-in page, which must list the guest provider the app is configured with.
    expect(
      await screen.findByText('Guest', undefined, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Store Platform test')).toBeInTheDocument();
  });
});
