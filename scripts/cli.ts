// The options of a command-line script (`npm run seed -- --url ...`): a wrong argument (an
// unknown option, a stray one) exits 2 with what is wrong and the usage line, never a stack
// trace; --help prints the usage. scripts/token.mjs, which runs without a build, does the same.
import { parseArgs } from 'node:util';

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];

export function cliOptions<const O extends Options>(options: O, usage: string): Values<O> {
  return cliArguments(options, usage, 0).values;
}

/** Exits 2 with what is wrong and the usage line. */
function refuse(message: string, usage: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

/**
 * The API's base URL, without a trailing slash: `--url` when given, else the local API on PORT.
 * Anything but an http(s) URL is refused here rather than reported as an API that does not answer.
 */
export function apiBaseUrl(url: string | undefined, port: string | undefined, usage: string): string {
  const text = url ?? `http://localhost:${port || '3000'}`;
  const protocol = URL.parse(text)?.protocol;
  if (protocol !== 'http:' && protocol !== 'https:') {
    refuse(url === undefined ? `PORT must be a port number (got '${port}')` : `--url must be an http:// or https:// URL (got '${url}')`, usage);
  }
  return text.replace(/\/$/, '');
}

/** The options and exactly `count` positional arguments (`npm run eval:matching -- <file>`). */
export function cliArguments<const O extends Options>(options: O, usage: string, count: number): { values: Values<O>; positionals: string[] } {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals: count > 0 }));
  } catch (error) {
    return refuse((error as Error).message, usage);
  }
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (positionals.length !== count) refuse(`expected ${count} argument${count === 1 ? '' : 's'}, got ${positionals.length}`, usage);
  return { values: values as Values<O>, positionals };
}
