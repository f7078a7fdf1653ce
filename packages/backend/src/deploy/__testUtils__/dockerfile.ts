/**
 * A small Dockerfile reader, enough to check what our Dockerfiles promise without a Docker
 * engine: instructions (continuations and comments handled), stages, and base images with
 * their ARG defaults substituted.
 */

const INSTRUCTIONS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

export interface Instruction {
  keyword: string;
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
}

export interface Stage {
  /** The base image with ARG defaults substituted, or the name of an earlier stage. */
  from: string;
  /** Whether `from` names an earlier stage rather than an image. */
  fromStage: boolean;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string | undefined>;
  stages: Stage[];
}

/** Joins continuation lines and drops comments, keeping each instruction's first line. */
function logicalLines(text: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let current: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) return; // comments (and parser directives) are not instructions
    if (!current) {
      if (!trimmed) return;
      current = { text: '', line: index + 1 };
    }
    const continued = /\\\s*$/.test(raw);
    current.text += `${continued ? raw.replace(/\\\s*$/, '') : raw} `;
    if (!continued) {
      // Whitespace runs are collapsed: checks read words, not layout.
      out.push({
        text: current.text.replace(/\s+/g, ' ').trim(),
        line: current.line,
      });
      current = undefined;
    }
  });
  if (current)
    throw new Error(
      `line ${current.line}: the file ends inside a continued instruction`,
    );
  return out;
}

export function substitute(
  value: string,
  args: Record<string, string | undefined>,
  line: number,
): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, a, b) => {
      const name = a ?? b;
      const found = args[name];
      if (found === undefined)
        throw new Error(`line ${line}: \${${name}} has no default`);
      return found;
    },
  );
}

function parseArg(args: string): [string, string | undefined] {
  const eq = args.indexOf('=');
  if (eq < 0) return [args.trim(), undefined];
  return [
    args.slice(0, eq).trim(),
    args
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1'),
  ];
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string | undefined> = {};
  const stages: Stage[] = [];
  for (const { text: lineText, line } of logicalLines(text)) {
    const match = lineText.match(/^(\S+)\s*(.*)$/)!;
    const keyword = match[1].toUpperCase();
    const args = match[2];
    if (!INSTRUCTIONS.has(keyword))
      throw new Error(`line ${line}: unknown instruction ${match[1]}`);
    if (keyword === 'FROM') {
      const words = args.split(/\s+/).filter(w => !w.startsWith('--'));
      if (
        words.length !== 1 &&
        !(words.length === 3 && words[1].toUpperCase() === 'AS')
      ) {
        throw new Error(
          `line ${line}: FROM needs an image and optionally AS <name>`,
        );
      }
      const from = substitute(words[0], globalArgs, line);
      const fromStage = stages.some(s => s.name === from);
      stages.push({ from, fromStage, name: words[2], instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      if (keyword !== 'ARG')
        throw new Error(
          `line ${line}: only ARG may come before the first FROM`,
        );
      const [name, value] = parseArg(args);
      globalArgs[name] = value;
      continue;
    }
    stages[stages.length - 1].instructions.push({ keyword, args, line });
  }
  if (stages.length === 0) throw new Error('no FROM instruction');
  return { globalArgs, stages };
}

export function finalStage(dockerfile: Dockerfile): Stage {
  return dockerfile.stages[dockerfile.stages.length - 1];
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter(i => i.keyword === keyword);
}

/** The user the image runs as: the stage's last USER. */
export function userOf(stage: Stage): string | undefined {
  return instructionsOf(stage, 'USER').at(-1)?.args.trim();
}

export function exposedPorts(stage: Stage): number[] {
  return instructionsOf(stage, 'EXPOSE').flatMap(i =>
    i.args.split(/\s+/).map(p => Number(p.replace(/\/tcp$/, ''))),
  );
}

/** The arguments of an exec-form (JSON array) instruction such as ENTRYPOINT or CMD. */
export function execForm(
  instruction: Instruction | undefined,
): string[] | undefined {
  if (!instruction) return undefined;
  const parsed = JSON.parse(instruction.args);
  if (!Array.isArray(parsed))
    throw new Error(`line ${instruction.line}: not an exec-form array`);
  return parsed;
}

/**
 * Why an image reference is not pinned, or undefined when it is: a digest, or a tag that is
 * not `latest` and names a full version (x.y.z; for Debian, whose releases are numbered
 * major.point, a point release such as 12.15).
 */
export function pinProblem(image: string): string | undefined {
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return undefined;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return `${image} has no tag`;
  const tag = image.slice(colon + 1);
  if (tag === 'latest') return `${image} uses latest`;
  const debian = /^(docker\.io\/)?(library\/)?debian$/.test(
    image.slice(0, colon),
  );
  if (debian && /^\d+\.\d+(-slim)?$/.test(tag)) return undefined;
  if (!/\d+\.\d+\.\d+/.test(tag))
    return `${image}: tag ${tag} is not a full version`;
  return undefined;
}

/** Whether USER names a non-root user: a numeric uid other than 0, or a name other than root. */
export function isNonRootUser(user: string | undefined): boolean {
  if (!user) return false;
  const name = user.split(':')[0];
  return /^\d+$/.test(name) ? Number(name) !== 0 : name !== 'root';
}
