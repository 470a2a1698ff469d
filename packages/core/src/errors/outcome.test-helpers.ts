import { BatonError } from './baton-error.js';

/** What a refusal looks like from outside: the fields tests compare with `toEqual`. */
export interface Outcome {
  readonly name: string;
  readonly code: string;
  readonly status: number;
  readonly error: string | undefined;
  readonly wwwAuthenticate: string | undefined;
}

/** The {@link Outcome} of a thrown error; anything that is not a BatonError (a would-be 500) is rethrown. */
export function outcomeOf(error: unknown): Outcome {
  if (!(error instanceof BatonError)) throw error;
  return { name: error.name, code: error.code, status: error.status, error: error.error, wwwAuthenticate: error.wwwAuthenticate() };
}
