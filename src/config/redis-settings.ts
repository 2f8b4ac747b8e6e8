// Rules for the Redis settings that involve more than one variable or a parsed form.
import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { parseRedisSpec } from '../common/redis/redis-topology.js';

@ValidatorConstraint({ name: 'oneRedisTopology' })
export class OneRedisTopology implements ValidatorConstraintInterface {
  validate(_: unknown, args: ValidationArguments): boolean {
    const c = args.object as { REDIS_URL: string; REDIS_CLUSTER_NODES: string[]; REDIS_SENTINELS: string[] };
    return [c.REDIS_URL !== '', c.REDIS_CLUSTER_NODES.length > 0, c.REDIS_SENTINELS.length > 0].filter(Boolean).length === 1;
  }
  defaultMessage(): string {
    return 'cannot be combined with the other Redis topologies: set one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS';
  }
}

@ValidatorConstraint({ name: 'isRedisSpec' })
export class IsRedisSpec implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    try {
      return typeof value === 'string' && !!parseRedisSpec(value);
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'must be redis://, rediss://, redis+cluster://host:port,... or redis+sentinel://host:port,.../<master name>';
  }
}
