// Preloaded into a process (NODE_OPTIONS=--import) to move its clock by CLOCK_SKEW_MS: a
// writer whose clock is minutes off, as happens across machines.
const offset = Number(process.env.CLOCK_SKEW_MS ?? 0);
const RealDate = Date;

class SkewedDate extends RealDate {
  constructor(...args: ConstructorParameters<DateConstructor> | []) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...(args as [number]));
  }

  static override now(): number {
    return RealDate.now() + offset;
  }
}

// Libraries that look types up by name (mongoose schemas) must still see a Date.
Object.defineProperty(SkewedDate, 'name', { value: 'Date' });
globalThis.Date = SkewedDate as DateConstructor;
