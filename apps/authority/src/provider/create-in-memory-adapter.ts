import { LRUCache } from 'lru-cache';

/** What oidc-provider stores: a JSON object with a few well-known members. */
type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };

/** The adapter interface oidc-provider calls, per model (Session, Grant, RefreshToken…). */
export interface ProviderAdapter {
  upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  findByUserCode(userCode: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

/** Entries kept at most; the oldest unused ones go first (then users sign in again). */
const MAX_ENTRIES = 50_000;

/**
 * An in-memory storage adapter for one oidc-provider instance: sessions, grants, interactions,
 * codes and refresh tokens live in an LRU with each entry's own expiry. JWT access tokens are
 * never stored (they are self-contained).
 *
 * Why memory: the demo runs one process per authority and a restart that signs people out is
 * acceptable. A deployment with several processes, or one that must survive restarts, passes an
 * adapter backed by Redis or a database instead (same interface).
 *
 * @example
 * ```ts
 * new Provider(issuer, { adapter: createInMemoryAdapter(), … });
 * ```
 */
export function createInMemoryAdapter(): new (model: string) => ProviderAdapter {
  const store = new LRUCache<string, Payload | string | Set<string>>({ max: MAX_ENTRIES });
  const ttlOf = (expiresIn?: number) => (typeof expiresIn === 'number' && expiresIn > 0 ? { ttl: expiresIn * 1000 } : {});

  return class InMemoryAdapter implements ProviderAdapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const key = this.key(id);
      store.set(key, payload, ttlOf(expiresIn));
      if (payload.grantId) {
        const grantKey = `grant:${payload.grantId}`;
        const members = store.get(grantKey);
        const set = members instanceof Set ? members : new Set<string>();
        set.add(key);
        store.set(grantKey, set);
      }
      if (payload.uid) store.set(`${this.model}:uid:${payload.uid}`, id, ttlOf(expiresIn));
      if (payload.userCode) store.set(`${this.model}:userCode:${payload.userCode}`, id, ttlOf(expiresIn));
    }

    async find(id: string): Promise<Payload | undefined> {
      const found = store.get(this.key(id));
      return typeof found === 'object' && !(found instanceof Set) ? found : undefined;
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      const id = store.get(`${this.model}:uid:${uid}`);
      return typeof id === 'string' ? this.find(id) : undefined;
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      const id = store.get(`${this.model}:userCode:${userCode}`);
      return typeof id === 'string' ? this.find(id) : undefined;
    }

    async consume(id: string): Promise<void> {
      const payload = await this.find(id);
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      store.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const grantKey = `grant:${grantId}`;
      const members = store.get(grantKey);
      if (members instanceof Set) for (const key of members) store.delete(key);
      store.delete(grantKey);
    }
  };
}
