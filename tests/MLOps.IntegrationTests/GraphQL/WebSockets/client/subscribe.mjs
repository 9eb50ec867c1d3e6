// Subscribes to alertRaised with graphql-ws (a real graphql-transport-ws client) and prints each event as one
// JSON line on stdout; exits 0 after the requested number of events, 1 on any error (said on stderr).
//
//   MLOPS_API_KEY=mlops_... node subscribe.mjs <ws-url> [events] [deployment]
//
// The URL and the rest may also come from MLOPS_GRAPHQL_WS_URL, MLOPS_EVENTS and MLOPS_DEPLOYMENT.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const url = process.argv[2] ?? process.env.MLOPS_GRAPHQL_WS_URL;
const events = Number(process.argv[3] ?? process.env.MLOPS_EVENTS ?? 1);
const deployment = process.argv[4] ?? process.env.MLOPS_DEPLOYMENT ?? null;
const apiKey = process.env.MLOPS_API_KEY;
if (!url || !apiKey || !Number.isInteger(events) || events < 1) {
    console.error('usage: MLOPS_API_KEY=mlops_... node subscribe.mjs <ws-url> [events] [deployment]');
    process.exit(2);
}

const query = `subscription Alerts($deployment: String) {
  alertRaised(deployment: $deployment) {
    id deployment ruleId ruleName metric feature state value threshold windowStart windowEnd message at
  }
}`;

const client = createClient({
    url,
    webSocketImpl: WebSocket,
    // Browsers cannot set headers on a WebSocket: the key goes in connection_init's payload.
    connectionParams: { apiKey },
    retryAttempts: 0,
    on: {
        connected: () => console.error('connected'),
        closed: (event) => console.error(`closed: ${event?.code} ${event?.reason ?? ''}`),
    },
});

let seen = 0;
try {
    for await (const result of client.iterate({ query, variables: { deployment } })) {
        if (result.errors) {
            throw new Error(JSON.stringify(result.errors));
        }

        process.stdout.write(JSON.stringify(result.data.alertRaised) + '\n');
        if (++seen >= events) {
            // Leaving the loop sends complete for the subscription.
            break;
        }
    }
} catch (error) {
    const reason = error instanceof Error ? error.message : `${error?.code ?? ''} ${error?.reason ?? JSON.stringify(error)}`;
    console.error(`subscription failed: ${reason}`);
    process.exitCode = 1;
} finally {
    await client.dispose();
}

if (seen < events && process.exitCode === undefined) {
    console.error(`the subscription ended after ${seen} of ${events} events`);
    process.exitCode = 1;
}
