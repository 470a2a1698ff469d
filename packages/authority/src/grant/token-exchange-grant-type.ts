/**
 * The RFC 8693 grant type, as registered with oidc-provider and sent as `grant_type`.
 *
 * @example
 * ```ts
 * clients: [{ client_id: 'shoppingbasket', grant_types: [TOKEN_EXCHANGE_GRANT_TYPE], response_types: [], … }]
 * ```
 */
export const TOKEN_EXCHANGE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
