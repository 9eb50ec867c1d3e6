const acceptedResponses = 'application/graphql-response+json, application/json';

// GraphQL-over-HTTP POST. Headers from GraphiQL's headers editor (Authorization) override the defaults.
// An answer that is not JSON (a proxy's error page) becomes a GraphQL-shaped error, so the response pane
// says what happened instead of "Unexpected token".
export function createFetcher(endpoint) {
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
