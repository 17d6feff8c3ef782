"""The Telegram channel on aiogram or python-telegram-bot; each module one job:

- `render`: a core `Reply` as HTML messages and inline keyboards;
- `callbacks`: button payloads as callback data (long ones stored in the key store);
- `kinds` and `incoming`: what an update is, read alike from either SDK;
- `handler`: one update into the core (`core.ports.Conversations`) and its reply out;
- `sender`, `limits`: the channel's `core.outbound.Sender`, its retries and send limits;
- `deeplinks`: signed `/start` links, redeemed through `core.identity`;
- `with_aiogram`, `with_ptb`: the SDK translations (a `Router`; handlers on an `Application`);
- `runtime`, `webhook`: one bot fed by `POST /webhooks/telegram` or by long polling.
"""
