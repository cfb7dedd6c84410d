// Notification Request (OpenID4VCI 1.0 §11): tells the issuer what became of a credential.
// Best effort by design (§11.1: the wallet's outcome does not depend on it), so failures are
// reported to the caller as `false`, never thrown.
import { send, type HttpPolicy } from '../http.ts';

export type NotificationEvent = 'credential_accepted' | 'credential_failure' | 'credential_deleted';

export async function sendNotification(
  http: HttpPolicy,
  input: { endpoint: string; accessToken: string; notificationId: string; event: NotificationEvent; description?: string },
): Promise<boolean> {
  try {
    const answer = await send(http, input.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${input.accessToken}` },
      body: JSON.stringify({ notification_id: input.notificationId, event: input.event, ...(input.description ? { event_description: input.description } : {}) }),
    });
    return answer.status === 204 || answer.status === 200;
  } catch {
    return false;
  }
}
