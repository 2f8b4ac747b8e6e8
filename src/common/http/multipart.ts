// @fastify/multipart without its request hooks. They serve two features we do not use: files
// saved to a temporary directory (saveRequestFiles, which the hooks clean up) and fields
// attached to the body; kept, they would cost every request of every route three async hooks.
// Uploads stream each file themselves (UploadsService). saveRequestFiles is replaced by a
// refusal, so nothing can start saving files that no hook would clean up. The plugin's
// per-request fields (a multipart flag and the saved-files bookkeeping) are left out too: Fastify
// sets each of them on every request of every route, and only the dropped hooks and the refused
// saveRequestFiles read them, apart from the flag, which isMultipart() reads as false when unset.
import fastifyMultipart, { type FastifyMultipartOptions } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const UNUSED_HOOKS = new Set(['onRequest', 'onResponse', 'preValidation']);

function refuseSavedFiles(): never {
  throw new Error('saveRequestFiles is not available: stream the file (request.file()) instead, as UploadsService does');
}

type RequestMethod = (this: FastifyRequest, ...args: unknown[]) => unknown;

function decorateRequest(fastify: FastifyInstance, name: string | symbol, value: unknown): FastifyInstance {
  if (typeof value !== 'function') return fastify; // a per-request field (see above)
  if (name === 'saveRequestFiles') return fastify.decorateRequest(name, refuseSavedFiles);
  const method = value as RequestMethod;
  if (name === 'isMultipart') return fastify.decorateRequest(name, function isMultipart(this: FastifyRequest) { return method.call(this) === true; });
  return fastify.decorateRequest(name, method);
}

export async function registerMultipart(fastify: FastifyInstance, options: FastifyMultipartOptions & { attachFieldsToBody?: never }): Promise<void> {
  const scoped: FastifyInstance = new Proxy(fastify, {
    get(target, prop) {
      if (prop === 'addHook') return (name: string, hook: never) => (UNUSED_HOOKS.has(name) ? scoped : target.addHook(name as never, hook));
      if (prop === 'decorateRequest') return (name: string | symbol, value: unknown) => decorateRequest(target, name, value);
      return Reflect.get(target, prop, target) as unknown;
    },
  });
  // Called directly rather than registered: it is a fastify-plugin (no scope of its own), so this is what register would do.
  await new Promise<void>((resolve, reject) => fastifyMultipart(scoped, options, (error?: Error) => (error ? reject(error) : resolve())));
}
