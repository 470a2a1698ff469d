import { SUPPORTED_ALGORITHMS } from '@baton/core';
import { checkSubjectMapping, type MappingNames } from './check-subject-mapping.js';
import type { CompiledAudience, CompiledClient, CompiledIssuer, CompiledPolicy, CompiledTarget } from './compiled-policy.js';
import {
  checkAbsoluteUri, checkBoolean, checkInteger, checkMap, checkName, checkNameList, checkObject, checkPlainData, checkScopeList, known, member,
} from './policy-checks.js';
import type { TokenExchangePolicy, TrustedIssuerPolicy } from './token-exchange-policy.js';

const ROOT = 'policy';
const DEFAULT_TOKEN_LIFETIME = 300;
const DEFAULT_MAX_ACTOR_DEPTH = 4;

/**
 * Checks a token-exchange policy once and compiles it for the decision engine. The policy is
 * copied first (so later changes to the caller's object change nothing) and the copy is
 * deep-frozen.
 *
 * @throws TypeError naming the dotted path of the first mistake and how to fix it.
 */
export function compileTokenExchangePolicy(input: unknown): CompiledPolicy {
  const policy = copyPlainData(input);
  checkPlainData(policy, ROOT);
  const root = checkObject(policy, ROOT, ['audiences', 'clients', 'mapping', 'trustedIssuers', 'maxActorDepth'], 'with "audiences" and "clients"');
  if (root['audiences'] === undefined) throw new TypeError('`policy.audiences` is missing; list the APIs tokens may be issued for, e.g. { "discount": { "scopes": ["discount.fullaccess"] } }.');
  if (root['clients'] === undefined) throw new TypeError('`policy.clients` is missing; list the clients that may exchange tokens, e.g. { "shoppingbasket": { "ownAudiences": ["shoppingbasket"], "targets": { … } } }.');

  const { audiences, resources } = compileAudiences(root['audiences']);
  const clientIds = checkMap(root['clients'], member(ROOT, 'clients'), '{ "shoppingbasket": { "ownAudiences": ["shoppingbasket"], "targets": { "discount": { "scopes": ["discount.fullaccess"] } } } }')
    .map(([id]) => id);
  const names: MappingNames = {
    audiences: new Set(audiences.keys()),
    clients: new Set(clientIds),
    scopes: new Set([...audiences.values()].flatMap((audience) => [...audience.scopes])),
  };
  const trustedIssuers = compileTrustedIssuers(root['trustedIssuers'], names);
  const clients = compileClients(root['clients'] as Record<string, unknown>, audiences, trustedIssuers);
  const ownMapping = checkSubjectMapping(root['mapping'], member(ROOT, 'mapping'), names);
  const maxActorDepth = checkInteger(root['maxActorDepth'], member(ROOT, 'maxActorDepth'), 1, 16, DEFAULT_MAX_ACTOR_DEPTH);
  const subjectAudiences = [...new Set([...clients.values()].flatMap((client) => [...client.ownAudiences]))];

  return {
    policy: deepFreeze(policy) as TokenExchangePolicy,
    audiences,
    resources,
    clients,
    ownMapping,
    trustedIssuers,
    maxActorDepth,
    subjectAudiences,
  };
}

function copyPlainData(input: unknown): unknown {
  try {
    return structuredClone(input);
  } catch {
    throw new TypeError('`policy` must be plain data (objects, arrays, strings, numbers, booleans), as read from a JSON file; it contains a function or another value that cannot be copied.');
  }
}

