import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundException } from '@nestjs/common';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { describeError } from '../../src/common/errors/all-exceptions.filter.js';
import { DomainError } from '../../src/common/errors/domain-error.js';
import { createValidationPipe } from '../../src/common/errors/validation.js';

class Salary {
  @IsInt()
  @Min(0)
  min: number;
}
class Body {
  @IsString()
  title: string;

  @ValidateNested()
  @Type(() => Salary)
  salary: Salary;
}

async function validationError(value: unknown): Promise<DomainError> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error;
  }
  assert.fail('expected a validation error');
}

describe('validation', () => {
  it('reports each failing field by path', async () => {
    const error = await validationError({ title: 3, salary: { min: -1 } });
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.equal(error.status, 400);
    const fields = (error.details as { field: string }[]).map((d) => d.field).sort();
    assert.deepEqual(fields, ['salary.min', 'title']);
  });

  it('rejects unknown properties instead of dropping them', async () => {
    const error = await validationError({ title: 't', salary: { min: 1 }, companyId: 'x' });
    assert.deepEqual(error.details, [{ field: 'companyId', messages: ['property companyId should not exist'] }]);
  });
});

describe('describeError', () => {
  it('keeps a domain error as it is', () => {
    const described = describeError(new DomainError('JOB_NOT_FOUND', 'Job not found'));
    assert.deepEqual(described, { status: 404, code: 'JOB_NOT_FOUND', message: 'Job not found', details: undefined });
  });

  it('hides the message and stack of an unexpected error', () => {
    const described = describeError(new TypeError('cannot read x of undefined at /srv/secret.ts:10'));
    assert.deepEqual(described, { status: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' });
  });

  it('maps Fastify\'s own body errors to their status with a stable code', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    assert.deepEqual(describeError(parseError), { status: 400, code: 'INVALID_JSON', message: 'Unexpected end of JSON input' });
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    assert.equal(describeError(tooLarge).code, 'PAYLOAD_TOO_LARGE');
  });

  it('gives an unknown route its own code', () => {
    assert.equal(describeError(new NotFoundException('Cannot GET /nope')).code, 'ROUTE_NOT_FOUND');
    assert.equal(describeError(new NotFoundException('gone')).code, 'NOT_FOUND');
  });
});
