import { deleteMyCommands, getMyCommands, setMyCommands } from './commands.js';
import { deleteMessage, editCaption, editMedia, editText } from './edit.js';
import { memberAccess } from './rules.js';
import { sendMessage, sendPhoto } from './send.js';
import { ok, type ChatMemberStatus, type FakeState, type Params, type Reply } from './state.js';
import { FAKE_BOT } from './updates.js';

export { fail, ok, type ChatMemberStatus, type FakeState, type Params, type Reply, type SentMessage } from './state.js';

/** member is a ChatMember object; administrators carry the can_* rights (https://core.telegram.org/bots/api#chatmemberadministrator). */
function member(user: Record<string, unknown>, status: ChatMemberStatus, rights: Record<string, boolean> = {}): Record<string, unknown> {
  if (status !== 'administrator' && status !== 'creator') return { status, user, ...(status === 'kicked' ? { until_date: 0 } : {}) };
  const can = {
    can_manage_chat: true, can_delete_messages: true, can_restrict_members: true, can_promote_members: status === 'creator',
    can_change_info: true, can_invite_users: true, can_pin_messages: true, ...rights,
  };
  return { status, user, is_anonymous: false, ...(status === 'administrator' ? { can_be_edited: false, ...can } : {}) };
}

/** getChatMember: the bot itself answers from the chat registry; other users from setMember (default `member`). */
function getChatMember(st: FakeState, { fields: f }: Params): Reply {
  const userId = Number(f.user_id);
  const chat = st.chats.get(String(f.chat_id));
  if (userId === FAKE_BOT.id) {
    const rights: Record<string, boolean> = chat.type === 'channel' ? { can_post_messages: chat.bot.canPostMessages, can_edit_messages: chat.bot.canPostMessages } : { can_manage_topics: chat.bot.canManageTopics };
    return ok(member({ ...FAKE_BOT }, chat.bot.status, rights));
  }
  const gone = memberAccess(chat);
  if (gone) return gone;
  return ok(member({ id: userId, is_bot: false, first_name: `User${userId}` }, st.members.get(`${String(f.chat_id)}:${userId}`) ?? 'member'));
}

function getChatAdministrators(st: FakeState, { fields: f }: Params): Reply {
  const gone = memberAccess(st.chats.get(String(f.chat_id)));
  if (gone) return gone;
  const prefix = `${String(f.chat_id)}:`;
  const admins = [...st.members].filter(([k, s]) => k.startsWith(prefix) && (s === 'creator' || s === 'administrator'));
  return ok(admins.map(([k, s]) => member({ id: Number(k.slice(prefix.length)), is_bot: false, first_name: `User${k.slice(prefix.length)}` }, s)));
}

/** getChat returns what the registry knows (type, title, is_forum). */
function getChat(st: FakeState, { fields: f }: Params): Reply {
  const chat = st.chats.get(String(f.chat_id));
  return memberAccess(chat) ?? ok(st.chats.object(chat.id));
}

/** leaveChat: the bot leaves; later calls to the chat answer "bot is not a member". */
function leaveChat(st: FakeState, { fields: f }: Params): Reply {
  const chat = st.chats.get(String(f.chat_id));
  const gone = memberAccess(chat);
  if (gone) return gone;
  chat.bot.status = 'left';
  return ok(true);
}

/** getMyStarBalance (Bot API 9.0) returns the bot's Stars as a StarAmount (https://core.telegram.org/bots/api#getmystarbalance). */
function getMyStarBalance(st: FakeState): Reply {
  const b = st.stars.balance;
  if (!Number.isFinite(b)) return ok({ amount: 1_000_000_000 });
  return ok({ amount: Math.floor(b), ...(b % 1 !== 0 ? { nanostar_amount: Math.round((b % 1) * 1e9) } : {}) });
}

/** METHODS are the Bot API methods answered from state (getUpdates and the webhook methods are served by the server). */
export const METHODS: Record<string, (st: FakeState, p: Params) => Reply> = {
  getMe: () => ok(FAKE_BOT),
  sendMessage,
  sendPhoto,
  editMessageText: editText,
  editMessageCaption: editCaption,
  editMessageMedia: editMedia,
  deleteMessage,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  getChatMember,
  getChatAdministrators,
  getChat,
  getMyStarBalance,
  answerCallbackQuery: () => ok(true),
  sendChatAction: (st, { fields: f }) => memberAccess(st.chats.get(String(f.chat_id))) ?? ok(true),
  leaveChat,
};