function compileAudiences(value: unknown): { audiences: Map<string, CompiledAudience>; resources: Map<string, string> } {
  const at = member(ROOT, 'audiences');
  const audiences = new Map<string, CompiledAudience>();
  const resources = new Map<string, string>();
  for (const [id, entry] of checkMap(value, at, '{ "discount": { "scopes": ["discount.fullaccess"] } }')) {
    const path = member(at, id);
    checkName(id, `${path} (the key)`, 'an audience identifier');
    const audience = checkObject(entry, path, ['scopes', 'defaultScopes', 'resources', 'tokenLifetime'], 'such as { "scopes": ["discount.fullaccess"] }');
    const scopes = checkScopeList(audience['scopes'], member(path, 'scopes'), false);
    const defaults = audience['defaultScopes'] === undefined ? [] : checkScopeList(audience['defaultScopes'], member(path, 'defaultScopes'), true);
    defaults.forEach((scope, index) => {
      if (!scopes.includes(scope)) throw new TypeError(`\`${member(path, 'defaultScopes')}[${index}]\` is ${JSON.stringify(scope)}, which is not in \`${member(path, 'scopes')}\`; add it there or remove it.`);
    });
    if (audience['resources'] !== undefined) {
      const list = audience['resources'];
      if (!Array.isArray(list) || list.length === 0) throw new TypeError(`\`${member(path, 'resources')}\` must be a non-empty list of absolute URIs, e.g. ["https://discount.example.com"].`);
      list.forEach((resource: unknown, index: number) => {
        const resourcePath = `${member(path, 'resources')}[${index}]`;
        const uri = checkAbsoluteUri(resource, resourcePath, 'https://discount.example.com');
        const owner = resources.get(uri);
        if (owner !== undefined) throw new TypeError(`\`${resourcePath}\` is already a resource of the audience ${JSON.stringify(owner)}; a resource indicator names one audience only.`);
        resources.set(uri, id);
      });
    }
    const tokenLifetime = checkInteger(audience['tokenLifetime'], member(path, 'tokenLifetime'), 1, 86_400, DEFAULT_TOKEN_LIFETIME);
    audiences.set(id, { id, path, scopes: new Set(scopes), defaultScopes: defaults, tokenLifetime });
  }
  // An audience identifier that is an absolute URI is its own resource indicator.
  for (const id of audiences.keys()) {
    if (!isAbsoluteUri(id)) continue;
    const owner = resources.get(id);
    if (owner === undefined) resources.set(id, id);
    else if (owner !== id) throw new TypeError(`\`${member(member(at, owner), 'resources')}\` lists ${JSON.stringify(id)}, which is the identifier of another audience; remove it.`);
  }
  return { audiences, resources };
}

function compileTrustedIssuers(value: unknown, names: MappingNames): Map<string, CompiledIssuer> {
  const issuers = new Map<string, CompiledIssuer>();
  if (value === undefined) return issuers;
  const at = member(ROOT, 'trustedIssuers');
  if (!Array.isArray(value)) throw new TypeError(`\`${at}\` must be a list such as [{ "issuer": "https://partner.example.com" }].`);
  value.forEach((entry: unknown, index: number) => {
    const path = `${at}[${index}]`;
    const trusted = checkObject(entry, path, ['issuer', 'jwksUri', 'algorithms', 'accessTokenProfile', 'subjectPrefix', 'mapping'], 'such as { "issuer": "https://partner.example.com" }');
    const issuer = checkAbsoluteUri(trusted['issuer'], member(path, 'issuer'), 'https://partner.example.com');
    if (issuers.has(issuer)) throw new TypeError(`\`${member(path, 'issuer')}\` repeats ${issuer}; list each trusted issuer once.`);
    if (trusted['jwksUri'] !== undefined) checkAbsoluteUri(trusted['jwksUri'], member(path, 'jwksUri'), 'https://partner.example.com/jwks');
    if (trusted['algorithms'] !== undefined) {
      const algorithms = checkNameList(trusted['algorithms'], member(path, 'algorithms'), 'JWS algorithms', '["ES256"]');
      algorithms.forEach((alg, algIndex) => {
        if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)) {
          throw new TypeError(`\`${member(path, 'algorithms')}[${algIndex}]\` is ${JSON.stringify(alg)}; use asymmetric algorithms only (${SUPPORTED_ALGORITHMS.join(', ')}).`);
        }
      });
    }
    checkBoolean(trusted['accessTokenProfile'], member(path, 'accessTokenProfile'), true);
    const prefix = trusted['subjectPrefix'];
    if (prefix !== undefined && (typeof prefix !== 'string' || prefix.length === 0)) {
      throw new TypeError(`\`${member(path, 'subjectPrefix')}\` must be a non-empty string such as "partner|".`);
    }
    issuers.set(issuer, {
      path,
      policy: trusted as unknown as TrustedIssuerPolicy,
      subjectPrefix: (prefix as string | undefined) ?? '',
      mapping: checkSubjectMapping(trusted['mapping'], member(path, 'mapping'), names),
    });
  });
  return issuers;
}

