"""The WeChat Official Account channel, on wechatpy; each module one job:

- `inbound`: what WeChat sends, as the core's `Inbound`;
- `render`: a core `Reply` as WeChat text (numbered choices) or a `msgmenu`;
- `access_token`: the API token shared by every process through Redis;
- `sender`: the channel's `core.outbound.Sender` (customer-service or template messages);
- `webhook`: `GET/POST /webhooks/wechat`, verified, answered within WeChat's 5 s or later.
"""
