// Manual trials: run a bot against this emulator and play the user with curl.
//   npm run emulator -- [--port 8081] [--token TOKEN] [--username cum4_bot] [--host 127.0.0.1]
import { parseArgs } from 'node:util';
import { TelegramEmulator } from './telegram-emulator.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8081' },
    token: { type: 'string' },
    username: { type: 'string' },
    host: { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0) {
  console.error(`Invalid --port: ${values.port}`);
  process.exit(2);
}

// update_ids start from the clock, as a bot keeps the ids it handled across restarts of the emulator.
const emu = await TelegramEmulator.start({
  port,
  token: values.token,
  botUsername: values.username,
  host: values.host,
  firstUpdateId: Math.floor(Date.now() / 1000),
});
const root = emu.apiRoot;

console.log(`Telegram emulator for @${emu.botInfo.username} (token ${emu.token})
apiRoot: ${root}

Act as a user:
  curl -s ${root}/_emulator/send  -H 'content-type: application/json' -d '{"userId":1001,"firstName":"Lan","text":"/start"}'
  curl -s ${root}/_emulator/press -H 'content-type: application/json' -d '{"userId":1001,"messageId":1,"data":"x:y"}'
  curl -s ${root}/_emulator/file  -H 'content-type: application/json' -d '{"userId":1001,"kind":"document","fileName":"cong-van.pdf","caption":"..."}'
  curl -s ${root}/_emulator/redeliver -H 'content-type: application/json' -d '{"updateId":1}'
  curl -s ${root}/_emulator/chat/1001
  curl -s ${root}/_emulator/calls
`);

// Long polls are noise here; everything the bot actually does is worth seeing.
emu.onCall((call) => {
  if (call.method === 'getUpdates' && call.ok) return;
  const chat = typeof call.params.chat_id === 'number' ? ` chat ${call.params.chat_id}` : '';
  const text = typeof call.params.text === 'string' ? ` ${JSON.stringify(call.params.text)}` : '';
  const status = call.ok ? '' : ` -> ${JSON.stringify(call.response)}`;
  console.log(`${call.at.toISOString()} ${call.method}${chat}${text}${status}`);
});

const shutdown = (): void => {
  emu.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
