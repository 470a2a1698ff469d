import { RecentLookups } from './recent-lookups.js';

describe('RecentLookups', () => {
  it('computes a key once, then answers from memory', () => {
    const computed: string[] = [];
    const lookups = new RecentLookups<string>(4);
    const compute = (key: string) => {
      computed.push(key);
      return key.toUpperCase();
    };
    expect([lookups.get('/a', compute), lookups.get('/a', compute), lookups.get('/b', compute)]).toEqual(['/A', '/A', '/B']);
    expect(computed).toEqual(['/a', '/b']);
  });

  it('never keeps a key with a query, nor a failed computation', () => {
    const computed: string[] = [];
    const lookups = new RecentLookups<string>(4);
    const compute = (key: string) => {
      computed.push(key);
      if (key === '/bad') throw new TypeError('bad');
      return key;
    };
    lookups.get('/x?token=secret', compute);
    lookups.get('/x?token=secret', compute);
    expect(() => lookups.get('/bad', compute)).toThrow(TypeError);
    expect(() => lookups.get('/bad', compute)).toThrow(TypeError);
    expect(computed).toEqual(['/x?token=secret', '/x?token=secret', '/bad', '/bad']);
  });

  it('starts again when full: bounded by count', () => {
    const computed: string[] = [];
    const lookups = new RecentLookups<string>(2);
    const compute = (key: string) => {
      computed.push(key);
      return key;
    };
    for (const key of ['/1', '/2', '/3', '/1']) lookups.get(key, compute);
    expect(computed).toEqual(['/1', '/2', '/3', '/1']);
  });
});
