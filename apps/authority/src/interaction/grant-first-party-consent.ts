import type Provider from 'oidc-provider';
import type { InteractionDetails } from 'oidc-provider';

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Grants what a first-party client asked for in a consent prompt, without showing a page:
 * the missing OpenID scopes and claims and the missing scopes per API. What the client may
 * receive at all is already bounded by its registration (allowed OpenID scopes) and by the
 * authority's per-client API table (`getResourceServerInfo`), so nothing wider than that is
 * granted. Returns the id of the saved grant.
 *
 * @example
 * ```ts
 * const grantId = await grantFirstPartyConsent(provider, details);
 * await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
 * ```
 */
export async function grantFirstPartyConsent(provider: Provider, details: InteractionDetails): Promise<string> {
  const accountId = details.session?.accountId;
  const clientId = details.params.client_id;
  if (!accountId || typeof clientId !== 'string') throw new TypeError('A consent interaction without a signed-in account or a client.');
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const missingScope = stringList(details.prompt.details.missingOIDCScope);
  if (missingScope.length > 0) grant.addOIDCScope(missingScope.join(' '));
  const missingClaims = stringList(details.prompt.details.missingOIDCClaims);
  if (missingClaims.length > 0) grant.addOIDCClaims(missingClaims);
  const missingResourceScopes = details.prompt.details.missingResourceScopes;
  if (typeof missingResourceScopes === 'object' && missingResourceScopes !== null) {
    for (const [resource, scopes] of Object.entries(missingResourceScopes)) {
      const list = stringList(scopes);
      if (list.length > 0) grant.addResourceScope(resource, list.join(' '));
    }
  }
  return grant.save();
}
