// The response schemas in the OpenAPI document come from the controllers' return types
// (scripts/openapi-responses.ts); the committed file must be what the code says today.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { GENERATED_FILE, generatedSource, responseSchemas } from '../../scripts/openapi-responses.js';

describe('generated response schemas', () => {
  it('are up to date with the controllers (run `npm run openapi:responses` after changing a response)', () => {
    assert.equal(fs.readFileSync(GENERATED_FILE, 'utf8'), generatedSource(), 'src/openapi/response-schemas.generated.ts is stale: run npm run openapi:responses');
  });

  it('describe a view exactly: its fields, which are required, nullable ones, and nothing else', () => {
    const { components, operations } = responseSchemas();
    const job = components.JobView as { properties: Record<string, { type?: unknown; format?: string }>; required: string[]; additionalProperties: boolean };
    assert.equal(job.additionalProperties, false);
    assert.ok(job.required.includes('title') && job.required.includes('publishedAt'));
    assert.deepEqual(job.properties.publishedAt.type, ['string', 'null']);
    assert.deepEqual(operations.JobsController_get, { status: 200, schema: { $ref: '#/components/schemas/JobView' } });
    // POST answers 201 unless @HttpCode says otherwise; a handler returning nothing has no body.
    assert.equal(operations.JobsController_create.status, 201);
    assert.equal(operations.JobsController_publish.status, 200);
    assert.deepEqual(operations.CandidatesController_erase, { status: 204, schema: null });
  });
});
