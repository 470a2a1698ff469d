import type { TrailHop } from '../trail/token-trail.js';

/** The result of an API call and the trail of the tokens it took. */
export interface Called<T> {
  readonly value: T;
  readonly hops: readonly TrailHop[];
}
