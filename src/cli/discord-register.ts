import { COMMANDS } from '../../commands/index.js';
import { ConfigError, parseEnv } from '../config/env.js';
import { scrub, registerSecret } from '../ops/secrets.js';
import { registerSlashCommands } from '../platforms/discord/slash.js';

const USAGE = `Usage: npm run discord:register

Registers Cascade's slash commands (derived from the command registry) with Discord, using
DISCORD_TOKEN and DISCORD_APPLICATION_ID. With DISCORD_GUILD_ID set they go to that one server
(instant, for testing); otherwise globally (Discord may take a while to show them everywhere).`;

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let cfg;
  try {
    cfg = parseEnv(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`discord:register: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (!cfg.DISCORD_TOKEN) {
    process.stderr.write('discord:register: DISCORD_TOKEN is not set (Discord developer portal → your application → Bot → Reset Token)\n');
    return 2;
  }
  registerSecret(cfg.DISCORD_TOKEN);
  try {
    const done = await registerSlashCommands({ token: cfg.DISCORD_TOKEN, applicationId: cfg.DISCORD_APPLICATION_ID, restUrl: cfg.DISCORD_REST_URL, guildId: cfg.DISCORD_GUILD_ID, commands: COMMANDS });
    process.stdout.write(`registered ${done.length} slash commands ${cfg.DISCORD_GUILD_ID ? `in guild ${cfg.DISCORD_GUILD_ID}` : 'globally'}: ${done.map((c) => `/${c.name}`).join(' ')}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`discord:register: ${scrub((err as Error).message)}\n`);
    return 1;
  }
}

process.exitCode = await main();
