import { runTemplate } from '../__testUtils__/scaffolder';
import { RunningBackend, startBackend } from '../__testUtils__/startBackend';
import {
  ownerToken,
  storeApi,
  storeForm,
  unique,
} from '../__testUtils__/storeApi';

jest.setTimeout(300_000);

/**
 * A bad `storePlatform.provisioning` value is the actions' problem, not the
 * backend's: the backend (scaffolder included) starts, and store:provision
 * fails the store with the error naming the key.
 */
describe('a backend with a bad storePlatform.provisioning value', () => {
  let backend: RunningBackend;
  let token: string;

  beforeAll(async () => {
    backend = await startBackend({
      // Once, without restarts on file changes: a restart would look like a crash.
      noWatch: true,
      extraConfig: [
        'storePlatform:',
        '  provisioning:',
        "    domain: 'not a domain!'",
      ].join('\n'),
    });
    token = await ownerToken(backend.baseUrl);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('starts, and store:provision fails naming the key', async () => {
    const id = `badconfig-${unique()}`;
    const task = await runTemplate(
      backend.baseUrl,
      token,
      'template:default/store',
      storeForm(id),
    );

    expect(task.status).toBe('failed');
    expect(task.log.join('\n')).toContain(
      'storePlatform.provisioning.domain: must be a DNS name',
    );
    const store = await storeApi(backend.baseUrl, token).get(id);
    expect(store.json).toMatchObject({
      status: 'failed',
      statusMessage: expect.stringContaining(
        'storePlatform.provisioning.domain',
      ),
    });
  });
});
