import { getOperationAST, parse } from 'graphql';
import { createClient } from 'graphql-ws';

const acceptedResponses = 'application/graphql-response+json, application/json';

// Subscriptions go over the WebSocket transport (graphql-transport-ws) at the same path, everything else is
// a GraphQL-over-HTTP POST.
export function createFetcher(endpoint) {
    const http = createHttpFetcher(endpoint);
    const subscriptions = createSubscriptionFetcher(endpoint);
    return (params, options) => (isSubscription(params) ? subscriptions(params, options) : http(params, options));
}

// GraphQL-over-HTTP POST. Headers from GraphiQL's headers editor (Authorization) override the defaults.
// An answer that is not JSON (a proxy's error page) becomes a GraphQL-shaped error, so the response pane
// says what happened instead of "Unexpected token".
function createHttpFetcher(endpoint) {
    return async (params, options) => {
        const headers = new Headers({ 'Content-Type': 'application/json', Accept: acceptedResponses });
        for (const [name, value] of Object.entries(options?.headers ?? savedHeaders())) {
            headers.set(name, String(value));
        }

        const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(params) });
        const contentType = response.headers.get('Content-Type') ?? '';
        if (/^application\/(graphql-response\+)?json\b/i.test(contentType)) {
            return response.json();
        }

        const text = (await response.text()).trim().slice(0, 500);
        return { errors: [{ message: `The server answered ${response.status} ${response.statusText}${text ? `: ${text}` : ''}.` }] };
    };
}

// Browsers cannot set headers on a WebSocket: the Authorization header goes in connection_init's payload,
// which the server reads instead. One socket is shared by the subscriptions, and replaced when the key changes.
function createSubscriptionFetcher(endpoint) {
    const url = new URL(endpoint, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let client = null;
    let clientAuthorization = null;
    return (params, options) => {
        const headers = options?.headers ?? savedHeaders();
        const name = Object.keys(headers).find((header) => header.toLowerCase() === 'authorization');
        const authorization = name ? String(headers[name]) : null;
        if (client === null || authorization !== clientAuthorization) {
            client?.dispose();
            clientAuthorization = authorization;
            client = createClient({
                url: url.href,
                connectionParams: authorization ? { Authorization: authorization } : {},
                retryAttempts: 0,
            });
        }

        return results(client, params);
    };
}

// GraphiQL reads each result and ends the iteration on stop (the client then sends complete). A socket the
// server closed (a wrong key: 4401) becomes a GraphQL-shaped error with the server's reason.
async function* results(client, params) {
    try {
        yield* client.iterate(params);
    } catch (error) {
        const message = error instanceof Error
            ? error.message
            : `The WebSocket closed with ${error?.code ?? 'no code'}${error?.reason ? `: ${error.reason}` : ''}.`;
        yield { errors: [{ message }] };
    }
}

function isSubscription(params) {
    try {
        return getOperationAST(parse(params.query), params.operationName ?? undefined)?.operation === 'subscription';
    } catch {
        return false;
    }
}

// GraphiQL fetches the schema as it mounts, before its headers editor exists, and so without headers: the
// API would refuse that introspection for want of an API key. A request that comes without headers takes
// the ones GraphiQL persisted (it keeps them in localStorage while "persist headers" is on in Settings).
function savedHeaders() {
    try {
        const saved = JSON.parse(localStorage.getItem('graphiql:headers') || '{}');
        return saved && typeof saved === 'object' && !Array.isArray(saved) ? saved : {};
    } catch {
        return {};
    }
}
