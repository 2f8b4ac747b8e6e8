// `npm run openapi:responses`: the response schema of every API operation, read from the
// TypeScript type its controller method returns (what Fastify serialises), written to
// src/openapi/response-schemas.generated.ts. The OpenAPI document takes its success responses
// from there, so they cannot drift from the code: a test fails when the file is out of date,
// and the end-to-end suite checks every response against them.
//
// The conversion follows JSON.stringify: a value with toJSON() is described by what that
// returns (a Date by an ISO string), functions and undefined properties are left out, and an
// object type lists exactly its properties (no others may appear).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { cliOptions } from './cli.js';

type Schema = Record<string, unknown>;

export interface OperationResponse {
  status: number;
  /** null: the operation answers without a body. */
  schema: Schema | null;
  /** Set when the body is not JSON (a handler that writes a file itself). */
  contentType?: string;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
export const GENERATED_FILE = path.join(root, 'src/openapi/response-schemas.generated.ts');
const HTTP_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);

function controllerFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return controllerFiles(full);
    return entry.name.endsWith('.controller.ts') ? [full] : [];
  });
}

const decoratorsOf = (node: ts.Node): ts.Decorator[] => (ts.canHaveDecorators(node) ? [...(ts.getDecorators(node) ?? [])] : []);
function decoratorCall(node: ts.Node, name: string): ts.CallExpression | undefined {
  for (const decorator of decoratorsOf(node)) {
    const call = decorator.expression;
    if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === name) return call;
  }
  return undefined;
}

/** @Res() hands the reply to the handler; @Res({ passthrough: true }) leaves sending to Nest. */
function writesReply(res: ts.CallExpression | undefined): boolean {
  if (!res) return false;
  const options = res.arguments[0];
  return !(options && ts.isObjectLiteralExpression(options) && options.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'passthrough' && p.initializer.kind === ts.SyntaxKind.TrueKeyword));
}

