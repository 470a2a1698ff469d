import type { TokenTrail, TrailHop } from '../trail/token-trail.js';
import type { TrailActor } from '../trail/trail-claims.js';
import { html } from './html.js';
import type { SafeHtml } from './safe-html.js';

function actorChain(actor: TrailActor): string {
  const name = actor.sub ?? actor.client_id ?? '?';
  return actor.act ? `${name} (after ${actorChain(actor.act)})` : name;
}

function time(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function hopPanel(hop: TrailHop): SafeHtml {
  const { claims } = hop;
  const aud = typeof claims.aud === 'string' ? claims.aud : claims.aud?.join(' ');
  const rows: Array<[string, string | undefined]> = [
    ['aud', aud],
    ['scope', claims.scope],
    ['sub', claims.sub],
    ['act', claims.act ? actorChain(claims.act) : undefined],
    ['client_id', claims.client_id],
    ['iss', claims.iss],
    ['exp', claims.exp === undefined ? undefined : time(claims.exp)],
  ];
  return html`<li class="hop" data-from="${hop.from}" data-to="${hop.to}">
    <h3>${hop.from} → ${hop.to}</h3>
    <p class="muted">${hop.obtainedBy}</p>
    <dl>${rows
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => html`<dt>${name}</dt><dd data-claim="${name}">${value}</dd>`)}</dl>
  </li>`;
}

/**
 * The token trail panel: for the last action, the claims of each token along the way (never the
 * tokens themselves).
 *
 * @example
 * ```ts
 * html`<aside>${trailPanel(session.trail)}</aside>`;
 * ```
 */
export function trailPanel(trail: TokenTrail | undefined): SafeHtml {
  if (!trail || trail.hops.length === 0) {
    return html`<h2>Token trail</h2><p class="muted">Nothing yet. Browse the events or check out: each token used along the way shows up here, claims only.</p>`;
  }
  return html`<h2>Token trail</h2>
    <p class="muted" data-trail-action="${trail.action}">Last action: <strong>${trail.action}</strong> at ${trail.at.slice(11, 19)} UTC</p>
    <ol>${trail.hops.map(hopPanel)}</ol>`;
}