function compileClients(
  value: Record<string, unknown>,
  audiences: ReadonlyMap<string, CompiledAudience>,
  issuers: ReadonlyMap<string, CompiledIssuer>,
): Map<string, CompiledClient> {
  const at = member(ROOT, 'clients');
  const clients = new Map<string, CompiledClient>();
  for (const [id, entry] of Object.entries(value)) {
    const path = member(at, id);
    checkName(id, `${path} (the key)`, 'a client id');
    const client = checkObject(entry, path, ['ownAudiences', 'targets', 'subjectIssuers', 'actorTokens', 'impersonation'], 'with "ownAudiences" and "targets"');
    const ownAudiences = checkNameList(client['ownAudiences'], member(path, 'ownAudiences'), 'audiences of the client\'s own API', '["shoppingbasket"]');

    const targetsPath = member(path, 'targets');
    const targets = new Map<string, CompiledTarget>();
    for (const [audienceId, target] of checkMap(client['targets'], targetsPath, '{ "discount": { "scopes": ["discount.fullaccess"] } }')) {
      const targetPath = member(targetsPath, audienceId);
      const audience = audiences.get(audienceId);
      if (audience === undefined) {
        throw new TypeError(`\`${targetPath}\` names an audience that \`policy.audiences\` does not define; add it there or fix the name (${known(audiences.keys())}).`);
      }
      const scopes = checkScopeList(checkObject(target, targetPath, ['scopes'], 'such as { "scopes": ["discount.fullaccess"] }')['scopes'], member(targetPath, 'scopes'), false);
      scopes.forEach((scope, index) => {
        if (!audience.scopes.has(scope)) {
          throw new TypeError(`\`${member(targetPath, 'scopes')}[${index}]\` is ${JSON.stringify(scope)}, which the audience does not define; add it to \`${member(audience.path, 'scopes')}\` or fix the name.`);
        }
      });
      targets.set(audienceId, { path: targetPath, scopes: new Set(scopes) });
    }

    const subjectIssuers = client['subjectIssuers'] === undefined
      ? []
      : checkNameList(client['subjectIssuers'], member(path, 'subjectIssuers'), 'trusted issuers', '["https://partner.example.com"]');
    subjectIssuers.forEach((issuer, index) => {
      if (!issuers.has(issuer)) {
        throw new TypeError(`\`${member(path, 'subjectIssuers')}[${index}]\` is ${JSON.stringify(issuer)}, which \`policy.trustedIssuers\` does not list; add it there or fix the name (${known(issuers.keys())}).`);
      }
    });

    clients.set(id, {
      id,
      path,
      ownAudiences: new Set(ownAudiences),
      targets,
      subjectIssuers: new Set(subjectIssuers),
      actorTokens: checkBoolean(client['actorTokens'], member(path, 'actorTokens'), false),
      impersonation: checkBoolean(client['impersonation'], member(path, 'impersonation'), false),
    });
  }
  return clients;
}

function isAbsoluteUri(value: string): boolean {
  return URL.canParse(value) && /^[a-z][a-z0-9+.-]*:/i.test(value);
}

function deepFreeze(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const entry of Object.values(value)) deepFreeze(entry);
  }
  return value;
}