class SchemaWriter {
  readonly components: Record<string, Schema> = {};
  private readonly named = new Map<ts.Type, string>();
  private readonly visiting = new Set<ts.Type>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /** A named interface or type alias of our own source becomes a component (its name). */
  private componentName(type: ts.Type): string | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || (type.aliasTypeArguments?.length ?? 0) > 0) return undefined;
    if ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference && ((type as ts.TypeReference).typeArguments?.length ?? 0) > 0) return undefined;
    const declaration = symbol.declarations?.[0];
    if (!declaration || declaration.getSourceFile().fileName.includes('node_modules')) return undefined;
    if (!ts.isInterfaceDeclaration(declaration) && !ts.isTypeAliasDeclaration(declaration) && !ts.isClassDeclaration(declaration)) return undefined;
    return symbol.getName();
  }

  schema(type: ts.Type, at: ts.Node): Schema {
    const flags = type.getFlags();
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (flags & ts.TypeFlags.Null) return { type: 'null' };
    if (flags & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (flags & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [this.checker.typeToString(type) === 'true'] };
    if (flags & ts.TypeFlags.StringLike) return { type: 'string' };
    if (flags & ts.TypeFlags.NumberLike) return { type: 'number' };
    if (flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (type.isUnion()) return this.union(type.types, at);
    const symbolName = type.getSymbol()?.getName();
    if (symbolName === 'Date') return { type: 'string', format: 'date-time' };
    if (this.checker.isArrayType(type)) return { type: 'array', items: this.schema(this.checker.getTypeArguments(type as ts.TypeReference)[0], at) };
    if (this.checker.isTupleType(type)) {
      const items = this.checker.getTypeArguments(type as ts.TypeReference).map((t) => this.schema(t, at));
      return { type: 'array', prefixItems: items, minItems: items.length, maxItems: items.length };
    }
    // What JSON.stringify writes for a value with toJSON() (ObjectId, Buffer, documents).
    const toJson = type.getProperty('toJSON');
    if (toJson) {
      const signatures = this.checker.getTypeOfSymbolAtLocation(toJson, at).getCallSignatures();
      if (signatures.length > 0) return this.schema(this.checker.getReturnTypeOfSignature(signatures[0]), at);
    }
    const name = this.componentName(type);
    if (name) {
      const known = this.named.get(type);
      if (known) return { $ref: `#/components/schemas/${known}` };
      let unique = name;
      for (let i = 2; this.components[unique] && !this.named.has(type); i++) unique = `${name}${i}`;
      this.named.set(type, unique);
      this.components[unique] = {};
      this.components[unique] = this.object(type, at);
      return { $ref: `#/components/schemas/${unique}` };
    }
    if (this.visiting.has(type)) return {};
    this.visiting.add(type);
    try {
      return this.object(type, at);
    } finally {
      this.visiting.delete(type);
    }
  }

  private union(members: ts.Type[], at: ts.Node): Schema {
    const present = members.filter((t) => !(t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = present.some((t) => t.getFlags() & ts.TypeFlags.Null);
    const rest = present.filter((t) => !(t.getFlags() & ts.TypeFlags.Null));
    let schema: Schema;
    if (rest.length > 0 && rest.every((t) => t.getFlags() & ts.TypeFlags.StringLiteral)) {
      schema = { type: 'string', enum: rest.map((t) => (t as ts.StringLiteralType).value).sort() };
    } else if (rest.length > 0 && rest.every((t) => t.getFlags() & ts.TypeFlags.BooleanLiteral)) {
      schema = rest.length === 2 ? { type: 'boolean' } : this.schema(rest[0], at);
    } else if (rest.length === 1) {
      schema = this.schema(rest[0], at);
    } else {
      const parts = rest.filter((t) => !(t.getFlags() & ts.TypeFlags.BooleanLiteral)).map((t) => this.schema(t, at));
      if (rest.some((t) => t.getFlags() & ts.TypeFlags.BooleanLiteral)) parts.push({ type: 'boolean' });
      schema = { anyOf: parts };
    }
    if (!nullable) return schema;
    if (typeof schema.type === 'string' && !schema.enum) return { ...schema, type: [schema.type, 'null'] };
    if (typeof schema.type === 'string' && Array.isArray(schema.enum)) return { ...schema, type: [schema.type, 'null'], enum: [...schema.enum, null] };
    return { anyOf: [...((schema.anyOf as Schema[] | undefined) ?? [schema]), { type: 'null' }] };
  }

  private object(type: ts.Type, at: ts.Node): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = this.checker.getTypeOfSymbolAtLocation(property, declaration ?? at);
      if (propertyType.getCallSignatures().length > 0) continue; // methods are not serialised
      if (propertyType.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) continue;
      properties[property.getName()] = this.schema(propertyType, declaration ?? at);
      const optional = (property.getFlags() & ts.SymbolFlags.Optional) !== 0 || (propertyType.isUnion() && propertyType.types.some((t) => t.getFlags() & ts.TypeFlags.Undefined));
      if (!optional) required.push(property.getName());
    }
    const index = this.checker.getIndexInfosOfType(type).find((info) => info.keyType.getFlags() & ts.TypeFlags.String);
    const schema: Schema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    schema.additionalProperties = index ? this.schema(index.type, at) : false;
    return schema;
  }
}

/** Every controller operation's success status and response schema, by operationId (Class_method). */
export function responseSchemas(): { operations: Record<string, OperationResponse>; components: Record<string, Schema> } {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const files = controllerFiles(path.join(root, 'src/modules'));
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true, incremental: false });
  const checker = program.getTypeChecker();
  const writer = new SchemaWriter(checker);
  const operations: Record<string, OperationResponse> = {};
  for (const file of files.sort()) {
    const source = program.getSourceFile(file)!;
    source.forEachChild((node) => {
      if (!ts.isClassDeclaration(node) || !node.name || !decoratorCall(node, 'Controller')) return;
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const verb = decoratorsOf(member).map((d) => d.expression).find((e) => ts.isCallExpression(e) && ts.isIdentifier(e.expression) && HTTP_METHODS.has(e.expression.text)) as ts.CallExpression | undefined;
        if (!verb) continue;
        const code = decoratorCall(member, 'HttpCode')?.arguments[0];
        const status = code && ts.isNumericLiteral(code) ? Number(code.text) : (verb.expression as ts.Identifier).text === 'Post' ? 201 : 200;
        // A handler that writes the reply itself (@Res) has no JSON response to describe; one
        // that sends a file names its type with @ApiProduces.
        if (member.parameters.some((p) => writesReply(decoratorCall(p, 'Res')))) {
          const produces = decoratorCall(member, 'ApiProduces')?.arguments[0];
          if (produces && ts.isStringLiteral(produces)) operations[`${node.name.text}_${member.name.text}`] = { status, schema: { type: 'string' }, contentType: produces.text };
          continue;
        }
        const signature = checker.getSignatureFromDeclaration(member)!;
        const returned = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature)) ?? checker.getReturnTypeOfSignature(signature);
        const empty = returned.getFlags() & (ts.TypeFlags.Void | ts.TypeFlags.Undefined);
        operations[`${node.name.text}_${member.name.text}`] = { status, schema: empty ? null : writer.schema(returned, member) };
      }
    });
  }
  return { operations, components: writer.components };
}

export function generatedSource(): string {
  const { operations, components } = responseSchemas();
  return [
    '// Generated by `npm run openapi:responses` (scripts/openapi-responses.ts) from the return types',
    '// of the controllers. Do not edit; a test fails when this file is out of date.',
    `export const RESPONSE_COMPONENTS: Record<string, Record<string, unknown>> = ${JSON.stringify(components, null, 2)};`,
    '',
    `export const OPERATION_RESPONSES: Record<string, { status: number; schema: Record<string, unknown> | null; contentType?: string }> = ${JSON.stringify(operations, null, 2)};`,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  cliOptions({}, `usage: npm run openapi:responses (writes ${path.relative(root, GENERATED_FILE)})`);
  fs.mkdirSync(path.dirname(GENERATED_FILE), { recursive: true });
  fs.writeFileSync(GENERATED_FILE, generatedSource());
  console.log(`wrote ${path.relative(root, GENERATED_FILE)}`);
}
