/**
 * Telegram's command menu for a person's roles. Outside bot/ so that the admin CLI can refresh
 * the menus a handover changed (services/rotation.ts refreshMenus) as the bot does.
 */
import type { Telegram } from 'telegraf';
import type { BotCommand } from 'telegraf/types';
import { vi } from '../i18n/vi.js';
import type { Actor } from '../services/actor.js';

const command = (name: keyof typeof vi.commands): BotCommand => ({ command: name, description: vi.commands[name] });

/** Strangers see only the help entry; people see what their role allows. */
export async function setDefaultCommands(telegram: Telegram): Promise<void> {
  await telegram.setMyCommands([command('huongdan')]);
}

export async function setCommandsFor(telegram: Telegram, chatId: number, actor: Actor): Promise<void> {
  const commands = [
    ...(actor.reportingUnit ? [command('baocao')] : []),
    ...(actor.reportingUnit && !actor.leaderOf ? [command('tiendo')] : []),
    ...(actor.leaderOf ? [command('trangthai'), command('tonghop'), command('thongbao')] : []),
    command('huongdan'),
  ];
  await telegram.setMyCommands(commands, { scope: { type: 'chat', chat_id: chatId } });
}
