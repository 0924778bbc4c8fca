import { apiError, type ParsedBody, type Reply } from './http.js';
import { invalidForm } from './rest.js';
import { apiMessage, applyEdit, newMessage, type FakeInteraction, type FakeState } from './state.js';

/** Callback types (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type). */
const CHANNEL_MESSAGE_WITH_SOURCE = 4;
const DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5;

function refuse(i: FakeInteraction | undefined, status: number, code: number, message: string): Reply {
  i?.refusals.push(code);
  return apiError(status, code, message);
}

/** interactionCallback: POST /interactions/{id}/{token}/callback — once, within the deadline; 204 unless `with_response=true`. */
export function interactionCallback(state: FakeState, id: string, token: string, body: ParsedBody, withResponse: boolean, now: number): Reply {
  const i = state.interactions.get(id);
  if (!i || i.token !== token) return refuse(i, 404, 10062, 'Unknown interaction');
  if (now - i.dispatchedAt > state.interactionDeadlineMs) return refuse(i, 404, 10062, 'Unknown interaction');
  if (i.callbacks.length > 0) return refuse(i, 400, 40060, 'Interaction has already been acknowledged.');
  const type = Number(body.json.type);
  const data = body.json.data ?? {};
  const inner: ParsedBody = { ...body, json: data };
  if (type === CHANNEL_MESSAGE_WITH_SOURCE) {
    const bad = invalidForm(state, inner, true);
    if (bad) return bad;
  }
  i.callbacks.push({ type, data, files: body.files.length, at: now });
  if (type === CHANNEL_MESSAGE_WITH_SOURCE) i.original = newMessage(state, i.channelId, inner, now);
  else if (type === DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE) i.original = newMessage(state, i.channelId, { ...inner, json: { allowed_mentions: { parse: [] }, flags: data.flags } }, now);
  if (!withResponse) return { status: 204 };
  const resource = { type, ...(i.original ? { message: apiMessage(state, i.original) } : {}) };
  return { status: 200, body: { interaction: { id: i.id, type: 2, response_message_id: i.original?.id, response_message_loading: type === DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, response_message_ephemeral: ((i.original?.flags ?? 0) & 64) !== 0 }, resource } };
}

function byToken(state: FakeState, appId: string, token: string): FakeInteraction | undefined {
  if (appId !== state.applicationId) return undefined;
  return [...state.interactions.values()].find((i) => i.token === token);
}

/** originalMessage: GET/PATCH/DELETE /webhooks/{app}/{token}/messages/@original (discord.js sends `%40original`). */
export function originalMessage(state: FakeState, method: string, appId: string, token: string, body: ParsedBody): Reply {
  const i = byToken(state, appId, token);
  if (!i) return apiError(404, 10015, 'Unknown Webhook');
  if (!i.original || i.originalDeleted) return refuse(i, 404, 10008, 'Unknown Message');
  if (method === 'DELETE') {
    i.originalDeleted = true;
    return { status: 204 };
  }
  if (method === 'PATCH') {
    const bad = invalidForm(state, body, false, i.original);
    if (bad) return bad;
    applyEdit(state, i.original, body);
    i.originalEdits += 1;
  }
  return { status: 200, body: apiMessage(state, i.original, { webhook_id: state.applicationId, application_id: state.applicationId }) };
}

/** followup: POST /webhooks/{app}/{token}?wait=true after the interaction was acknowledged. */
export function followup(state: FakeState, appId: string, token: string, body: ParsedBody, now: number): Reply {
  const i = byToken(state, appId, token);
  if (!i) return apiError(404, 10015, 'Unknown Webhook');
  if (i.callbacks.length === 0) return refuse(i, 404, 10015, 'Unknown Webhook');
  const bad = invalidForm(state, body, true);
  if (bad) return bad;
  const m = newMessage(state, i.channelId, body, now);
  i.followups.push(m);
  return { status: 200, body: apiMessage(state, m, { webhook_id: state.applicationId, application_id: state.applicationId }) };
}
