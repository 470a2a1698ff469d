import { rm } from 'node:fs/promises';
import type { TokenExchangeAuditEvent } from '@baton/authority';
import type { AddressInfo } from 'node:net';
import { DEMO_SECRETS, loadOrCreateSecret } from '@baton-demo/kit';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthorityAppModule } from '../app/authority-app.module.js';
import { AuthorityRuntime } from '../app/authority-runtime.js';
import { mainClientDefinitions, partnerClientDefinitions } from '../clients/demo-client-definitions.js';
import type { AuthorityConfig } from '../config/authority-config.js';
import { checkAuthorityConfig } from '../config/check-authority-config.js';
import { loadOrCreateSigningKeys } from '../keys/load-or-create-signing-keys.js';
import { createOidcProvider } from '../provider/create-oidc-provider.js';
import { dispatchToProvider } from '../provider/dispatch-to-provider.js';
import { MAIN_API_RESOURCES, PARTNER_API_RESOURCES } from '../resources/demo-api-resources.js';
import { loadTokenExchangePolicy, setUpTokenExchange, withExchangeClaims } from '../token-exchange.setup.js';
import { DEMO_USER_SEEDS } from '../users/demo-user-seeds.js';
import { UserStore } from '../users/user-store.js';
import { authorityFolder } from './authority-folder.js';
import type { ClientCredentials, RunningAuthority } from './running-authority.js';

const AUDIT_EVENTS_KEPT = 1000;

/** How {@link launchAuthority} runs, beyond the configuration. */
export interface LaunchOptions {
  /** Derive the issuer from the port actually bound (`http://localhost:<port>`), for port 0. */
  readonly issuerFromPort: boolean;
  readonly logger: false | LogLevel[] | undefined;
  readonly onAudit?: (event: unknown) => void;
  readonly secretsEnvironment: NodeJS.ProcessEnv;
  /** Remove the data folder on close (a temporary one). */
  readonly removeDataDirOnClose: boolean;
  /** Close on SIGINT/SIGTERM (the `npm start` process). */
  readonly shutdownHooks: boolean;
}

/**
 * Starts one authority: checks the configuration, loads or creates its keys, users and
 * secrets, listens, then attaches oidc-provider (with the token-exchange grant on the main
 * authority). Any failure closes what was opened and rethrows.
 */
export async function launchAuthority(
  unchecked: AuthorityConfig,
  options: LaunchOptions,
): Promise<RunningAuthority<Readonly<Record<string, ClientCredentials>>>> {
  const config = checkAuthorityConfig(unchecked);
  const policy = config.role === 'main' ? loadTokenExchangePolicy(config) : undefined;
  const folder = authorityFolder(config);
  const signingKeys = loadOrCreateSigningKeys(folder);
  const users = await UserStore.open(folder, DEMO_USER_SEEDS[config.role]);
  const definitions = config.role === 'main' ? mainClientDefinitions(config) : partnerClientDefinitions(config);
  const clients = definitions.map((definition) => ({ definition, secret: loadOrCreateSecret(config.dataDir, definition.secretName, options.secretsEnvironment) }));
  const cookieKey = loadOrCreateSecret(config.dataDir, config.role === 'main' ? DEMO_SECRETS.authorityCookies : DEMO_SECRETS.partnerCookies, options.secretsEnvironment);
  const authorityName = config.role === 'main' ? 'GloboTicket' : 'Partner';
  const runtime = new AuthorityRuntime(config, authorityName, users, definitions);
  const logger = new Logger(`${authorityName}Authority`);

  const app = await NestFactory.create<NestExpressApplication>(AuthorityAppModule.forRuntime(runtime), { logger: options.logger ?? ['error', 'warn'] });
  app.disable('x-powered-by');
  app.use(dispatchToProvider(runtime));
  if (options.shutdownHooks) app.enableShutdownHooks();
  const auditEvents: TokenExchangeAuditEvent[] = [];
  try {
    await app.listen(config.port, config.host);
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const issuer = options.issuerFromPort ? `http://localhost:${port}` : config.issuer;
    const provider = createOidcProvider({
      issuer,
      authorityName,
      signingKeys,
      // The main authority signs access tokens with RS256 (cheaper to verify), the partner with ES256.
      accessTokenAlg: config.role === 'main' ? 'RS256' : 'ES256',
      cookieKeys: [cookieKey],
      clients,
      apis: config.role === 'main' ? Object.values(MAIN_API_RESOURCES) : Object.values(PARTNER_API_RESOURCES),
      users,
      accessTokenTtl: config.accessTokenTtl,
      ...(config.role === 'partner'
        ? {
            accessTokenClaims: (user, audience) =>
              audience === PARTNER_API_RESOURCES.partnerGateway.audience
                ? { name: user.claims.name, email: user.claims.email, email_verified: user.claims.email_verified, group: user.claims.group ?? [], department: user.claims.department }
                : undefined,
          }
        : {}),
      ...(config.role === 'main' ? { wrapExtraTokenClaims: withExchangeClaims } : {}),
      onServerError: (message) => logger.error(`oidc-provider server error: ${message}`),
    });
    if (policy) {
      setUpTokenExchange(provider, {
        policy,
        audit: (event) => {
          auditEvents.push(event);
          if (auditEvents.length > AUDIT_EVENTS_KEPT) auditEvents.shift();
          logger.log(`token exchange audit ${JSON.stringify(event)}`);
          options.onAudit?.(event);
        },
      });
    }
    runtime.attach(provider, issuer);
    logger.log(`${authorityName} authority listening on ${config.host}:${port}, issuer ${issuer}`);
    let closed: Promise<void> | undefined;
    return {
      role: config.role,
      issuer,
      url: issuer,
      port,
      dataDir: config.dataDir,
      clients: Object.fromEntries(clients.map(({ definition, secret }) => [definition.clientId, { id: definition.clientId, secret }])),
      auditEvents,
      close: () => {
        closed ??= (async () => {
          await app.close();
          if (options.removeDataDirOnClose) await rm(config.dataDir, { recursive: true, force: true });
        })();
        return closed;
      },
    };
  } catch (error) {
    await app.close();
    if (options.removeDataDirOnClose) await rm(config.dataDir, { recursive: true, force: true });
    throw error;
  }
}
