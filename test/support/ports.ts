// Ports for the tests that start the product the way a person does (`npm start`,
// scripts/start.js): PORT for the API and PORT + 1 for the worker's health port. Both come from
// below the kernel's ephemeral range, so no outgoing connection (of which the suite makes
// thousands) can take PORT + 1 between the check and the worker binding it, as happened when
// PORT came from the ephemeral range (freePort).
import { freePortWith } from '../../src/infra/embedded/ports.js';

/** A port whose next one is free too, outside the ephemeral range. */
export function freePortPair(): Promise<number> {
  return freePortWith([1], '0.0.0.0');
}
