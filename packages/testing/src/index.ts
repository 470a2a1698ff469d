/**
 * @baton/testing: keys, tokens and a fault-injectable issuer for tests of OAuth resource servers.
 *
 * @packageDocumentation
 */
export { decodeHeader, decodePayload, encodeSegment, tamperPayload } from './compact.js';
export type { MintOptions, MintSignature } from './mint-options.js';
export { createTestKey, signWithHmac, signWithKey, type CreateTestKeyOptions, type TestKey, type TestKeyAlgorithm } from './test-key.js';
export { TestIssuer, type JwksBehaviour, type TestIssuerOptions } from './test-issuer.js';
export { findLeaks, type Leak, type LeakKind } from './find-leaks.js';
export { LogLeakAudit, registerKnownSecret, type LeakAuditReport } from './leak-audit.js';
