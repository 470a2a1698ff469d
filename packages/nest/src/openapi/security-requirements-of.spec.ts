import { scopeRequirement } from '@baton/core';
import { securityRequirementsOf } from './security-requirements-of.js';

describe('securityRequirementsOf', () => {
  it('Z5: a public route needs no credentials', () => {
    expect(securityRequirementsOf({ isPublic: true, requirements: [scopeRequirement(['a'])] }, 'oauth2')).toEqual([]);
  });

  it('Z4: "all" and "any" on the same scopes: the "all" entry is the only one needed', () => {
    const policy = { isPublic: false, requirements: [scopeRequirement(['a', 'b']), scopeRequirement(['a', 'c'], 'any')] };
    expect(securityRequirementsOf(policy, 'oauth2')).toEqual([{ oauth2: ['a', 'b'] }]);
  });

  it('Z5: a protected route without scopes still needs a token', () => {
    expect(securityRequirementsOf({ isPublic: false, requirements: [] }, 'oauth2')).toEqual([{ oauth2: [] }]);
  });

  it('Z4: "all" requirements of controller and handler merge into one entry', () => {
    const policy = { isPublic: false, requirements: [scopeRequirement(['a']), scopeRequirement(['b', 'c']), scopeRequirement(['a'])] };
    expect(securityRequirementsOf(policy, 'oauth2')).toEqual([{ oauth2: ['a', 'b', 'c'] }]);
  });

  it('Z4: an "any" requirement becomes alternatives, each with the "all" scopes', () => {
    const policy = { isPublic: false, requirements: [scopeRequirement(['a']), scopeRequirement(['x', 'y'], 'any')] };
    expect(securityRequirementsOf(policy, 'globoticket')).toEqual([{ globoticket: ['a', 'x'] }, { globoticket: ['a', 'y'] }]);
  });

  it('Z4: two "any" requirements combine into the smallest alternatives', () => {
    const same = { isPublic: false, requirements: [scopeRequirement(['x', 'y'], 'any'), scopeRequirement(['y', 'x'], 'any')] };
    expect(securityRequirementsOf(same, 'oauth2')).toEqual([{ oauth2: ['x'] }, { oauth2: ['y'] }]);
    const different = { isPublic: false, requirements: [scopeRequirement(['x', 'y'], 'any'), scopeRequirement(['z', 'x'], 'any')] };
    expect(securityRequirementsOf(different, 'oauth2')).toEqual([{ oauth2: ['x'] }, { oauth2: ['y', 'z'] }]);
  });

  it('refuses a combination that would explode the document', () => {
    const many = Array.from({ length: 9 }, (_, i) => `s${i}`);
    const policy = { isPublic: false, requirements: [scopeRequirement(many, 'any'), scopeRequirement(many.map((s) => `${s}x`), 'any')] };
    expect(() => securityRequirementsOf(policy, 'oauth2')).toThrow(TypeError);
  });
});
