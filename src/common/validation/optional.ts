// Our one rule for `null` in request bodies: an optional field may be left out (unchanged on
// an update), never set to null. class-validator's IsOptional lets null through to the
// database, where one `{"skills": null}` once broke matching for every company, so it is
// banned by the lint config in favour of this.
import { ValidateIf } from 'class-validator';

/** The field may be omitted; when present (null included) it must pass its own rules. */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
