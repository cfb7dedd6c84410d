// Receiving credentials (OpenID4VCI 1.0, pre-authorized code flow), as named steps:
// resolve the offer → issuer metadata (its credential_issuer must be the offer's) → the
// authorization server's metadata → the transaction code, if asked (from the caller's prompt)
// → token → per offered configuration: nonce → key proof → credential → check the signature
// against the issuer's DID and the binding to our key → keep it → notify `credential_accepted`
// (or `credential_failure` when refused).
//
// Keys: by default every credential is bound to the one wallet key, as the NHS wallet does and
// as our issuer requires (docs/architecture.md D23: later credentials go to the key of the
// first). `keyPerCredential` makes a fresh key per credential instead.
import { isCredentialTypeId, parseVct, type CredentialFormat } from '../core/credentials/index.ts';
import { TxCodeRequired, UnsupportedCredentialConfiguration, UnsupportedGrant } from './errors.ts';
import { PRE_AUTHORIZED_GRANT, resolveCredentialOffer } from './credential-offer/resolve-credential-offer.ts';
import { displayFor, fetchAuthorizationServerMetadata, fetchIssuerMetadata, type CredentialConfiguration } from './issuer-metadata/fetch-issuer-metadata.ts';
import { fetchAccessToken } from './token/fetch-access-token.ts';
import { createKeyProof, type KeyReference } from './credential-request/create-key-proof.ts';
import { fetchNonce, sendCredentialRequest } from './credential-request/send-credential-request.ts';
import { verifyReceivedCredential } from './credential-request/verify-received-credential.ts';
import { sendNotification } from './notification/send-notification.ts';
import type { CredentialRecord } from './credentials/credential-store.ts';
import type { HolderKey } from './keys/key-store.ts';
import type { WalletContext } from './wallet-context.ts';

/** What a transaction-code prompt is told, so it can show the issuer before asking (STANDARDS e.3). */
export interface TxCodePrompt {
  issuer: string;
  issuerName?: string;
  inputMode: 'numeric' | 'text';
  length?: number;
  description?: string;
}

export interface ReceiveOptions {
  /** The transaction code, or a prompt that asks the person for it (undefined: they gave none). */
  txCode?: string | ((prompt: TxCodePrompt) => Promise<string | undefined>);
  /** How key proofs name the key: a bare `jwk` (default) or a did:jwk `kid`. */
  keyReference?: KeyReference;
  /** A new key for each credential instead of the one wallet key. */
  keyPerCredential?: boolean;
}

export interface ReceiveResult {
  issuer: { url: string; name?: string };
  received: CredentialRecord[];
}

export const SUPPORTED_FORMATS: readonly CredentialFormat[] = ['dc+sd-jwt', 'jwt_vc_json'];

/** The wallet key: the oldest key, made on first use. */
export async function walletKey(context: WalletContext): Promise<HolderKey> {
  const [first] = await context.keys.list();
  return first ?? context.keys.create(context.clock.now());
}

function typeOf(format: CredentialFormat, configuration: CredentialConfiguration, verifiedType: string | undefined): string {
  if (verifiedType) return verifiedType;
  if (format === 'dc+sd-jwt') return parseVct(configuration.vct)?.type ?? configuration.vct ?? 'unknown';
  const types = configuration.credential_definition?.type ?? [];
  return types.find(isCredentialTypeId) ?? types.at(-1) ?? 'unknown';
}

