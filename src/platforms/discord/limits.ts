import type { Severity } from '../../chat/severity.js';

// Message and embed limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
// and https://discord.com/developers/docs/resources/message#create-message-jsonform-params.
// Lengths are counted in UTF-16 code units here, which is never fewer than Discord's character count.

/** DISCORD_MAX_CONTENT is the longest message `content` (https://discord.com/developers/docs/resources/message#create-message). */
export const DISCORD_MAX_CONTENT = 2000;
/** DISCORD_MAX_EMBEDS is the most embeds one message may carry. */
export const DISCORD_MAX_EMBEDS = 10;
/** DISCORD_MAX_EMBED_TITLE is the longest embed title. */
export const DISCORD_MAX_EMBED_TITLE = 256;
/** DISCORD_MAX_EMBED_DESCRIPTION is the longest embed description. */
export const DISCORD_MAX_EMBED_DESCRIPTION = 4096;
/** DISCORD_MAX_EMBED_FIELDS is the most fields one embed may carry. */
export const DISCORD_MAX_EMBED_FIELDS = 25;
/** DISCORD_MAX_FIELD_NAME is the longest embed field name. */
export const DISCORD_MAX_FIELD_NAME = 256;
/** DISCORD_MAX_FIELD_VALUE is the longest embed field value. */
export const DISCORD_MAX_FIELD_VALUE = 1024;
/** DISCORD_MAX_EMBED_FOOTER is the longest embed footer text. */
export const DISCORD_MAX_EMBED_FOOTER = 2048;
/** DISCORD_MAX_EMBED_AUTHOR is the longest embed author name. */
export const DISCORD_MAX_EMBED_AUTHOR = 256;
/** DISCORD_MAX_EMBED_TOTAL caps title + description + fields + footer + author summed over all embeds of a message. */
export const DISCORD_MAX_EMBED_TOTAL = 6000;
/** DISCORD_MAX_ATTACHMENT_DESCRIPTION is the longest attachment alt text (https://discord.com/developers/docs/resources/message#attachment-object). */
export const DISCORD_MAX_ATTACHMENT_DESCRIPTION = 1024;
/** DISCORD_MAX_FILE_BYTES is the default per-file upload limit for bots (https://discord.com/developers/docs/reference#uploading-files). */
export const DISCORD_MAX_FILE_BYTES = 10 * 1024 * 1024;
/** DISCORD_MAX_NONCE is the longest message nonce (https://discord.com/developers/docs/resources/message#create-message-jsonform-params). */
export const DISCORD_MAX_NONCE = 25;

// Application commands: https://discord.com/developers/docs/interactions/application-commands#application-command-object.

/** DISCORD_COMMAND_NAME is the name pattern we hold command and option names to (a lower-case ASCII subset of Discord's). */
export const DISCORD_COMMAND_NAME = /^[-_a-z0-9]{1,32}$/;
/** DISCORD_LOCALIZED_NAME is Discord's own name pattern, which translated option names follow (any script; lower case where a letter has case). */
export const DISCORD_LOCALIZED_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
/** DISCORD_MAX_COMMAND_DESCRIPTION is the longest command or option description. */
export const DISCORD_MAX_COMMAND_DESCRIPTION = 100;
/** DISCORD_MAX_OPTIONS is the most options one command may have. */
export const DISCORD_MAX_OPTIONS = 25;
/** DISCORD_MAX_CHOICES is the most choices one option may have. */
export const DISCORD_MAX_CHOICES = 25;
/** DISCORD_MAX_CHOICE_NAME is the longest choice name or string value. */
export const DISCORD_MAX_CHOICE_NAME = 100;
/** DISCORD_MAX_COMMANDS is the most chat-input commands per scope (global or one guild). */
export const DISCORD_MAX_COMMANDS = 100;
/** DISCORD_INTERACTION_DEADLINE_MS is how soon an interaction must be answered (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction). */
export const DISCORD_INTERACTION_DEADLINE_MS = 3000;

/** SEVERITY_COLOUR is the embed colour per severity: info blue, warning amber, critical red. */
export const SEVERITY_COLOUR: Record<Severity, number> = { info: 0x3498db, warning: 0xffbf00, critical: 0xe53935 };
