/**
 * The storefront's icon (a ticket), served at `/assets/favicon.svg`.
 *
 * @example
 * ```ts
 * response.type('image/svg+xml').send(STOREFRONT_ICON);
 * ```
 */
export const STOREFRONT_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="2" y="8" width="28" height="16" rx="3" fill="#2f5bd3"/><circle cx="2" cy="16" r="3" fill="#fff"/><circle cx="30" cy="16" r="3" fill="#fff"/><path d="M20 9v14" stroke="#fff" stroke-dasharray="2 2"/></svg>`;