export async function receiveCredentials(context: WalletContext, offerUri: string, options: ReceiveOptions = {}): Promise<ReceiveResult> {
  const { http } = context;

  // Step: the offer.
  const offer = await resolveCredentialOffer(offerUri, http);

  // Step: the issuer's metadata, which must describe the issuer the offer named.
  const metadata = await fetchIssuerMetadata(offer.credential_issuer, http);
  const issuerDisplay = displayFor(metadata.display, context.locale);
  const configurations = offer.credential_configuration_ids.map((id) => {
    const configuration = metadata.credential_configurations_supported[id];
    if (!configuration) throw new UnsupportedCredentialConfiguration(id, 'not in the issuer metadata');
    if (!(SUPPORTED_FORMATS as readonly string[]).includes(configuration.format)) throw new UnsupportedCredentialConfiguration(id, `format ${configuration.format}`);
    return { id, configuration, format: configuration.format as CredentialFormat };
  });

  // Step: the grant (pre-authorized code only) and its authorization server.
  const grant = offer.grants?.[PRE_AUTHORIZED_GRANT];
  if (!grant) throw new UnsupportedGrant();
  const authorizationServer = grant.authorization_server ?? metadata.authorization_servers?.[0] ?? metadata.credential_issuer;
  if (grant.authorization_server && metadata.authorization_servers && !metadata.authorization_servers.includes(grant.authorization_server)) {
    throw new UnsupportedGrant();
  }
  const asMetadata = await fetchAuthorizationServerMetadata(authorizationServer, http);

  // Step: the transaction code, when the offer asks for one (§4.1.1 tx_code).
  let txCode: string | undefined;
  if (grant.tx_code) {
    const prompt: TxCodePrompt = {
      issuer: offer.credential_issuer,
      ...(issuerDisplay?.name ? { issuerName: issuerDisplay.name } : {}),
      inputMode: grant.tx_code.input_mode ?? 'numeric',
      ...(grant.tx_code.length === undefined ? {} : { length: grant.tx_code.length }),
      ...(grant.tx_code.description === undefined ? {} : { description: grant.tx_code.description }),
    };
    txCode = typeof options.txCode === 'function' ? await options.txCode(prompt) : options.txCode;
    if (txCode === undefined || txCode === '') throw new TxCodeRequired(grant.tx_code.description);
  }

  // Step: the access token.
  const token = await fetchAccessToken(http, asMetadata.token_endpoint, { preAuthorizedCode: grant['pre-authorized_code'], ...(txCode === undefined ? {} : { txCode }) });

  const received: CredentialRecord[] = [];
  const sharedKey = options.keyPerCredential ? undefined : await walletKey(context);
  for (const { id: configurationId, configuration, format } of configurations) {
    const key = sharedKey ?? (await context.keys.create(context.clock.now()));

    // Step: a fresh c_nonce, and the key proof over it.
    const nonce = metadata.nonce_endpoint ? await fetchNonce(http, metadata.nonce_endpoint) : undefined;
    const proof = await createKeyProof(context.keys, key, {
      audience: metadata.credential_issuer,
      now: context.clock.now(),
      keyReference: options.keyReference ?? 'jwk',
      ...(nonce === undefined ? {} : { nonce }),
    });

    // Step: the credential.
    const answer = await sendCredentialRequest(http, metadata.credential_endpoint, { accessToken: token.accessToken, configurationId, proof });
    const notify = (event: 'credential_accepted' | 'credential_failure', description?: string) =>
      metadata.notification_endpoint && answer.notificationId
        ? sendNotification(http, { endpoint: metadata.notification_endpoint, accessToken: token.accessToken, notificationId: answer.notificationId, event, ...(description ? { description } : {}) })
        : Promise.resolve(false);

    for (const credential of answer.credentials) {
      // Step: check it before keeping it.
      let checked;
      try {
        checked = await verifyReceivedCredential({ format, credential, key }, { didResolver: context.didResolver, now: context.clock.now() });
      } catch (error) {
        await notify('credential_failure', 'the wallet could not verify the credential');
        throw error;
      }
      const verified = checked.verification.credential;
      const credentialDisplay = displayFor(configuration.credential_metadata?.display ?? configuration.display, context.locale);
      const exp = typeof checked.decoded.claims.exp === 'number' ? new Date(checked.decoded.claims.exp * 1000) : undefined;
      const iat = typeof checked.decoded.claims.iat === 'number' ? new Date(checked.decoded.claims.iat * 1000) : undefined;
      const record: CredentialRecord = {
        id: context.randomId(),
        format,
        credential,
        type: typeOf(format, configuration, verified?.type),
        ...(credentialDisplay?.name ? { typeName: credentialDisplay.name } : {}),
        configurationId,
        issuer: {
          url: metadata.credential_issuer,
          did: checked.issuerDid,
          ...(issuerDisplay?.name ? { name: issuerDisplay.name } : {}),
          ...(issuerDisplay?.logo ? { logo: { uri: issuerDisplay.logo.uri, ...(issuerDisplay.logo.alt_text ? { altText: issuerDisplay.logo.alt_text } : {}) } } : {}),
        },
        ...((verified?.issuedAt ?? iat) ? { issuedAt: (verified?.issuedAt ?? iat)!.toISOString() } : {}),
        ...((verified?.expiresAt ?? exp) ? { expiresAt: (verified?.expiresAt ?? exp)!.toISOString() } : {}),
        ...(verified?.status ? { status: { uri: verified.status.uri, index: verified.status.index } } : {}),
        keyId: key.id,
        receivedAt: context.clock.now().toISOString(),
        ...(metadata.notification_endpoint && answer.notificationId
          ? { notification: { endpoint: metadata.notification_endpoint, id: answer.notificationId, accessToken: token.accessToken } }
          : {}),
      };
      await context.credentials.save(record);
      received.push(record);
    }
    // Step: tell the issuer.
    await notify('credential_accepted');
  }
  return { issuer: { url: metadata.credential_issuer, ...(issuerDisplay?.name ? { name: issuerDisplay.name } : {}) }, received };
}
