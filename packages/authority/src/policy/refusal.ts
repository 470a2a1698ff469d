import { REFUSALS } from './refusal-reasons.js';
import type { TokenExchangeRefusalReason, TokenExchangeRefused } from './token-exchange-decision.js';

/** Builds the refusal for `reason`. */
export function refusal(reason: TokenExchangeRefusalReason, decidedBy: string | undefined, rules: readonly string[] = []): TokenExchangeRefused {
  const { error, description } = REFUSALS[reason];
  return { granted: false, error, reason, description, decidedBy, rules };
}
