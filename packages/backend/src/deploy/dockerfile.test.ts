import {
  exposedPorts,
  finalStage,
  isNonRootUser,
  parseDockerfile,
  pinProblem,
  userOf,
} from './__testUtils__/dockerfile';

describe('parseDockerfile', () => {
  const text = [
    '# syntax=docker/dockerfile:1',
    'ARG BASE=node:22.23.3-bookworm-slim',
    'FROM ${BASE} AS deps',
    'RUN apt-get update && \\',
    '    # a comment inside a continuation',
    '    apt-get install -y make',
    'FROM deps',
    'user 1000',
    'EXPOSE 7007 9464/tcp',
  ].join('\n');

  it('reads stages, substitutes global ARG defaults and joins continuations', () => {
    const parsed = parseDockerfile(text);
    expect(parsed.globalArgs).toEqual({ BASE: 'node:22.23.3-bookworm-slim' });
    expect(parsed.stages.map(s => [s.from, s.fromStage, s.name])).toEqual([
      ['node:22.23.3-bookworm-slim', false, 'deps'],
      ['deps', true, undefined],
    ]);
    expect(parsed.stages[0].instructions).toEqual([
      {
        keyword: 'RUN',
        args: 'apt-get update && apt-get install -y make',
        line: 4,
      },
    ]);
    expect(userOf(finalStage(parsed))).toBe('1000');
    expect(exposedPorts(finalStage(parsed))).toEqual([7007, 9464]);
  });

  it.each([
    ['FRM node:22', /line 1: unknown instruction FRM/],
    ['RUN true', /line 1: only ARG may come before the first FROM/],
    ['FROM ${NOPE}', /line 1: \$\{NOPE\} has no default/],
    ['FROM a b', /line 1: FROM needs an image/],
    [
      'FROM busybox:1.36.1\nRUN true \\',
      /line 2: the file ends inside a continued instruction/,
    ],
    ['# only a comment', /no FROM instruction/],
  ])('rejects %j', (bad, message) => {
    expect(() => parseDockerfile(bad)).toThrow(message);
  });
});

describe('pinProblem', () => {
  it.each([
    ['node:22.23.3-bookworm-slim', undefined],
    ['nginxinc/nginx-unprivileged:1.28.0-alpine3.21', undefined],
    ['debian:12.15-slim', undefined],
    ['docker.io/library/debian:12.15', undefined],
    [
      'debian:bookworm-slim',
      'debian:bookworm-slim: tag bookworm-slim is not a full version',
    ],
    ['debian:12-slim', 'debian:12-slim: tag 12-slim is not a full version'],
    [
      'node:22.23-slim',
      'node:22.23-slim: tag 22.23-slim is not a full version',
    ],
    [`busybox@sha256:${'a'.repeat(64)}`, undefined],
    ['node', 'node has no tag'],
    ['registry:5000/node', 'registry:5000/node has no tag'],
    ['node:latest', 'node:latest uses latest'],
    [
      'node:22-bookworm-slim',
      'node:22-bookworm-slim: tag 22-bookworm-slim is not a full version',
    ],
  ])('%s', (image, problem) => {
    expect(pinProblem(image)).toBe(problem);
  });
});

describe('isNonRootUser', () => {
  it.each([
    ['1000', true],
    ['33:33', true],
    ['node', true],
    ['0', false],
    ['root', false],
    ['0:0', false],
    [undefined, false],
  ])('%s -> %s', (user, expected) => {
    expect(isNonRootUser(user)).toBe(expected);
  });
});
