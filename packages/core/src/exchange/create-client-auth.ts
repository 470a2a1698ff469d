import type { webcrypto } from 'node:crypto';
import { importJWK } from 'jose';
import { ClientSecretBasic, ClientSecretPost, modifyAssertion, PrivateKeyJwt, type ClientAuth } from 'openid-client';
import type { TokenExchangeDialect } from './delegated-token-source-options.js';
import type { ResolvedClient } from './resolve-token-source-options.js';

/**
 * openid-client's client authentication for the configured method: `ClientSecretBasic`,
 * `ClientSecretPost` or `PrivateKeyJwt`. A private key is imported once, as a non-extractable
 * `CryptoKey` for its algorithm. For Entra ID, the client assertion's `aud` is the token
 * endpoint, as Microsoft's certificate-credentials documentation asks; elsewhere it is
 * openid-client's default, the issuer.
 */
export async function createClientAuth(client: ResolvedClient, dialect: TokenExchangeDialect, tokenEndpoint: () => string): Promise<ClientAuth> {
  if (client.authMethod === 'client_secret_basic') return ClientSecretBasic(client.secret!);
  if (client.authMethod === 'client_secret_post') return ClientSecretPost(client.secret!);
  const prepared = client.privateKey!;
  const key = prepared.kind === 'crypto-key'
    ? prepared.key
    : ((await importJWK({ ...prepared.jwk, alg: prepared.alg } as Parameters<typeof importJWK>[0], prepared.alg, { extractable: false })) as webcrypto.CryptoKey);
  const modify = dialect === 'entra-obo'
    ? { [modifyAssertion]: (_header: Record<string, unknown>, payload: Record<string, unknown>) => void (payload['aud'] = tokenEndpoint()) }
    : undefined;
  return PrivateKeyJwt(prepared.kid === undefined ? key : { key, kid: prepared.kid }, modify);
}
