import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';

export type CliResult = { code: number; stdout: string; stderr: string };

/** The built CLI, for the few end-to-end tests that run it exactly as a user does. */
export const BUILT_CLI = path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli.js');

/**
 * Runs `tonghop <args>` in this process through main(argv, io), as the CLI does, with `env` set
 * for the duration of the call. Fast, and failures show their stack in the test.
 */
export async function tonghop(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const saved = new Map(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, stdout: out.map((l) => l + '\n').join(''), stderr: err.map((l) => l + '\n').join('') };
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Runs the built CLI in a child process (end-to-end: the bin, its imports, its exit code). */
export async function tonghopBuilt(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BUILT_CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
