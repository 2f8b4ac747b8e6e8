// An example for every request and response body of the OpenAPI document, built from its
// schema: a property's own `example` where the DTO gives one, otherwise a value of the right
// shape (the first enum value, a sample per string format, one item per array, every required
// and optional property). The OpenAPI test validates each example against its schema.
type Json = Record<string, unknown>;

const SAMPLE_STRINGS: Record<string, string> = {
  'date-time': '2026-12-01T09:30:00.000Z',
  date: '2026-12-01',
  email: 'jane@example.com',
  uuid: '3f0e8a52-5b7e-4d0c-9a7e-2f6a1c9b8d41',
  uri: 'https://example.com/',
  binary: '<file>',
};

/** Resolves a local `$ref` against the document. */
function resolve(document: Json, ref: string): Json {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<Json>((node, part) => node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')] as Json, document);
}

export function exampleOf(schema: Json | undefined, document: Json, depth = 0): unknown {
  if (!schema || depth > 12) return null;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (typeof schema.$ref === 'string') return exampleOf(resolve(document, schema.$ref), document, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.find((v) => v !== null) ?? null;
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((s) => exampleOf(s as Json, document, depth + 1));
    return parts.every((p) => p && typeof p === 'object' && !Array.isArray(p)) ? Object.assign({}, ...parts) : parts[0];
  }
  const choices = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (Array.isArray(choices)) return exampleOf(choices.find((c) => c.type !== 'null') ?? choices[0], document, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : (schema.type as string | undefined);
  switch (type) {
    case 'string':
      return SAMPLE_STRINGS[schema.format as string] ?? (typeof schema.minLength === 'number' && schema.minLength > 6 ? 'x'.repeat(schema.minLength) : 'string');
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : typeof schema.default === 'number' ? schema.default : 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.isArray(schema.prefixItems) ? schema.prefixItems.map((s) => exampleOf(s as Json, document, depth + 1)) : [exampleOf(schema.items as Json, document, depth + 1)];
    case 'null':
      return null;
    default: {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      const out: Json = {};
      for (const [name, property] of Object.entries(properties)) out[name] = exampleOf(property, document, depth + 1);
      return out;
    }
  }
}

/** Adds an example to every JSON request and response body that has none. */
export function addExamples(document: Json): void {
  const bodies: Json[] = [];
  const items = [...Object.values((document.paths ?? {}) as Record<string, Record<string, Json>>), ...Object.values((document.webhooks ?? {}) as Record<string, Record<string, Json>>)];
  for (const item of items) {
    for (const operation of Object.values(item)) {
      const request = operation.requestBody as Json | undefined;
      if (request?.content) bodies.push(...Object.values(request.content as Record<string, Json>));
      for (const response of Object.values((operation.responses ?? {}) as Record<string, Json>)) {
        if (response.content) bodies.push(...Object.values(response.content as Record<string, Json>));
      }
    }
  }
  for (const response of Object.values(((document.components as Json | undefined)?.responses ?? {}) as Record<string, Json>)) {
    if (response.content) bodies.push(...Object.values(response.content as Record<string, Json>));
  }
  for (const body of bodies) if (body.example === undefined && body.schema) body.example = exampleOf(body.schema as Json, document);
}
