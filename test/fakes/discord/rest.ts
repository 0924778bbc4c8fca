import { threadArchived, threadLocked, unknownChannel, type FakeChannel } from './channels.js';
import { validateCommands, withoutLocalizations } from './commands.js';
import { snowflake } from './fixtures.js';
import { apiError, type ParsedBody, type Reply } from './http.js';
import { apiMessage, applyEdit, attachmentIssues, newMessage, type FakeState, type RecordedMessage, type StoredCommand } from './state.js';
import { formErrorBody, validateMessage, type FormIssue } from './validate.js';

/** failureFor answers a scripted failure for the channel, if one is set and not used up. */
export function failureFor(state: FakeState, channelId: string): Reply | null {
  const f = state.failures.get(channelId);
  if (!f || f.left <= 0) return null;
  f.left -= 1;
  return apiError(f.status, f.code, f.message);
}

function formError(state: FakeState, issues: FormIssue[]): Reply | null {
  if (issues.length === 0) return null;
  state.counters.formErrors += 1;
  return { status: 400, body: formErrorBody(issues) };
}

/** invalidForm answers 50035 when a body breaks a limit or names an attachment that does not exist (and counts it). */
export function invalidForm(state: FakeState, body: ParsedBody, requireSomething: boolean, current: RecordedMessage | null = null): Reply | null {
  const issues = validateMessage({ ...body.json, hasFiles: body.files.length > 0 }, { requireSomething });
  return formError(state, [...issues, ...attachmentIssues(current, body)]);
}

/**
 * threadGate applies the thread rules to a send (posting: true) or an edit: a locked thread refuses a bot without
 * MANAGE_THREADS; an archived thread refuses edits, while a send unarchives it ("Sending a message will automatically
 * unarchive the thread, unless the thread has been locked by a moderator", https://discord.com/developers/docs/topics/threads).
 */
function threadGate(state: FakeState, c: FakeChannel, posting: boolean, onUnarchive: (c: FakeChannel) => void): Reply | null {
  const t = c.thread;
  if (!t) return null;
  const manage = state.botCanManageThreads;
  if (t.archived && (!posting || (t.locked && !manage))) return threadArchived();
  if (t.locked && !manage) return threadLocked();
  if (t.archived) {
    state.channels.setArchived(c, false);
    onUnarchive(c);
  }
  return null;
}

/** channelFor resolves the channel of a message route: scripted failure, then unknown or deleted (404 10003). */
function channelFor(state: FakeState, channelId: string): FakeChannel | Reply {
  const failed = failureFor(state, channelId);
  if (failed) return failed;
  return state.channels.get(channelId) ?? unknownChannel();
}

function isReply(v: FakeChannel | Reply): v is Reply {
  return 'status' in v;
}

/** createMessage: POST /channels/{id}/messages — channel and thread rules, form limits, then `enforce_nonce` dedupe inside the window. */
export function createMessage(state: FakeState, channelId: string, body: ParsedBody, now: number, onUnarchive: (c: FakeChannel) => void): Reply {
  const c = channelFor(state, channelId);
  if (isReply(c)) return c;
  const bad = invalidForm(state, body, true) ?? threadGate(state, c, true, onUnarchive);
  if (bad) return bad;
  const { nonce, enforce_nonce: enforce } = body.json;
  const key = `${channelId}:${String(nonce)}`;
  if (enforce === true && nonce !== undefined) {
    const seen = state.nonces.get(key);
    const first = seen && now - seen.at <= state.nonceWindowMs ? state.messages.find((m) => m.id === seen.id) : undefined;
    if (first) {
      state.counters.nonceHits += 1;
      return { status: 200, body: apiMessage(state, first, { guild_id: c.guildId }) };
    }
  }
  const m = newMessage(state, channelId, body, now);
  state.messages.push(m);
  c.messageCount += 1;
  if (enforce === true && nonce !== undefined) state.nonces.set(key, { id: m.id, at: now });
  return { status: 200, body: apiMessage(state, m, { guild_id: c.guildId }) };
}

/** editMessage: PATCH /channels/{id}/messages/{mid}; 404 10008 for a message the fake never accepted there. */
export function editMessage(state: FakeState, channelId: string, messageId: string, body: ParsedBody, now: number): Reply {
  const c = channelFor(state, channelId);
  if (isReply(c)) return c;
  const m = state.messages.find((x) => x.id === messageId && x.channelId === channelId);
  if (!m) return apiError(404, 10008, 'Unknown Message');
  const bad = threadGate(state, c, false, () => undefined) ?? invalidForm(state, body, false, m);
  if (bad) return bad;
  applyEdit(state, m, body, now);
  return { status: 200, body: apiMessage(state, m, { guild_id: c.guildId }) };
}

/** getChannel: GET /channels/{id} for `client.channels.fetch` (a thread carries parent_id and thread_metadata). */
export function getChannel(state: FakeState, channelId: string): Reply {
  const c = channelFor(state, channelId);
  return isReply(c) ? c : { status: 200, body: state.channels.object(c) };
}

/** putCommands: bulk overwrite, validated like Discord (localizations included); ids survive for names already registered. */
export function putCommands(state: FakeState, appId: string, guildId: string | null, body: unknown): Reply {
  if (appId !== state.applicationId) return apiError(403, 50001, 'Missing Access');
  state.commandPuts.push({ guildId, body });
  const bad = formError(state, validateCommands(body));
  if (bad) return bad;
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

/**
 * getCommands returns the stored list of a scope; the localization dictionaries only with `with_localizations=true`
 * (https://discord.com/developers/docs/interactions/application-commands#get-global-application-commands).
 */
export function getCommands(state: FakeState, guildId: string | null, withLocalizations = false): Reply {
  const list = guildId ? (state.commands.guilds.get(guildId) ?? []) : state.commands.global;
  return { status: 200, body: withLocalizations ? list : withoutLocalizations(list) };
}

/** gatewayBot: GET /gateway/bot with the fake's own ws URL and a session limit discord.js accepts. */
export function gatewayBot(url: string): Reply {
  return { status: 200, body: { url, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } } };
}

/** application: GET /applications/@me (REST-only deploy scripts read the id here). */
export function application(state: FakeState): Reply {
  return { status: 200, body: { id: state.applicationId, name: 'Cascade', icon: null, description: '', bot_public: true, bot_require_code_grant: false, verify_key: '0'.repeat(64), flags: 0 } };
}
