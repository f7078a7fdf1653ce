/** Talks to a running backend's scaffolder the way the Create page does. */
export interface TaskRun {
  id: string;
  status: string;
  /**
   * The task log, one line per log event, exactly as the scaffolder stored it
   * (the Create page shows the same): no colour codes, no level prefix.
   */
  log: string[];
  output: any;
}

export async function runTemplate(
  baseUrl: string,
  token: string,
  templateRef: string,
  values: Record<string, unknown>,
  timeoutMs = 120_000,
): Promise<TaskRun> {
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const created = await fetch(`${baseUrl}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ templateRef, values }),
  });
  if (created.status !== 201) {
    throw new Error(
      `task not created: ${created.status} ${await created.text()}`,
    );
  }
  const { id } = await created.json();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await (
      await fetch(`${baseUrl}/api/scaffolder/v2/tasks/${id}`, { headers })
    ).json();
    if (
      task.status === 'completed' ||
      task.status === 'failed' ||
      task.status === 'cancelled'
    ) {
      const events = await (
        await fetch(`${baseUrl}/api/scaffolder/v2/tasks/${id}/events`, {
          headers,
        })
      ).json();
      const log = events
        .filter((e: any) => e.type === 'log')
        .map((e: any) => String(e.body.message));
      const completion = events.find((e: any) => e.type === 'completion');
      return { id, status: task.status, log, output: completion?.body?.output };
    }
    if (Date.now() > deadline) {
      throw new Error(`task ${id} still ${task.status} after ${timeoutMs} ms`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/** Waits until the catalog serves an entity (file locations are ingested in the background). */
export async function waitForEntity(
  baseUrl: string,
  token: string,
  ref: { kind: string; namespace?: string; name: string },
  timeoutMs = 60_000,
): Promise<void> {
  const url = `${baseUrl}/api/catalog/entities/by-name/${ref.kind}/${
    ref.namespace ?? 'default'
  }/${ref.name}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status === 200) return;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `${ref.kind}:${ref.name} not in the catalog after ${timeoutMs} ms`,
  );
}
