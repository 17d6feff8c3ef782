"""The staff side in Slack (slack-bolt): ticket cards, takeover threads, approvals, commands;
each module one job:

- `config`: channels by department, who may act (`core.staff.StaffAccess`);
- `mrkdwn`, `blocks`: what staff read (escaped text; Block Kit through `slack_sdk.models`);
- `desk`: cards posted and updated, customer messages relayed, staff actions run;
- `threads`, `files`: staff replies in a card's thread, files as links the customer opens;
- `middleware`: each event once, and the one check of who may act;
- `listeners`: the Bolt listeners; `app`: the desk built from settings and served on aiohttp.
"""
