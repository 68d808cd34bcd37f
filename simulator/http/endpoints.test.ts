// The endpoint table and the schemas describe the same API: every route has its request and
// response schema, every schema with a request has a route, every handler cites its spec section.
import { describe, expect, it } from 'vitest';
import { schemasDir } from '../paths.js';
import { SchemaRegistry } from '../protocol/validation.js';
import { ENDPOINTS } from './endpoints.js';

const registry = new SchemaRegistry(schemasDir);

describe('endpoint table', () => {
  it.each(ENDPOINTS.map((e) => [e.name, e.spec] as const))('%s has its schema and cites %s', (name, spec) => {
    expect(registry.has(name)).toBe(true);
    // a spec section, or for the endpoints this edition lacks, the LianLian SDK class that defines them
    expect(spec).toMatch(/^((acctmgr-api-v1\.4|txn-api-v2\.3) §\d+(\.\d+)*|LianLian ACCP SDK \(\w+\))/);
    expect(registry.describe(name).spec.split(/[ ,]/)[0]).toBe(spec.split(' ')[0]);
  });

  it('routes every schema that defines a request', () => {
    expect(registry.names().sort()).toEqual(ENDPOINTS.map((e) => e.name).sort());
  });
});
