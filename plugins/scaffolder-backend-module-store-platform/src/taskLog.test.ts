import { formatDuration, stepEventLine } from './taskLog';

describe('task log lines', () => {
  it('shows start, waiting, duration and failure reason', () => {
    const title = 'Database (MariaDB)';
    expect(stepEventLine({ stepId: 'database', title, phase: 'start' })).toBe(
      '▶ Database (MariaDB): started',
    );
    expect(
      stepEventLine({
        stepId: 'database',
        title,
        phase: 'progress',
        message: 'waiting for StatefulSet mariadb: 0/1 ready',
      }),
    ).toBe('  Database (MariaDB): waiting for StatefulSet mariadb: 0/1 ready');
    expect(
      stepEventLine({
        stepId: 'database',
        title,
        phase: 'done',
        durationMs: 12345,
      }),
    ).toBe('✔ Database (MariaDB): done in 12.3 s');
    expect(
      stepEventLine({
        stepId: 'database',
        title,
        phase: 'failed',
        durationMs: 500,
        message: 'ImagePullBackOff',
      }),
    ).toBe('✖ Database (MariaDB): failed after 0.5 s: ImagePullBackOff');
  });

  it('formats durations in seconds with one decimal', () => {
    expect(formatDuration(0)).toBe('0.0 s');
    expect(formatDuration(61_049)).toBe('61.0 s');
  });
});
