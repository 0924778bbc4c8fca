import { FAKE_IDS, snowflake } from './fixtures.js';
import { apiError, type ParsedBody, type Reply } from './http.js';
import { apiMessage, applyEdit, newMessage, type FakeState, type StoredCommand } from './state.js';
import { formErrorBody, validateCommands, validateMessage } from './validate.js';

/** failureFor answers a scripted failure for the channel, if one is set and not used up. */
export function failureFor(state: FakeState, channelId: string): Reply | null {
  const f = state.failures.get(channelId);
  if (!f || f.left <= 0) return null;
  f.left -= 1;
  return apiError(f.status, f.code, f.message);
}

/** invalidForm answers 50035 when a message body breaks a limit (and counts it). */
export function invalidForm(state: FakeState, body: ParsedBody, requireSomething: boolean): Reply | null {
  const issues = validateMessage({ ...body.json, hasFiles: body.files.length > 0 }, { requireSomething });
  if (issues.length === 0) return null;
  state.counters.formErrors += 1;
  return { status: 400, body: formErrorBody(issues) };
}

/** createMessage: POST /channels/{id}/messages, with `enforce_nonce` dedupe inside the nonce window. */
export function createMessage(state: FakeState, channelId: string, body: ParsedBody, now: number): Reply {
  const failed = failureFor(state, channelId) ?? invalidForm(state, body, true);
  if (failed) return failed;
  const { nonce, enforce_nonce: enforce } = body.json;
  const key = `${channelId}:${String(nonce)}`;
  if (enforce === true && nonce !== undefined) {
    const seen = state.nonces.get(key);
    const first = seen && now - seen.at <= state.nonceWindowMs ? state.messages.find((m) => m.id === seen.id) : undefined;
    if (first) {
      state.counters.nonceHits += 1;
      return { status: 200, body: apiMessage(state, first, { guild_id: FAKE_IDS.guild }) };
    }
  }
  const m = newMessage(state, channelId, body, now);
  state.messages.push(m);
  if (enforce === true && nonce !== undefined) state.nonces.set(key, { id: m.id, at: now });
  return { status: 200, body: apiMessage(state, m, { guild_id: FAKE_IDS.guild }) };
}

/** editMessage: PATCH /channels/{id}/messages/{mid}; 404 10008 for a message the fake never accepted there. */
export function editMessage(state: FakeState, channelId: string, messageId: string, body: ParsedBody): Reply {
  const failed = failureFor(state, channelId);
  if (failed) return failed;
  const m = state.messages.find((x) => x.id === messageId && x.channelId === channelId);
  if (!m) return apiError(404, 10008, 'Unknown Message');
  const bad = invalidForm(state, body, false);
  if (bad) return bad;
  applyEdit(state, m, body);
  return { status: 200, body: apiMessage(state, m, { guild_id: FAKE_IDS.guild }) };
}

/** getChannel: GET /channels/{id} for `client.channels.fetch`. */
export function getChannel(state: FakeState, channelId: string): Reply {
  const failed = failureFor(state, channelId);
  if (failed) return failed;
  return { status: 200, body: { id: channelId, type: 0, name: 'alerts', guild_id: FAKE_IDS.guild, permission_overwrites: [], position: 0, nsfw: false, parent_id: null } };
}

/** putCommands: bulk overwrite, validated like Discord; ids survive for names already registered. */
export function putCommands(state: FakeState, appId: string, guildId: string | null, body: unknown): Reply {
  if (appId !== state.applicationId) return apiError(403, 50001, 'Missing Access');
  state.commandPuts.push({ guildId, body });
  const issues = validateCommands(body);
  if (issues.length > 0) {
    state.counters.formErrors += 1;
    return { status: 400, body: formErrorBody(issues) };
  }
  const before = guildId ? (state.commands.guilds.get(guildId) ?? []) : state.commands.global;
  const stored: StoredCommand[] = (body as Array<Record<string, unknown>>).map((c) => ({
    type: 1, options: [], default_member_permissions: null, nsfw: false, ...c,
    id: before.find((b) => b.name === c.name)?.id ?? snowflake(), name: String(c.name), application_id: appId, version: snowflake(),
    ...(guildId ? { guild_id: guildId } : {}),
  }));
  if (guildId) state.commands.guilds.set(guildId, stored);
  else state.commands.global = stored;
  return { status: 200, body: stored };
}

/** getCommands returns the stored list of a scope. */
export function getCommands(state: FakeState, guildId: string | null): Reply {
  return { status: 200, body: guildId ? (state.commands.guilds.get(guildId) ?? []) : state.commands.global };
}

/** gatewayBot: GET /gateway/bot with the fake's own ws URL and a session limit discord.js accepts. */
export function gatewayBot(url: string): Reply {
  return { status: 200, body: { url, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } } };
}

/** application: GET /applications/@me (REST-only deploy scripts read the id here). */
export function application(state: FakeState): Reply {
  return { status: 200, body: { id: state.applicationId, name: 'Cascade', icon: null, description: '', bot_public: true, bot_require_code_grant: false, verify_key: '0'.repeat(64), flags: 0 } };
}
