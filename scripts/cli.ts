// The options of a command-line script (`npm run seed -- --url ...`): a wrong argument (an
// unknown option, a stray one) exits 2 with what is wrong and the usage line, never a stack
// trace; --help prints the usage. scripts/token.mjs, which runs without a build, does the same.
import { parseArgs } from 'node:util';

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];

export function cliOptions<const O extends Options>(options: O, usage: string): Values<O> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return values as Values<O>;
}
